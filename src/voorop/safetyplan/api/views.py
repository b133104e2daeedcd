"""/api/v1/interventiepalet/ (configuration) and /api/v1/gezinssystemen/{id}/veiligheidsplan/
(case data: logged, 404 for organisations that may not read the plan)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from voorop.audit.api.errors import FoutSerializer, InvalidParameters
from voorop.audit.api.schema import DETAIL_ERRORS, LIST_ERRORS, id_parameter
from voorop.audit.api.views import CaseDataViewSet
from voorop.audit.models import AccessAction
from voorop.authz import policy
from voorop.authz.api import IsPartnerOrganisationMember
from voorop.persons.models import FamilySystem
from voorop.safetyplan import selectors
from voorop.safetyplan.api.filters import InterventiepaletParametersSerializer
from voorop.safetyplan.api.serializers import InterventieSerializer, VeiligheidsplanSerializer

NOT_A_PARTNER = OpenApiResponse(
    FoutSerializer,
    description=(
        "De gebruiker hoort bij geen partnerorganisatie van Veiligheid Voorop "
        "(code permission_denied)."
    ),
)


class InterventiepaletViewSet(viewsets.GenericViewSet):
    """The interventiepalet (configuration, no case data: not access-logged)."""

    permission_classes = [IsPartnerOrganisationMember]
    serializer_class = InterventieSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.intervention_list()

    @extend_schema(
        summary="Interventiepalet",
        description=(
            "De interventies die partners in een veiligheidsplan kunnen inzetten, per "
            "rechtsdomein (strafrecht, bestuursrecht, civiel recht, sociale interventies, "
            "overige) en fase (acuut, risicogestuurd, herstelgericht), met de soort organisatie "
            "die ze uitvoert, wie beslist en de gebruikelijke en maximale duur. Functioneel "
            "beheer houdt het palet bij. Niet gepagineerd."
        ),
        parameters=[InterventiepaletParametersSerializer],
        responses={200: InterventieSerializer(many=True), **LIST_ERRORS, 403: NOT_A_PARTNER},
    )
    def list(self, request) -> Response:
        query = InterventiepaletParametersSerializer(data=request.query_params)
        if not query.is_valid():
            raise InvalidParameters(query.errors)
        params = query.validated_data
        interventions = selectors.intervention_list(
            legal_domain=params.get("rechtsdomein", ""), phase=params.get("fase", "")
        )
        return Response(InterventieSerializer(interventions, many=True).data)


@dataclass(frozen=True)
class PlanAnswer:
    gezinssysteem: int
    eerste_aanspreekpunt: Any
    onderdelen: list[selectors.PlanItemView]


class VeiligheidsplanViewSet(CaseDataViewSet):
    """The veiligheidsplan of a family system. Readable by partner organisations involved in
    the family system in their own right (or holding emergency access); for anyone else it does
    not exist (404, logged as DENIED). Logged as VIEW ``veiligheidsplan`` (object: the family
    system's id) with the members of the family."""

    permission_classes = [IsPartnerOrganisationMember]
    audit = {"retrieve": (AccessAction.VIEW, "veiligheidsplan")}

    def get_queryset(self):
        return FamilySystem.objects.none()

    @extend_schema(
        operation_id="gezinssystemen_veiligheidsplan",
        summary="Veiligheidsplan van een gezinssysteem",
        description=(
            "Alle interventies en afspraken in het veiligheidsplan, met eigenaar, data, "
            "status en of ze verlopen zijn. Het veiligheidsplan is het gedeelde werkstuk van "
            "de betrokken partners: iedere betrokken partner ziet elk onderdeel; de interne "
            "notitie (notitie) is null tenzij de eigen organisatie eigenaar is, het onderdeel "
            "vastlegde of de notitie op een grondslag is gedeeld."
        ),
        parameters=[id_parameter("Id van het gezinssysteem.")],
        responses={200: VeiligheidsplanSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        family = self.visible_object(selectors.plan_family_get)
        plan = selectors.plan_get(family_system=family)
        answer = PlanAnswer(
            gezinssysteem=family.pk,
            eerste_aanspreekpunt=plan.contact_organisation if plan else None,
            onderdelen=selectors.plan_items(user=request.user, family_system=family),
        )
        self.log_access(
            object_id=family.pk,
            person_ids=selectors.family_member_ids(family_system=family),
            purpose=policy.access_purpose(request.user, family.pk),
        )
        return Response(VeiligheidsplanSerializer(answer).data)
