"""How organisations appear in the API."""

from __future__ import annotations

from rest_framework import serializers

from voorop.organisations.models import OrganisationKind


class OrganisatieSerializer(serializers.Serializer):
    """An organisation in the network.

    Fields: ``id``; ``code`` (stable slug); ``naam``; ``soort_organisatie`` (an
    ``OrganisationKind`` code such as ``VT``, ``POLITIE``, ``OM``, ``RECLASSERING``, ``RVDK``).
    The kind is called ``soort_organisatie``, not ``soort``, so that it is never confused with
    the ``soort`` of a melding (and each code list keeps one name in the schema).

    Like every serializer of this read-only API it is used for output only."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    naam = serializers.CharField(source="name")
    soort_organisatie = serializers.ChoiceField(source="kind", choices=OrganisationKind.choices)
