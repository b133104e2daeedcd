"""Serializers of /api/v1/acuut/: read-only, output only, fed by ``voorop.acuut.api.views``
with what the selectors let the caller see. Field names are Dutch (the API's vocabulary); every
code list has a field name of its own so that the schema gets one enum per list."""

from __future__ import annotations

from rest_framework import serializers

from voorop.acuut.choices import (
    CallOutcome,
    ChildCheckOutcome,
    ConsultationKind,
    ContributionCategory,
    HandoverRoute,
    InjuryKind,
    InvestigativeAct,
    ParticipantRole,
    Status,
    UrgentRequest,
)
from voorop.meldingen.api.serializers import HerkomstSerializer
from voorop.safetyplan.api.serializers import PlanonderdeelSerializer


class DeelnemerSerializer(serializers.Serializer):
    """An organisation that works on the episode: ``rol_deelnemer`` STARTER (started it) or
    PARTNER (reached by phone in step 1), since when."""

    organisatie = serializers.CharField()
    organisatie_id = serializers.IntegerField()
    rol_deelnemer = serializers.ChoiceField(choices=ParticipantRole.choices)
    sinds = serializers.DateTimeField()


class StatuswijzigingSerializer(serializers.Serializer):
    """One step of the episode's history: from ``van_status`` to ``naar_status`` along
    ``overgang`` (the name in the transition table), when, by which organisation."""

    van_status = serializers.CharField(allow_blank=True)
    naar_status = serializers.CharField()
    overgang = serializers.CharField()
    tijdstip = serializers.DateTimeField()
    organisatie = serializers.CharField()


class GesprekSerializer(serializers.Serializer):
    """A call between the police and Veilig Thuis, with ``uitkomst_gesprek`` (ON_SITE: comes
    on site, PHONE, VIDEO, NOT_REACHABLE), why, and the "wie bel ik nu?" answer as shown."""

    id = serializers.IntegerField()
    gebeld_op = serializers.DateTimeField()
    beller = serializers.CharField()
    gebeld = serializers.CharField()
    uitkomst_gesprek = serializers.ChoiceField(choices=CallOutcome.choices)
    reden = serializers.CharField(allow_blank=True)
    antwoord_wie_bel_ik_nu = serializers.CharField(allow_blank=True)


class AankomstSerializer(serializers.Serializer):
    organisatie = serializers.CharField()
    ter_plaatse_op = serializers.DateTimeField()


class VertrekSerializer(serializers.Serializer):
    """A departure; for the police before Veilig Thuis arrived: the phone consultation before."""

    organisatie = serializers.CharField()
    vertrokken_op = serializers.DateTimeField()
    na_overleg_om = serializers.DateTimeField(allow_null=True)
    toelichting = serializers.CharField(allow_blank=True)


class Stap1Serializer(serializers.Serializer):
    """Step 1, physical safety: calls, arrivals, departures, when the police said it was safe
    for Veilig Thuis to enter."""

    gesprekken = GesprekSerializer(many=True)
    aankomsten = AankomstSerializer(many=True)
    vertrekken = VertrekSerializer(many=True)
    woning_veilig_op = serializers.DateTimeField(allow_null=True)


class InbrengSerializer(serializers.Serializer):
    """What one party brought to the motorkapoverleg. ``zichtbaar`` false: the caller learns only
    that it was shared with ``gedeeld_met`` (withdrawn, or not shared with the caller);
    ``soorten_informatie``, ``niets_bekend`` and ``toelichting`` are then empty. ``herkomst``:
    for what another party shared with the caller."""

    organisatie = serializers.CharField()
    eigen = serializers.BooleanField()
    zichtbaar = serializers.BooleanField()
    soorten_informatie = serializers.ListField(
        child=serializers.ChoiceField(choices=ContributionCategory.choices)
    )
    niets_bekend = serializers.BooleanField()
    toelichting = serializers.CharField(allow_blank=True)
    meegestuurde_meldingen = serializers.IntegerField()
    gedeeld_op = serializers.DateTimeField()
    gedeeld_met = serializers.CharField()
    grondslag = serializers.CharField()
    verstrekking = serializers.CharField()
    ingetrokken = serializers.BooleanField()
    herkomst = HerkomstSerializer(allow_null=True)


class RaadplegingSerializer(serializers.Serializer):
    """A request to the Raad, the OM or the reclassering. ``vraag`` and ``antwoord`` are null for
    an organisation that neither asked nor was asked."""

    id = serializers.IntegerField()
    soort_raadpleging = serializers.ChoiceField(choices=ConsultationKind.choices)
    gericht_aan = serializers.CharField()
    gevraagd_door = serializers.CharField()
    gevraagd_op = serializers.DateTimeField()
    buiten_kantooruren = serializers.BooleanField()
    gebruikte_lijn = serializers.CharField(allow_blank=True)
    spoedverzoek = serializers.ChoiceField(choices=UrgentRequest.choices)
    vraag = serializers.CharField(allow_null=True)
    beantwoord_op = serializers.DateTimeField(allow_null=True)
    beantwoord_door = serializers.CharField(allow_blank=True)
    antwoord = serializers.CharField(allow_null=True)


