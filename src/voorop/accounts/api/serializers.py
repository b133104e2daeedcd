"""How the current user appears in the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from voorop.accounts.models import RoleCode
from voorop.organisations.api.serializers import OrganisatieSerializer


class IkSerializer(serializers.Serializer):
    """The current user: ``gebruikersnaam``, ``naam`` (full name), ``organisatie`` and
    ``rollen`` (sorted list of ``RoleCode`` codes)."""

    gebruikersnaam = serializers.CharField(source="username")
    naam = serializers.CharField(source="get_full_name")
    organisatie = OrganisatieSerializer(source="organisation")
    rollen = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(RoleCode.choices)))
    def get_rollen(self, user) -> list[str]:
        return sorted(user.role_codes)
