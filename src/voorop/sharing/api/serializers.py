"""How the disclosure register and its configuration appear in the API.

Field names are Dutch snake_case after the domain; codes are the values of the models' choices:

=====================  ==============================================================
``kenmerk``            the disclosure's reference, e.g. ``VS-2026-000123``
``richting``           ``gemaakt`` (the caller's organisation shared) or ``ontvangen``
``gedeeld_door``       the organisation that shared
``gedeeld_met``        the organisation that received
``grondslag``          the legal basis: ``code`` (stable), ``korte_aanduiding``, ``grondslag``
``doel``               the coordination moment (``CoordinationMoment`` code) it serves
``noodzaak``           why the recipient needs the data
``items``              the shared meldingen, each with the groups of fields shared
                       (``KERN``, ``LOCATIE``, ``TOELICHTING``, ``PERSONEN``)
``andere_gegevens``    other records shared, e.g. a veiligheidsbeoordeling
``ingetrokken_op``     when the disclosure was withdrawn, or null
=====================  ==============================================================

The recipient of a withdrawn disclosure sees that it was withdrawn, but no items; the reason
for withdrawing is shown to the sharing organisation only. The shared meldingen themselves are
at /meldingen/{id}/, redacted to what was shared.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from voorop.meldingen.models import MeldingKind
from voorop.organisations.api.serializers import OrganisatieSerializer
from voorop.sharing.api.filters import FromKindField, MomentListField, ToKindField
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import CoordinationMoment
from voorop.sharing.selectors import MADE, RECEIVED

_REQUIRED = _("Dit gegeven is verplicht.")
_NOT_NULL = _("Dit gegeven mag niet leeg zijn.")
_ID_ERRORS: dict[str, Any] = {
    "required": _REQUIRED,
    "null": _NOT_NULL,
    "invalid": _("Geef een id: een positief geheel getal."),
    "min_value": _("Geef een id: een positief geheel getal."),
    "max_string_length": _("Dit getal is te lang."),
}
_TEXT_ERRORS: dict[str, Any] = {
    "required": _REQUIRED,
    "null": _NOT_NULL,
    "invalid": _("Geef tekst op."),
    "max_length": _("Gebruik niet meer dan {max_length} tekens."),
}
_CHOICE_ERRORS: dict[str, Any] = {
    "required": _REQUIRED,
    "null": _NOT_NULL,
    "invalid_choice": _("„{input}” is geen geldige waarde."),
}
_LIST_ERRORS: dict[str, Any] = {
    "required": _REQUIRED,
    "null": _NOT_NULL,
    "not_a_list": _("Geef een lijst."),
}


# --- configuration ----------------------------------------------------------------------------


class GrondslagSerializer(serializers.Serializer):
    """A legal basis for sharing: ``code`` (stable), ``korte_aanduiding`` ("art. 18 Wpg"),
    ``grondslag`` (the full citation), ``doel`` and ``randvoorwaarden`` (texts for the
    professional), ``vitaal_belang`` (only in an acute emergency) and ``in_gebruik``."""

    code = serializers.SlugField()
    korte_aanduiding = serializers.CharField(source="short_label")
    grondslag = serializers.CharField(source="citation")
    doel = serializers.CharField(source="purpose")
    randvoorwaarden = serializers.CharField(source="conditions")
    vitaal_belang = serializers.BooleanField(source="is_vital_interest")
    in_gebruik = serializers.BooleanField(source="active")


class GrondslagKortSerializer(serializers.Serializer):
    """A legal basis in short: ``code``, ``korte_aanduiding``, ``grondslag``."""

    code = serializers.SlugField()
    korte_aanduiding = serializers.CharField(source="short_label")
    grondslag = serializers.CharField(source="citation")


class DeelregelSerializer(serializers.Serializer):
    """A sharing rule: an organisation of kind ``van`` may share with one of kind ``aan`` on
    legal basis ``grondslag`` (code), for the coordination moments ``doelen`` (empty: every
    moment), the groups of fields ``gegevens``."""

    id = serializers.IntegerField()
    van = FromKindField(source="from_kind")
    aan = ToKindField(source="to_kind")
    grondslag = serializers.SlugField(source="legal_basis.code")
    doelen = MomentListField(
        source="moments",
        help_text="Afstemmingsmomenten waarvoor de regel geldt; leeg: elk afstemmingsmoment.",
    )
    gegevens = serializers.ListField(
        source="field_groups",
        child=serializers.ChoiceField(choices=FieldGroup.choices),
        help_text="Gegevensgroepen die op deze regel gedeeld mogen worden.",
    )
    in_gebruik = serializers.BooleanField(source="active")


# --- the register -----------------------------------------------------------------------------


class GezinssysteemKenmerkSerializer(serializers.Serializer):
    """The family system a disclosure is about: ``id`` and ``kenmerk``."""

    id = serializers.IntegerField()
    kenmerk = serializers.CharField(source="reference")


class GedeeldeMeldingSerializer(serializers.Serializer):
    """One shared melding: ``melding`` (id), ``kenmerk``, ``soort``, ``voorgevallen_op`` and
    ``gegevens`` (the groups of fields shared of it)."""

    melding = serializers.IntegerField(source="melding_id")
    kenmerk = serializers.CharField(source="melding.reference")
    soort = serializers.ChoiceField(source="melding.kind", choices=MeldingKind.choices)
    voorgevallen_op = serializers.DateTimeField(source="melding.occurred_at")
    gegevens = serializers.ListField(
        source="field_groups", child=serializers.ChoiceField(choices=FieldGroup.choices)
    )


class GedeeldGegevenSerializer(serializers.Serializer):
    """Another record a disclosure shares (``voorop.sharing.records``): ``soort`` (stable code,
    e.g. ``veiligheidsbeoordeling``), ``id``, ``omschrijving`` and ``gedeeld`` (what of it, in
    words). The record itself is read at its own endpoint."""

    soort = serializers.CharField(source="kind")
    id = serializers.IntegerField(source="record_id")
    omschrijving = serializers.CharField(source="label")
    gedeeld = serializers.CharField(source="shared")


class VerstrekkingSerializer(serializers.Serializer):
    """A disclosure as one of its two parties sees it (reads a ``DisclosureView``)."""

    id = serializers.IntegerField(source="disclosure.pk")
    kenmerk = serializers.CharField(source="disclosure.reference")
    richting = serializers.ChoiceField(
        source="direction",
        choices=[(MADE, "gemaakt"), (RECEIVED, "ontvangen")],
        help_text="gemaakt: de eigen organisatie deelde; ontvangen: met de eigen organisatie "
        "gedeeld.",
    )
    gezinssysteem = GezinssysteemKenmerkSerializer(source="disclosure.family_system")
    gedeeld_door = OrganisatieSerializer(source="disclosure.from_organisation")
    gedeeld_met = OrganisatieSerializer(source="disclosure.to_organisation")
    grondslag = GrondslagKortSerializer(source="disclosure.legal_basis")
    doel = serializers.ChoiceField(
        source="disclosure.moment",
        choices=CoordinationMoment.choices,
        help_text="Het afstemmingsmoment waarvoor is gedeeld.",
    )
    noodzaak = serializers.CharField(source="disclosure.necessity")
    gedeeld_op = serializers.DateTimeField(source="disclosure.shared_at")
    actief = serializers.BooleanField(source="disclosure.is_active")
    ingetrokken_op = serializers.DateTimeField(source="disclosure.withdrawn_at", allow_null=True)
    reden_intrekking = serializers.CharField(
        source="withdrawal_reason",
        allow_null=True,
        help_text="Alleen voor de organisatie die deelde; anders null.",
    )
    items = GedeeldeMeldingSerializer(
        many=True,
        help_text="De gedeelde meldingen; leeg voor de ontvanger van een ingetrokken verstrekking.",
    )
    andere_gegevens = GedeeldGegevenSerializer(
        source="records",
        many=True,
        help_text="Andere gedeelde gegevens dan meldingen (bijv. een veiligheidsbeoordeling); "
        "leeg voor de ontvanger van een ingetrokken verstrekking.",
    )


class VerstrekkingItemInvoerSerializer(serializers.Serializer):
    """One melding to share: ``melding`` (id of an own melding of the family system) and
    ``gegevens`` (groups of fields; ``KERN`` is always added)."""

    default_error_messages = {"invalid": _("Geef per item een object met melding en gegevens.")}

    melding = serializers.IntegerField(min_value=1, error_messages=_ID_ERRORS)
    gegevens = serializers.ListField(
        child=serializers.ChoiceField(choices=FieldGroup.choices, error_messages=_CHOICE_ERRORS),
        default=list,
        error_messages=_LIST_ERRORS,
        help_text="Te delen gegevensgroepen; KERN gaat altijd mee.",
    )


class VerstrekkingInvoerSerializer(serializers.Serializer):
    """A new disclosure."""

    gezinssysteem = serializers.IntegerField(
        min_value=1, error_messages=_ID_ERRORS, help_text="Id van het gezinssysteem."
    )
    ontvanger = serializers.IntegerField(
        min_value=1, error_messages=_ID_ERRORS, help_text="Id van de ontvangende organisatie."
    )
    grondslag = serializers.CharField(
        max_length=64, error_messages=_TEXT_ERRORS, help_text="Code van de grondslag."
    )
    doel = serializers.ChoiceField(
        choices=CoordinationMoment.choices,
        error_messages=_CHOICE_ERRORS,
        help_text="Het afstemmingsmoment waarvoor u deelt.",
    )
    noodzaak = serializers.CharField(
        allow_blank=True,
        max_length=5000,
        error_messages=_TEXT_ERRORS,
        help_text="Waarom de ontvanger deze gegevens nodig heeft (ten minste 10 tekens).",
    )
    items = VerstrekkingItemInvoerSerializer(
        many=True,
        error_messages=_LIST_ERRORS,
        help_text="De te delen meldingen, elk met de te delen gegevensgroepen.",
    )


class IntrekkingInvoerSerializer(serializers.Serializer):
    """Withdrawing a disclosure: ``reden`` (required)."""

    reden = serializers.CharField(
        allow_blank=True,
        max_length=2000,
        error_messages=_TEXT_ERRORS,
        help_text="Waarom de verstrekking wordt ingetrokken (ten minste 5 tekens).",
    )


# --- errors -----------------------------------------------------------------------------------


class VerstrekkingFoutItemSerializer(serializers.Serializer):
    """One validation error: ``veld`` (the request field, e.g. ``grondslag`` or
    ``items[0].melding``; null for the request as a whole), ``code`` (stable) and ``bericht``
    (Dutch)."""

    veld = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    bericht = serializers.CharField()


class VerstrekkingFoutSerializer(serializers.Serializer):
    """A 400 (or 403) answer to a write: ``detail`` and ``code`` for the whole, and ``fouten``
    with one entry per problem. Codes of ``fouten``: ``verplicht``, ``ongeldig``,
    ``ongeldige_keuze``, ``gezinssysteem_onbekend``, ``ontvanger_onbekend``,
    ``grondslag_onbekend``, and those of ``voorop.sharing.services.ErrorCode`` (e.g.
    ``geen_deelregel``, ``doel_niet_toegestaan``, ``melding_niet_eigen``,
    ``gegevensgroep_niet_toegestaan``, ``noodzaak_ontbreekt``, ``al_ingetrokken``,
    ``reden_ontbreekt``, ``niet_eigen_verstrekking``)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    fouten = VerstrekkingFoutItemSerializer(many=True)
