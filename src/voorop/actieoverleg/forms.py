"""Forms of the actieoverleg pages. Field names are the services' argument names, so a
service's ValidationError lands on the right field (``add_errors``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from voorop.actieoverleg.models import (
    CRITERIA,
    Meeting,
    OmDecisionKind,
    ParticipationResponse,
    Submission,
)
from voorop.meldingen.models import Melding
from voorop.organisations.models import PARTNER_KINDS, Organisation, OrganisationKind
from voorop.safetyplan.forms import intervention_choices
from voorop.safetyplan.models import AgreementTopic, Intervention
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import LegalBasis

DATE = forms.DateInput(attrs={"type": "date", "class": "utrecht-textbox"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "utrecht-textbox"}, format="%Y-%m-%dT%H:%M"
)
TEXT = {"class": "utrecht-textarea", "rows": 3}
#: Dutch first options of the selects (Django's own default is not translated).
CHOOSE_ORGANISATION = _("— kies een organisatie —")
CHOOSE_BASIS = _("— kies een grondslag —")


def add_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        form.add_error(None if key == NON_FIELD_ERRORS or key not in form.fields else key, errors)


class SubmissionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van de aanmelding"),
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Waarom moet deze casus in het actieoverleg besproken worden?"),
    )


class MeetingChoiceField(forms.ModelChoiceField):
    """A meeting by its date and time (and reference), as the chair plans."""

    def label_from_instance(self, obj) -> str:
        start = timezone.localtime(obj.starts_at)
        return f"{date_format(start, 'l j F Y H:i')} ({obj.reference})"


class DecisionForm(forms.Form):
    """The chair's check of the four criteria, and where the case goes."""

    meeting: forms.ModelChoiceField = MeetingChoiceField(
        label=_("Actieoverleg"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("— kies —"),
    )
    slot_start = forms.DateTimeField(label=_("Tijdslot van"), widget=DATETIME, required=False)
    slot_end = forms.DateTimeField(label=_("Tijdslot tot"), widget=DATETIME, required=False)
    note = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs=TEXT), required=False
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        for name in CRITERIA:
            self.fields[name] = forms.BooleanField(
                label=Submission._meta.get_field(name).verbose_name, required=False
            )

    @property
    def criteria_fields(self):
        return [self[name] for name in CRITERIA]

    @property
    def criteria(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name in CRITERIA}


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Begint om"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Eindigt om"), widget=DATETIME)
    location = forms.CharField(
        label=_("Locatie"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )
    standing_organisations = forms.ModelMultipleChoiceField(
        label=_("Vaste deelnemers (politie en OM)"),
        queryset=Organisation.objects.filter(
            kind__in=[OrganisationKind.POLITIE, OrganisationKind.OM]
        ).order_by("kind", "name"),
        widget=forms.CheckboxSelectMultiple,
    )


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Uw reactie"),
        choices=[c for c in ParticipationResponse.choices if c[0] != ParticipationResponse.OPEN],
        widget=forms.RadioSelect,
    )


def _partner_organisations():
    return Organisation.objects.filter(kind__in=PARTNER_KINDS).order_by("kind", "name")


class InvestigativeActForm(forms.Form):
    description = forms.CharField(
        label=_("Onderzoekshandeling"),
        max_length=300,
        help_text=_("Wie hoort wie, bijvoorbeeld: politie hoort moeder (studioverhoor)."),
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Uitvoerder"), queryset=_partner_organisations(), empty_label=CHOOSE_ORGANISATION
    )
    due_on = forms.DateField(label=_("Uiterlijk op"), widget=DATE)


class AgreementForm(forms.Form):
    topic = forms.ChoiceField(label=_("Onderwerp"), choices=AgreementTopic.choices)
    description = forms.CharField(label=_("Afspraak"), widget=forms.Textarea(attrs=TEXT))
    owner_organisation = forms.ModelChoiceField(
        label=_("Eigenaar"), queryset=_partner_organisations(), empty_label=CHOOSE_ORGANISATION
    )
    due_on = forms.DateField(label=_("Uiterlijk op"), widget=DATE)


