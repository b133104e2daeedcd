from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.actieoverleg import selectors, services, workflow
from voorop.actieoverleg.models import (
    CRITERIA,
    DisagreementStatus,
    InvitationBasis,
    ItemStatus,
    MeetingStatus,
    OmDecisionKind,
    ParticipationResponse,
    SubmissionStatus,
)
from voorop.actieoverleg.services import ErrorCode
from voorop.audit.models import AccessAction, AccessLogEntry
from voorop.core.testing import factories as f
from voorop.meldingen.models import MeldingKind
from voorop.safetyplan import services as plan_services
from voorop.safetyplan.models import AgreementTopic, PlanItem, PlanItemStatus
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import CoordinationMoment, Disclosure

from .conftest import ALL_MET

pytestmark = pytest.mark.django_db


def codes(exc: ValidationError) -> set[str]:
    return {e.code for errors in exc.error_dict.values() for e in errors}


# --- the workflow tables --------------------------------------------------------------------------


def test_tables_are_what_the_docstring_says():
    assert workflow.allowed(workflow.SUBMISSION, SubmissionStatus.INGEDIEND, "GEAGENDEERD")
    assert not workflow.allowed(workflow.SUBMISSION, SubmissionStatus.AFGEWEZEN, "GEAGENDEERD")
    assert workflow.allowed(workflow.MEETING, MeetingStatus.GEPLAND, MeetingStatus.BEZIG)
    assert not workflow.allowed(workflow.MEETING, MeetingStatus.GEPLAND, MeetingStatus.AFGEROND)
    assert not workflow.allowed(workflow.MEETING, MeetingStatus.AFGEROND, MeetingStatus.BEZIG)


# --- submissions ----------------------------------------------------------------------------------


def test_submission_goes_to_vt_of_the_melding_and_counts_waiting_days(ao):
    submission = ao.submit()
    assert submission.vt_organisation == ao.orgs["VT"]
    assert submission.status == SubmissionStatus.INGEDIEND
    assert selectors.waiting_days(submission) == 20  # the newest VT melding is 20 days old
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_type) == (AccessAction.CREATE, services.SUBMISSION)
    assert list(selectors.pending_submissions(user=ao.chair)) == [submission]


def test_only_cases_with_a_vt_melding_qualify(ao):
    with pytest.raises(ValidationError) as exc:
        ao.submit(ao.scenario.politie_only_family)
    assert codes(exc.value) == {ErrorCode.NO_VT_MELDING}


def test_an_organisation_cannot_submit_a_family_it_does_not_know(ao):
    with pytest.raises(ValidationError) as exc:
        ao.submit(by="OM")
    assert codes(exc.value) == {ErrorCode.NOT_PARTNER}


def test_a_family_is_submitted_once_at_a_time(ao):
    ao.submit()
    with pytest.raises(ValidationError) as exc:
        ao.submit(by="CHAIR")
    assert codes(exc.value) == {ErrorCode.ALREADY_SUBMITTED}


def test_the_chair_rejects_and_the_criteria_check_is_kept(ao):
    submission = ao.submit()
    criteria = {**ALL_MET, "criterion_not_elsewhere": False}
    rejected = services.submission_reject(
        user=ao.chair, submission=submission, criteria=criteria, note="Loopt al in MDA++."
    )
    assert rejected.status == SubmissionStatus.AFGEWEZEN
    assert rejected.criterion_not_elsewhere is False
    assert rejected.decided_by == ao.chair
    with pytest.raises(ValidationError) as exc:
        services.submission_reject(user=ao.chair, submission=rejected, criteria=criteria)
    assert codes(exc.value) == {ErrorCode.TRANSITION_NOT_ALLOWED}


def test_only_the_chair_decides(ao):
    submission = ao.submit()
    for user in (ao.users["VT"], ao.users["POLITIE"], ao.users["OM"]):
        with pytest.raises(ValidationError) as exc:
            services.submission_reject(user=user, submission=submission, criteria=ALL_MET)
        assert codes(exc.value) == {ErrorCode.NOT_CHAIR}


