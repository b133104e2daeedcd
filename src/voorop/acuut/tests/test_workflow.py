"""The transition table: what may follow what, and what each step needs (pure: no database)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from voorop.acuut import services, workflow
from voorop.acuut.choices import OPEN_STATUSES, Status
from voorop.acuut.workflow import Facts, InjuryGap

ALLOWED = {
    (Status.GESTART, Status.TER_PLAATSE),
    (Status.GESTART, Status.MOTORKAPOVERLEG),
    (Status.TER_PLAATSE, Status.MOTORKAPOVERLEG),
    (Status.MOTORKAPOVERLEG, Status.ONDERZOEK),
    (Status.ONDERZOEK, Status.MAATREGELEN),
    (Status.MAATREGELEN, Status.AFGESLOTEN),
    *((s, Status.AFGEBROKEN) for s in OPEN_STATUSES),
}


def test_the_table_is_exactly_the_documented_one():
    assert {(t.source, t.target) for t in workflow.TRANSITIONS} == ALLOWED


def test_every_transition_names_an_existing_service():
    for t in workflow.TRANSITIONS:
        assert callable(getattr(services, t.service)), t


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s in Status.values for t in Status.values if (s, t) not in ALLOWED],
)
def test_every_other_transition_is_refused_in_dutch(source, target):
    with pytest.raises(ValidationError) as raised:
        workflow.transition_check(source, target)
    assert raised.value.code == workflow.ErrorCode.ILLEGAL_TRANSITION
    assert "kan niet naar" in raised.value.messages[0]


def test_refusals_explain_why():
    with pytest.raises(ValidationError) as raised:
        workflow.transition_check(Status.GESTART, Status.ONDERZOEK)
    assert raised.value.messages == [
        "Een Samen op in acuut met status ‘Gestart’ kan niet naar ‘(Gezamenlijk) onderzoek’. "
        "Stappen worden niet overgeslagen."
    ]
    with pytest.raises(ValidationError) as raised:
        workflow.transition_check(Status.AFGESLOTEN, Status.MAATREGELEN)
    assert "Een afgesloten Samen op in acuut gaat niet terug." in raised.value.messages[0]


def facts(**kwargs) -> Facts:
    return Facts(status=Status.GESTART, partner_label="Veilig Thuis", **kwargs)


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_on_site_needs_the_partner_saying_it_comes():
    assert codes(workflow.guard_partner_coming(facts())) == ["partner_komt_niet"]
    assert workflow.guard_partner_coming(facts(partner_coming=True)) == []


def test_consultation_at_a_distance_skips_step_1_on_site():
    """E.g. the consultation at the police station (Toolkit, Westelijke Mijnstreek)."""
    assert codes(workflow.guard_remote_consultation(facts(partner_coming=True))) == [
        "geen_overleg_op_afstand"
    ]
    assert workflow.guard_remote_consultation(facts(remote_consultation=True)) == []


def test_the_motorkapoverleg_starts_when_the_partner_is_there_or_on_the_phone():
    assert codes(workflow.guard_joint_consultation(facts(partner_coming=True))) == [
        "partner_niet_ter_plaatse"
    ]
    assert workflow.guard_joint_consultation(facts(partner_arrived=True)) == []
    assert workflow.guard_joint_consultation(facts(remote_consultation=True)) == []


def test_the_investigation_starts_when_both_shared_what_they_bring():
    missing = facts(has_partner=True, contributors_missing=("Veilig Thuis Testregio",))
    problems = workflow.guard_motorkap_done(missing)
    assert codes(problems) == ["bijdrage_ontbreekt"]
    assert "Veilig Thuis Testregio heeft nog niet gedeeld" in problems[0].message
    assert codes(workflow.guard_motorkap_done(facts())) == ["geen_partner"]
    assert workflow.guard_motorkap_done(facts(has_partner=True)) == []


def test_the_investigation_needs_agreements_kindchecks_and_forensics_for_children():
    problems = workflow.guard_investigation_complete(
        facts(
            children_unchecked=("Noor Jansen",),
            injury_gaps=(InjuryGap("Noor Jansen", ("forensisch arts",)),),
        )
    )
    assert codes(problems) == [
        "geen_onderzoeksafspraak",
        "kindcheck_ontbreekt",
        "forensisch_onderzoek_ontbreekt",
    ]
    assert problems[1].message == (
        "Doe de kindcheck voor elk kind in het huishouden. Nog niet gedaan: Noor Jansen."
    )
    assert problems[2].message == (
        "Bij (vermoeden van) letsel bij een kind zet de politie altijd een forensisch arts en "
        "Forensische Opsporing in. Voor Noor Jansen is nog niet vastgelegd: forensisch arts."
    )
    assert workflow.guard_investigation_complete(facts(investigation_agreements=1)) == []


def test_closing_needs_the_toolkit_agreements_and_the_checklist():
    assert codes(workflow.guard_closing(facts())) == [
        "geen_maatregel",
        "geen_herbeoordeling",
        "geen_aanspreekpunt",
        "geen_escalatieafspraak",
        "beoordeling_niet_gedaan",
        "onderzoek_niet_gedaan",
        "niet_iedereen_veilig",
        "geen_vervolg",
    ]
    ready = facts(
        measures=1,
        reassessment_set=True,
        contact_set=True,
        agreement_topics=frozenset({"ESCALATIE"}),
        assessment_part_a_done=True,
        investigation_done=True,
        everyone_safe=True,
        handover_route="ZSM",
    )
    assert workflow.guard_closing(ready) == []


@pytest.mark.parametrize(
    ("status", "edit", "allowed"),
    [
        (Status.GESTART, workflow.Edit.STEP_1, True),
        (Status.ONDERZOEK, workflow.Edit.STEP_1, True),
        (Status.AFGESLOTEN, workflow.Edit.STEP_1, False),
        (Status.TER_PLAATSE, workflow.Edit.STEP_2, False),
        (Status.MOTORKAPOVERLEG, workflow.Edit.STEP_2, True),
        (Status.MOTORKAPOVERLEG, workflow.Edit.STEP_3, False),
        (Status.MAATREGELEN, workflow.Edit.STEP_3, True),
        (Status.ONDERZOEK, workflow.Edit.STEP_4, False),
        (Status.MAATREGELEN, workflow.Edit.STEP_4, True),
        (Status.AFGEBROKEN, workflow.Edit.STEP_4, False),
    ],
)
def test_what_can_be_recorded_in_which_status(status, edit, allowed):
    assert workflow.may_edit(status, edit) is allowed
