"""/api/v1/ik/: who the caller is."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from voorop.accounts.api.serializers import IkSerializer
from voorop.audit.api.schema import NOT_A_MEMBER, NOT_AUTHENTICATED


class IkView(APIView):
    """The current user, their organisation and roles. No case data, so not access-logged."""

    @extend_schema(
        summary="Huidige gebruiker",
        description="De ingelogde gebruiker: gebruikersnaam, organisatie en rollen.",
        responses={200: IkSerializer, 401: NOT_AUTHENTICATED, 403: NOT_A_MEMBER},
    )
    def get(self, request) -> Response:
        return Response(IkSerializer(request.user).data)