def test_scheduling_needs_all_criteria(ao):
    meeting = ao.meeting()
    submission = ao.submit()
    with pytest.raises(ValidationError) as exc:
        services.submission_schedule(
            user=ao.chair,
            submission=submission,
            meeting=meeting,
            criteria={**ALL_MET, "criterion_route_unclear": False},
            slot_start=meeting.starts_at,
            slot_end=meeting.starts_at + dt.timedelta(minutes=20),
        )
    assert codes(exc.value) == {ErrorCode.CRITERIA_NOT_MET}
    with pytest.raises(ValidationError) as exc:
        services.submission_schedule(
            user=ao.chair,
            submission=submission,
            meeting=meeting,
            criteria={CRITERIA[0]: True},
            slot_start=meeting.starts_at,
            slot_end=meeting.starts_at + dt.timedelta(minutes=20),
        )
    assert codes(exc.value) == {ErrorCode.CRITERIA_MISSING}


# --- agenda ---------------------------------------------------------------------------------------


def test_standing_police_and_om_and_3ro_invited_from_dat_informatie(ao):
    meeting = ao.meeting()
    item = ao.schedule(meeting)
    participations = {p.organisation.kind: p.basis for p in item.participations.all()}
    assert participations == {
        "POLITIE": InvitationBasis.VAST,
        "OM": InvitationBasis.VAST,
        "RECLASSERING": InvitationBasis.BETROKKEN,
    }
    item.submission.refresh_from_db()
    assert item.submission.status == SubmissionStatus.GEAGENDEERD
    assert AccessLogEntry.objects.filter(action=AccessAction.DAT_QUERY).exists()


def test_standing_participants_are_police_and_om_only(ao):
    start = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            user=ao.chair,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            standing_organisations=[ao.orgs["RVDK"]],
        )
    assert codes(exc.value) == {ErrorCode.STANDING_KIND}


def test_visibility_per_partner(ao):
    meeting = ao.meeting()
    item = ao.schedule(meeting)
    other = ao.schedule(meeting, ao.scenario.vt_only_family, by="CHAIR", position=1)
    for kind in ("VT", "POLITIE", "OM"):
        assert set(selectors.items_for(ao.users[kind])) == {item, other}
    assert set(selectors.items_for(ao.users["RECLASSERING"])) == {item}
    assert set(selectors.items_for(ao.users["RVDK"])) == set()
    assert set(selectors.meetings_for(ao.users["RVDK"])) == set()
    assert set(selectors.meetings_for(ao.users["RECLASSERING"])) == {meeting}


def test_participants_respond(ao):
    meeting = ao.meeting()
    item = ao.schedule(meeting)
    p = services.participation_respond(
        user=ao.users["RECLASSERING"], item=item, response=ParticipationResponse.VOORBEREID
    )
    assert p.response == ParticipationResponse.VOORBEREID
    with pytest.raises(ValidationError) as exc:
        services.participation_respond(
            user=ao.users["RVDK"], item=item, response=ParticipationResponse.DOET_MEE
        )
    assert codes(exc.value) == {ErrorCode.NOT_PARTICIPANT}


# --- the meeting ----------------------------------------------------------------------------------


def test_records_need_a_running_meeting(ao):
    meeting = ao.meeting()
    item = ao.schedule(meeting)
    with pytest.raises(ValidationError) as exc:
        services.item_add_investigative_act(
            user=ao.chair,
            item=item,
            description="Politie hoort moeder",
            owner_organisation=ao.orgs["POLITIE"],
            due_on=timezone.localdate(),
        )
    assert codes(exc.value) == {ErrorCode.MEETING_NOT_RUNNING}


