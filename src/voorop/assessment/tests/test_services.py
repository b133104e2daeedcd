"""Writes of the veiligheidsbeoordeling and risk-instrument results: who may, what is checked,
and what the access log records (identifiers, never content)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from voorop.assessment import services
from voorop.assessment.choices import ConditionStatus, Context, Outcome, RiskFactor, Status
from voorop.assessment.models import InstrumentResult, Veiligheidsbeoordeling
from voorop.assessment.models.instruments import LEVEL_LOWERED_MESSAGE
from voorop.assessment.tests.conftest import (
    ALL_FACTORS,
    CONDITION,
    FINDINGS,
    OUTCOME_RATIONALE,
    QUICKSCAN,
    QUICKSCAN_HIGH,
    QUICKSCAN_LOW,
    RATIONALE,
    STALKING,
    STALKING_LOW,
)
from voorop.audit.models import AccessAction, AccessLogEntry
from voorop.core.testing import factories as f
from voorop.persons.models import OrganisationInvolvement

pytestmark = pytest.mark.django_db

LOWERED = "Het professionele oordeel kan het risiconiveau alleen verhogen, niet verlagen."


def last_entry(user) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(username=user.username).latest("seq")


# --- who may assess ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["VT", "ARTS"])
def test_vt_medewerker_and_vertrouwensarts_start_an_assessment(world, who):
    user = world.users[who]
    b = services.beoordeling_start(user=user, family_system=world.family, context=Context.ZSM)
    assert b.status == Status.DRAFT
    assert b.reference == f"VB-{timezone.localtime(b.started_at).year}-{b.pk:06d}"
    assert b.organisation == world.orgs["VT"]
    entry = last_entry(user)
    assert (entry.action, entry.object_type, entry.object_id) == (
        AccessAction.CREATE,
        "veiligheidsbeoordeling",
        str(b.pk),
    )


@pytest.mark.parametrize("who", ["POLITIE", "OM", "RECLASSERING", "RVDK", "VT_PRIVACY"])
def test_nobody_else_starts_one(world, who):
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_start(
            user=world.users[who], family_system=world.family, context=Context.ZSM
        )
    assert exc.value.error_dict["__all__"][0].code == services.ErrorCode.NOT_AN_ASSESSOR
    assert not Veiligheidsbeoordeling.objects.exists()


def test_starting_makes_vt_involved(world):
    family = world.scenario.politie_only_family
    vt = world.orgs["VT"]
    assert not OrganisationInvolvement.objects.filter(
        family_system=family, organisation=vt
    ).exists()
    services.beoordeling_start(
        user=world.users["VT"], family_system=family, context=Context.SAMEN_OP_IN_ACUUT
    )
    assert OrganisationInvolvement.objects.filter(family_system=family, organisation=vt).exists()


def test_another_vt_organisation_cannot_change_it(world, make):
    b = make.draft()
    other_vt = f.OrganisationFactory(code="vt-ander", kind="VT")
    other = f.UserFactory(organisation=other_vt, roles=["VT_MEDEWERKER"])
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_part_a_save(
            user=other, beoordeling=b, acute_level="GEEN", acute_rationale="", risk_factors={}
        )
    assert exc.value.error_dict["__all__"][0].code == services.ErrorCode.NOT_OWN


# --- part A -----------------------------------------------------------------------------------


def test_part_a_can_be_saved_incomplete_and_completed_when_whole(make):
    b = make.draft()
    services.beoordeling_part_a_save(
        user=make.vt,
        beoordeling=b,
        acute_level="",
        acute_rationale="",
        risk_factors={RiskFactor.WAPENS: ("JA", "jachtgeweer in de schuur")},
    )
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_part_a_complete(user=make.vt, beoordeling=b)
    errors = exc.value.message_dict
    assert errors["acute_level"] == ["Kies het niveau van acute onveiligheid."]
    assert "Onderbouw het niveau" in errors["acute_rationale"][0]
    assert "Beantwoord elke risicofactor" in errors["risk_factors"][0]
    assert "Angst bij betrokkenen" in errors["risk_factors"][0]
    assert "(Vuur)wapengebruik" not in errors["risk_factors"][0]

    factors = {**ALL_FACTORS, RiskFactor.WAPENS: ("JA", "jachtgeweer in de schuur")}
    services.beoordeling_part_a_save(
        user=make.vt,
        beoordeling=b,
        acute_level="ACUUT",
        acute_rationale=RATIONALE,
        risk_factors=factors,
    )
    services.beoordeling_part_a_complete(user=make.vt, beoordeling=b)
    b.refresh_from_db()
    assert b.status == Status.PART_A_DONE and b.part_a_completed_by == make.vt
    assert b.risk_factors.get(factor=RiskFactor.WAPENS).note == "jachtgeweer in de schuur"
    assert b.risk_factors.count() == len(RiskFactor)


def test_weet_niet_is_an_answer(make):
    b = make.part_a_done(factors={k: ("ONBEKEND", "") for k in ALL_FACTORS})
    assert b.status == Status.PART_A_DONE


def test_part_a_may_not_be_below_the_quick_scan(make):
    b = make.draft()
    make.result(answers=QUICKSCAN_HIGH, beoordeling=b)
    services.beoordeling_part_a_save(
        user=make.vt,
        beoordeling=b,
        acute_level="MIDDEN",
        acute_rationale=RATIONALE,
        risk_factors=ALL_FACTORS,
    )
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_part_a_complete(user=make.vt, beoordeling=b)
    message = exc.value.message_dict["acute_level"][0]
    assert "lager dan de uitkomst van Quickscan acute onveiligheid (voorbeeld) (Hoog)" in message
    assert LOWERED in message
    services.beoordeling_part_a_save(
        user=make.vt,
        beoordeling=b,
        acute_level="ACUUT",
        acute_rationale=RATIONALE,
        risk_factors=ALL_FACTORS,
    )
    services.beoordeling_part_a_complete(user=make.vt, beoordeling=b)


def test_quick_scan_answers_suggest_the_checklist(make):
    b = make.draft()
    make.result(answers={**QUICKSCAN_LOW, "wapens": "JA", "kinderen": "ONBEKEND"}, beoordeling=b)
    suggestions = services.risk_factor_suggestions(b)
    assert suggestions[RiskFactor.WAPENS] == "JA"
    assert suggestions[RiskFactor.KINDEREN_AANWEZIG] == "ONBEKEND"
    assert suggestions[RiskFactor.MIDDELENGEBRUIK] == "NEE"
    assert RiskFactor.ANGST not in suggestions  # a scale, not ja/nee


# --- part B and completion --------------------------------------------------------------------


def test_part_b_and_completion(make):
    b = make.part_a_done(level="HOOG")
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_complete(
            user=make.vt,
            beoordeling=b,
            outcome=Outcome.ONVEILIG_STRUCTUREEL,
            outcome_rationale=OUTCOME_RATIONALE,
        )
    assert exc.value.message_dict["__all__"] == ["Rond eerst deel B (structurele onveiligheid) af."]
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_part_b_save(
            user=make.vt, beoordeling=b, structural_level="", structural_findings="", complete=True
        )
    assert set(exc.value.message_dict) == {"structural_level", "structural_findings"}
    services.beoordeling_part_b_save(
        user=make.vt,
        beoordeling=b,
        structural_level="HOOG",
        structural_findings=FINDINGS,
        complete=True,
    )
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_complete(
            user=make.vt, beoordeling=b, outcome=Outcome.VEILIG, outcome_rationale="kort"
        )
    errors = exc.value.message_dict
    assert errors["outcome"] == [
        "De uitkomst ‘veilig’ past niet bij acute onveiligheid van niveau hoog (deel A)."
    ]
    assert "Onderbouw de uitkomst" in errors["outcome_rationale"][0]
    services.beoordeling_complete(
        user=make.vt,
        beoordeling=b,
        outcome=Outcome.ONVEILIG_STRUCTUREEL,
        outcome_rationale=OUTCOME_RATIONALE,
    )
    b.refresh_from_db()
    assert b.status == Status.COMPLETED and b.completed_by == make.vt


# --- veiligheidsvoorwaarden ---------------------------------------------------------------------


def test_conditions_until_completion_then_only_their_status(world, make):
    b = make.part_a_done()
    father = world.persons["father"]
    condition = make.condition(b, person=father)
    entry = last_entry(make.vt)
    assert (entry.action, entry.object_type, entry.person_ids) == (
        AccessAction.CREATE,
        "veiligheidsvoorwaarde",
        str(father.pk),
    )
    services.beoordeling_part_b_save(
        user=make.vt,
        beoordeling=b,
        structural_level="MIDDEN",
        structural_findings=FINDINGS,
        complete=True,
    )
    services.beoordeling_complete(
        user=make.vt,
        beoordeling=b,
        outcome=Outcome.ONVEILIG_STRUCTUREEL,
        outcome_rationale=OUTCOME_RATIONALE,
    )
    with pytest.raises(ValidationError) as exc:
        make.condition(b, text="Nieuwe voorwaarde")
    assert "alleen hun status" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        services.voorwaarde_update(
            user=make.vt,
            voorwaarde=condition,
            text="Andere tekst",
            person=father,
            valid_from=condition.valid_from,
            valid_until=condition.valid_until,
            status=ConditionStatus.GELDT,
        )
    services.voorwaarde_update(
        user=make.vt,
        voorwaarde=condition,
        text=condition.text,
        person=father,
        valid_from=condition.valid_from,
        valid_until=condition.valid_until,
        status=ConditionStatus.NIET_NAGELEEFD,
        status_note="Vader stond zaterdag voor de deur.",
    )
    condition.refresh_from_db()
    assert condition.status == ConditionStatus.NIET_NAGELEEFD


def test_a_condition_applies_to_a_member_or_the_whole_family(world, make):
    b = make.draft()
    stranger = f.PersonFactory()
    with pytest.raises(ValidationError) as exc:
        make.condition(b, person=stranger)
    assert exc.value.error_dict["person"][0].code == services.ErrorCode.PERSON_NOT_IN_FAMILY
    whole = services.voorwaarde_add(
        user=make.vt,
        beoordeling=b,
        text="Alcoholbehandeling starten",
        person=None,
        valid_from=timezone.localdate(),
    )
    assert whole.person is None
    with pytest.raises(ValidationError) as exc:
        services.voorwaarde_add(
            user=make.vt,
            beoordeling=b,
            text=CONDITION,
            person=None,
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() - dt.timedelta(days=1),
        )
    assert exc.value.message_dict["valid_until"] == ["De einddatum ligt vóór de begindatum."]


# --- risk-instrument results ------------------------------------------------------------------


def test_recording_a_result_computes_score_and_level(world, make):
    result = make.result(answers=QUICKSCAN_HIGH, subject=world.persons["mother"])
    assert result.score == 2 + 2 + 4  # kinderen, eerder geweld, dreiging met de dood
    assert result.computed_level == "HOOG"  # lifted: a critical option
    assert result.critical_items == ["dreiging"]
    assert result.professional_level == "HOOG"
    assert result.organisation == world.orgs["VT"]
    entry = last_entry(make.vt)
    assert (entry.action, entry.object_type, entry.object_id, entry.person_ids) == (
        AccessAction.CREATE,
        "risico-inschatting",
        str(result.pk),
        str(world.persons["mother"].pk),
    )


def test_professional_judgement_may_raise_with_a_rationale(make):
    with pytest.raises(ValidationError) as exc:
        make.result(answers=QUICKSCAN_LOW, professional_level="MIDDEN")
    assert exc.value.error_dict["rationale"][0].code == "toelichting_ontbreekt"
    result = make.result(
        answers=QUICKSCAN_LOW,
        professional_level="MIDDEN",
        rationale="Moeder durfde niet te antwoorden waar vader bij was.",
    )
    assert (result.computed_level, result.professional_level, result.is_raised) == (
        "LAAG",
        "MIDDEN",
        True,
    )


def test_professional_judgement_cannot_lower(make):
    with pytest.raises(ValidationError) as exc:
        make.result(answers=QUICKSCAN_HIGH, professional_level="LAAG", rationale="Valt wel mee.")
    error = exc.value.error_dict["professional_level"][0]
    assert error.code == "verlaagd"
    assert error.message == LOWERED
    assert not InstrumentResult.objects.exists()


def test_the_model_enforces_the_same_rule(world, make):
    result = make.result(answers=QUICKSCAN_HIGH)
    result.professional_level = "MIDDEN"
    with pytest.raises(ValidationError) as exc:
        result.full_clean()
    assert exc.value.message_dict["professional_level"] == [str(LEVEL_LOWERED_MESSAGE)]


def test_answers_are_checked_against_the_definition(make):
    with pytest.raises(ValidationError) as exc:
        make.result(answers={**QUICKSCAN_LOW, "angst": "9", "onzin": "JA"})
    messages = exc.value.message_dict["answers"]
    assert "angst: Kies een waarde van 0 tot en met 4." in messages
    assert "Het instrument heeft geen vraag onzin." in messages


def test_the_police_records_a_stalking_screening(world, make):
    agent = world.users["POLITIE"]
    result = make.result(
        user=agent,
        code=STALKING,
        answers={**STALKING_LOW, "wapen": "JA"},
        subject=world.persons["mother"],
    )
    assert result.organisation == world.orgs["POLITIE"]
    assert result.computed_level == "HOOG"


@pytest.mark.parametrize(
    ("who", "code"), [("OM", STALKING), ("RVDK", QUICKSCAN), ("VT_PRIVACY", QUICKSCAN)]
)
def test_an_instrument_is_for_the_organisations_and_roles_it_names(world, make, who, code):
    with pytest.raises(ValidationError) as exc:
        make.result(
            user=world.users[who],
            code=code,
            answers=STALKING_LOW if code == STALKING else QUICKSCAN_LOW,
        )
    assert exc.value.error_dict["__all__"][0].code == services.ErrorCode.NOT_A_USER_OF_INSTRUMENT


def test_a_result_links_only_to_an_own_open_assessment(world, make):
    b = make.completed()
    with pytest.raises(ValidationError) as exc:
        make.result(beoordeling=b)
    assert "afgeronde veiligheidsbeoordeling" in exc.value.messages[0]
    draft = make.draft()
    with pytest.raises(ValidationError):
        make.result(
            user=world.users["POLITIE"], code=STALKING, answers=STALKING_LOW, beoordeling=draft
        )


def test_an_inactive_version_is_not_filled_in(world, make):
    instrument = world.instruments[QUICKSCAN]
    instrument.active = False
    instrument.save(update_fields=["active"])
    with pytest.raises(ValidationError) as exc:
        make.result()
    assert exc.value.error_dict["__all__"][0].code == services.ErrorCode.INSTRUMENT_INACTIVE


# --- the access log holds no content ------------------------------------------------------------


def test_no_content_in_the_access_log(world, make):
    b = make.completed()
    make.result(
        answers=QUICKSCAN_LOW,
        professional_level="HOOG",
        rationale="Geheime toelichting over de buurman",
        beoordeling=None,
    )
    make.share(b)
    texts = [RATIONALE, FINDINGS, OUTCOME_RATIONALE, CONDITION, "Geheime toelichting"]
    for entry in AccessLogEntry.objects.all():
        values = " ".join(str(v) for v in entry.__dict__.values())
        for text in texts:
            assert text not in values
    actions = set(
        AccessLogEntry.objects.filter(username=make.vt.username).values_list(
            "action", "object_type"
        )
    )
    assert {
        ("CREATE", "veiligheidsbeoordeling"),
        ("UPDATE", "veiligheidsbeoordeling"),
        ("CREATE", "veiligheidsvoorwaarde"),
        ("CREATE", "risico-inschatting"),
        ("DISCLOSE", "verstrekking"),
    } <= actions
