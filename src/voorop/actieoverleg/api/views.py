"""/api/v1/actieoverleggen/ and /api/v1/actieoverleg-afspraken/: read-only, logged, and 404
for a meeting the user takes no part in (as for a missing one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from voorop.actieoverleg import selectors, services
from voorop.actieoverleg.api.serializers import (
    ActieoverlegDetailSerializer,
    ActieoverlegSerializer,
    AfspraakSerializer,
)
from voorop.audit.api.schema import DETAIL_ERRORS, LIST_ERRORS, id_parameter
from voorop.audit.api.views import CaseDataViewSet
from voorop.audit.models import AccessAction
from voorop.authz.api import IsPartnerOrganisationMember


@dataclass(frozen=True)
class MeetingAnswer:
    meeting: Any
    agenda: list[Any]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.__dict__["meeting"], name)


class ActieoverlegViewSet(CaseDataViewSet):
    """Meetings the user's organisation takes part in (chair, standing participant or invited
    to an item), each with the agenda items it sees."""

    permission_classes = [IsPartnerOrganisationMember]
    audit = {
        "list": (AccessAction.LIST, services.MEETING),
        "retrieve": (AccessAction.VIEW, services.MEETING),
    }

    def get_queryset(self):
        return selectors.meetings_for(self.request.user)

    @extend_schema(
        summary="Actieoverleggen",
        description=(
            "De actieoverleggen waaraan de organisatie van de gebruiker deelneemt: als "
            "voorzitter (Veilig Thuis), als vaste deelnemer (politie, OM) of uitgenodigd voor een "
            "casus (3RO, RvdK). Nieuwste eerst, gepagineerd."
        ),
        responses={200: ActieoverlegSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        return self.paginated_response(
            self.get_queryset().select_related("vt_organisation").order_by("-starts_at", "-pk"),
            ActieoverlegSerializer,
        )

    @extend_schema(
        summary="Eén actieoverleg met agenda",
        description=(
            "Het overleg met de agendapunten die de gebruiker ziet (3RO en RvdK alleen de "
            "casussen waarvoor zij zijn uitgenodigd), tijdsloten en deelnemers. Een overleg "
            "waaraan de organisatie niet deelneemt, bestaat voor haar niet (404)."
        ),
        parameters=[id_parameter("Id van het actieoverleg.")],
        responses={200: ActieoverlegDetailSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        meeting = self.visible_object(selectors.meeting_get)
        items = list(selectors.meeting_items(user=request.user, meeting=meeting))
        person_ids = selectors.family_member_ids_for(i.submission.family_system_id for i in items)
        self.log_access(object_id=meeting.pk, person_ids=person_ids)
        return Response(ActieoverlegDetailSerializer(MeetingAnswer(meeting, items)).data)


class AfsprakenViewSet(CaseDataViewSet):
    """Open agreements from the actieoverleggen the user takes part in."""

    permission_classes = [IsPartnerOrganisationMember]
    audit = {"list": (AccessAction.LIST, services.ITEM)}

    def get_queryset(self):
        return selectors.items_for(self.request.user)

    @extend_schema(
        summary="Openstaande afspraken uit het actieoverleg",
        description=(
            "Open afspraken en onderzoekshandelingen (uit het veiligheidsplan) van de "
            "agendapunten die de gebruiker ziet, per eigenaar; verlopen: de einddatum of "
            "herbeoordelingsdatum is voorbij. Gepagineerd."
        ),
        responses={200: AfspraakSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        agreements = selectors.open_agreements(user=request.user)
        page = self.paginate_queryset(agreements)
        shown = agreements if page is None else page
        self.log_access(
            person_ids=selectors.family_member_ids_for(
                a.item.submission.family_system_id for a in shown
            )
        )
        data = AfspraakSerializer(shown, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)