def test_plan_output_goes_into_the_living_veiligheidsplan(ao):
    _meeting, item = ao.running()
    day = timezone.localdate() + dt.timedelta(days=3)
    first = services.item_add_investigative_act(
        user=ao.chair,
        item=item,
        description="Politie hoort moeder (studioverhoor)",
        owner_organisation=ao.orgs["POLITIE"],
        due_on=day,
    )
    second = services.item_add_investigative_act(
        user=ao.chair,
        item=item,
        description="Daarna voert VT het gesprek met moeder",
        owner_organisation=ao.orgs["VT"],
        due_on=day + dt.timedelta(days=1),
    )
    agreement = services.item_add_agreement(
        user=ao.chair,
        item=item,
        topic=AgreementTopic.INFORMEREN,
        description="OM informeert VT over het vervolgbesluit",
        owner_organisation=ao.orgs["OM"],
        due_on=day,
    )
    intervention = services.item_add_intervention(
        user=ao.chair,
        item=item,
        intervention=ao.catalogue["contactverbod"],
        owner_organisation=ao.orgs["OM"],
    )
    assert (first.sequence, second.sequence) == (1, 2)
    plan_items = set(selectors.item_plan_items(item))
    assert plan_items == {first.plan_item, second.plan_item, agreement, intervention}
    assert all(p.moment == CoordinationMoment.ACTIEOVERLEG for p in plan_items)
    assert first.plan_item.plan.family_system == ao.family
    assert first.plan_item.ends_on == day


def test_only_the_om_records_the_om_decision(ao):
    _meeting, item = ao.running()
    for kind in ("VT", "POLITIE", "RECLASSERING"):
        with pytest.raises(ValidationError) as exc:
            services.om_decision_record(
                user=ao.users[kind], item=item, decision=OmDecisionKind.STRAFRECHTELIJK
            )
        assert codes(exc.value) == {ErrorCode.NOT_OM}
    with pytest.raises(ValidationError) as exc:
        services.om_decision_record(
            user=ao.users["RVDK"], item=item, decision=OmDecisionKind.STRAFRECHTELIJK
        )
    assert codes(exc.value) == {ErrorCode.NOT_PARTICIPANT}
    decision = services.om_decision_record(
        user=ao.users["OM"], item=item, decision=OmDecisionKind.STRAFRECHTELIJK, rationale="Ja."
    )
    again = services.om_decision_record(
        user=ao.users["OM"], item=item, decision=OmDecisionKind.NADER_ONDERZOEK
    )
    assert again.pk == decision.pk
    assert again.decision == OmDecisionKind.NADER_ONDERZOEK


def test_information_shared_is_a_disclosure_in_the_register(ao):
    _meeting, item = ao.running()
    melding = ao.scenario.meldingen["POLITIE"][0]
    shared = services.item_share_information(
        user=ao.users["POLITIE"],
        item=item,
        to_organisation=ao.orgs["OM"],
        legal_basis=ao.bases["politie-wpg-16-1-a"],
        necessity="Voorbereiding vervolgbeslissing in het actieoverleg.",
        items=[(melding, [FieldGroup.KERN])],
        interpretation="Patroon van escalatie.",
    )
    assert shared.disclosure.moment == CoordinationMoment.ACTIEOVERLEG
    assert shared.organisation == ao.orgs["POLITIE"]


def test_disagreement_escalation_and_mda(ao):
    _meeting, item = ao.running()
    d = services.disagreement_record(
        user=ao.users["POLITIE"], item=item, description="Politie wil eerst horen, VT wil direct."
    )
    with pytest.raises(ValidationError):
        services.disagreement_escalate(user=ao.users["POLITIE"], disagreement=d, escalated_to="x")
    d = services.disagreement_escalate(
        user=ao.chair, disagreement=d, escalated_to="Stuurgroep Zorg- en Veiligheidshuis"
    )
    assert d.status == DisagreementStatus.GEESCALEERD
    with pytest.raises(ValidationError) as exc:
        services.disagreement_resolve(user=ao.chair, disagreement=d, outcome="x")
    assert codes(exc.value) == {ErrorCode.TRANSITION_NOT_ALLOWED}
    escalation = services.item_escalate_mda(
        user=ao.chair, item=item, route="MDA++ via Zorg- en Veiligheidshuis"
    )
    assert escalation.route.startswith("MDA++")


