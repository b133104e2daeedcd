"""How veiligheidsbeoordelingen, risk instruments and their results appear in the API.

An assessment is read from a ``selectors.BeoordelingAccess``: the fields of the summary are
there for everyone who may see the assessment; the rest (``deel_a.onderbouwing``,
``risicofactoren``, ``deel_b``, ``uitkomst.onderbouwing``) only for its own VT organisation and
``null`` (or empty) for anyone else — the serializer never reads them from another
organisation's record.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from voorop.assessment.choices import (
    ConditionStatus,
    Context,
    FactorAnswer,
    Outcome,
    RiskFactor,
    Status,
)
from voorop.assessment.levels import AcuteLevel, RiskLevel, StructuralLevel
from voorop.assessment.models import AnswerType, InstrumentTarget
from voorop.meldingen.api.serializers import HerkomstSerializer
from voorop.organisations.models import OrganisationKind


def _enum(choices: Any, enum_id: str, *, nullable: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "string",
        "enum": [value for value, _label in choices] + ([None] if nullable else []),
        "x-spec-enum-id": enum_id,
    }
    if nullable:
        schema["nullable"] = True
    return schema


class _Nullable(serializers.CharField):
    """Shows an empty code as null."""

    def to_representation(self, value: Any) -> Any:
        return value or None


def _enum_field(choices: Any, enum_id: str, *, nullable: bool = False) -> type:
    """A read-only code field documented as an enum of its own. Each field name gets its own
    enum id: one code list under several names (or one name for several code lists) would make
    the schema generator guess names."""
    base = _Nullable if nullable else serializers.CharField
    return extend_schema_field(_enum(choices, enum_id, nullable=nullable))(
        type(f"EnumField_{enum_id}", (base,), {})
    )


NiveauField = _enum_field(RiskLevel.choices, "voorop-assessment-niveau")
BerekendNiveauField = _enum_field(RiskLevel.choices, "voorop-assessment-berekend-niveau")
ProfessioneelNiveauField = _enum_field(RiskLevel.choices, "voorop-assessment-professioneel-niveau")
AcuteOnveiligheidField = _enum_field(
    AcuteLevel.choices, "voorop-assessment-acute-onveiligheid", nullable=True
)
StructureleOnveiligheidField = _enum_field(
    StructuralLevel.choices, "voorop-assessment-structurele-onveiligheid", nullable=True
)
UitkomstField = _enum_field(Outcome.choices, "voorop-assessment-uitkomst", nullable=True)
BeoordelingsstatusField = _enum_field(Status.choices, "voorop-assessment-beoordelingsstatus")
VoorwaardestatusField = _enum_field(ConditionStatus.choices, "voorop-assessment-voorwaardestatus")
ContextField = _enum_field(Context.choices, "voorop-assessment-context")
FactorField = _enum_field(RiskFactor.choices, "voorop-assessment-factor")
AntwoordField = _enum_field(FactorAnswer.choices, "voorop-assessment-antwoord")
SoortAntwoordField = _enum_field(AnswerType.choices, "voorop-assessment-soort-antwoord")
GerichtOpField = _enum_field(InstrumentTarget.choices, "voorop-assessment-gericht-op")
GebruiktDoorField = _enum_field(OrganisationKind.choices, "voorop-assessment-gebruikt-door")
KritiekNiveauField = _enum_field(
    RiskLevel.choices, "voorop-assessment-kritiek-niveau", nullable=True
)
RisicofactorField = _enum_field(RiskFactor.choices, "voorop-assessment-risicofactor", nullable=True)


@extend_schema_field(_enum(RiskLevel.choices, "voorop-assessment-professioneel-niveau"))
class ProfessioneelNiveauInvoerField(serializers.ChoiceField):
    """Input: LAAG, MIDDEN or HOOG; left out: as computed."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=RiskLevel.choices, **kwargs)


class VeiligheidsvoorwaardeSerializer(serializers.Serializer):
    """A veiligheidsvoorwaarde: ``tekst``, ``geldt_voor`` (person-index id; null: the whole
    family system) with ``naam``, ``vanaf``, ``tot_en_met`` and ``voorwaardestatus``."""

    id = serializers.IntegerField(source="pk")
    tekst = serializers.CharField(source="text")
    geldt_voor = serializers.IntegerField(source="person_id", allow_null=True)
    naam = serializers.CharField(source="person_name")
    vanaf = serializers.DateField(source="valid_from")
    tot_en_met = serializers.DateField(source="valid_until", allow_null=True)
    voorwaardestatus = VoorwaardestatusField(source="status")


