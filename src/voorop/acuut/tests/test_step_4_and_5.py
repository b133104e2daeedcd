"""Step 4 writes measures and agreements into the veiligheidsplan (with owners and dates);
step 5 closes with the checklist and the handover route. And the metric: time from incident to
Veilig Thuis involved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from voorop.acuut import selectors, services
from voorop.acuut.choices import CallOutcome, HandoverRoute, Status
from voorop.core.testing.factories import TEST_PASSWORD
from voorop.safetyplan import selectors as plan_selectors
from voorop.safetyplan.models import PlanItemKind, PlanItemStatus
from voorop.sharing.models import CoordinationMoment

from .test_step_1 import error_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(flow):
    return flow.to(flow.start(), Status.MAATREGELEN)


def test_measures_and_agreements_land_in_the_plan_with_owners_and_dates(world, flow, episode):
    huisverbod = services.episode_measure_add(
        user=flow.police,
        episode=episode,
        intervention=world.catalogue["tijdelijk-huisverbod"],
        owner_organisation=world.gemeente,
        description="Tijdelijk huisverbod voor Mark.",
    )
    today = plan_selectors.today()
    assert huisverbod.kind == PlanItemKind.INTERVENTION
    assert (huisverbod.moment, huisverbod.moment_reference) == (
        CoordinationMoment.SAMEN_OP_IN_ACUUT,
        episode.reference,
    )
    assert huisverbod.phase == "ACUUT"
    assert huisverbod.owner_organisation == world.gemeente
    assert (huisverbod.starts_on, huisverbod.ends_on, huisverbod.reassess_on) == (
        today,
        today + dt.timedelta(days=10),
        today + dt.timedelta(days=8),
    )
    agreement = services.episode_agreement_add(
        user=flow.vt,
        episode=episode,
        topic="OVERLEG",
        description="VT en politie bellen elkaar morgen om 10:00.",
        owner_organisation=world.orgs["VT"],
        reassess_on=today + dt.timedelta(days=1),
    )
    assert agreement.status == PlanItemStatus.ACTIVE
    titles = [v.title for v in selectors.plan_items(user=flow.vt, episode=episode)]
    assert titles == ["Tijdelijk huisverbod", "Wie met wie wanneer overlegt"]


def test_the_plan_page_shows_them_to_both(world, flow, episode, client):
    flow.step_4(episode)
    for who in ("POLITIE", "VT"):
        client.login(username=world.users[who].username, password=TEST_PASSWORD)
        page = client.get(f"/gezinssystemen/{world.family.pk}/veiligheidsplan/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Tijdelijk huisverbod" in html
        assert "De politie belt VT direct als Mark toch thuiskomt." in html
        assert "Veilig Thuis Testregio" in html


def test_the_first_point_of_contact_goes_on_the_plan(world, flow, episode):
    services.episode_contact_set(user=flow.police, episode=episode, organisation=world.orgs["VT"])
    plan = plan_selectors.plan_get(family_system=episode.family_system)
    assert plan.contact_organisation == world.orgs["VT"]
    assert episode.contact_organisation == world.orgs["VT"] and episode.contact_set_at


def test_no_measures_before_step_4(world, flow):
    episode = flow.to(flow.start(), Status.ONDERZOEK)
    with pytest.raises(ValidationError) as raised:
        services.episode_measure_add(
            user=flow.police,
            episode=episode,
            intervention=world.catalogue["contactverbod"],
            owner_organisation=world.orgs["OM"],
        )
    assert error_codes(raised) == ["niet_in_deze_status"]


def close(flow, episode, **kwargs):
    kwargs.setdefault("investigation_done", True)
    kwargs.setdefault("everyone_safe", True)
    kwargs.setdefault("handover_route", HandoverRoute.ZSM)
    return services.episode_close(user=flow.vt, episode=episode, **kwargs)


def test_closing_lists_everything_still_missing(world, flow, episode):
    with pytest.raises(ValidationError) as raised:
        close(flow, episode, investigation_done=False, everyone_safe=False, handover_route="")
    assert error_codes(raised) == [
        "geen_maatregel",
        "geen_herbeoordeling",
        "geen_aanspreekpunt",
        "geen_escalatieafspraak",
        "beoordeling_niet_gedaan",
        "onderzoek_niet_gedaan",
        "niet_iedereen_veilig",
        "geen_vervolg",
    ]
    assert "Veilig Thuis heeft de veiligheidsbeoordeling (deel A) nog niet afgerond." in (
        raised.value.messages
    )


def test_closing_needs_part_a_of_the_assessment(world, flow, episode):
    flow.step_4(episode)
    with pytest.raises(ValidationError) as raised:
        close(flow, episode)
    assert error_codes(raised) == ["beoordeling_niet_gedaan"]
    flow.part_a(episode)
    close(flow, episode)
    assert episode.status == Status.AFGESLOTEN


def test_closing_records_the_route_and_ends_the_episode(world, flow, episode):
    flow.step_4(episode)
    flow.part_a(episode)
    close(flow, episode, handover_route=HandoverRoute.MDA_PLUS_PLUS, handover_note="Complex.")
    episode.refresh_from_db()
    assert episode.handover_route == "MDA_PLUS_PLUS"
    assert episode.investigation_done and episode.everyone_safe
    assert episode.closed_at and episode.closed_by == flow.vt
    assert [c.to_status for c in selectors.status_changes(episode)] == [
        "GESTART",
        "TER_PLAATSE",
        "MOTORKAPOVERLEG",
        "ONDERZOEK",
        "MAATREGELEN",
        "AFGESLOTEN",
    ]
    with pytest.raises(ValidationError) as raised:
        services.episode_agreement_add(
            user=flow.vt,
            episode=episode,
            topic="OVERIG",
            description="Te laat.",
            owner_organisation=world.orgs["VT"],
        )
    assert error_codes(raised) == ["niet_in_deze_status"]


def test_no_joint_follow_up_needs_a_reason(world, flow, episode):
    flow.step_4(episode)
    flow.part_a(episode)
    with pytest.raises(ValidationError) as raised:
        close(flow, episode, handover_route=HandoverRoute.GEEN)
    assert error_codes(raised) == ["reden_geen_vervolg_ontbreekt"]
    close(flow, episode, handover_route=HandoverRoute.GEEN, handover_note="VT pakt het zelf op.")


# --- metrics ------------------------------------------------------------------------------------


def test_time_from_incident_to_veilig_thuis_involved(world, flow):
    incident = timezone.now() - dt.timedelta(minutes=47)
    episode = flow.start(incident_at=incident)
    assert selectors.vt_involvement_time(episode) is None
    flow.call(episode, CallOutcome.NOT_REACHABLE)
    flow.call(episode, CallOutcome.VIDEO)
    episode.refresh_from_db()
    assert 46 <= selectors.vt_involvement_time(episode).total_seconds() / 60 <= 48
    started_by_vt = flow.start(by="VT", family=world.shared_family)
    rows = {r.reference: r for r in selectors.vt_involvement_times()}
    assert rows[episode.reference].mode == CallOutcome.VIDEO
    assert rows[episode.reference].minutes in (46, 47, 48)
    assert rows[started_by_vt.reference].mode == "VT_GESTART"
    assert rows[started_by_vt.reference].started_by_kind == "VT"
    later = selectors.vt_involvement_times(started_from=timezone.now() + dt.timedelta(minutes=1))
    assert later == []
