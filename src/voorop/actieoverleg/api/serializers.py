"""Serializers of the actieoverleg endpoints (Dutch field names, as in the other endpoints)."""

from __future__ import annotations

from rest_framework import serializers


class OrganisatieRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField(source="name")
    soort = serializers.CharField(source="kind")


class DeelnameSerializer(serializers.Serializer):
    organisatie = OrganisatieRefSerializer(source="organisation")
    uitgenodigd_als = serializers.CharField(source="basis")
    reactie = serializers.CharField(source="response")


class AgendapuntSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kenmerk = serializers.CharField(source="reference")
    volgorde = serializers.IntegerField(source="position")
    tijdslot_van = serializers.DateTimeField(source="slot_start")
    tijdslot_tot = serializers.DateTimeField(source="slot_end")
    status = serializers.CharField()
    gezinssysteem = serializers.IntegerField(source="submission.family_system_id")
    gezinssysteem_naam = serializers.CharField(source="submission.family_system.name")
    reden = serializers.CharField(source="submission.reason")
    deelnemers = DeelnameSerializer(source="participations.all", many=True)


class ActieoverlegSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kenmerk = serializers.CharField(source="reference")
    veilig_thuis = OrganisatieRefSerializer(source="vt_organisation")
    begint_om = serializers.DateTimeField(source="starts_at")
    eindigt_om = serializers.DateTimeField(source="ends_at")
    locatie = serializers.CharField(source="location")
    status = serializers.CharField()


class ActieoverlegDetailSerializer(ActieoverlegSerializer):
    agenda = AgendapuntSerializer(many=True)


class AfspraakSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="plan_item.pk")
    omschrijving = serializers.CharField(source="plan_item.description")
    eigenaar = OrganisatieRefSerializer(source="plan_item.owner_organisation")
    uiterlijk_op = serializers.DateField(source="plan_item.ends_on", allow_null=True)
    status = serializers.CharField(source="plan_item.status")
    verlopen = serializers.BooleanField(source="overdue")
    agendapunt = serializers.CharField(source="item.reference")
    gezinssysteem = serializers.IntegerField(source="item.submission.family_system_id")
