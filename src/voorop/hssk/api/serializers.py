"""Serializers of /api/v1/hssk/: read-only, output only, fed by ``voorop.hssk.api.views`` with
what the selectors let the caller see. While a case is anonymous its document has no family
system, no persons and nothing of the initiator's melding: only the anonymous facts."""

from __future__ import annotations

from rest_framework import serializers

from voorop.hssk.choices import (
    Act,
    ActStatus,
    AgeBand,
    Certainty,
    Decision,
    InjuryKind,
    MissingInformation,
    ParticipantRole,
    Position,
    ReporterKind,
    StartMode,
    Status,
)
from voorop.safetyplan.api.serializers import PlanonderdeelSerializer


class HsskKortSerializer(serializers.Serializer):
    """A case in a list: ``hssk_status`` (OVERLEG is the anonymous consultation), the step of
    figure 4, how it started (``start``: ANONIEM or GEIDENTIFICEERD) and — only once it is
    identified — the family system's id."""

    id = serializers.IntegerField()
    kenmerk = serializers.CharField()
    hssk_status = serializers.ChoiceField(choices=Status.choices)
    stap = serializers.IntegerField()
    start = serializers.ChoiceField(choices=StartMode.choices)
    anoniem = serializers.BooleanField()
    melder = serializers.CharField()
    politie = serializers.CharField()
    openbaar_ministerie = serializers.CharField(allow_null=True)
    gestart_op = serializers.DateTimeField()
    gezinssysteem = serializers.IntegerField(allow_null=True)


class AnoniemeGegevensSerializer(serializers.Serializer):
    leeftijd_kind = serializers.ChoiceField(choices=AgeBand.choices)
    soort_letsel = serializers.ListField(child=serializers.ChoiceField(choices=InjuryKind.choices))
    zekerheid_letsel = serializers.ChoiceField(choices=Certainty.choices)
    gemeld_door = serializers.ChoiceField(choices=ReporterKind.choices)
    omstandigheden = serializers.CharField()
    vraag = serializers.CharField()
    grijs_gebied = serializers.BooleanField()


class HsskDeelnemerSerializer(serializers.Serializer):
    organisatie = serializers.CharField()
    organisatie_id = serializers.IntegerField()
    rol_hssk = serializers.ChoiceField(choices=ParticipantRole.choices)
    sinds = serializers.DateTimeField()


class HsskVerloopSerializer(serializers.Serializer):
    van_status = serializers.CharField(allow_blank=True)
    naar_status = serializers.CharField()
    overgang = serializers.CharField()
    tijdstip = serializers.DateTimeField()
    organisatie = serializers.CharField()


class ZienswijzeSerializer(serializers.Serializer):
    organisatie = serializers.CharField()
    zienswijze = serializers.ChoiceField(choices=Position.choices)
    toelichting = serializers.CharField()
    gegeven_op = serializers.DateTimeField()


class HsskBesluitSerializer(serializers.Serializer):
    besluit = serializers.ChoiceField(choices=Decision.choices)
    motivering = serializers.CharField()
    besloten_op = serializers.DateTimeField()


class OnderzoekshandelingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    volgorde = serializers.IntegerField()
    onderzoekshandeling = serializers.ChoiceField(choices=Act.choices)
    door = serializers.CharField()
    gepland_op = serializers.DateField(allow_null=True)
    met_wie = serializers.ListField(child=serializers.IntegerField())
    toelichting = serializers.CharField(allow_blank=True)
    reden_herhaald_gesprek = serializers.CharField(allow_blank=True)
    afstemming_volgorde = serializers.CharField(allow_blank=True)
    status_handeling = serializers.ChoiceField(choices=ActStatus.choices)
    uitkomst = serializers.CharField(allow_blank=True)


class AkkoordSerializer(serializers.Serializer):
    organisatie = serializers.CharField()
    akkoord_op = serializers.DateTimeField()


class OnderzoeksplanSerializer(serializers.Serializer):
    vastgesteld_op = serializers.DateTimeField(allow_null=True)
    handelingen = OnderzoekshandelingSerializer(many=True)
    akkoord = AkkoordSerializer(many=True)


class EvaluatieSerializer(serializers.Serializer):
    organisatie = serializers.CharField()
    wat_werkte = serializers.CharField()
    wat_kan_beter = serializers.CharField(allow_blank=True)
    ontbrekende_informatie = serializers.ListField(
        child=serializers.ChoiceField(choices=MissingInformation.choices)
    )
    onderzoeken_in_de_weg = serializers.BooleanField()
    cijfer_samenwerking = serializers.IntegerField()
    gegeven_op = serializers.DateTimeField()


class DoorlooptijdenSerializer(serializers.Serializer):
    """Hours from the signal at Veilig Thuis (or the Raad) to each milestone."""

    naar_politie = serializers.FloatField(allow_null=True)
    tot_besluit = serializers.FloatField(allow_null=True)
    tot_onderzoeksplan = serializers.FloatField(allow_null=True)
    tot_afsluiting = serializers.FloatField(allow_null=True)


class HsskSerializer(HsskKortSerializer):
    """One case with its five steps, as the caller may see it."""

    gezinssysteem_naam = serializers.CharField(allow_null=True)
    anonieme_gegevens = AnoniemeGegevensSerializer()
    deelnemers = HsskDeelnemerSerializer(many=True)
    verloop = HsskVerloopSerializer(many=True)
    zienswijzen = ZienswijzeSerializer(many=True)
    besluit = HsskBesluitSerializer(allow_null=True)
    onderzoeksplan = OnderzoeksplanSerializer()
    interventies = PlanonderdeelSerializer(many=True)
    geen_interventies_reden = serializers.CharField(allow_blank=True)
    evaluaties = EvaluatieSerializer(many=True)
    doorlooptijden = DoorlooptijdenSerializer()
