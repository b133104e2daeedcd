"""Forms of the HSSK pages. They only collect input; every rule is in ``services``, whose Dutch
errors land on these fields (``add_service_errors``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from voorop.core.forms import ErrorSummaryMixin, OwnIdsMixin
from voorop.core.forms import add_service_errors as _add_service_errors
from voorop.hssk.choices import (
    Act,
    ActStatus,
    AgeBand,
    Certainty,
    Decision,
    InjuryKind,
    MissingInformation,
    Position,
    ReporterKind,
    StartMode,
)
from voorop.persons.models import Person
from voorop.safetyplan.models import AgreementTopic, Intervention
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import LegalBasis

TEXTAREA = forms.Textarea(attrs={"rows": 4, "class": "utrecht-textarea"})
SMALL_TEXTAREA = forms.Textarea(attrs={"rows": 2, "class": "utrecht-textarea"})
SELECT = forms.Select(attrs={"class": "utrecht-select"})
TEXT = forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"})
DATE = forms.DateInput(
    attrs={"type": "date", "class": "utrecht-textbox utrecht-textbox--html-input"},
    format="%Y-%m-%d",
)
ANONYMOUS_HELP = _(
    "Zonder namen, geboortedata, BSN, adressen, postcodes, telefoonnummers of kenmerken: "
    "schrijf 'de moeder', 'vorige week'. voorop controleert dit."
)


#: Service argument → form field, where they differ.
SERVICE_FIELDS: dict[str, str] = {}


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    _add_service_errors(form, error, SERVICE_FIELDS)


class CaseForm(OwnIdsMixin, ErrorSummaryMixin, forms.Form):
    """A form on the case page. Several share field names (a description, an owner): each
    form's ids start with its own name (``ActForm``: ``act_…``)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.id_prefix = cls.__name__.removesuffix("Form").lower()


class RefusalForm(ErrorSummaryMixin, forms.Form):
    """No fields: carries a service's refusal of a button (agree, next step) to the page."""

    @classmethod
    def of(cls, error: ValidationError) -> RefusalForm:
        form = cls(data={})
        form.is_valid()
        add_service_errors(form, error)
        return form


