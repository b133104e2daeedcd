"""The transition table of the veiligheidsbeoordeling, and the services that walk it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from voorop.assessment import services, workflow
from voorop.assessment.choices import Outcome, Status
from voorop.assessment.tests.conftest import FINDINGS, OUTCOME_RATIONALE

pytestmark = pytest.mark.django_db


def test_the_table_reads_as_the_process():
    assert [(t.source, t.target, t.service) for t in workflow.TRANSITIONS] == [
        (Status.DRAFT, Status.PART_A_DONE, "beoordeling_part_a_complete"),
        (Status.PART_A_DONE, Status.COMPLETED, "beoordeling_complete"),
    ]
    for transition in workflow.TRANSITIONS:
        assert callable(getattr(services, transition.service))


@pytest.mark.parametrize(
    ("source", "target", "hint"),
    [
        (Status.DRAFT, Status.COMPLETED, "Rond eerst deel A af."),
        (Status.COMPLETED, Status.DRAFT, "Een afgeronde beoordeling gaat niet terug"),
        (Status.COMPLETED, Status.PART_A_DONE, "Een afgeronde beoordeling gaat niet terug"),
        (Status.PART_A_DONE, Status.DRAFT, "het gaat niet terug naar concept"),
        (Status.PART_A_DONE, Status.PART_A_DONE, ""),
    ],
)
def test_illegal_transitions_are_refused_in_dutch(source, target, hint):
    with pytest.raises(ValidationError) as exc:
        workflow.transition_check(source, target)
    error = exc.value
    assert error.code == workflow.ErrorCode.ILLEGAL_TRANSITION
    assert "Een veiligheidsbeoordeling met status" in error.message
    assert hint in error.message


def test_what_may_change_in_which_status():
    edits = {
        status: {edit for edit, allowed in workflow.EDITS.items() if status in allowed}
        for status in Status.values
    }
    assert edits[Status.DRAFT] == {"deel_a", "voorwaarden", "voorwaarde_status", "instrument"}
    assert edits[Status.PART_A_DONE] == {
        "deel_b",
        "voorwaarden",
        "voorwaarde_status",
        "instrument",
        "delen",
    }
    assert edits[Status.COMPLETED] == {"voorwaarde_status", "delen"}


def test_completing_a_draft_is_refused(make):
    b = make.draft()
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_complete(
            user=make.vt, beoordeling=b, outcome=Outcome.VEILIG, outcome_rationale="x" * 20
        )
    assert exc.value.code == workflow.ErrorCode.ILLEGAL_TRANSITION
    assert "Rond eerst deel A af." in exc.value.message
    b.refresh_from_db()
    assert b.status == Status.DRAFT


def test_part_a_cannot_be_completed_twice_or_changed_after(make):
    b = make.part_a_done()
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_part_a_complete(user=make.vt, beoordeling=b)
    assert exc.value.code == workflow.ErrorCode.ILLEGAL_TRANSITION
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_part_a_save(
            user=make.vt, beoordeling=b, acute_level="GEEN", acute_rationale="", risk_factors={}
        )
    assert exc.value.messages == ["Deel A is al afgerond en kan niet meer worden gewijzigd."]
    b.refresh_from_db()
    assert b.acute_level == "HOOG"


def test_part_a_alone_is_a_valid_resting_state(make):
    """ZSM: VT does at least part A within hours; part B may never follow in this record."""
    b = make.part_a_done()
    b.refresh_from_db()
    assert b.status == Status.PART_A_DONE
    b.full_clean()  # consistent as it stands
    assert b.part_a_completed_at is not None and b.part_b_completed_at is None
    assert workflow.next_transition(b.status).target == Status.COMPLETED
    assert workflow.may_edit(b.status, workflow.Edit.SHARE)


def test_a_completed_assessment_does_not_change(make):
    b = make.completed()
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_part_b_save(
            user=make.vt,
            beoordeling=b,
            structural_level="LAAG",
            structural_findings=FINDINGS,
        )
    assert exc.value.code == workflow.ErrorCode.NOT_IN_THIS_STATUS
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_complete(
            user=make.vt,
            beoordeling=b,
            outcome=Outcome.VEILIG,
            outcome_rationale=OUTCOME_RATIONALE,
        )
    assert exc.value.code == workflow.ErrorCode.ILLEGAL_TRANSITION
    b.refresh_from_db()
    assert (b.status, b.outcome) == (Status.COMPLETED, Outcome.ONVEILIG_STRUCTUREEL)


def test_model_clean_checks_what_a_status_promises(make):
    b = make.draft()
    b.status = Status.COMPLETED
    with pytest.raises(ValidationError) as exc:
        b.full_clean()
    assert set(exc.value.message_dict) == {
        "acute_level",
        "part_a_completed_at",
        "part_b_completed_at",
        "outcome",
    }