def test_discussed_then_finished_and_follow_up(ao, monkeypatch):
    meeting, item = ao.running()
    services.item_add_agreement(
        user=ao.chair,
        item=item,
        topic=AgreementTopic.OVERLEG,
        description="Politie belt VT na het verhoor",
        owner_organisation=ao.orgs["POLITIE"],
        due_on=timezone.localdate() + dt.timedelta(days=2),
    )
    item = services.item_mark_discussed(user=ao.chair, item=item, handover="VT neemt regie.")
    assert item.status == ItemStatus.BESPROKEN
    item.submission.refresh_from_db()
    assert item.submission.status == SubmissionStatus.BESPROKEN
    meeting = services.meeting_finish(user=ao.chair, meeting=meeting)
    assert meeting.status == MeetingStatus.AFGEROND

    agreements = selectors.open_agreements(user=ao.users["POLITIE"])
    assert [a.plan_item.owner_organisation for a in agreements] == [ao.orgs["POLITIE"]]
    assert not agreements[0].overdue
    assert selectors.open_agreements(user=ao.users["RVDK"]) == []

    monkeypatch.setattr(selectors, "today", lambda: timezone.localdate() + dt.timedelta(days=5))
    assert selectors.open_agreements(user=ao.users["POLITIE"])[0].overdue

    later = ao.meeting(days=9)
    previous = selectors.previous_open_agreements(user=ao.chair, meeting=later)
    assert [a.item for a in previous] == [item]


def test_items_not_reached_go_back_to_the_chair(ao):
    meeting, item = ao.running()
    services.meeting_finish(user=ao.chair, meeting=meeting)
    item.submission.refresh_from_db()
    assert item.submission.status == SubmissionStatus.INGEDIEND
    assert PlanItem.objects.count() == 0


# --- second read of issue #6: rules the first version missed ------------------------------------


def test_the_newest_vt_melding_decides_region_and_waiting_time(ao, user_for):
    """A family known to Veilig Thuis for years that moved: the case goes to the region of the
    new melding and waits from that melding, not from the first one ever."""
    north = f.OrganisationFactory(
        code="vt-noord", kind="VT", name="Veilig Thuis Noord", region=f.RegionFactory()
    )
    family = ao.scenario.vt_only_family  # a VT melding of the test region, 5 days old
    for organisation, days in ((north, 2), (ao.orgs["VT"], 900)):  # new; years old
        received = timezone.now() - dt.timedelta(days=days)
        f.MeldingFactory(
            source_organisation=organisation,
            family_system=family,
            kind=MeldingKind.VT_MELDING,
            occurred_at=received - dt.timedelta(hours=2),
            received_at=received,
        )
    submission = ao.submit(family, by="CHAIR")
    assert submission.vt_organisation == north
    assert selectors.waiting_days(submission) == 2
    assert list(selectors.pending_submissions(user=ao.chair)) == []
    north_chair = user_for(north, roles=[RoleCode.VT_MEDEWERKER, RoleCode.VOORZITTER_ACTIEOVERLEG])
    assert list(selectors.pending_submissions(user=north_chair)) == [submission]


def test_police_and_om_both_stand_at_the_table(ao):
    start = timezone.now() + dt.timedelta(days=1)
    for standing in ([ao.orgs["POLITIE"]], [ao.orgs["OM"]], []):
        with pytest.raises(ValidationError) as exc:
            services.meeting_create(
                user=ao.chair,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
                standing_organisations=standing,
            )
        assert codes(exc.value) == {ErrorCode.STANDING_MISSING}
    assert not services.Meeting.objects.exists()


def _schedule(ao, meeting, submission, start, minutes=20):
    return services.submission_schedule(
        user=ao.chair,
        submission=submission,
        meeting=meeting,
        criteria=ALL_MET,
        slot_start=start,
        slot_end=start + dt.timedelta(minutes=minutes),
    )


def test_a_slot_lies_within_the_meeting_and_is_free(ao):
    meeting = ao.meeting()  # two hours
    first = ao.schedule(meeting)  # the first 20 minutes
    submission = ao.submit(ao.scenario.vt_only_family, by="CHAIR")
    for start, code in (
        (meeting.starts_at - dt.timedelta(minutes=10), ErrorCode.SLOT_OUTSIDE),
        (meeting.ends_at - dt.timedelta(minutes=10), ErrorCode.SLOT_OUTSIDE),
        (meeting.starts_at + dt.timedelta(minutes=10), ErrorCode.SLOT_TAKEN),
    ):
        with pytest.raises(ValidationError) as exc:
            _schedule(ao, meeting, submission, start)
        assert codes(exc.value) == {code}
        assert "slot_start" in exc.value.error_dict
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.INGEDIEND  # nothing half-stored
    assert list(meeting.items.all()) == [first]
    assert (
        not AccessLogEntry.objects.filter(action=AccessAction.DAT_QUERY)
        .exclude(object_id=str(ao.family.pk))
        .exists()
    )
    item = _schedule(ao, meeting, submission, meeting.starts_at + dt.timedelta(minutes=20))
    assert item.position == 2


