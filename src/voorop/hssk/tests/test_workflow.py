"""The HSSK workflow table and the rules of the onderzoeksplan, as pure functions."""

from __future__ import annotations

from voorop.hssk import workflow
from voorop.hssk.choices import Act, ActStatus, Status
from voorop.hssk.workflow import ActFact, Facts

CHILD = 7


def act(kind: str, n: int, *, persons=(), status=ActStatus.GEPLAND, reason=False, order=False):
    return ActFact(
        act=kind,
        sequence=n,
        status=status,
        persons=frozenset(persons),
        repeat_reason=reason,
        order_note=order,
        label=str(Act(kind).label),
    )


def plan(*acts: ActFact, physical: bool = True) -> Facts:
    return Facts(status=Status.ONDERZOEKSPLAN, physical_injury=physical, child_id=CHILD, acts=acts)


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_every_transition_is_in_the_table_once():
    pairs = [(r.source, r.transition) for r in workflow.TABLE]
    assert len(pairs) == len(set(pairs))
    assert {r.target for r in workflow.TABLE} == set(Status.values) - {Status.OVERLEG}


def test_an_empty_plan():
    assert codes(workflow.plan_problems(plan())) == ["plan_leeg"]


def test_physical_injury_needs_forensic_examination_psychological_does_not():
    assert codes(workflow.plan_problems(plan(act(Act.HOREN_OUDERS, 1)))) == [
        "forensisch_onderzoek_ontbreekt"
    ]
    assert workflow.plan_problems(plan(act(Act.HOREN_OUDERS, 1), physical=False)) == []
    lapsed = act(Act.FORENSISCH_MEDISCH, 1, status=ActStatus.VERVALLEN)
    assert codes(workflow.plan_problems(plan(lapsed, act(Act.HOREN_OUDERS, 2)))) == [
        "forensisch_onderzoek_ontbreekt"
    ]


def test_the_child_is_talked_with_once_unless_a_reason_is_given():
    first = act(Act.VERHOOR_KIND, 2)  # no persons: the case's child
    second = act(Act.VERHOOR_KIND, 3, persons=[CHILD])
    facts = plan(act(Act.FORENSISCH_MEDISCH, 1), first, second)
    assert codes(workflow.plan_problems(facts)) == ["kind_vaker_gesproken"]
    with_reason = act(Act.VERHOOR_KIND, 3, persons=[CHILD], reason=True)
    assert workflow.plan_problems(plan(act(Act.FORENSISCH_MEDISCH, 1), first, with_reason)) == []
    # Two different children: one talk each.
    sibling = act(Act.VERHOOR_KIND, 3, persons=[8])
    assert workflow.plan_problems(plan(act(Act.FORENSISCH_MEDISCH, 1), first, sibling)) == []


def test_vt_does_not_talk_before_the_police_interview_unless_agreed():
    early = act(Act.GESPREK_OUDERS_VT, 2)
    hearing = act(Act.HOREN_OUDERS, 3)
    facts = plan(act(Act.FORENSISCH_MEDISCH, 1), early, hearing)
    assert codes(workflow.plan_problems(facts)) == ["volgorde_niet_afgestemd"]
    agreed = act(Act.GESPREK_OUDERS_VT, 2, order=True)
    assert workflow.plan_problems(plan(act(Act.FORENSISCH_MEDISCH, 1), agreed, hearing)) == []
    after = act(Act.GESPREK_OUDERS_VT, 4)
    assert workflow.plan_problems(plan(act(Act.FORENSISCH_MEDISCH, 1), hearing, after)) == []


def test_the_plan_is_agreed_by_initiator_and_police():
    facts = plan(act(Act.FORENSISCH_MEDISCH, 1))
    row = workflow.row_for(Status.ONDERZOEKSPLAN, workflow.Transition.PLAN_VASTSTELLEN)
    assert codes(workflow.check(row, facts)) == ["akkoord_ontbreekt"]
    agreed = Facts(**{**facts.__dict__, "confirmed_by": frozenset({"INITIATOR", "POLITIE"})})
    assert workflow.check(row, agreed) == []


def test_edits_per_status():
    assert workflow.may_edit(Status.OVERLEG, workflow.Edit.VIEW)
    assert not workflow.may_edit(Status.OVERLEG, workflow.Edit.ACT_ADD)
    assert not workflow.may_edit(Status.GEEN_VERVOLG, workflow.Edit.VIEW)
    assert workflow.may_edit(Status.EVALUATIE, workflow.Edit.EVALUATE)
