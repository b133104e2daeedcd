"""Error answers of the API: a Dutch ``detail`` for people beside a stable ``code`` for programs.

``voorop.core.api.exception_handler`` adds the ``code``; the exceptions here give it a stable
value, and the serializers document the bodies in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.exceptions import APIException


class InvalidParameters(APIException):
    """One or more query parameters could not be read; ``parameters`` says which and why."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Een of meer parameters zijn ongeldig.")
    default_code = "ongeldige_parameters"

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__({"detail": self.default_detail, "parameters": errors}, self.default_code)


class SearchCriterionMissing(APIException):
    """A person search needs at least one criterion: nobody may list the whole person index."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Geef ten minste één zoekcriterium op: naam, geboortedatum of postcode.")
    default_code = "zoekcriterium_ontbreekt"


class FoutSerializer(serializers.Serializer):
    """An error answer.

    ``detail``: Dutch message for people; ``code``: stable machine-readable code, e.g.
    ``not_authenticated`` (401), ``permission_denied`` (403) or ``not_found`` (404). A forbidden
    object and a missing one give the same 404 answer."""

    detail = serializers.CharField(help_text="Foutmelding voor mensen (Nederlands).")
    code = serializers.CharField(help_text="Vaste foutcode voor programma's.")


class ParameterFoutSerializer(FoutSerializer):
    """A 400 answer for unusable query parameters.

    ``code`` is ``ongeldige_parameters`` (then ``parameters`` maps each invalid parameter to its
    Dutch messages) or ``zoekcriterium_ontbreekt`` (a person search without any criterion)."""

    parameters = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Per ongeldige parameter de foutmeldingen.",
    )