def test_no_case_is_put_on_a_finished_meeting(ao):
    meeting, _item = ao.running()
    services.meeting_finish(user=ao.chair, meeting=meeting)
    submission = ao.submit(ao.scenario.vt_only_family, by="CHAIR")
    with pytest.raises(ValidationError) as exc:
        _schedule(ao, meeting, submission, meeting.starts_at + dt.timedelta(minutes=40))
    assert codes(exc.value) == {ErrorCode.TRANSITION_NOT_ALLOWED}


def test_owners_are_organisations_at_the_table(ao):
    """RvdK is not invited for this case: it cannot own an agreement, act or intervention,
    and nothing reaches the veiligheidsplan."""
    _meeting, item = ao.running()
    due = timezone.localdate() + dt.timedelta(days=3)
    writes = [
        lambda owner: services.item_add_agreement(
            user=ao.chair,
            item=item,
            topic=AgreementTopic.OVERLEG,
            description="x",
            owner_organisation=owner,
            due_on=due,
        ),
        lambda owner: services.item_add_investigative_act(
            user=ao.chair, item=item, description="x", owner_organisation=owner, due_on=due
        ),
        lambda owner: services.item_add_intervention(
            user=ao.chair,
            item=item,
            intervention=ao.catalogue["contactverbod"],
            owner_organisation=owner,
        ),
    ]
    for write in writes:
        with pytest.raises(ValidationError) as exc:
            write(ao.orgs["RVDK"])
        assert codes(exc.value) == {ErrorCode.NOT_PARTICIPANT}
        assert "owner_organisation" in exc.value.error_dict
    assert PlanItem.objects.count() == 0
    for write in writes:  # the invited 3RO and the chair's own VT may own
        write(ao.orgs["RECLASSERING"])
        write(ao.orgs["VT"])
    assert PlanItem.objects.count() == 6


def test_a_date_in_the_past_lands_on_its_field_and_stores_nothing(ao):
    _meeting, item = ao.running()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.item_add_investigative_act(
            user=ao.chair,
            item=item,
            description="Politie hoort vader",
            owner_organisation=ao.orgs["POLITIE"],
            due_on=yesterday,
        )
    assert exc.value.error_dict["due_on"][0].code == ErrorCode.DATE_PAST
    with pytest.raises(ValidationError) as exc:
        services.item_add_intervention(
            user=ao.chair,
            item=item,
            intervention=ao.catalogue["contactverbod"],
            owner_organisation=ao.orgs["OM"],
            starts_on=yesterday,
        )
    assert exc.value.error_dict["starts_on"][0].code == ErrorCode.DATE_PAST
    assert PlanItem.objects.count() == 0
    assert not item.investigative_acts.exists()


def test_a_plan_service_error_lands_on_the_form_field(ao):
    """The plan's own check (an intervention longer than the catalogue allows) is reported
    on ``due_on``, the name this app's forms use."""
    _meeting, item = ao.running()
    huisverbod = ao.catalogue["tijdelijk-huisverbod"]
    with pytest.raises(ValidationError) as exc:
        services.item_add_intervention(
            user=ao.chair,
            item=item,
            intervention=huisverbod,
            owner_organisation=ao.orgs["POLITIE"],
            due_on=timezone.localdate() + dt.timedelta(days=huisverbod.max_duration_days + 5),
        )
    assert list(exc.value.error_dict) == ["due_on"]
    assert PlanItem.objects.count() == 0


def test_information_is_shared_only_with_participants(ao):
    _meeting, item = ao.running()
    melding = ao.scenario.meldingen["POLITIE"][0]
    for to in (ao.orgs["RVDK"], ao.orgs["POLITIE"]):  # not at the table; itself
        with pytest.raises(ValidationError) as exc:
            services.item_share_information(
                user=ao.users["POLITIE"],
                item=item,
                to_organisation=to,
                legal_basis=ao.bases["politie-wpg-16-1-a"],
                necessity="x",
                items=[(melding, [FieldGroup.KERN])],
            )
        assert codes(exc.value) == {ErrorCode.NOT_PARTICIPANT}
    assert not Disclosure.objects.exists()


