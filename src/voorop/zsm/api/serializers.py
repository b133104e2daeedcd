"""Serializers of /api/v1/zsm/: field names are Dutch (the API's vocabulary)."""

from __future__ import annotations

from rest_framework import serializers

from voorop.zsm.choices import DelayTo, Disposal, HgLabel, Status, VtPresence


class ZsmZaakKortSerializer(serializers.Serializer):
    """A case in the queue of a ZSM location, with the 9-hour clock."""

    id = serializers.IntegerField()
    kenmerk = serializers.CharField()
    zsm_locatie = serializers.CharField()
    zsm_status = serializers.ChoiceField(choices=Status.choices)
    instroom_op = serializers.DateTimeField()
    uiterlijk_besluit_op = serializers.DateTimeField()
    minuten_resterend = serializers.IntegerField(
        help_text="Minuten tot de 9-uursnorm; negatief: over tijd."
    )
    hg_label = serializers.ChoiceField(choices=HgLabel.choices)
    reden_mogelijk_hg = serializers.CharField(allow_blank=True)
    bekend_bij_veilig_thuis = serializers.BooleanField()
    raad_betrokken = serializers.BooleanField()
    reden_raad = serializers.CharField(allow_blank=True)
    keren_teruggezet = serializers.IntegerField()


class GebeurtenisSerializer(serializers.Serializer):
    tijdstip = serializers.DateTimeField()
    soort = serializers.CharField()
    van_status = serializers.CharField(allow_blank=True)
    naar_status = serializers.CharField(allow_blank=True)
    organisatie = serializers.CharField(allow_blank=True)
    toelichting = serializers.CharField(allow_blank=True)


class AdviesSerializer(serializers.Serializer):
    organisatie = serializers.CharField()
    advies = serializers.CharField()
    gebaseerd_op_veilig_thuis = serializers.BooleanField()
    afgestemd_met_veilig_thuis = serializers.BooleanField()
    minuten_afstemming = serializers.IntegerField(allow_null=True)
    vastgelegd_op = serializers.DateTimeField()


class BesluitSerializer(serializers.Serializer):
    soort_besluit = serializers.CharField()
    afdoening = serializers.CharField(allow_blank=True)
    juridische_maatregelen = serializers.CharField(allow_blank=True)
    uitgesteld_naar = serializers.CharField(allow_blank=True)
    nieuwe_datum = serializers.DateField(allow_null=True)
    officier = serializers.CharField()
    overdracht = serializers.CharField(allow_blank=True)
    vastgelegd_op = serializers.DateTimeField()


class OverlegSerializer(serializers.Serializer):
    gehouden_op = serializers.DateTimeField()
    veilig_thuis = serializers.ChoiceField(choices=VtPresence.choices)
    deelnemers = serializers.ListField(child=serializers.CharField())
    afspraken = serializers.CharField()


class ZsmZaakSerializer(ZsmZaakKortSerializer):
    """One case with its history, 3RO advices, afstemmingsoverleggen and OM decisions. VT's
    assessment is not in it: it is read through /api/v1/veiligheidsbeoordelingen/ as far as it
    was shared (``beoordeling_gekoppeld`` only says that VT linked one)."""

    acute_onveiligheid = serializers.BooleanField()
    beoordeling_gekoppeld = serializers.BooleanField()
    verdachte_gekoppeld = serializers.BooleanField(
        help_text="Of de verdachte al aan de personenindex is gekoppeld."
    )
    verdachte_vrijgelaten_op = serializers.DateTimeField(allow_null=True)
    verloop = GebeurtenisSerializer(many=True)
    adviezen = AdviesSerializer(many=True)
    afstemmingsoverleggen = OverlegSerializer(many=True)
    besluiten = BesluitSerializer(many=True)


class BesluitInvoerSerializer(serializers.Serializer):
    afdoening = serializers.ChoiceField(choices=Disposal.choices)
    juridische_maatregelen = serializers.CharField(required=False, allow_blank=True, default="")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class UitstelInvoerSerializer(serializers.Serializer):
    uitgesteld_naar = serializers.ChoiceField(choices=DelayTo.choices)
    nieuwe_datum = serializers.DateField()
    overdracht = serializers.CharField()


class HgBevestigenInvoerSerializer(serializers.Serializer):
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class HgAfwijzenInvoerSerializer(serializers.Serializer):
    reden = serializers.CharField(max_length=300)


class BeoordelingInvoerSerializer(serializers.Serializer):
    veiligheidsbeoordeling = serializers.IntegerField(
        help_text="Id van een eigen veiligheidsbeoordeling van het gezinssysteem (deel A af)."
    )


class DelenInvoerSerializer(serializers.Serializer):
    noodzaak = serializers.CharField(
        help_text="Waarom de ZSM-partners de veiligheidsvoorwaarden nodig hebben."
    )


class AdviesInvoerSerializer(serializers.Serializer):
    advies = serializers.CharField()
    gebaseerd_op_veilig_thuis = serializers.BooleanField(default=False)
    afgestemd_met_veilig_thuis = serializers.BooleanField(default=False)
    minuten_afstemming = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=600
    )


class OverlegInvoerSerializer(serializers.Serializer):
    veilig_thuis = serializers.ChoiceField(choices=VtPresence.choices)
    deelnemers = serializers.ListField(
        child=serializers.CharField(),
        help_text="Codes van de deelnemende organisaties (ZSM-partners op deze locatie); de "
        "eigen organisatie doet altijd mee.",
    )
    afspraken = serializers.CharField()
    gehouden_op = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ZsmFoutSerializer(serializers.Serializer):
    """One reason a write was refused."""

    code = serializers.CharField(help_text="Vaste foutcode voor programma's.")
    melding = serializers.CharField(help_text="Foutmelding voor mensen (Nederlands).")


class ZsmWeigeringSerializer(serializers.Serializer):
    """A refused write: ``detail`` and ``code`` of the first reason, and every reason."""

    detail = serializers.CharField()
    code = serializers.CharField()
    fouten = ZsmFoutSerializer(many=True)
