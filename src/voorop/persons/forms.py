from django import forms
from django.utils.translation import gettext_lazy as _

from voorop.cases.models import Phase
from voorop.meldingen.models import MeldingKind
from voorop.persons.selectors import normalise_postcode


class FamilyListFilterForm(forms.Form):
    q = forms.CharField(label=_("Naam of kenmerk"), required=False, max_length=100)
    fase = forms.ChoiceField(
        label=_("Fase"), required=False, choices=[("", _("Alle fasen")), *Phase.choices]
    )
    open = forms.BooleanField(label=_("Alleen open zaken"), required=False)


class TimelineFilterForm(forms.Form):
    organisatie = forms.TypedChoiceField(
        label=_("Organisatie"), required=False, coerce=int, empty_value=None
    )
    soort = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *MeldingKind.choices]
    )
    persoon = forms.TypedChoiceField(
        label=_("Persoon"), required=False, coerce=int, empty_value=None
    )
    volgorde = forms.ChoiceField(
        label=_("Volgorde"),
        required=False,
        choices=[("nieuw", _("Nieuwste eerst")), ("oud", _("Oudste eerst"))],
    )

    def __init__(self, *args, organisations=(), persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].choices = [("", _("Alle organisaties"))] + [
            (o.pk, o.name) for o in organisations
        ]
        self.fields["persoon"].choices = [("", _("Alle personen"))] + [
            (p.pk, p.full_name) for p in persons
        ]


class PersonSearchForm(forms.Form):
    naam = forms.CharField(
        label=_("Naam"),
        required=False,
        max_length=100,
        help_text=_("Voornaam, tussenvoegsel of achternaam, of een deel ervan."),
    )
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        input_formats=["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"],
        help_text=_("Bijvoorbeeld 31-12-1985."),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-1985.")},
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=7,
        help_text=_("Bijvoorbeeld 1234 AB."),
    )

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value and normalise_postcode(value) is None:
            raise forms.ValidationError(
                _("Vul een Nederlandse postcode in: vier cijfers en twee letters, zoals 1234 AB."),
                code="invalid_postcode",
            )
        return normalise_postcode(value) or ""

    def clean_naam(self) -> str:
        value = self.cleaned_data["naam"].strip()
        if value and len(value) < 2:
            raise forms.ValidationError(
                _("Vul minstens twee letters van de naam in."), code="name_too_short"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(
            cleaned.get(k) for k in ("naam", "geboortedatum", "postcode")
        ):
            raise forms.ValidationError(
                _("Vul een naam, een geboortedatum of een postcode in."), code="empty_search"
            )
        return cleaned
