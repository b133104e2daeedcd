from django import forms
from django.utils.translation import gettext_lazy as _

from voorop.audit.models import AccessAction, AccessOutcome
from voorop.audit.selectors import LogFilter

DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
_DATE_INVALID = _("Vul een geldige datum in, bijvoorbeeld 31-12-2025.")


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("Bijvoorbeeld 31-12-2025."),
        error_messages={"invalid": _DATE_INVALID},
    )


class AccessLogFilterForm(forms.Form):
    persoon = forms.IntegerField(
        label=_("Persoonsnummer"),
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("Het nummer van de persoon in de persoonsindex."),
        error_messages={
            "invalid": _("Vul een persoonsnummer in: een positief geheel getal."),
            "min_value": _("Vul een persoonsnummer in: een positief geheel getal."),
            "max_value": _("Dit persoonsnummer is te groot."),
        },
    )
    gebruiker = forms.CharField(
        label=_("Gebruikersnaam"),
        required=False,
        max_length=150,
        error_messages={"max_length": _("Een gebruikersnaam heeft hoogstens 150 tekens.")},
    )
    organisatie = forms.ChoiceField(label=_("Organisatie"), required=False)
    van = _date_field(_("Van"))
    tot = _date_field(_("Tot en met"))
    actie = forms.ChoiceField(
        label=_("Actie"),
        required=False,
        choices=[("", _("Alle acties")), *AccessAction.choices],
        error_messages={"invalid_choice": _("Kies een actie uit de lijst.")},
    )
    uitkomst = forms.ChoiceField(
        label=_("Uitkomst"),
        required=False,
        choices=[("", _("Alle uitkomsten")), *AccessOutcome.choices],
        error_messages={"invalid_choice": _("Kies een uitkomst uit de lijst.")},
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisatie"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Alle organisaties"))] + [(o.code, o.name) for o in organisations]
        field.error_messages["invalid_choice"] = _("Kies een organisatie uit de lijst.")

    def clean_gebruiker(self) -> str:
        return self.cleaned_data["gebruiker"].strip()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and start > end:
            self.add_error(
                "tot",
                forms.ValidationError(
                    _("De datum ‘tot en met’ ligt vóór de datum ‘van’."), code="period_reversed"
                ),
            )
        return cleaned

    def to_filter(self) -> LogFilter:
        data = self.cleaned_data
        return LogFilter(
            person_id=data.get("persoon"),
            username=data.get("gebruiker") or "",
            organisation_code=data.get("organisatie") or "",
            date_from=data.get("van"),
            date_to=data.get("tot"),
            action=data.get("actie") or "",
            outcome=data.get("uitkomst") or "",
        )
