"""Query parameters of the meldingen endpoints, read and documented by serializers."""

from __future__ import annotations

from rest_framework import serializers

from voorop.audit.api.parameters import boolean_parameter, choice_parameter
from voorop.meldingen.models import MeldingKind


class MeldingParametersSerializer(serializers.Serializer):
    """?soort=<MeldingKind>&acuut=true"""

    soort = choice_parameter(
        choices=MeldingKind.choices, help_text="Alleen meldingen van deze soort."
    )
    acuut = boolean_parameter(help_text="true: alleen meldingen waarin iemand acuut onveilig was.")
