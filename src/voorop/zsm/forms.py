"""Forms of the ZSM case page: one per partner's action. The business rules are in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from voorop.core.forms import OwnIdsMixin
from voorop.zsm.choices import DelayTo, Disposal, VtPresence


class _CaseForm(OwnIdsMixin, forms.Form):
    """The case page holds several forms: each gets its own element ids (field names stay)."""

    id_prefix = "id_zsm"


class RejectForm(_CaseForm):
    id_prefix = "id_reject"

    note = forms.CharField(label=_("Waarom geen huiselijk geweld?"), max_length=300)


class LinkForm(_CaseForm):
    id_prefix = "id_link"

    beoordeling = forms.IntegerField(label=_("Veiligheidsbeoordeling"))


class ShareForm(_CaseForm):
    id_prefix = "id_share"

    necessity = forms.CharField(
        label=_("Noodzaak"),
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=_(
            "De ZSM-partners hebben de veiligheidsvoorwaarden nodig voor hun advies en besluit."
        ),
    )


class AdviceForm(_CaseForm):
    id_prefix = "id_advice"

    advice = forms.CharField(
        label=_("Advies over de verdachte"), widget=forms.Textarea(attrs={"rows": 3})
    )
    builds_on_vt = forms.BooleanField(
        label=_("Gebaseerd op de veiligheidsbeoordeling en -voorwaarden van Veilig Thuis"),
        required=False,
    )
    coordinated_with_vt = forms.BooleanField(label=_("Afgestemd met Veilig Thuis"), required=False)
    coordination_minutes = forms.IntegerField(
        label=_("Duur afstemming (minuten)"), required=False, min_value=1, max_value=600
    )


class OverlegForm(_CaseForm):
    id_prefix = "id_overleg"

    vt_presence = forms.ChoiceField(label=_("Veilig Thuis"), choices=VtPresence.choices)
    summary = forms.CharField(label=_("Afspraken"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(_CaseForm):
    id_prefix = "id_decide"

    disposal = forms.ChoiceField(label=_("Afdoening of route"), choices=Disposal.choices)
    juridical_measures = forms.CharField(
        label=_("Juridische veiligheidsmaatregelen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DelayForm(_CaseForm):
    id_prefix = "id_delay"

    delay_to = forms.ChoiceField(label=_("Uitstellen naar"), choices=DelayTo.choices)
    delay_until = forms.DateField(
        label=_("Nieuwe datum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Overdracht aan de officier van dienst"), widget=forms.Textarea(attrs={"rows": 2})
    )
