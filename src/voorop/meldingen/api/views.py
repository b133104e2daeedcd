"""/api/v1/meldingen/: the meldingen the caller's organisation may see."""

from __future__ import annotations

from functools import partial

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from voorop.audit.api.schema import DETAIL_ERRORS, LIST_ERRORS, id_parameter
from voorop.audit.api.views import CaseDataViewSet
from voorop.audit.models import AccessAction
from voorop.authz import policy
from voorop.meldingen import selectors
from voorop.meldingen.api.filters import MeldingParametersSerializer
from voorop.meldingen.api.serializers import MeldingDetailSerializer, MeldingSerializer


class MeldingViewSet(CaseDataViewSet):
    """Meldingen, through ``voorop.meldingen.selectors``: an organisation sees the meldingen it
    recorded itself in full, and others' as far as they were shared with it. A list is logged
    as LIST without person ids (it shows none); a detail as VIEW with the linked persons' ids."""

    audit = {
        "list": (AccessAction.LIST, "melding"),
        "retrieve": (AccessAction.VIEW, "melding"),
    }

    def get_queryset(self):
        return selectors.melding_list(user=self.request.user)

    @extend_schema(
        summary="Meldingen",
        description=(
            "De meldingen die de organisatie van de gebruiker mag zien: die zij zelf heeft "
            "vastgelegd, en die met haar zijn gedeeld (alleen de gedeelde gegevens, met herkomst), "
            "de laatst voorgevallen eerst."
        ),
        parameters=[MeldingParametersSerializer],
        responses={200: MeldingSerializer(many=True), **LIST_ERRORS},
    )
    def list(self, request) -> Response:
        params = self.validated_query(MeldingParametersSerializer)
        meldingen = selectors.melding_list(
            user=request.user, kind=params.get("soort", ""), acute_only=params["acuut"]
        )
        return self.paginated_response(
            meldingen, MeldingSerializer, transform=partial(policy.melding_views, request.user)
        )

    @extend_schema(
        summary="Melding",
        description="Eén melding, met de betrokken personen zoals gemeld.",
        parameters=[id_parameter("Id van de melding.")],
        responses={200: MeldingDetailSerializer, **DETAIL_ERRORS},
    )
    def retrieve(self, request, pk: str | None = None) -> Response:
        melding = self.visible_object(selectors.melding_get)
        self.log_access(
            object_id=melding.pk,
            person_ids=[p.person_id for p in melding.persons],
            purpose=policy.access_purpose(request.user, melding.family_system_id),
        )
        return Response(MeldingDetailSerializer(melding).data)