class InterventionForm(forms.Form):
    """Step 2: an intervention from the interventiepalet (its dates from the catalogue)."""

    intervention = forms.ModelChoiceField(
        label=_("Interventie"), queryset=Intervention.objects.filter(active=True)
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Eigenaar"), queryset=_partner_organisations(), empty_label=CHOOSE_ORGANISATION
    )
    starts_on = forms.DateField(
        label=_("Start"), widget=DATE, required=False, help_text=_("Leeg: vandaag.")
    )
    due_on = forms.DateField(
        label=_("Einde"),
        widget=DATE,
        required=False,
        help_text=_("Leeg: volgens het interventiepalet."),
    )
    description = forms.CharField(
        label=_("Toelichting (zichtbaar voor alle betrokken partners)"),
        widget=forms.Textarea(attrs=TEXT),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Grouped as in the veiligheidsplan; the queryset still decides what is valid.
        self.fields["intervention"].choices = intervention_choices()


class OmDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit OM"), choices=[("", _("— kies een besluit —")), *OmDecisionKind.choices]
    )
    rationale = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs=TEXT), required=False
    )


class DisagreementForm(forms.Form):
    description = forms.CharField(
        label=_("Verschil van inzicht"), widget=forms.Textarea(attrs=TEXT)
    )


class EscalateDisagreementForm(forms.Form):
    escalated_to = forms.CharField(label=_("Escaleren naar"), max_length=200)


class ResolveDisagreementForm(forms.Form):
    outcome = forms.CharField(label=_("Uitkomst"), widget=forms.Textarea(attrs=TEXT))


class MdaForm(forms.Form):
    route = forms.CharField(label=_("Route MDA++"), widget=forms.Textarea(attrs=TEXT))


class DiscussedForm(forms.Form):
    handover = forms.CharField(
        label=_("Overdracht (stap 3)"), widget=forms.Textarea(attrs=TEXT), required=False
    )


class ShareForm(forms.Form):
    """Step 1: share own meldingen with another participant, on a legal basis."""

    to_organisation = forms.ModelChoiceField(
        label=_("Delen met"), queryset=Organisation.objects.none(), empty_label=CHOOSE_ORGANISATION
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Grondslag"),
        queryset=LegalBasis.objects.filter(active=True),
        empty_label=CHOOSE_BASIS,
    )
    necessity = forms.CharField(label=_("Waarom is dit nodig?"), widget=forms.Textarea(attrs=TEXT))
    meldingen = forms.ModelMultipleChoiceField(
        label=_("Meldingen"), queryset=Melding.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    field_groups = forms.MultipleChoiceField(
        label=_("Te delen gegevens"),
        choices=FieldGroup.choices,
        initial=[FieldGroup.KERN],
        widget=forms.CheckboxSelectMultiple,
    )
    interpretation = forms.CharField(
        label=_("Duiding"), widget=forms.Textarea(attrs=TEXT), required=False
    )

    def __init__(self, *args, recipients, meldingen, **kwargs):
        super().__init__(*args, **kwargs)
        to_field = self.fields["to_organisation"]
        assert isinstance(to_field, forms.ModelChoiceField)
        to_field.queryset = recipients
        meldingen_field = self.fields["meldingen"]
        assert isinstance(meldingen_field, forms.ModelMultipleChoiceField)
        meldingen_field.queryset = meldingen
        self._meldingen = meldingen

    @property
    def has_meldingen(self) -> bool:
        """Whether the user has own meldingen of the family to share at all."""
        return self._meldingen.exists()


class HandoverForm(forms.Form):
    """The family moved: hand plan and minutes to another region's Veilig Thuis."""

    to_organisation = forms.ModelChoiceField(
        label=_("Veilig Thuis van de nieuwe regio"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.VT).order_by("name"),
        empty_label=CHOOSE_ORGANISATION,
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Grondslag"),
        queryset=LegalBasis.objects.filter(active=True),
        empty_label=CHOOSE_BASIS,
    )
    necessity = forms.CharField(label=_("Waarom is dit nodig?"), widget=forms.Textarea(attrs=TEXT))
