"""Forms of the veiligheidsplan pages. Field names are Dutch (they are the page's vocabulary);
the services do the business checks and their errors are put back on these fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from voorop.cases.models import Phase
from voorop.core.forms import add_service_errors as _add_service_errors
from voorop.organisations.models import Organisation
from voorop.safetyplan import selectors
from voorop.safetyplan.models import AgreementTopic, Intervention, LegalDomain
from voorop.sharing.models import CoordinationMoment, LegalBasis

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: Service argument → form field.
SERVICE_FIELDS = {
    "intervention": "interventie",
    "topic": "onderwerp",
    "description": "omschrijving",
    "phase": "fase",
    "owner_organisation": "eigenaar",
    "owner_user": "eigenaar_persoon",
    "starts_on": "start",
    "ends_on": "einde",
    "reassess_on": "herbeoordeling",
    "status": NON_FIELD_ERRORS,
    "moment": "afstemmingsmoment",
    "note": "notitie",
    "to_status": NON_FIELD_ERRORS,
    "legal_basis": "grondslag",
}


_WIDGET_CLASSES = {
    "select": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
}


class UtrechtForm(forms.Form):
    """Gives every widget the NL Design System (Utrecht) classes of its kind."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            kind = (
                "select"
                if isinstance(widget, forms.Select)
                else "textarea"
                if isinstance(widget, forms.Textarea)
                else "checkbox"
                if isinstance(widget, forms.CheckboxInput)
                else "textbox"
            )
            widget.attrs.setdefault(
                "class", _WIDGET_CLASSES.get(kind, "utrecht-textbox utrecht-textbox--html-input")
            )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (unknown fields: the whole form)."""
    _add_service_errors(form, error, SERVICE_FIELDS)


def _date_field(label, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        help_text=help_text,
        error_messages={"invalid": _("Geen geldige datum.")},
    )


def organisation_choices(*, family_system) -> list[tuple[Any, Any]]:
    """All organisations, those involved in the family system first (as their own group)."""
    involved_ids = selectors.involved_organisation_ids(family_system=family_system)
    organisations = list(selectors.owner_organisation_choices(family_system=family_system))
    involved = [o for o in organisations if o.pk in involved_ids]
    others = [o for o in organisations if o.pk not in involved_ids]
    choices: list[tuple[Any, Any]] = [("", _("— kies een organisatie —"))]
    if involved:
        choices.append((_("Betrokken bij dit gezinssysteem"), [(o.pk, o.name) for o in involved]))
    choices.append((_("Andere organisaties"), [(o.pk, o.name) for o in others]))
    return choices


def intervention_choices() -> list[tuple[Any, Any]]:
    choices: list[tuple[Any, Any]] = [("", _("— kies uit het interventiepalet —"))]
    for group in selectors.intervention_groups(selectors.intervention_list()):
        choices.append((group.label, [(i.pk, i.name) for i in group.interventions]))
    return choices


class _ItemForm(UtrechtForm):
    """Fields shared by new interventions and agreements."""

    eigenaar = forms.TypedChoiceField(label=_("Eigenaar (organisatie)"), coerce=int)
    ik_ben_eigenaar = forms.BooleanField(
        label=_("Ik ben zelf de eigenaar (persoon)"),
        required=False,
        help_text=_("Alleen als de eigenaar uw eigen organisatie is."),
    )
    fase = forms.ChoiceField(
        label=_("Fase"),
        choices=[("", _("— volgens de zaak —")), *Phase.choices],
        required=False,
    )
    start = _date_field(_("Start"), help_text=_("Leeg: vandaag."))
    einde = _date_field(_("Einde"))
    herbeoordeling = _date_field(_("Herbeoordeling"))
    afstemmingsmoment = forms.ChoiceField(
        label=_("Afgesproken in"),
        choices=CoordinationMoment.choices,
        initial=CoordinationMoment.VEILIGHEIDSPLAN,
    )
    omschrijving = forms.CharField(
        label=_("Omschrijving (zichtbaar voor alle betrokken partners)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    notitie = forms.CharField(
        label=_("Interne notitie (alleen eigenaar en uw organisatie)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: Any, user, family_system, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.family_system = family_system
        cast(forms.ChoiceField, self.fields["eigenaar"]).choices = organisation_choices(
            family_system=family_system
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ik_ben_eigenaar") and data.get("eigenaar") != self.user.organisation_id:
            self.add_error(
                "ik_ben_eigenaar",
                _("U kunt alleen eigenaar zijn als uw eigen organisatie de eigenaar is."),
            )
        owner = data.get("eigenaar")
        if owner is not None:
            data["owner_organisation"] = Organisation.objects.filter(pk=owner).first()
            if data["owner_organisation"] is None:
                self.add_error("eigenaar", _("Kies een organisatie uit de lijst."))
        return data

    def common_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "owner_organisation": data["owner_organisation"],
            "owner_user": self.user if data.get("ik_ben_eigenaar") else None,
            "phase": data.get("fase") or None,
            "starts_on": data.get("start"),
            "ends_on": data.get("einde"),
            "reassess_on": data.get("herbeoordeling"),
            "moment": data["afstemmingsmoment"],
            "description": data.get("omschrijving", ""),
            "note": data.get("notitie", ""),
        }


class InterventionItemForm(_ItemForm):
    interventie = forms.TypedChoiceField(label=_("Interventie"), coerce=int)
    field_order = ["interventie", "eigenaar", "ik_ben_eigenaar", "fase", "start", "einde"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["interventie"]).choices = intervention_choices()
        self.fields["einde"].help_text = _(
            "Leeg: volgens het interventiepalet (bijvoorbeeld een tijdelijk huisverbod: 10 dagen)."
        )
        self.fields["herbeoordeling"].help_text = _(
            "Leeg: volgens het interventiepalet (bijvoorbeeld een huisverbod: advies over "
            "verlenging op dag 8)."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pk = data.get("interventie")
        if pk is not None:
            data["intervention"] = selectors.intervention_by_id(pk=pk)
            if data["intervention"] is None:
                self.add_error("interventie", _("Kies een interventie uit de lijst."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        return {"intervention": self.cleaned_data["intervention"], **self.common_arguments()}

    @property
    def chosen_intervention(self) -> Intervention | None:
        value = self["interventie"].value()
        try:
            return selectors.intervention_by_id(pk=int(value)) if value else None
        except (TypeError, ValueError):
            return None


class AgreementItemForm(_ItemForm):
    onderwerp = forms.ChoiceField(
        label=_("Waar gaat de afspraak over?"), choices=AgreementTopic.choices
    )
    field_order = ["onderwerp", "omschrijving", "eigenaar", "ik_ben_eigenaar", "fase", "start"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["omschrijving"].required = True
        self.fields["omschrijving"].label = _(
            "De afspraak (zichtbaar voor alle betrokken partners)"
        )
        self.fields["omschrijving"].help_text = _(
            "Bijvoorbeeld: de politie belt Veilig Thuis direct als de verdachte vrijkomt."
        )

    def service_arguments(self) -> dict[str, Any]:
        return {"topic": self.cleaned_data["onderwerp"], **self.common_arguments()}


class ItemEditForm(UtrechtForm):
    omschrijving = forms.CharField(
        label=_("Omschrijving (zichtbaar voor alle betrokken partners)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    eigenaar = forms.TypedChoiceField(label=_("Eigenaar (organisatie)"), coerce=int)
    start = _date_field(_("Start"), required=True)
    einde = _date_field(_("Einde"))
    herbeoordeling = _date_field(_("Herbeoordeling"))
    notitie = forms.CharField(
        label=_("Interne notitie"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: Any, item, family_system, note_visible: bool, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "omschrijving": item.description,
                "eigenaar": item.owner_organisation_id,
                "start": item.starts_on,
                "einde": item.ends_on,
                "herbeoordeling": item.reassess_on,
                "notitie": item.note if note_visible else "",
            },
        )
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["eigenaar"]).choices = organisation_choices(
            family_system=family_system
        )
        if not note_visible:
            del self.fields["notitie"]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments: dict[str, Any] = {
            "description": data.get("omschrijving", ""),
            "owner_organisation": Organisation.objects.get(pk=data["eigenaar"]),
            "starts_on": data["start"],
            "ends_on": data.get("einde"),
            "reassess_on": data.get("herbeoordeling"),
        }
        if "notitie" in self.fields:
            arguments["note"] = data.get("notitie", "")
        return arguments

    def clean_eigenaar(self) -> int:
        value = self.cleaned_data["eigenaar"]
        if not Organisation.objects.filter(pk=value).exists():
            raise ValidationError(_("Kies een organisatie uit de lijst."))
        return value


class TransitionForm(UtrechtForm):
    naar = forms.CharField(max_length=16)


class ExtendForm(UtrechtForm):
    einde = _date_field(_("Nieuwe einddatum"), required=True)
    herbeoordeling = _date_field(_("Volgende herbeoordeling"))


class ReassessForm(UtrechtForm):
    volgende = _date_field(
        _("Volgende herbeoordeling"), help_text=_("Leeg: geen nieuwe herbeoordeling gepland.")
    )


class DiscloseNoteForm(UtrechtForm):
    grondslag = forms.ModelChoiceField(
        label=_("Grondslag"),
        queryset=LegalBasis.objects.none(),
        empty_label=_("— kies een grondslag —"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["grondslag"]).queryset = LegalBasis.objects.filter(
            active=True
        ).order_by("short_label")


class ContactForm(UtrechtForm):
    organisatie = forms.TypedChoiceField(label=_("Eerste aanspreekpunt"), coerce=int)

    def __init__(self, *args: Any, family_system, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisatie"]).choices = organisation_choices(
            family_system=family_system
        )

    def clean_organisatie(self) -> Organisation:
        organisation = Organisation.objects.filter(pk=self.cleaned_data["organisatie"]).first()
        if organisation is None:
            raise ValidationError(_("Kies een organisatie uit de lijst."))
        return organisation


class CatalogueFilterForm(UtrechtForm):
    domein = forms.ChoiceField(
        label=_("Rechtsdomein"),
        choices=[("", _("Alle rechtsdomeinen")), *LegalDomain.choices],
        required=False,
    )
    fase = forms.ChoiceField(
        label=_("Fase"), choices=[("", _("Alle fasen")), *Phase.choices], required=False
    )
