"""OpenAPI pieces shared by the case-data endpoints."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from voorop.audit.api.errors import FoutSerializer, ParameterFoutSerializer


def id_parameter(description: str) -> OpenApiParameter:
    return OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=description)


NOT_AUTHENTICATED = OpenApiResponse(
    FoutSerializer,
    description="Niet ingelogd: geen of een ongeldig token (code not_authenticated).",
)
NOT_A_MEMBER = OpenApiResponse(
    FoutSerializer,
    description="De gebruiker hoort bij geen aangesloten organisatie (code permission_denied).",
)
NOT_FOUND = OpenApiResponse(
    FoutSerializer,
    description=(
        "Bestaat niet, of de organisatie van de gebruiker mag het niet zien; beide geven "
        "hetzelfde antwoord (code not_found)."
    ),
)
BAD_PARAMETERS = OpenApiResponse(
    ParameterFoutSerializer, description="Ongeldige parameters (code ongeldige_parameters)."
)

#: The error answers of a list endpoint and of a detail endpoint, besides their 200.
LIST_ERRORS = {400: BAD_PARAMETERS, 401: NOT_AUTHENTICATED, 403: NOT_A_MEMBER}
DETAIL_ERRORS = {401: NOT_AUTHENTICATED, 403: NOT_A_MEMBER, 404: NOT_FOUND}
