"""/api/v1/koppelingen/: the review queue, and confirming or rejecting a pair."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from voorop.audit.api.schema import DETAIL_ERRORS, LIST_ERRORS, id_parameter
from voorop.audit.api.views import CaseDataViewSet
from voorop.audit.models import AccessAction
from voorop.linkage import selectors, services
from voorop.linkage.api.serializers import (
    BeoordelingParametersSerializer,
    KoppelingBeoordelingSerializer,
)


class KoppelingViewSet(CaseDataViewSet):
    """Pairs (reported mention, candidate person) the model was not sure of.

    Only pairs whose melding and candidate the caller's organisation may see; any other is a
    404 like a missing one. Logged: the list as LIST ``koppeling``, a pair as VIEW, a decision
    by the service (MERGE on confirm, UPDATE on reject)."""

    audit = {
        "list": (AccessAction.LIST, "koppeling"),
        "retrieve": (AccessAction.VIEW, "koppeling"),
        "bevestigen": (AccessAction.MERGE, "koppeling"),
        "afwijzen": (AccessAction.UPDATE, "koppeling"),
    }

    def get_queryset(self):
        return selectors.review_queue(user=self.request.user)

    @extend_schema(
        summary="Te beoordelen koppelingen",
        description="De koppelingen waarvan het model niet zeker is, hoogste score eerst.",
        parameters=[BeoordelingParametersSerializer],
        responses={200: KoppelingBeoordelingSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        params = self.validated_query(BeoordelingParametersSerializer)
        reviews = selectors.review_queue(
            user=request.user, status=params["status"], min_score=params.get("min_score")
        )
        return self.paginated_response(
            reviews,
            KoppelingBeoordelingSerializer,
            person_ids=lambda items: [r.candidate_id for r in items],
        )

    @extend_schema(
        summary="Te beoordelen koppeling",
        description=(
            "Eén paar: de vermelding zoals gemeld, de kandidaat, de score en per veld de "
            "overeenkomst."
        ),
        parameters=[id_parameter("Id van de te beoordelen koppeling.")],
        responses={200: KoppelingBeoordelingSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        review = self.visible_object(selectors.review_get)
        self.log_access(object_id=review.pk, person_ids=[review.candidate_id])
        return Response(KoppelingBeoordelingSerializer(review).data)

    def _decide(self, decide) -> Response:
        review = self.visible_object(selectors.review_get)
        try:
            decide(review=review, user=self.request.user)
        except ValidationError as exc:
            return Response(
                {"code": exc.code or "ongeldig", "detail": " ".join(exc.messages)},
                status=status.HTTP_409_CONFLICT,
            )
        review.refresh_from_db()
        return Response(KoppelingBeoordelingSerializer(review).data)

    @extend_schema(
        summary="Koppeling bevestigen",
        description="De vermelding is de kandidaat: zij wordt aan deze persoon gekoppeld.",
        request=None,
        parameters=[id_parameter("Id van de te beoordelen koppeling.")],
        responses={200: KoppelingBeoordelingSerializer, **DETAIL_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def bevestigen(self, request, pk: str | None = None) -> Response:
        return self._decide(services.link_confirm)

    @extend_schema(
        summary="Koppeling afwijzen",
        description="De vermelding is niet de kandidaat.",
        request=None,
        parameters=[id_parameter("Id van de te beoordelen koppeling.")],
        responses={200: KoppelingBeoordelingSerializer, **DETAIL_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def afwijzen(self, request, pk: str | None = None) -> Response:
        return self._decide(services.link_reject)
