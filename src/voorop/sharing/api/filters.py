"""Query parameters of the sharing endpoints, read and documented by serializers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from voorop.audit.api.parameters import choice_parameter, id_parameter
from voorop.organisations.models import PARTNER_KINDS, OrganisationKind
from voorop.sharing.models import CoordinationMoment
from voorop.sharing.selectors import MADE, RECEIVED

PARTNER_KIND_CHOICES = [(k.value, k.label) for k in OrganisationKind if k in PARTNER_KINDS]


def _partner_kind_schema(enum_id: str) -> dict[str, Any]:
    # Its own enum id per direction: ``van`` and ``aan`` name the same code list, and without
    # distinct ids the schema generator would warn that one choice set got two names.
    return {
        "type": "string",
        "enum": [value for value, _label in PARTNER_KIND_CHOICES],
        "x-spec-enum-id": enum_id,
    }


class PartnerKindField(serializers.ChoiceField):
    """The kind of a partner organisation: ``VT``, ``POLITIE``, ``OM``, ``RECLASSERING`` or
    ``RVDK``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("„{input}” is geen geldige waarde.")}
        )
        super().__init__(choices=PARTNER_KIND_CHOICES, **kwargs)


@extend_schema_field(_partner_kind_schema("voorop-sharing-from-kind"))
class FromKindField(PartnerKindField):
    """The kind of the organisation that shares (``van``)."""


@extend_schema_field(_partner_kind_schema("voorop-sharing-to-kind"))
class ToKindField(PartnerKindField):
    """The kind of the organisation shared with (``aan``)."""


@extend_schema_field(
    {"type": "array", "items": {"type": "string", "enum": CoordinationMoment.values}}
)
class MomentListField(serializers.ListField):
    """A list of coordination-moment codes (``CoordinationMoment``), documented inline."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            child=serializers.ChoiceField(choices=CoordinationMoment.choices), **kwargs
        )


class VerstrekkingParametersSerializer(serializers.Serializer):
    """?gezinssysteem=<id>&richting=gemaakt|ontvangen"""

    gezinssysteem = id_parameter(help_text="Alleen verstrekkingen over dit gezinssysteem (id).")
    richting = choice_parameter(
        choices=[
            (MADE, "door de eigen organisatie gedeeld"),
            (RECEIVED, "met de eigen organisatie gedeeld"),
        ],
        help_text=(
            "gemaakt: alleen wat de eigen organisatie deelde; ontvangen: alleen wat met de eigen "
            "organisatie is gedeeld. Zonder: beide."
        ),
    )


class DeelregelParametersSerializer(serializers.Serializer):
    """?van=<soort>&aan=<soort>&doel=<afstemmingsmoment>"""

    van = choice_parameter(
        choices=PARTNER_KIND_CHOICES,
        help_text="Alleen regels voor delen door dit soort organisatie.",
    )
    aan = choice_parameter(
        choices=PARTNER_KIND_CHOICES,
        help_text="Alleen regels voor delen met dit soort organisatie.",
    )
    doel = choice_parameter(
        choices=CoordinationMoment.choices,
        help_text="Alleen regels die gelden voor dit afstemmingsmoment.",
    )