class InschattingKortSerializer(serializers.Serializer):
    """A risk assessment linked to the veiligheidsbeoordeling: ``instrument`` (name),
    ``voorbeeldinstrument`` (true: not validated), ``niveau`` (the professional level)."""

    id = serializers.IntegerField(source="pk")
    instrument = serializers.CharField(source="instrument_name")
    voorbeeldinstrument = serializers.BooleanField(source="is_example")
    niveau = NiveauField(source="level")
    ingevuld_op = serializers.DateTimeField(source="assessed_at")


class RisicofactorSerializer(serializers.Serializer):
    factor = FactorField()
    antwoord = AntwoordField(source="answer")
    toelichting = serializers.CharField(source="note")


class DeelASerializer(serializers.Serializer):
    """Part A: ``acute_onveiligheid`` (the level), ``afgerond_op``; ``onderbouwing`` only for
    the own VT organisation."""

    acute_onveiligheid = AcuteOnveiligheidField(source="summary.acute_level", allow_null=True)
    afgerond_op = serializers.DateTimeField(source="summary.part_a_completed_at", allow_null=True)
    onderbouwing = serializers.SerializerMethodField()

    def get_onderbouwing(self, access) -> str | None:
        return access.own.acute_rationale if access.own is not None else None


class DeelBSerializer(serializers.Serializer):
    """Part B: ``structurele_onveiligheid`` (the level, once part B is done), ``afgerond_op``;
    ``bevindingen`` only for the own VT organisation."""

    structurele_onveiligheid = StructureleOnveiligheidField(
        source="summary.structural_level", allow_null=True
    )
    afgerond_op = serializers.DateTimeField(source="summary.part_b_completed_at", allow_null=True)
    bevindingen = serializers.SerializerMethodField()

    def get_bevindingen(self, access) -> str | None:
        return access.own.structural_findings if access.own is not None else None


class UitkomstSerializer(serializers.Serializer):
    uitkomst = UitkomstField(source="summary.outcome", allow_null=True)
    afgerond_op = serializers.DateTimeField(source="summary.completed_at", allow_null=True)
    onderbouwing = serializers.SerializerMethodField()

    def get_onderbouwing(self, access) -> str | None:
        return access.own.outcome_rationale if access.own is not None else None


class VeiligheidsbeoordelingSerializer(serializers.Serializer):
    """A veiligheidsbeoordeling as the caller may see it.

    ``eigen``: true for the VT organisation that made it (all fields), false for a partner it
    was shared with (``herkomst`` says by whom, when, on which basis) or that holds emergency
    access: then ``deel_a.onderbouwing``, ``deel_b.bevindingen``, ``uitkomst.onderbouwing`` are
    null and ``risicofactoren`` is empty."""

    id = serializers.IntegerField(source="summary.pk")
    kenmerk = serializers.CharField(source="summary.reference")
    gezinssysteem = serializers.IntegerField(source="summary.family_system_id")
    gemaakt_door = serializers.CharField(
        source="summary.organisation_name", help_text="De Veilig Thuis-organisatie."
    )
    context = ContextField(source="summary.context")
    beoordelingsstatus = BeoordelingsstatusField(source="summary.status")
    gestart_op = serializers.DateTimeField(source="summary.started_at")
    eigen = serializers.BooleanField(source="summary.own")
    noodtoegang = serializers.BooleanField(source="summary.emergency")
    herkomst = HerkomstSerializer(source="summary.provenance", many=True)
    deel_a = DeelASerializer(source="*")
    risicofactoren = serializers.SerializerMethodField()
    deel_b = DeelBSerializer(source="*")
    uitkomst = UitkomstSerializer(source="*")
    veiligheidsvoorwaarden = VeiligheidsvoorwaardeSerializer(source="summary.conditions", many=True)
    risico_inschattingen = InschattingKortSerializer(source="summary.results", many=True)

    @extend_schema_field(RisicofactorSerializer(many=True))
    def get_risicofactoren(self, access) -> list[dict[str, Any]]:
        if access.own is None:
            return []
        order = list(RiskFactor.values)
        answers = sorted(access.own.risk_factors.all(), key=lambda a: order.index(a.factor))
        return RisicofactorSerializer(answers, many=True).data  # type: ignore[return-value]


# --- instruments ---------------------------------------------------------------------------------


class OptieSerializer(serializers.Serializer):
    code = serializers.CharField()
    tekst = serializers.CharField(source="label")
    score = serializers.IntegerField()
    kritiek = serializers.BooleanField(source="critical")


class KlasseSerializer(serializers.Serializer):
    vanaf = serializers.IntegerField(source="from_value")
    score = serializers.IntegerField()


