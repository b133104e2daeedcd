"""/api/v1/bereikbaarheid/: "wie bel ik nu?" for machine clients.

Configuration, not case data: any user of a partner organisation may ask, and asking writes no
access-log record (``docs/adr/0007``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from voorop.audit.api.errors import FoutSerializer, InvalidParameters, ParameterFoutSerializer
from voorop.audit.api.parameters import text_parameter
from voorop.audit.api.schema import NOT_AUTHENTICATED
from voorop.authz.api import IsPartnerOrganisationMember
from voorop.reachability import selectors
from voorop.reachability.api.serializers import BereikbaarheidSerializer


class OnePlace(APIException):
    status_code = 400
    default_detail = _("Geef precies één van de parameters regio, postcode of gemeente op.")
    default_code = "precies_een_plaats"


class UnknownRegion(APIException):
    status_code = 400
    default_detail = _("Er is geen regio met deze code.")
    default_code = "regio_onbekend"


class BereikbaarheidParametersSerializer(serializers.Serializer):
    """?regio=<code> | ?postcode=<postcode> | ?gemeente=<naam>, and optionally &moment=<ISO>."""

    regio = text_parameter(help_text="Code van een regio, bijvoorbeeld vt-regio-rijnveen.")
    postcode = serializers.CharField(
        required=False,
        max_length=7,
        help_text="Postcode (vier cijfers, eventueel met letters), bijvoorbeeld 2401AB.",
        error_messages={"max_length": _("Geen geldige postcode.")},
    )
    gemeente = text_parameter(help_text="Naam van een gemeente of kern.", max_length=100)
    moment = serializers.DateTimeField(
        required=False,
        help_text=("Tijdstip (ISO 8601); zonder tijdzone is het Nederlandse tijd. Standaard: nu."),
        error_messages={
            "invalid": _("Geen geldig tijdstip; gebruik bijvoorbeeld 2026-03-10T19:30.")
        },
    )

    def validate_postcode(self, value: str) -> str:
        if selectors.parse_postcode(value) is None:
            raise serializers.ValidationError(_("Geen geldige postcode."))
        return value


class BereikbaarheidViewSet(viewsets.GenericViewSet):
    permission_classes = [IsPartnerOrganisationMember]

    @extend_schema(
        operation_id="bereikbaarheid_opvragen",
        summary="Wie bel ik nu?",
        description=(
            "Voor een plaats (een regio, een postcode of een gemeente) en een moment: wie u "
            "eerst belt, of Veilig Thuis ter plaatse kan komen (tot wanneer, en wat daarna "
            "geldt; of wanneer weer), wie anders ter plaatse komt, alle lijnen die nu bereikbaar "
            "zijn en de kartrekkers van de regio. Geef precies één van regio, postcode of "
            "gemeente. Een onbekende plaats geeft een antwoord zonder regio's, met het landelijke "
            "nummer van Veilig Thuis. Geen zaakgegevens: wordt niet in het toegangslog "
            "vastgelegd."
        ),
        parameters=[BereikbaarheidParametersSerializer],
        responses={
            200: BereikbaarheidSerializer,
            400: OpenApiResponse(
                ParameterFoutSerializer,
                description=(
                    "Ongeldige parameter (code ongeldige_parameters), niet precies één plaats "
                    "(code precies_een_plaats) of een onbekende regio (code regio_onbekend)."
                ),
            ),
            401: NOT_AUTHENTICATED,
            403: OpenApiResponse(
                FoutSerializer,
                description=(
                    "De gebruiker hoort niet bij een van de vijf partnerorganisaties "
                    "(code permission_denied)."
                ),
            ),
        },
    )
    def opvragen(self, request) -> Response:
        query = BereikbaarheidParametersSerializer(data=request.query_params)
        if not query.is_valid():
            raise InvalidParameters(query.errors)
        params = query.validated_data
        given = [name for name in ("regio", "postcode", "gemeente") if params.get(name)]
        if len(given) != 1:
            raise OnePlace
        place = params.get("postcode") or params.get("gemeente")
        if "regio" in given:
            place = selectors.region_by_code(code=params["regio"])
            if place is None:
                raise UnknownRegion
        answer = selectors.who_to_call(place=place, moment=params.get("moment") or timezone.now())
        return Response(BereikbaarheidSerializer(answer).data)
