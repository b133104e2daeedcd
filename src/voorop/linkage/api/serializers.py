from __future__ import annotations

from rest_framework import serializers

from voorop.linkage.models import LinkReview, ReviewStatus


class VeldOvereenkomstSerializer(serializers.Serializer):
    veld = serializers.CharField()
    niveau = serializers.CharField()
    gewicht = serializers.FloatField()


class KoppelingBeoordelingSerializer(serializers.ModelSerializer):
    melding = serializers.CharField(source="mention.melding.reference", read_only=True)
    vermelding = serializers.IntegerField(source="mention_id", read_only=True)
    zoals_gemeld = serializers.CharField(source="mention.reported_name", read_only=True)
    kandidaat = serializers.IntegerField(source="candidate_id", read_only=True)
    kandidaat_naam = serializers.CharField(source="candidate.full_name", read_only=True)
    velden = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="OPEN, BEVESTIGD of AFGEWEZEN")
    reden = serializers.CharField(source="reason", read_only=True)
    beoordeeld_op = serializers.DateTimeField(source="decided_at", read_only=True)

    class Meta:
        model = LinkReview
        fields = [
            "id",
            "melding",
            "vermelding",
            "zoals_gemeld",
            "kandidaat",
            "kandidaat_naam",
            "score",
            "velden",
            "status",
            "reden",
            "beoordeeld_op",
        ]

    def get_velden(self, obj: LinkReview) -> list[dict]:
        data = VeldOvereenkomstSerializer(obj.explanation.get("velden", []), many=True).data
        return list(data)


class BeoordelingParametersSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ReviewStatus.choices, required=False, default=ReviewStatus.OPEN
    )
    min_score = serializers.FloatField(required=False, min_value=0, max_value=1)