def test_invitations_are_answered_until_the_meeting_is_finished(ao):
    meeting, item = ao.running()
    services.meeting_finish(user=ao.chair, meeting=meeting)
    with pytest.raises(ValidationError) as exc:
        services.participation_respond(
            user=ao.users["OM"], item=item, response=ParticipationResponse.DOET_MEE
        )
    assert codes(exc.value) == {ErrorCode.MEETING_FINISHED}
    assert item.participations.get(organisation=ao.orgs["OM"]).response == "OPEN"


def test_plan_items_of_another_family_never_join_an_item(ao):
    """Plan items belong to an agenda item by its reference and by the family's plan: an item
    of another family's plan that happens to carry the same reference is not shown."""
    _meeting, item = ao.running()
    stray = plan_services.plan_add_agreement(
        user=ao.users["VT"],
        family_system=ao.scenario.vt_only_family,
        topic=AgreementTopic.OVERLEG,
        description="Afspraak over een ander gezin",
        owner_organisation=ao.orgs["POLITIE"],
        ends_on=timezone.localdate() + dt.timedelta(days=2),
        moment=CoordinationMoment.ACTIEOVERLEG,
        moment_reference=item.reference,
    )
    own = services.item_add_agreement(
        user=ao.chair,
        item=item,
        topic=AgreementTopic.OVERLEG,
        description="Politie belt VT",
        owner_organisation=ao.orgs["POLITIE"],
        due_on=timezone.localdate() + dt.timedelta(days=2),
    )
    assert selectors.item_plan_items(item) == [own]
    assert [a.plan_item for a in selectors.open_agreements(user=ao.users["POLITIE"])] == [own]
    assert stray.pk != own.pk


def test_mda_escalation_is_created_then_updated(ao):
    _meeting, item = ao.running()
    services.item_escalate_mda(user=ao.chair, item=item, route="MDA++ via ZVH")
    first = AccessLogEntry.objects.latest("seq")
    services.item_escalate_mda(user=ao.chair, item=item, route="MDA++ via ZVH, met RvdK")
    second = AccessLogEntry.objects.latest("seq")
    assert (first.action, second.action) == (AccessAction.CREATE, AccessAction.UPDATE)
    item.escalation.refresh_from_db()
    assert item.escalation.route.endswith("met RvdK")


def test_the_next_meeting_starts_with_open_agreements_of_earlier_ones(ao):
    meeting, item = ao.running()
    done_later = services.item_add_agreement(
        user=ao.chair,
        item=item,
        topic=AgreementTopic.OVERLEG,
        description="Politie hoort moeder",
        owner_organisation=ao.orgs["POLITIE"],
        due_on=timezone.localdate() + dt.timedelta(days=2),
    )
    services.item_add_agreement(
        user=ao.chair,
        item=item,
        topic=AgreementTopic.INFORMEREN,
        description="OM informeert VT",
        owner_organisation=ao.orgs["OM"],
        due_on=timezone.localdate() + dt.timedelta(days=2),
    )
    services.item_mark_discussed(user=ao.chair, item=item)
    services.meeting_finish(user=ao.chair, meeting=meeting)
    plan_services.plan_item_transition(
        user=ao.users["POLITIE"], item=done_later, to_status=PlanItemStatus.DONE
    )
    next_week = ao.meeting(days=9)
    previous = selectors.previous_open_agreements(user=ao.chair, meeting=next_week)
    assert [a.plan_item.description for a in previous] == ["OM informeert VT"]
    assert selectors.previous_open_agreements(user=ao.chair, meeting=meeting) == []
    assert selectors.previous_open_agreements(user=ao.users["RVDK"], meeting=next_week) == []


def test_a_rejection_says_why(ao):
    submission = ao.submit()
    with pytest.raises(ValidationError) as exc:
        services.submission_reject(user=ao.chair, submission=submission, criteria=ALL_MET)
    assert codes(exc.value) == {ErrorCode.EMPTY}
    assert "aanmelder" in exc.value.message_dict["note"][0]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.INGEDIEND
