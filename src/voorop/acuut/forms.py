"""Forms of the Samen op in acuut pages: few fields, choices as large radio buttons and
checkboxes, every time "now" unless the user opens "tijd aanpassen". Field names are Dutch
(the page's vocabulary); the services do the business checks and their errors are put back on
these fields (``add_service_errors``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorop.acuut import selectors
from voorop.acuut.choices import (
    CATEGORIES_BY_KIND,
    CONSULTATIONS,
    CallOutcome,
    ChildCheckOutcome,
    ContributionCategory,
    HandoverRoute,
    InjuryKind,
    InvestigativeAct,
    UrgentRequest,
)
from voorop.acuut.models import AcuteEpisode
from voorop.core.forms import OwnIdsMixin
from voorop.core.forms import add_service_errors as _add_service_errors
from voorop.meldingen.models import Melding
from voorop.organisations.models import Organisation
from voorop.persons.models import Person
from voorop.safetyplan.models import AgreementTopic, Intervention
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import LegalBasis

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]

#: Service argument → form field (per form the ones it has).
SERVICE_FIELDS = {
    "incident_at": "tijdstip",
    "trigger_melding": "aanleiding",
    "postcode": "postcode",
    "callee_organisation": "gebeld",
    "outcome": "uitkomst",
    "reason": "reden",
    "called_at": "tijdstip",
    "arrived_at": "tijdstip",
    "departed_at": "tijdstip",
    "at": "tijdstip",
    "checked_at": "tijdstip",
    "requested_at": "tijdstip",
    "answered_at": "tijdstip",
    "closed_at": "tijdstip",
    "categories": "soorten",
    "summary": "toelichting",
    "legal_basis": "grondslag",
    "necessity": "noodzaak",
    "items": "meldingen",
    "to_organisation": NON_FIELD_ERRORS,
    "recipient": NON_FIELD_ERRORS,
    "moment": NON_FIELD_ERRORS,
    "kind": "gericht_aan",
    "addressed_to": "gericht_aan",
    "question": "vraag",
    "urgent_request": "spoedverzoek",
    "answer": "antwoord",
    "act": "handeling",
    "sequence": "volgorde",
    "by_organisation": "door",
    "persons": "met_wie",
    "child": NON_FIELD_ERRORS,
    "person": "persoon",
    "intervention": "interventie",
    "topic": "onderwerp",
    "description": "omschrijving",
    "owner_organisation": "eigenaar",
    "owner_user": "eigenaar",
    "starts_on": "start",
    "ends_on": "einde",
    "reassess_on": "herbeoordeling",
    "phase": NON_FIELD_ERRORS,
    "status": NON_FIELD_ERRORS,
    "organisation": NON_FIELD_ERRORS,
    "handover_route": "vervolg",
}

_WIDGET_CLASSES = {
    "select": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radio": "utrecht-radio-button utrecht-radio-button--html-input",
}


class AcuutForm(OwnIdsMixin, forms.Form):
    """Gives every widget the NL Design System (Utrecht) classes of its kind. Each form has ids
    of its own (``id_prefix``): a step page holds several forms with the same field names."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            # CheckboxSelectMultiple is a RadioSelect in Django: ask for it first.
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                kind = "checkbox"
            elif isinstance(widget, forms.RadioSelect):
                kind = "radio"
            elif isinstance(widget, forms.Select):
                kind = "select"
            elif isinstance(widget, forms.Textarea):
                kind = "textarea"
            else:
                kind = "textbox"
            widget.attrs.setdefault(
                "class", _WIDGET_CLASSES.get(kind, "utrecht-textbox utrecht-textbox--html-input")
            )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (unknown ones: the whole form)."""
    _add_service_errors(form, error, SERVICE_FIELDS)


TIME_LABEL = _("Tijdstip")


def when_field(label: Any = TIME_LABEL) -> forms.DateTimeField:
    """A moment that is "now" unless the user opens "tijd aanpassen" and changes it."""
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=WHEN_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leeg laten: nu."),
    )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


class _OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class StartForm(AcuutForm):
    id_prefix = "start"
    aanleiding: forms.ModelChoiceField[Melding] = forms.ModelChoiceField(
        label=_("Aanleiding"),
        queryset=None,
        required=False,
        empty_label=_("Geen (nog niet vastgelegd)"),
        help_text=_("De 112-melding of acute melding van uw organisatie."),
    )
    tijdstip = when_field(_("Tijdstip incident"))
    postcode = forms.CharField(
        label=_("Postcode incident"),
        required=False,
        max_length=7,
        help_text=_("Voor 'wie bel ik nu?'. Leeg: de regio van uw organisatie."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "size": 8}),
    )

    def __init__(self, *args: Any, meldingen, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["aanleiding"]
        field.queryset = meldingen  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: (  # type: ignore[attr-defined]
            f"{m.get_kind_display()} {m.reference} · "
            f"{timezone.localtime(m.occurred_at):%d-%m-%Y %H:%M}"
        )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "trigger_melding": data.get("aanleiding"),
            "incident_at": _aware(data.get("tijdstip")),
            "postcode": data.get("postcode") or "",
        }


class CallForm(AcuutForm):
    id_prefix = "gesprek"
    gebeld = _OrganisationChoice(label=_("Gebeld"), queryset=None, empty_label=None)
    uitkomst = forms.ChoiceField(
        label=_("Uitkomst"), choices=CallOutcome.choices, widget=forms.RadioSelect
    )
    reden = forms.CharField(
        label=_("Waarom (als niet ter plaatse)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    nummer = forms.CharField(label=_("Gebeld nummer"), required=False, max_length=32)
    tijdstip = when_field(_("Gebeld om"))

    def __init__(self, *args: Any, user, episode: AcuteEpisode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gebeld"].queryset = selectors.callee_choices(  # type: ignore[attr-defined]
            user=user, episode=episode
        )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "callee_organisation": data["gebeld"],
            "outcome": data["uitkomst"],
            "reason": data.get("reden") or "",
            "phone": data.get("nummer") or "",
            "called_at": _aware(data.get("tijdstip")),
        }


class ParticipantMomentForm(AcuutForm):
    """Arrival or departure of a participant organisation."""

    id_prefix = "moment"
    #: The page writes these inputs itself (one small form per organisation): the error
    #: summary does not link to them.
    renders_its_fields = False
    organisatie = _OrganisationChoice(queryset=None, empty_label=None, widget=forms.HiddenInput)
    toelichting = forms.CharField(label=_("Toelichting"), required=False, max_length=500)
    tijdstip = when_field()

    def __init__(self, *args: Any, episode: AcuteEpisode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=selectors.participant_organisation_ids(episode)
        )


class MomentForm(AcuutForm):
    id_prefix = "tijd"
    renders_its_fields = False
    tijdstip = when_field()


class TransitionForm(AcuutForm):
    id_prefix = "overgang"
    naar = forms.CharField(widget=forms.HiddenInput)


class AbortForm(AcuutForm):
    id_prefix = "afbreken"
    reden = forms.CharField(
        label=_("Reden om af te breken"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ContributionForm(AcuutForm):
    id_prefix = "inbreng"
    soorten = forms.MultipleChoiceField(
        label=_("Wat brengt u in?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    niets_bekend = forms.BooleanField(label=_("Niets bekend"), required=False)
    toelichting = forms.CharField(
        label=_("Korte toelichting (wat de ander moet weten)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    meldingen: forms.ModelMultipleChoiceField[Melding] = forms.ModelMultipleChoiceField(
        label=_("Meldingen meesturen (optioneel)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gegevens = forms.MultipleChoiceField(
        label=_("Wat deelt u van die meldingen?"),
        required=False,
        choices=[(g.value, g.label) for g in FieldGroup if g != FieldGroup.KERN],
        widget=forms.CheckboxSelectMultiple,
        initial=[FieldGroup.TOELICHTING, FieldGroup.PERSONEN],
        help_text=_("De kerngegevens gaan altijd mee."),
    )
    grondslag: forms.ModelChoiceField[LegalBasis] = forms.ModelChoiceField(
        label=_("Grondslag"), queryset=None, empty_label=None
    )
    noodzaak = forms.CharField(
        label=_("Waarom de ander dit nodig heeft"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leeg: acute onveiligheid, nodig voor de veiligheidsbeoordeling ter plaatse."),
    )

    def __init__(self, *args: Any, user, episode: AcuteEpisode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ContributionCategory.choices)
        self.fields["soorten"].choices = [  # type: ignore[attr-defined]
            (c, labels[c]) for c in CATEGORIES_BY_KIND.get(user.organisation.kind, ())
        ]
        meldingen = self.fields["meldingen"]
        meldingen.queryset = selectors.shareable_meldingen(  # type: ignore[attr-defined]
            user=user, episode=episode
        )
        meldingen.label_from_instance = lambda m: (  # type: ignore[attr-defined]
            f"{m.get_kind_display()} {m.reference} · {timezone.localtime(m.occurred_at):%d-%m-%Y}"
        )
        recipients = selectors.recipients(user=user, episode=episode)
        bases = selectors.legal_bases(
            user=user, to_organisation=recipients[0] if recipients else None
        )
        self.fields["grondslag"].queryset = LegalBasis.objects.filter(  # type: ignore[attr-defined]
            pk__in=[b.pk for b in bases]
        ).order_by("-is_vital_interest", "short_label")
        if bases:
            self.fields["grondslag"].initial = bases[0].pk

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "categories": list(data.get("soorten") or []),
            "nothing_available": bool(data.get("niets_bekend")),
            "summary": data.get("toelichting") or "",
            "meldingen": list(data.get("meldingen") or []),
            "field_groups": [FieldGroup.KERN, *(data.get("gegevens") or [])],
            "legal_basis": data["grondslag"],
            "necessity": data.get("noodzaak") or "",
        }


class ConsultationForm(AcuutForm):
    id_prefix = "raadpleging"
    gericht_aan = _OrganisationChoice(label=_("Wie raadpleegt u?"), queryset=None, empty_label=None)
    vraag = forms.CharField(label=_("Vraag"), widget=forms.Textarea(attrs={"rows": 3}))
    spoedverzoek = forms.ChoiceField(
        label=_("Spoedverzoek (alleen de Raad)"),
        choices=UrgentRequest.choices,
        initial=UrgentRequest.GEEN,
        required=False,
    )
    buiten_kantooruren = forms.BooleanField(label=_("Buiten kantooruren"), required=False)
    lijn = forms.CharField(
        label=_("Gebruikte lijn"),
        required=False,
        max_length=100,
        help_text=_("Na kantooruren: de spoedlijn van de Raad voor OTS of uithuisplaatsing."),
    )
    grondslag: forms.ModelChoiceField[LegalBasis] = forms.ModelChoiceField(
        label=_("Grondslag"), queryset=None, empty_label=None
    )
    tijdstip = when_field(_("Gevraagd om"))

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [to for (by, to) in CONSULTATIONS.values() if by == user.organisation.kind]
        addressees = Organisation.objects.filter(kind__in=kinds).order_by("kind", "name")
        self.fields["gericht_aan"].queryset = addressees  # type: ignore[attr-defined]
        # The bases for any of the addressed kinds; the service checks the chosen pair.
        one_per_kind = {o.kind: o for o in addressees}
        bases = {
            b.pk: b
            for o in one_per_kind.values()
            for b in selectors.legal_bases(user=user, to_organisation=o)
        }
        self.fields["grondslag"].queryset = LegalBasis.objects.filter(  # type: ignore[attr-defined]
            pk__in=list(bases)
        ).order_by("-is_vital_interest", "short_label")
        vital = next((b for b in bases.values() if b.is_vital_interest), None)
        if vital is not None:
            self.fields["grondslag"].initial = vital.pk
        from voorop.acuut.services import is_after_hours

        self.fields["buiten_kantooruren"].initial = is_after_hours(timezone.now())

    def service_arguments(self, *, user) -> dict[str, Any]:
        data = self.cleaned_data
        addressee = data["gericht_aan"]
        kind = next(
            (
                k
                for k, (by, to) in CONSULTATIONS.items()
                if by == user.organisation.kind and to == addressee.kind
            ),
            "",
        )
        return {
            "kind": kind,
            "addressed_to": addressee,
            "question": data["vraag"],
            "urgent_request": data.get("spoedverzoek") or UrgentRequest.GEEN,
            "after_hours": bool(data.get("buiten_kantooruren")),
            "line_used": data.get("lijn") or "",
            "legal_basis": data["grondslag"],
            "requested_at": _aware(data.get("tijdstip")),
        }


class AnswerForm(AcuutForm):
    id_prefix = "antwoord"
    antwoord = forms.CharField(
        label=_("Antwoord of advies"), widget=forms.Textarea(attrs={"rows": 3})
    )
    tijdstip = when_field(_("Beantwoord om"))


class InvestigationForm(AcuutForm):
    id_prefix = "onderzoek"
    handeling = forms.ChoiceField(label=_("Onderzoekshandeling"), choices=InvestigativeAct.choices)
    door = _OrganisationChoice(
        label=_("Door"), queryset=None, empty_label=None, widget=forms.RadioSelect
    )
    gezamenlijk = forms.BooleanField(
        label=_("Gezamenlijk gesprek (politie en Veilig Thuis samen)"), required=False
    )
    met_wie: forms.ModelMultipleChoiceField[Person] = forms.ModelMultipleChoiceField(
        label=_("Met wie"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    toelichting = forms.CharField(label=_("Toelichting"), required=False, max_length=500)
    volgorde = forms.IntegerField(
        label=_("Volgorde"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Leeg: als laatste."),
    )

    def __init__(self, *args: Any, user, episode: AcuteEpisode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["door"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=selectors.participant_organisation_ids(episode)
        ).order_by("name")
        self.fields["door"].initial = user.organisation_id
        members = self.fields["met_wie"]
        members.queryset = selectors.family_members_queryset(  # type: ignore[attr-defined]
            user=user, family_system=episode.family_system
        )
        members.label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "act": data["handeling"],
            "by_organisation": data["door"],
            "joint": bool(data.get("gezamenlijk")),
            "persons": list(data.get("met_wie") or []),
            "description": data.get("toelichting") or "",
            "sequence": data.get("volgorde"),
        }


class ChildCheckForm(AcuutForm):
    """The kindcheck of one child; the page holds one per child, so every label names it."""

    id_prefix = "kindcheck"
    uitkomst = forms.ChoiceField(
        label=_("Kindcheck"), choices=ChildCheckOutcome.choices, widget=forms.RadioSelect
    )
    letsel = forms.BooleanField(label=_("(Vermoeden van) letsel"), required=False)
    toelichting = forms.CharField(label=_("Toelichting"), required=False, max_length=500)
    tijdstip = when_field()

    def __init__(self, *args: Any, child: Person, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"kind{child.pk}")
        super().__init__(*args, **kwargs)
        name = child.given_names or child.full_name
        self.fields["uitkomst"].label = _("Kindcheck %(name)s") % {"name": name}
        self.fields["letsel"].label = _("(Vermoeden van) letsel bij %(name)s") % {"name": name}
        self.fields["toelichting"].label = _("Toelichting kindcheck %(name)s") % {"name": name}
        self.fields["tijdstip"].label = _("Tijdstip kindcheck %(name)s") % {"name": name}


class InjuryForm(AcuutForm):
    id_prefix = "letsel"
    persoon: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Wie"), queryset=None, empty_label=None
    )
    soort = forms.ChoiceField(
        label=_("Letsel"), choices=InjuryKind.choices, widget=forms.RadioSelect
    )
    fotos = forms.BooleanField(label=_("Foto's gemaakt (politie)"), required=False)
    forensisch_arts = forms.BooleanField(label=_("Forensisch arts ingeschakeld"), required=False)
    forensische_opsporing = forms.BooleanField(
        label=_("Forensische Opsporing ingeschakeld"), required=False
    )
    toelichting = forms.CharField(label=_("Toelichting"), required=False, max_length=500)
    tijdstip = when_field()

    def __init__(self, *args: Any, user, episode: AcuteEpisode, police: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        people = self.fields["persoon"]
        people.queryset = selectors.family_members_queryset(  # type: ignore[attr-defined]
            user=user, family_system=episode.family_system
        )
        people.label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]
        if not police:
            for name in ("fotos", "forensisch_arts", "forensische_opsporing"):
                del self.fields[name]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments: dict[str, Any] = {
            "person": data["persoon"],
            "kind": data["soort"],
            "note": data.get("toelichting") or "",
            "at": _aware(data.get("tijdstip")),
        }
        if "fotos" in self.fields:
            arguments.update(
                photos_taken=True if data.get("fotos") else None,
                forensic_doctor=bool(data.get("forensisch_arts")),
                forensic_investigation=bool(data.get("forensische_opsporing")),
            )
        return arguments


class ForensicsForm(AcuutForm):
    id_prefix = "forensisch"
    forensisch_arts = forms.BooleanField(label=_("Forensisch arts ingeschakeld"), required=False)
    forensische_opsporing = forms.BooleanField(
        label=_("Forensische Opsporing ingeschakeld"), required=False
    )
    fotos = forms.BooleanField(label=_("Foto's gemaakt"), required=False)
    tijdstip = when_field()


class CrimeSceneForm(AcuutForm):
    id_prefix = "plaats_delict"
    plaats_delict = forms.TypedChoiceField(
        label=_("Woning behandelen als plaats delict?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )
    toelichting = forms.CharField(
        label=_("Toelichting (overleg met forensische/tactische opsporing)"),
        required=False,
        max_length=500,
    )


def _owner_choices(episode: AcuteEpisode):
    """Every organisation (a gemeente owns a huisverbod, …); the participants first."""
    first = selectors.participant_organisation_ids(episode)
    others = Organisation.objects.exclude(pk__in=first).order_by("name")
    ordered = list(Organisation.objects.filter(pk__in=first).order_by("name")) + list(others)
    return [(o.pk, o.name) for o in ordered]


class _OwnerForm(AcuutForm):
    eigenaar = forms.TypedChoiceField(label=_("Eigenaar (wie voert uit)"), coerce=int)

    def __init__(self, *args: Any, user, episode: AcuteEpisode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["eigenaar"].choices = _owner_choices(episode)  # type: ignore[attr-defined]
        self.fields["eigenaar"].initial = user.organisation_id

    def owner(self) -> Organisation:
        return Organisation.objects.get(pk=self.cleaned_data["eigenaar"])


class MeasureForm(_OwnerForm):
    id_prefix = "maatregel"
    interventie = forms.ModelChoiceField(
        label=_("Maatregel uit het interventiepalet"),
        queryset=Intervention.objects.none(),
        empty_label=_("— kies uit het interventiepalet —"),
    )
    omschrijving = forms.CharField(
        label=_("Omschrijving (zichtbaar voor alle betrokken partners)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    start = forms.DateField(label=_("Start"), required=False, widget=DATE_WIDGET)
    einde = forms.DateField(
        label=_("Tot wanneer"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leeg: volgt uit het interventiepalet."),
    )
    herbeoordeling = forms.DateField(
        label=_("Herbeoordeling"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leeg: volgt uit het interventiepalet."),
    )

    field_order = ["interventie", "eigenaar", "omschrijving", "start", "einde", "herbeoordeling"]

    def __init__(self, *args: Any, user, episode: AcuteEpisode, **kwargs: Any) -> None:
        super().__init__(*args, user=user, episode=episode, **kwargs)
        interventions = selectors.acute_interventions()
        self.fields["interventie"].queryset = Intervention.objects.filter(  # type: ignore[attr-defined]
            pk__in=[i.pk for i in interventions]
        ).order_by("legal_domain", "sort_order", "name")

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "intervention": data["interventie"],
            "owner_organisation": self.owner(),
            "description": data.get("omschrijving") or "",
            "starts_on": data.get("start"),
            "ends_on": data.get("einde"),
            "reassess_on": data.get("herbeoordeling"),
        }


class AgreementForm(_OwnerForm):
    id_prefix = "afspraak"
    onderwerp = forms.ChoiceField(
        label=_("Afspraak over"),
        choices=[(t.value, t.label) for t in AgreementTopic if t != AgreementTopic.AANSPREEKPUNT],
    )
    omschrijving = forms.CharField(
        label=_("Afspraak (zichtbaar voor alle betrokken partners)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    einde = forms.DateField(label=_("Tot wanneer"), required=False, widget=DATE_WIDGET)
    herbeoordeling = forms.DateField(label=_("Herbeoordeling"), required=False, widget=DATE_WIDGET)

    field_order = ["onderwerp", "omschrijving", "eigenaar", "einde", "herbeoordeling"]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "topic": data["onderwerp"],
            "description": data["omschrijving"],
            "owner_organisation": self.owner(),
            "ends_on": data.get("einde"),
            "reassess_on": data.get("herbeoordeling"),
        }


class ContactForm(_OwnerForm):
    id_prefix = "aanspreekpunt"
    eigenaar = forms.TypedChoiceField(
        label=_("Eerste aanspreekpunt voor alle maatregelen"), coerce=int
    )


class CloseForm(AcuutForm):
    id_prefix = "afsluiten"
    onderzoek_gedaan = forms.BooleanField(
        label=_("Het onderzoek ter plaatse is uitgevoerd"), required=False
    )
    iedereen_veilig = forms.BooleanField(label=_("Iedereen is fysiek veilig"), required=False)
    vervolg = forms.ChoiceField(
        label=_("Waar gaat de zaak verder?"),
        choices=HandoverRoute.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    toelichting = forms.CharField(
        label=_("Toelichting op het vervolg"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tijdstip = when_field(_("Afgesloten om"))

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "investigation_done": bool(data.get("onderzoek_gedaan")),
            "everyone_safe": bool(data.get("iedereen_veilig")),
            "handover_route": data.get("vervolg") or "",
            "handover_note": data.get("toelichting") or "",
            "closed_at": _aware(data.get("tijdstip")),
        }