class BeoordelingStatusSerializer(serializers.Serializer):
    """Veilig Thuis's veiligheidsbeoordeling as every participant sees it: reference, status,
    when part A was done. Its content is shared, if at all, through its own disclosure."""

    kenmerk = serializers.CharField()
    beoordelingsstatus = serializers.CharField()
    deel_a_afgerond_op = serializers.DateTimeField(allow_null=True)


class Stap2Serializer(serializers.Serializer):
    """Step 2, the motorkapoverleg."""

    inbreng = InbrengSerializer(many=True)
    raadplegingen = RaadplegingSerializer(many=True)
    veiligheidsbeoordeling = BeoordelingStatusSerializer(allow_null=True)


class OnderzoeksafspraakSerializer(serializers.Serializer):
    volgorde = serializers.IntegerField()
    onderzoekshandeling = serializers.ChoiceField(choices=InvestigativeAct.choices)
    door = serializers.CharField()
    gezamenlijk = serializers.BooleanField()
    met_wie = serializers.ListField(child=serializers.IntegerField(), help_text="Persoon-ids.")
    toelichting = serializers.CharField(allow_blank=True)


class KindcheckSerializer(serializers.Serializer):
    uitkomst_kindcheck = serializers.ChoiceField(choices=ChildCheckOutcome.choices)
    letsel = serializers.BooleanField()
    gecontroleerd_op = serializers.DateTimeField()
    organisatie = serializers.CharField()


class KindSerializer(serializers.Serializer):
    """A child of the household with its kindcheck (null: not yet done)."""

    persoon_id = serializers.IntegerField()
    naam = serializers.CharField()
    kindcheck = KindcheckSerializer(allow_null=True)


class LetselSerializer(serializers.Serializer):
    persoon_id = serializers.IntegerField()
    naam = serializers.CharField()
    minderjarig = serializers.BooleanField()
    soort_letsel = serializers.ChoiceField(choices=InjuryKind.choices)
    fotos_gemaakt = serializers.BooleanField(allow_null=True)
    forensisch_arts_op = serializers.DateTimeField(allow_null=True)
    forensische_opsporing_op = serializers.DateTimeField(allow_null=True)


class Stap3Serializer(serializers.Serializer):
    """Step 3, the (joint) investigation. ``woning_plaats_delict`` null: not yet decided."""

    afspraken = OnderzoeksafspraakSerializer(many=True)
    kinderen = KindSerializer(many=True)
    letsel = LetselSerializer(many=True)
    woning_plaats_delict = serializers.BooleanField(allow_null=True)


class Stap4Serializer(serializers.Serializer):
    """Step 4: the measures and agreements of this episode as they stand in the family's
    veiligheidsplan, and the first point of contact for all of them."""

    onderdelen = PlanonderdeelSerializer(many=True)
    eerste_aanspreekpunt = serializers.CharField(allow_null=True)


class Stap5Serializer(serializers.Serializer):
    """Step 5, "niet meer acuut?": the closing checklist and where the case continues."""

    onderzoek_gedaan = serializers.BooleanField()
    iedereen_veilig = serializers.BooleanField()
    vervolg = serializers.ChoiceField(choices=HandoverRoute.choices, allow_blank=True)
    toelichting = serializers.CharField(allow_blank=True)
    afgesloten_op = serializers.DateTimeField(allow_null=True)
    reden_afbreken = serializers.CharField(allow_blank=True)


class AcuutKortSerializer(serializers.Serializer):
    """A Samen op in acuut as listed: ``acuut_status`` (GESTART, TER_PLAATSE, MOTORKAPOVERLEG,
    ONDERZOEK, MAATREGELEN, AFGESLOTEN, AFGEBROKEN) and ``stap`` (1–5);
    ``minuten_tot_veilig_thuis``: from the incident until Veilig Thuis was involved (null: not
    yet)."""

    id = serializers.IntegerField()
    kenmerk = serializers.CharField()
    gezinssysteem = serializers.IntegerField()
    gezinssysteem_naam = serializers.CharField()
    acuut_status = serializers.ChoiceField(choices=Status.choices)
    stap = serializers.IntegerField()
    gestart_door = serializers.CharField()
    gestart_op = serializers.DateTimeField()
    incident_op = serializers.DateTimeField()
    veilig_thuis_betrokken_op = serializers.DateTimeField(allow_null=True)
    minuten_tot_veilig_thuis = serializers.IntegerField(allow_null=True)


class AcuutSerializer(AcuutKortSerializer):
    """A Samen op in acuut with its five steps, as the caller's organisation may see it."""

    deelnemers = DeelnemerSerializer(many=True)
    verloop = StatuswijzigingSerializer(many=True)
    stap_1 = Stap1Serializer()
    stap_2 = Stap2Serializer()
    stap_3 = Stap3Serializer()
    stap_4 = Stap4Serializer()
    stap_5 = Stap5Serializer()