class _OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class StartForm(ErrorSummaryMixin, forms.Form):
    child = forms.ModelChoiceField(
        label=_("Over welk kind gaat het?"),
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies het kind.")},
    )
    mode = forms.ChoiceField(
        label=_("Hoe legt u de casus aan de politie voor?"),
        choices=StartMode.choices,
        initial=StartMode.ANONIEM,
        widget=forms.RadioSelect,
    )
    police_organisation = _OrganisationChoice(
        label=_("Politie"), queryset=None, widget=SELECT, empty_label=None
    )
    om_organisation = _OrganisationChoice(
        label=_("Openbaar Ministerie (optioneel; verplicht bij grijs gebied)"),
        queryset=None,
        required=False,
        widget=SELECT,
        empty_label=_("— niet nu —"),
    )
    grey_area = forms.BooleanField(
        label=_("Grijs gebied: twijfel of justitie betrokken moet worden"), required=False
    )
    injury_kinds = forms.MultipleChoiceField(
        label=_("Soort letsel"),
        choices=InjuryKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies de soort(en) letsel.")},
    )
    certainty = forms.ChoiceField(
        label=_("Letsel"), choices=Certainty.choices, widget=forms.RadioSelect
    )
    reporter_kind = forms.ChoiceField(
        label=_("Wie gaf het signaal?"), choices=ReporterKind.choices, widget=SELECT
    )
    age_band = forms.ChoiceField(
        label=_("Leeftijd van het kind (alleen als de geboortedatum onbekend is)"),
        choices=[("", _("— uit de geboortedatum —")), *AgeBand.choices],
        required=False,
        widget=SELECT,
    )
    circumstances = forms.CharField(
        label=_("Omstandigheden"), widget=TEXTAREA, help_text=ANONYMOUS_HELP
    )
    question = forms.CharField(
        label=_("Uw vraag aan de politie en het OM"),
        widget=SMALL_TEXTAREA,
        help_text=ANONYMOUS_HELP,
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Grondslag (alleen bij direct melden)"),
        queryset=LegalBasis.objects.none(),
        required=False,
        widget=SELECT,
        empty_label=_("— kies bij direct melden —"),
    )
    necessity = forms.CharField(
        label=_("Waarom de politie de gegevens nodig heeft (alleen bij direct melden)"),
        required=False,
        widget=SMALL_TEXTAREA,
    )

    def __init__(self, *args, children, police, om, bases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["child"].label_from_instance = _child_label
        self.fields["police_organisation"].queryset = police
        self.fields["om_organisation"].queryset = om
        self.fields["legal_basis"].queryset = bases
        self.fields["legal_basis"].label_from_instance = lambda b: f"{b.short_label} — {b.citation}"


def _child_label(person) -> str:
    born = person.date_of_birth.strftime("%d-%m-%Y") if person.date_of_birth else "?"
    return f"{person.full_name} ({born})"


class ConsultationForm(CaseForm):
    circumstances = forms.CharField(
        label=_("Omstandigheden"), widget=TEXTAREA, help_text=ANONYMOUS_HELP
    )
    question = forms.CharField(
        label=_("Vraag aan de partners"), widget=SMALL_TEXTAREA, help_text=ANONYMOUS_HELP
    )
    grey_area = forms.BooleanField(label=_("Grijs gebied"), required=False)
    om_organisation = _OrganisationChoice(
        label=_("Openbaar Ministerie"),
        queryset=None,
        required=False,
        widget=SELECT,
        empty_label=_("— geen —"),
    )

    def __init__(self, *args, om, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["om_organisation"].queryset = om


class ViewForm(CaseForm):
    position = forms.ChoiceField(
        label=_("Uw zienswijze"),
        choices=Position.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies uw zienswijze.")},
    )
    text = forms.CharField(label=_("Toelichting"), widget=TEXTAREA, help_text=ANONYMOUS_HELP)


class DecisionForm(ErrorSummaryMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies uw besluit.")},
    )
    reason = forms.CharField(label=_("Motivering"), widget=TEXTAREA, help_text=ANONYMOUS_HELP)
    legal_basis = forms.ModelChoiceField(
        label=_("Grondslag voor de melding aan de politie (bij doorzetten)"),
        queryset=LegalBasis.objects.none(),
        required=False,
        widget=SELECT,
        empty_label=_("— kies bij doorzetten —"),
    )
    necessity = forms.CharField(
        label=_("Noodzaak (leeg: de standaardtekst)"), required=False, widget=SMALL_TEXTAREA
    )
    field_groups = forms.MultipleChoiceField(
        label=_("Wat u van de melding deelt"),
        choices=[
            (g, FieldGroup(g).label)
            for g in (
                FieldGroup.KERN,
                FieldGroup.LOCATIE,
                FieldGroup.TOELICHTING,
                FieldGroup.PERSONEN,
            )
        ],
        initial=[FieldGroup.KERN, FieldGroup.LOCATIE, FieldGroup.TOELICHTING, FieldGroup.PERSONEN],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    share_with_om = forms.BooleanField(
        label=_("Ook met het OM delen"), required=False, initial=True
    )

    def __init__(self, *args, bases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].queryset = bases
        self.fields["legal_basis"].label_from_instance = lambda b: f"{b.short_label} — {b.citation}"


class ActForm(CaseForm):
    act = forms.ChoiceField(label=_("Onderzoekshandeling"), choices=Act.choices, widget=SELECT)
    by_organisation = _OrganisationChoice(
        label=_("Door"), queryset=None, widget=SELECT, empty_label=None
    )
    sequence = forms.IntegerField(
        label=_("Volgorde (leeg: als laatste)"),
        required=False,
        min_value=1,
        max_value=99,
        widget=forms.NumberInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"}),
    )
    planned_on = forms.DateField(label=_("Gepland op"), required=False, widget=DATE)
    with_whom = forms.ModelMultipleChoiceField(
        label=_("Met wie"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Toelichting"), required=False, max_length=500, widget=TEXT
    )
    repeat_reason = forms.CharField(
        label=_("Waarom nog een gesprek met het kind (alleen bij een volgend gesprek)"),
        required=False,
        max_length=500,
        widget=TEXT,
    )
    order_note = forms.CharField(
        label=_("Afstemming over de volgorde (als Veilig Thuis vóór het politieverhoor spreekt)"),
        required=False,
        max_length=500,
        widget=TEXT,
    )

    def __init__(self, *args, organisations, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by_organisation"].queryset = organisations
        self.fields["with_whom"].queryset = members
        self.fields["with_whom"].label_from_instance = lambda p: p.full_name


class ActUpdateForm(CaseForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActStatus.choices, widget=SELECT)
    outcome = forms.CharField(label=_("Uitkomst"), required=False, widget=SMALL_TEXTAREA)


class InviteForm(CaseForm):
    organisation = _OrganisationChoice(
        label=_("Organisatie"), queryset=None, widget=SELECT, empty_label=None
    )
    reason = forms.CharField(label=_("Waarom"), widget=SMALL_TEXTAREA)
    legal_basis = forms.ModelChoiceField(
        label=_("Grondslag"),
        queryset=LegalBasis.objects.none(),
        widget=SELECT,
        empty_label=_("— kies de grondslag —"),
    )

    def __init__(self, *args, organisations, bases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["legal_basis"].queryset = bases
        self.fields["legal_basis"].label_from_instance = lambda b: f"{b.short_label} — {b.citation}"


class InterventionForm(CaseForm):
    intervention = forms.ModelChoiceField(
        label=_("Interventie uit het interventiepalet"),
        queryset=Intervention.objects.none(),
        widget=SELECT,
        empty_label=_("— kies uit het interventiepalet —"),
    )
    owner_organisation = _OrganisationChoice(
        label=_("Eigenaar"), queryset=None, widget=SELECT, empty_label=None
    )
    starts_on = forms.DateField(label=_("Start (leeg: vandaag)"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Einde (leeg: uit het palet)"), required=False, widget=DATE)
    reassess_on = forms.DateField(
        label=_("Herbeoordeling (leeg: uit het palet)"), required=False, widget=DATE
    )
    description = forms.CharField(label=_("Toelichting"), required=False, widget=TEXT)

    def __init__(self, *args, interventions, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = interventions
        self.fields["intervention"].label_from_instance = lambda i: i.name
        self.fields["owner_organisation"].queryset = organisations


class AgreementForm(CaseForm):
    topic = forms.ChoiceField(label=_("Onderwerp"), choices=AgreementTopic.choices, widget=SELECT)
    description = forms.CharField(label=_("Afspraak"), widget=SMALL_TEXTAREA)
    owner_organisation = _OrganisationChoice(
        label=_("Eigenaar"), queryset=None, widget=SELECT, empty_label=None
    )
    reassess_on = forms.DateField(label=_("Herbeoordeling"), required=False, widget=DATE)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations


class ReasonForm(CaseForm):
    reason = forms.CharField(label=_("Waarom zijn geen interventies nodig?"), widget=SMALL_TEXTAREA)


class EvaluationForm(CaseForm):
    worked_well = forms.CharField(label=_("Wat werkte goed in de samenwerking?"), widget=TEXTAREA)
    to_improve = forms.CharField(label=_("Wat kan beter?"), required=False, widget=SMALL_TEXTAREA)
    missing_information = forms.MultipleChoiceField(
        label=_("Welke informatie ontbrak?"),
        choices=MissingInformation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    missing_note = forms.CharField(
        label=_("Toelichting op de ontbrekende informatie"),
        required=False,
        max_length=500,
        widget=TEXT,
    )
    in_each_others_way = forms.BooleanField(
        label=_("De onderzoeken van Veilig Thuis en de politie zaten elkaar in de weg"),
        required=False,
    )
    collaboration_score = forms.TypedChoiceField(
        label=_("Hoe verliep de samenwerking? (1 = slecht, 5 = uitstekend)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Geef een cijfer van 1 tot en met 5.")},
    )