class VraagSerializer(serializers.Serializer):
    """A question: ``soort_antwoord`` says how it is answered and scored (see the description
    of the instrument endpoint)."""

    code = serializers.CharField()
    volgorde = serializers.IntegerField(source="order")
    tekst = serializers.CharField(source="text")
    toelichting = serializers.CharField(source="help_text")
    soort_antwoord = SoortAntwoordField(source="answer_type")
    verplicht = serializers.BooleanField(source="required")
    weet_niet_toegestaan = serializers.BooleanField(source="allow_unknown")
    gewicht = serializers.IntegerField(source="weight")
    minimum = serializers.IntegerField(source="scale_min", allow_null=True)
    maximum = serializers.IntegerField(source="scale_max", allow_null=True)
    opties = OptieSerializer(source="options", many=True)
    klassen = KlasseSerializer(source="bands", many=True)
    kritiek_niveau = KritiekNiveauField(source="critical_level", allow_null=True)
    kritiek_vanaf = serializers.IntegerField(source="critical_from", allow_null=True)
    risicofactor = RisicofactorField(source="risk_factor", allow_null=True)


class DrempelSerializer(serializers.Serializer):
    vanaf_score = serializers.IntegerField(source="min_score")
    tot_en_met_score = serializers.IntegerField(source="max_score", allow_null=True)
    niveau = NiveauField(source="level")
    advies = serializers.CharField(source="advice")


class RisicoInstrumentSerializer(serializers.Serializer):
    """An instrument definition (reads an ``InstrumentRow``: the instrument and its
    ``engine.Definition``)."""

    id = serializers.IntegerField(source="instrument.pk")
    code = serializers.CharField(source="definition.code")
    versie = serializers.IntegerField(source="definition.version")
    naam = serializers.CharField(source="definition.name")
    omschrijving = serializers.CharField(source="definition.description")
    gericht_op = GerichtOpField(source="definition.target")
    te_gebruiken_door = serializers.ListField(
        source="definition.organisation_kinds", child=GebruiktDoorField()
    )
    voorbeeldinstrument = serializers.BooleanField(
        source="definition.is_example",
        help_text="true: zelf geschreven voorbeeld, niet gevalideerd.",
    )
    in_gebruik = serializers.BooleanField(source="instrument.active")
    vragen = VraagSerializer(source="definition.items", many=True)
    drempels = DrempelSerializer(source="definition.thresholds", many=True)


class RisicoInschattingSerializer(serializers.Serializer):
    """A recorded risk assessment: the answers (question code → answer), ``score``,
    ``berekend_niveau`` (thresholds and critical questions), ``professioneel_niveau`` (same or
    higher) with ``toelichting``, and the ``advies`` of the professional level."""

    id = serializers.IntegerField(source="pk")
    instrument = serializers.IntegerField(source="instrument_id")
    instrument_code = serializers.CharField(source="instrument.code")
    instrument_versie = serializers.IntegerField(source="instrument.version")
    voorbeeldinstrument = serializers.BooleanField(source="instrument.is_example")
    gezinssysteem = serializers.IntegerField(source="family_system_id")
    betreft = serializers.IntegerField(source="subject_id", allow_null=True)
    veiligheidsbeoordeling = serializers.IntegerField(source="beoordeling_id", allow_null=True)
    antwoorden = serializers.DictField(source="answers", child=serializers.JSONField())
    score = serializers.IntegerField()
    berekend_niveau = BerekendNiveauField(source="computed_level")
    kritieke_vragen = serializers.ListField(source="critical_items", child=serializers.CharField())
    professioneel_niveau = ProfessioneelNiveauField(source="professional_level")
    toelichting = serializers.CharField(source="rationale")
    advies = serializers.SerializerMethodField()
    ingevuld_op = serializers.DateTimeField(source="assessed_at")

    def get_advies(self, result) -> str:
        from voorop.assessment.selectors import definition

        return definition(result.instrument).advice_for(result.professional_level)


class RisicoInschattingInvoerSerializer(serializers.Serializer):
    """A new risk assessment: the instrument in use (``instrument_code``), the family system,
    the answers (question code → answer: "JA"/"NEE"/"ONBEKEND", a number, an option code or
    text), optionally ``betreft`` (a member), ``veiligheidsbeoordeling`` (an own assessment to
    link), ``professioneel_niveau`` (empty: as computed) and ``toelichting``."""

    instrument_code = serializers.SlugField(max_length=64)
    gezinssysteem = serializers.IntegerField(min_value=1)
    antwoorden = serializers.DictField(child=serializers.JSONField())
    betreft = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    veiligheidsbeoordeling = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    professioneel_niveau = ProfessioneelNiveauInvoerField(required=False)
    toelichting = serializers.CharField(required=False, allow_blank=True, max_length=5000)
