"""Query parameters of the interventiepalet endpoint."""

from __future__ import annotations

from rest_framework import serializers

from voorop.audit.api.parameters import choice_parameter
from voorop.cases.models import Phase
from voorop.safetyplan.models import LegalDomain


class InterventiepaletParametersSerializer(serializers.Serializer):
    """?rechtsdomein=<domein>&fase=<fase>"""

    rechtsdomein = choice_parameter(
        choices=LegalDomain.choices, help_text="Alleen interventies in dit rechtsdomein."
    )
    fase = choice_parameter(
        choices=Phase.choices, help_text="Alleen interventies die in deze fase inzetbaar zijn."
    )
