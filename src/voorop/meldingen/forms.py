"""The web form for a new melding (/meldingen/nieuw/) and for reporting a police melding to
Veilig Thuis. The forms read what the user typed; the rules are checked by
``voorop.meldingen.validation`` through ``melding_record``, whose problems the view puts back on
these forms (``add_problems``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorop.meldingen.models import Channel, InvolvementRole, Label, Melding, MeldingKind
from voorop.meldingen.parsing import ParseError, parse_date, parse_moment
from voorop.meldingen.validation import KINDS_BY_ORGANISATION_KIND, Problem
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import Sex

#: Person rows the form starts with; "Persoon toevoegen" adds one.
INITIAL_PERSON_ROWS = 3
MAX_PERSON_ROWS = 50


class MomentField(forms.CharField):
    """A date with time, read like the API and the import (``parsing.parse_moment``); the
    browser's datetime-local input sends JJJJ-MM-DDTUU:MM."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_moment(text)
        except ParseError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def prepare_value(self, value):
        if hasattr(value, "tzinfo"):
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        return value


class DateField(forms.CharField):
    widget = forms.DateInput(attrs={"type": "date"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except ParseError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None


def _optional_text(label, **kwargs) -> forms.CharField:
    # Lengths are judged by the intake rules (same message in every channel).
    return forms.CharField(label=label, required=False, strip=True, **kwargs)


class MeldingForm(forms.Form):
    """The melding itself. Field names are the Dutch names of the API."""

    kenmerk = _optional_text(
        _("Kenmerk in uw eigen systeem"),
        help_text=_("Optioneel. Leeg: voorop geeft een kenmerk (VV-jaar-nummer)."),
    )
    soort = forms.ChoiceField(
        label=_("Soort melding"),
        error_messages={
            "required": _("Kies de soort melding."),
            "invalid_choice": _("Kies een soort uit de lijst."),
        },
    )
    kanaal = forms.ChoiceField(
        label=_("Binnengekomen via"),
        choices=[("", _("Kies een kanaal")), *Channel.choices],
        error_messages={
            "required": _("Kies het kanaal waarlangs de melding binnenkwam."),
            "invalid_choice": _("Kies een kanaal uit de lijst."),
        },
    )
    voorgevallen_op = MomentField(
        label=_("Voorgevallen op"),
        help_text=_("Datum en tijd van het voorval, bijvoorbeeld 14-03-2026 21:40."),
        error_messages={"required": _("Vul in wanneer het voorval was.")},
    )
    ontvangen_op = MomentField(
        label=_("Ontvangen op"),
        help_text=_("Wanneer uw organisatie de melding ontving."),
        error_messages={"required": _("Vul in wanneer de melding binnenkwam.")},
    )
    acuut = forms.BooleanField(
        label=_("Acuut onveilig: er is (vermoeden van) direct fysiek gevaar"), required=False
    )
    verdachte_aangehouden = forms.BooleanField(
        label=_("Er is een verdachte gehoord of aangehouden"), required=False
    )
    letsel_bij_kind = forms.BooleanField(
        label=_("Er is (vermoeden van) psychisch of lichamelijk letsel bij een kind"),
        required=False,
    )
    labels = forms.MultipleChoiceField(
        label=_("Labels"),
        choices=Label.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vink aan wat (vermoedelijk) speelt."),
        error_messages={"invalid_choice": _("Kies alleen labels uit de lijst.")},
    )
    locatie = _optional_text(_("Locatie van het voorval"))
    postcode = _optional_text(_("Postcode locatie"))
    plaats = _optional_text(_("Plaats"))
    toelichting = _optional_text(_("Toelichting"), widget=forms.Textarea(attrs={"rows": 5}))
    medische_gegevens = _optional_text(
        _("Medische gegevens"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen zichtbaar voor de vertrouwensarts van uw organisatie."),
    )
    gezinssysteem = _optional_text(
        _("Gezinssysteem (kenmerk)"),
        help_text=_(
            "Optioneel. Leeg: voorop plaatst de melding in het gezinssysteem als alle gekoppelde "
            "personen er samen in zitten."
        ),
    )
    volgt_op = _optional_text(
        _("Volgt op melding (kenmerk)"),
        help_text=_(
            "Optioneel: de eerdere melding waar deze uit voortkomt. Veilig Thuis: het kenmerk van "
            "de politiemelding, zodat de 24-uursbewaking sluit."
        ),
    )
    gemeld_door = forms.ModelChoiceField(
        label=_("Gemeld door"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(niet van toepassing)"),
        help_text=_("De organisatie die meldde, bijvoorbeeld een ziekenhuis."),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )

    #: form field → model field (for the service, and to put its problems back here).
    FIELDS = {
        "kenmerk": "reference",
        "soort": "kind",
        "kanaal": "channel",
        "voorgevallen_op": "occurred_at",
        "ontvangen_op": "received_at",
        "acuut": "is_acute",
        "verdachte_aangehouden": "suspect_arrested",
        "letsel_bij_kind": "child_injury_suspected",
        "locatie": "location",
        "postcode": "postcode",
        "plaats": "city",
        "toelichting": "narrative",
        "medische_gegevens": "medical_details",
        "gezinssysteem": "family_system",
        "volgt_op": "follows_from",
        "gemeld_door": "reporter_organisation",
    }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = KINDS_BY_ORGANISATION_KIND.get(organisation.kind, ())
        self.fields["soort"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies een soort")),
            *((k, MeldingKind(k).label) for k in kinds),
        ]
        reporter = self.fields["gemeld_door"]
        assert isinstance(reporter, forms.ModelChoiceField)
        reporter.queryset = Organisation.objects.exclude(pk=organisation.pk).order_by("name")
        if organisation.kind != OrganisationKind.VT:
            del self.fields["medische_gegevens"]
        if not self.is_bound:
            self.initial.setdefault("ontvangen_op", timezone.now())

    def melding_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            model: data[name]
            for name, model in self.FIELDS.items()
            if name in self.fields and name != "gemeld_door"
        }
        values["reporter_organisation"] = data.get("gemeld_door")
        for code, field in Melding.LABEL_FIELDS.items():
            values[field] = code in (data.get("labels") or [])
        return values


class PersonForm(forms.Form):
    """One person as reported. An empty row is left out."""

    rol = forms.ChoiceField(
        label=_("Rol"),
        choices=[("", _("Kies een rol")), *InvolvementRole.choices],
        error_messages={
            "required": _("Kies de rol van deze persoon."),
            "invalid_choice": _("Kies een rol uit de lijst."),
        },
    )
    voornamen = _optional_text(_("Voornamen"))
    tussenvoegsel = _optional_text(_("Tussenvoegsel"))
    achternaam = _optional_text(_("Achternaam"))
    geboortedatum = DateField(label=_("Geboortedatum"), required=False)
    geslacht = forms.ChoiceField(
        label=_("Geslacht"),
        choices=Sex.choices,
        initial=Sex.ONBEKEND,
        required=False,
        error_messages={"invalid_choice": _("Kies een geslacht uit de lijst.")},
    )
    bsn = _optional_text(_("BSN"))
    straat = _optional_text(_("Straat"))
    huisnummer = _optional_text(_("Huisnummer"))
    postcode = _optional_text(_("Postcode"))
    woonplaats = _optional_text(_("Woonplaats"))

    FIELDS = {
        "rol": "role",
        "voornamen": "given_names",
        "tussenvoegsel": "prefix",
        "achternaam": "surname",
        "geboortedatum": "date_of_birth",
        "geslacht": "sex",
        "bsn": "bsn",
        "straat": "street",
        "huisnummer": "house_number",
        "postcode": "postcode",
        "woonplaats": "city",
    }

    def has_changed(self) -> bool:
        """A row is filled in when anything but the preset sex ("onbekend") was entered."""
        if any(name != "geslacht" for name in self.changed_data):
            return True
        sex = self.data.get(self.add_prefix("geslacht")) if self.is_bound else None
        return sex not in (None, "", Sex.ONBEKEND)

    def person_values(self) -> dict[str, Any]:
        return {model: self.cleaned_data.get(name) for name, model in self.FIELDS.items()}


class BasePersonFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[tuple[int, PersonForm]]:
        """(row index, form) of the rows the user filled in."""
        return [(i, f) for i, f in enumerate(self.forms) if f.has_changed()]


PersonFormSet = forms.formset_factory(
    PersonForm,
    formset=BasePersonFormSet,
    extra=INITIAL_PERSON_ROWS,
    max_num=MAX_PERSON_ROWS,
    absolute_max=MAX_PERSON_ROWS,
    validate_max=True,
)
PERSONS_PREFIX = "personen"


def add_problems(
    form: MeldingForm, formset: BasePersonFormSet, rows: list[int], problems: list[Problem]
) -> None:
    """Put the service's problems on the fields they are about. ``rows[i]`` is the formset row
    of the service's person ``i``."""
    melding_fields = {model: name for name, model in MeldingForm.FIELDS.items()}
    person_fields = {model: name for name, model in PersonForm.FIELDS.items()}
    for problem in problems:
        if problem.person is not None and problem.person < len(rows):
            person_form = formset.forms[rows[problem.person]]
            name = person_fields.get(problem.field)
            person_form.add_error(name if name in person_form.fields else None, problem.message)
            continue
        name = melding_fields.get(problem.field)
        if problem.field.startswith("label_"):
            name = "labels"
        if problem.field == "persons":
            formset._non_form_errors = formset.error_class(  # type: ignore[attr-defined]
                [*formset.non_form_errors(), problem.message]
            )
            continue
        form.add_error(name if name in form.fields else None, problem.message)


def error_summary(form: MeldingForm, formset: BasePersonFormSet) -> list[tuple[str, str]]:
    """(anchor, message) for every error, in the order of the page."""
    summary = [("", str(e)) for e in form.non_field_errors()]
    for name in form.fields:
        summary += [(f"id_{name}", str(e)) for e in form.errors.get(name, [])]
    summary += [("personen-kop", str(e)) for e in formset.non_form_errors()]
    for index, person_form in enumerate(formset.forms):
        number = index + 1
        summary += [
            ("", _("Persoon %(n)d: %(e)s") % {"n": number, "e": e})
            for e in person_form.non_field_errors()
        ]
        for name in person_form.fields:
            summary += [
                (
                    f"id_{PERSONS_PREFIX}-{index}-{name}",
                    _("Persoon %(n)d, %(field)s: %(e)s")
                    % {"n": number, "field": str(person_form.fields[name].label).lower(), "e": e},
                )
                for e in person_form.errors.get(name, [])
            ]
    return summary


class VtReferralForm(forms.Form):
    """Report a police melding to Veilig Thuis."""

    veilig_thuis = forms.ModelChoiceField(
        label=_("Veilig Thuis-organisatie"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Kies de Veilig Thuis-organisatie."),
            "invalid_choice": _("Kies een Veilig Thuis-organisatie uit de lijst."),
        },
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["veilig_thuis"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        field.choices = [(o.pk, o.name) for o in organisations]  # keep the order given
