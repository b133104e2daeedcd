"""Writes of the veiligheidsplan: derived dates from the catalogue (huisverbod 10 days, advice
on day 8, at most 28), the transition table, extending and reassessing, who may write, the
owner's involvement, the history (never the note's content) and the access log."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from voorop.audit.models import AccessAction, AccessLogEntry
from voorop.cases.models import Phase
from voorop.core.testing import factories as f
from voorop.persons.models import OrganisationInvolvement
from voorop.safetyplan import selectors, services, workflow
from voorop.safetyplan.models import (
    AgreementTopic,
    PlanItem,
    PlanItemChange,
    PlanItemStatus,
    SafetyPlan,
)
from voorop.safetyplan.tests.conftest import TODAY
from voorop.sharing.models import CoordinationMoment

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


# --- adding interventions ---------------------------------------------------------------------


def test_a_huisverbod_gets_its_dates_from_the_catalogue(world, add):
    item = add(
        "tijdelijk-huisverbod",
        owner="GEMEENTE",
        moment=CoordinationMoment.SAMEN_OP_IN_ACUUT,
        moment_reference="SOA-2026-0001",
    )
    assert (item.starts_on, item.ends_on, item.reassess_on) == (TODAY, days(10), days(8))
    assert item.status == PlanItemStatus.ACTIVE  # it starts today
    assert item.phase == Phase.ACUUT
    assert item.recorded_by == world.orgs["VT"]
    assert (item.moment, item.moment_reference) == ("SAMEN_OP_IN_ACUUT", "SOA-2026-0001")
    assert selectors.latest_end(item) == days(28)


def test_the_plan_is_created_on_first_use_with_the_cases_first_point_of_contact(world, add):
    assert not SafetyPlan.objects.exists()
    first = add("tijdelijk-huisverbod", owner="GEMEENTE")
    second = add("contactverbod", owner="OM")
    assert first.plan_id == second.plan_id
    plan = SafetyPlan.objects.get()
    assert plan.family_system == world.family
    assert plan.contact_organisation == world.orgs["VT"]


def test_given_dates_win_over_the_catalogue_within_its_maximum(world, add):
    item = add("tijdelijk-huisverbod", owner="GEMEENTE", ends_on=days(28), reassess_on=days(5))
    assert (item.ends_on, item.reassess_on) == (days(28), days(5))
    with pytest.raises(ValidationError) as error:
        add("tijdelijk-huisverbod", owner="GEMEENTE", ends_on=days(29))
    assert codes(error.value) == {services.ErrorCode.LONGER_THAN_MAXIMUM}
    assert "29-03-2026" not in str(error.value) and "07-04-2026" in str(error.value)


def test_a_future_start_is_planned(world, add):
    item = add("contactverbod", owner="OM", starts_on=days(2))
    assert item.status == PlanItemStatus.PLANNED
    assert item.ends_on == days(92)  # gedragsaanwijzing: 90 days


def test_the_phase_follows_the_case_if_the_intervention_fits_it(world, add):
    world.family.case.phase = Phase.RISICOGESTUURD
    world.family.case.save()
    assert add("contactverbod", owner="OM").phase == Phase.RISICOGESTUURD
    assert add("tijdelijk-huisverbod", owner="GEMEENTE").phase == Phase.ACUUT  # only acute


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"phase": Phase.HERSTELGERICHT}, services.ErrorCode.PHASE_NOT_IN_CATALOGUE),
        ({"status": PlanItemStatus.DONE}, services.ErrorCode.INITIAL_STATUS),
        ({"moment": "KOFFIE"}, services.ErrorCode.UNKNOWN_MOMENT),
    ],
)
def test_invalid_additions_are_refused(world, add, kwargs, code):
    with pytest.raises(ValidationError) as error:
        add("tijdelijk-huisverbod", owner="GEMEENTE", **kwargs)
    assert codes(error.value) == {code}
    assert not PlanItem.objects.exists()


def test_an_inactive_intervention_cannot_be_added(world, add):
    world.catalogue["buddy"].active = False
    world.catalogue["buddy"].save()
    with pytest.raises(ValidationError) as error:
        add("buddy")
    assert codes(error.value) == {services.ErrorCode.INTERVENTION_INACTIVE}


def test_the_owner_person_must_belong_to_the_owner_organisation(world, add):
    with pytest.raises(ValidationError) as error:
        add("contactverbod", owner="OM", owner_user=world.users["VT"])
    assert codes(error.value) == {"eigenaar_andere_organisatie"}


@pytest.mark.parametrize("kind", ["OM", "RECLASSERING", "RVDK"])
def test_an_uninvolved_partner_cannot_add(world, add, kind):
    with pytest.raises(ValidationError) as error:
        add("contactverbod", user=world.users[kind], owner="OM")
    assert codes(error.value) == {services.ErrorCode.NOT_INVOLVED}


def test_a_non_partner_cannot_add_even_when_involved(world, add):
    hospital = f.OrganisationFactory(code="zkh-plan", kind="ZIEKENHUIS")
    f.InvolvementFactory(family_system=world.family, organisation=hospital)
    with pytest.raises(ValidationError) as error:
        add("buddy", user=f.UserFactory(organisation=hospital))
    assert codes(error.value) == {services.ErrorCode.NOT_INVOLVED}


def test_a_partner_owner_becomes_involved_a_gemeente_does_not(world, add):
    rvdk = world.orgs["RVDK"]
    add("voorlopige-ots", owner="RVDK")
    assert OrganisationInvolvement.objects.filter(
        family_system=world.family, organisation=rvdk
    ).exists()
    assert selectors.may_see_plan(user=world.users["RVDK"], family_system=world.family)
    add("tijdelijk-huisverbod", owner="GEMEENTE")
    assert not OrganisationInvolvement.objects.filter(organisation=world.gemeente).exists()


def test_adding_writes_history_and_the_access_log(world, add):
    item = add("tijdelijk-huisverbod", owner="GEMEENTE", note="Pleger dreigde met een mes.")
    change = PlanItemChange.objects.get(item=item)
    assert change.action == PlanItemChange.Action.CREATE
    assert change.changes["ends_on"] == ["–", "20-03-2026"]
    assert change.organisation == world.orgs["VT"]
    assert "mes" not in str(change.changes)
    entry = AccessLogEntry.objects.filter(object_type="planonderdeel").latest("seq")
    assert (entry.action, entry.object_id, entry.organisation_code) == (
        AccessAction.CREATE,
        str(item.pk),
        "vt-test",
    )
    members = sorted(p.pk for p in world.scenario.persons.values())
    assert entry.person_id_list == members
    assert entry.purpose == "Uitvoering veiligheidsplan"


# --- agreements -------------------------------------------------------------------------------


def test_an_agreement_from_step_4(world):
    item = services.plan_add_agreement(
        user=world.users["POLITIE"],
        family_system=world.family,
        topic=AgreementTopic.ESCALATIE,
        description="De politie belt VT direct als de verdachte wordt heengezonden.",
        owner_organisation=world.orgs["POLITIE"],
        owner_user=world.users["POLITIE"],
        reassess_on=days(7),
        moment=CoordinationMoment.SAMEN_OP_IN_ACUUT,
    )
    assert item.title == "Wie wie belt als de onveiligheid verandert"
    assert (item.starts_on, item.ends_on, item.reassess_on) == (TODAY, None, days(7))
    assert item.status == PlanItemStatus.ACTIVE and item.intervention is None


@pytest.mark.parametrize(
    ("topic", "description", "code"),
    [
        ("KOFFIE", "Iets", services.ErrorCode.UNKNOWN_TOPIC),
        (AgreementTopic.OVERLEG, "  ", "omschrijving_ontbreekt"),
    ],
)
def test_an_agreement_needs_a_topic_and_a_text(world, topic, description, code):
    with pytest.raises(ValidationError) as error:
        services.plan_add_agreement(
            user=world.users["VT"],
            family_system=world.family,
            topic=topic,
            description=description,
            owner_organisation=world.orgs["VT"],
        )
    assert codes(error.value) == {code}


# --- the transition table ---------------------------------------------------------------------

PAIRS = list(itertools.permutations(PlanItemStatus.values, 2))


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_transitions_follow_the_table(world, add, source, target):
    item = add("contactverbod", owner="VT")
    PlanItem.objects.filter(pk=item.pk).update(status=source)
    item.refresh_from_db()
    allowed = (source, target) in {(t.source, t.target) for t in workflow.TRANSITIONS}
    if allowed:
        services.plan_item_transition(user=world.users["VT"], item=item, to_status=target)
        item.refresh_from_db()
        assert item.status == target
        change = item.changes.latest("at")
        assert change.action == PlanItemChange.Action.STATUS
    else:
        with pytest.raises(ValidationError) as error:
            services.plan_item_transition(user=world.users["VT"], item=item, to_status=target)
        assert codes(error.value) == {services.ErrorCode.TRANSITION_NOT_ALLOWED}
        item.refresh_from_db()
        assert item.status == source


def test_done_and_cancelled_are_final():
    for final in (PlanItemStatus.DONE, PlanItemStatus.CANCELLED):
        assert workflow.transitions_from(final) == []


@pytest.mark.parametrize(("kind", "may"), [("VT", True), ("POLITIE", True), ("OM", False)])
def test_owner_and_recorder_may_change_others_may_not(world, add, kind, may):
    # Recorded by VT, owned by POLITIE; OM is made involved but is neither.
    item = add("contact-wijkagent", owner="POLITIE", phase=Phase.RISICOGESTUURD)
    f.InvolvementFactory(family_system=world.family, organisation=world.orgs["OM"])
    if may:
        services.plan_item_transition(user=world.users[kind], item=item, to_status="DONE")
        assert item.status == "DONE"
    else:
        with pytest.raises(ValidationError) as error:
            services.plan_item_transition(user=world.users[kind], item=item, to_status="DONE")
        assert codes(error.value) == {services.ErrorCode.NOT_OWNER}


# --- extending and reassessing ----------------------------------------------------------------


def test_extending_a_huisverbod_up_to_day_28(world, add):
    item = add("tijdelijk-huisverbod", owner="GEMEENTE")
    services.plan_item_extend(
        user=world.users["VT"], item=item, ends_on=days(28), reassess_on=days(25)
    )
    item.refresh_from_db()
    assert (item.ends_on, item.reassess_on) == (days(28), days(25))
    change = item.changes.latest("at")
    assert change.action == PlanItemChange.Action.EXTEND
    assert change.changes["ends_on"] == ["20-03-2026", "07-04-2026"]


@pytest.mark.parametrize(
    ("code", "ends_in", "error"),
    [
        ("tijdelijk-huisverbod", 29, services.ErrorCode.LONGER_THAN_MAXIMUM),
        ("tijdelijk-huisverbod", 10, services.ErrorCode.NOT_LATER),
        ("aanhouding", 3, services.ErrorCode.NO_MAXIMUM),
    ],
)
def test_extending_is_limited(world, add, code, ends_in, error):
    item = add(code, owner="GEMEENTE" if code == "tijdelijk-huisverbod" else "POLITIE")
    with pytest.raises(ValidationError) as raised:
        services.plan_item_extend(user=world.users["VT"], item=item, ends_on=days(ends_in))
    assert codes(raised.value) == {error}


def test_a_closed_item_is_not_extended_or_reassessed(world, add):
    item = add("tijdelijk-huisverbod", owner="GEMEENTE")
    services.plan_item_transition(user=world.users["VT"], item=item, to_status="CANCELLED")
    with pytest.raises(ValidationError) as error:
        services.plan_item_extend(user=world.users["VT"], item=item, ends_on=days(20))
    assert codes(error.value) == {services.ErrorCode.NOT_OPEN}
    with pytest.raises(ValidationError) as error:
        services.plan_item_reassess(user=world.users["VT"], item=item, next_reassess_on=days(9))
    assert codes(error.value) == {services.ErrorCode.NOT_OPEN}


def test_reassessing_moves_the_next_reassessment(world, add):
    item = add("tijdelijk-huisverbod", owner="GEMEENTE")
    services.plan_item_reassess(user=world.users["VT"], item=item, next_reassess_on=None)
    item.refresh_from_db()
    assert item.reassess_on is None
    assert item.changes.latest("at").changes == {"reassess_on": ["18-03-2026", "–"]}


# --- changing what an item says ---------------------------------------------------------------


def test_update_records_old_and_new_but_never_the_note(world, add):
    item = add("contactverbod", owner="OM", note="Eerste notitie.")
    services.plan_item_update(
        user=world.users["VT"],
        item=item,
        description="Geen contact met moeder en Noor.",
        note="Geheime tweede notitie.",
        reassess_on=days(30),
    )
    item.refresh_from_db()
    assert item.note == "Geheime tweede notitie."
    change = item.changes.latest("at")
    assert change.changes["description"] == ["–", "Geen contact met moeder en Noor."]
    assert change.changes["reassess_on"] == ["–", "09-04-2026"]
    assert "Geheime" not in str(change.changes) and "Eerste" not in str(change.changes)


def test_a_new_owner_organisation_drops_the_previous_owners_person(world, add):
    item = add("contactverbod", owner="VT", owner_user=world.users["VT"])
    services.plan_item_update(
        user=world.users["VT"], item=item, owner_organisation=world.orgs["OM"]
    )
    item.refresh_from_db()
    assert item.owner_organisation == world.orgs["OM"] and item.owner_user is None


def test_an_update_without_changes_writes_nothing(world, add):
    item = add("contactverbod", owner="VT")
    before = PlanItemChange.objects.count()
    services.plan_item_update(user=world.users["VT"], item=item, starts_on=item.starts_on)
    assert PlanItemChange.objects.count() == before


def test_an_update_may_not_pass_the_maximum(world, add):
    item = add("tijdelijk-huisverbod", owner="GEMEENTE")
    with pytest.raises(ValidationError) as error:
        services.plan_item_update(user=world.users["VT"], item=item, ends_on=days(40))
    assert codes(error.value) == {services.ErrorCode.LONGER_THAN_MAXIMUM}


# --- disclosing the note and the first point of contact ---------------------------------------


def test_disclosing_a_note_needs_an_active_basis_once(world, add):
    from voorop.sharing.models import LegalBasis

    basis = LegalBasis.objects.create(code="t", short_label="art. T", citation="art. T Testwet")
    item = add("contactverbod", owner="VT", note="Vertrouwelijk.")
    services.plan_item_disclose_note(user=world.users["VT"], item=item, legal_basis=basis)
    item.refresh_from_db()
    assert item.note_disclosed_at is not None and item.note_legal_basis == basis
    entry = AccessLogEntry.objects.filter(action=AccessAction.DISCLOSE).latest("seq")
    assert entry.purpose == "art. T · Uitvoering veiligheidsplan"
    with pytest.raises(ValidationError) as error:
        services.plan_item_disclose_note(user=world.users["VT"], item=item, legal_basis=basis)
    assert codes(error.value) == {services.ErrorCode.NOTE_ALREADY_DISCLOSED}
    empty = add("buddy", owner="VT")
    with pytest.raises(ValidationError) as error:
        services.plan_item_disclose_note(user=world.users["VT"], item=empty, legal_basis=basis)
    assert codes(error.value) == {services.ErrorCode.NOTE_EMPTY}
    basis.active = False
    basis.save()
    other = add("buddy", owner="VT", note="Iets.")
    with pytest.raises(ValidationError) as error:
        services.plan_item_disclose_note(user=world.users["VT"], item=other, legal_basis=basis)
    assert codes(error.value) == {services.ErrorCode.BASIS_INACTIVE}


def test_the_first_point_of_contact_for_the_measures(world):
    plan = services.plan_set_contact(
        user=world.users["POLITIE"], family_system=world.family, organisation=world.orgs["POLITIE"]
    )
    assert plan.contact_organisation == world.orgs["POLITIE"]
    entry = AccessLogEntry.objects.filter(object_type="veiligheidsplan").latest("seq")
    assert (entry.action, entry.object_id) == (AccessAction.UPDATE, str(world.family.pk))
    with pytest.raises(ValidationError):
        services.plan_set_contact(
            user=world.users["OM"], family_system=world.family, organisation=world.orgs["OM"]
        )
