"""/api/v1/betrokkenheid/: dat-informatie for machine clients ("wie is nog meer betrokken?").

The rules are those of ``voorop.sharing.betrokkenheid``: any partner organisation may ask about
any person or family system; the answer names organisations, since when, their contact route
and their reference, never content; an unknown person and one without involvement give the same
empty answer; every question is logged as ``DAT_QUERY`` (channel ``API``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from voorop.audit.api.errors import FoutSerializer, ParameterFoutSerializer
from voorop.audit.api.parameters import id_parameter
from voorop.audit.api.schema import NOT_AUTHENTICATED
from voorop.audit.api.views import API_CHANNEL, CaseDataViewSet
from voorop.audit.models import AccessAction
from voorop.authz.api import IsOrganisationMember, IsPartnerOrganisationMember
from voorop.organisations.api.serializers import OrganisatieSerializer
from voorop.persons.models import OrganisationInvolvement
from voorop.sharing import betrokkenheid


class OneLookupParameter(APIException):
    """Exactly one of ``persoon``, ``bsn`` and ``gezinssysteem`` names what is asked about."""

    status_code = 400
    default_detail = _("Geef precies één van de parameters persoon, bsn of gezinssysteem op.")
    default_code = "precies_een_parameter"


#: The largest id a (64-bit) primary key can have.
MAX_ID = 2**63 - 1

_BSN_MESSAGE = _("Geen geldig BSN: geef negen cijfers die voldoen aan de elfproef.")


class BetrokkenheidParametersSerializer(serializers.Serializer):
    """?persoon= | ?bsn= | ?gezinssysteem= — exactly one."""

    persoon = id_parameter(help_text="Id van de persoon in de persoonsindex.")
    bsn = serializers.CharField(
        required=False,
        help_text="Burgerservicenummer: negen cijfers die voldoen aan de elfproef.",
        error_messages={"blank": _BSN_MESSAGE, "invalid": _BSN_MESSAGE},
    )
    gezinssysteem = id_parameter(help_text="Id van het gezinssysteem.")

    def _fits(self, value: int | None) -> int | None:
        if value is not None and value > MAX_ID:
            raise serializers.ValidationError(_("Geef een id: een positief geheel getal."))
        return value

    def validate_persoon(self, value: int | None) -> int | None:
        return self._fits(value)

    def validate_gezinssysteem(self, value: int | None) -> int | None:
        return self._fits(value)

    def validate_bsn(self, value: str) -> str:
        if not betrokkenheid.is_valid_bsn(value):
            raise serializers.ValidationError(_BSN_MESSAGE, code="invalid")
        return value


class ContactrouteSerializer(serializers.Serializer):
    """How to reach the organisation's team: ``telefoon`` and ``email`` (empty if unknown)."""

    telefoon = serializers.CharField(source="contact_phone")
    email = serializers.CharField(source="contact_email")


class BetrokkenOrganisatieSerializer(serializers.Serializer):
    """One involved partner organisation: ``organisatie``, ``sinds`` (its earliest involvement),
    ``contact`` (its team's phone and e-mail) and ``kenmerk`` (its own reference, else the
    network's reference of the family system)."""

    organisatie = OrganisatieSerializer(source="organisation")
    sinds = serializers.DateTimeField(source="since")
    contact = ContactrouteSerializer(source="*")
    kenmerk = serializers.CharField(source="reference")


class BetrokkenheidAntwoordSerializer(serializers.Serializer):
    """The answer: ``persoon`` or ``gezinssysteem`` (what was asked about; ``persoon`` is null
    for a BSN without a hit) and ``betrokken``, the involved partner organisations, earliest
    first. An empty ``betrokken`` is a no-hit: unknown, or no partner involved."""

    persoon = serializers.IntegerField(source="person_id", allow_null=True)
    gezinssysteem = serializers.IntegerField(source="family_system_id", allow_null=True)
    betrokken = BetrokkenOrganisatieSerializer(source="organisations", many=True)


class BetrokkenheidViewSet(CaseDataViewSet):
    """Dat-informatie. Only for users of the five partner organisations (403 for others).
    Logged as DAT_QUERY with the person asked about (or the members of the family system)."""

    permission_classes = [IsOrganisationMember, IsPartnerOrganisationMember]
    audit = {"opvragen": (AccessAction.DAT_QUERY, "persoon")}

    def get_queryset(self):
        return OrganisationInvolvement.objects.none()

    @extend_schema(
        operation_id="betrokkenheid_opvragen",
        summary="Wie is betrokken? (dat-informatie)",
        description=(
            "Welke partnerorganisaties betrokken zijn bij een persoon (via de gezinssystemen "
            "waar die lid van is) of bij een gezinssysteem: per organisatie sinds wanneer, de "
            "contactgegevens van het team en het kenmerk. Nooit inhoud. Werkt ook voor personen "
            "die de eigen organisatie verder niet mag zien (hit/no-hit). Geef precies één van "
            "persoon, bsn of gezinssysteem. Een onbekende persoon en een persoon zonder "
            "betrokken partner geven hetzelfde antwoord: een lege lijst betrokken."
        ),
        parameters=[BetrokkenheidParametersSerializer],
        responses={
            200: BetrokkenheidAntwoordSerializer,
            400: OpenApiResponse(
                ParameterFoutSerializer,
                description=(
                    "Ongeldige parameter (code ongeldige_parameters), of niet precies één van "
                    "persoon, bsn en gezinssysteem (code precies_een_parameter)."
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
        params = self.validated_query(BetrokkenheidParametersSerializer)
        given = [name for name in ("persoon", "bsn", "gezinssysteem") if name in params]
        if len(given) != 1:
            raise OneLookupParameter
        if "gezinssysteem" in params:
            answer = betrokkenheid.involvement_for_family(
                user=request.user, family_system_id=params["gezinssysteem"], channel=API_CHANNEL
            )
        else:
            answer = betrokkenheid.involvement_for_person(
                user=request.user,
                person_id=params.get("persoon"),
                bsn=params.get("bsn"),
                channel=API_CHANNEL,
            )
        return Response(BetrokkenheidAntwoordSerializer(answer).data)
