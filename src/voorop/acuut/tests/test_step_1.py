"""Starting, and step 1 (fysieke veiligheid, samen ter plaatse): the call police → Veilig Thuis,
arrivals, and the police not leaving before Veilig Thuis without a phone consultation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from voorop.acuut import selectors, services
from voorop.acuut.choices import CallOutcome, ParticipantRole, Status
from voorop.acuut.models import EpisodeParticipant, EpisodeStatusChange
from voorop.audit.models import AccessLogEntry
from voorop.authz import policy
from voorop.core.testing import factories as f
from voorop.meldingen.models import MeldingKind
from voorop.persons.models import OrganisationInvolvement

pytestmark = pytest.mark.django_db


def error_codes(raised) -> list[str]:
    error = raised.value
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [e.code for e in error.error_list]


# --- starting -----------------------------------------------------------------------------------


def test_the_police_start_and_are_the_first_participant(world, flow):
    episode = flow.start()
    assert episode.reference.startswith("SO-") and episode.status == Status.GESTART
    assert episode.started_by_organisation == world.orgs["POLITIE"]
    assert episode.vt_involved_at is None
    assert [(p.organisation, p.role) for p in selectors.participants(episode)] == [
        (world.orgs["POLITIE"], ParticipantRole.STARTER)
    ]
    change = EpisodeStatusChange.objects.get(episode=episode)
    assert (change.from_status, change.to_status) == ("", Status.GESTART)
    entry = AccessLogEntry.objects.filter(object_type="samen-op-in-acuut").latest("seq")
    assert (entry.action, entry.object_id, entry.organisation_code) == (
        "CREATE",
        str(episode.pk),
        "politie-test",
    )
    assert entry.person_ids  # the family's persons


def test_the_incident_time_follows_the_trigger_melding(world, flow):
    melding = world.scenario.other_meldingen["POLITIE"][0]
    episode = flow.start(trigger_melding=melding)
    assert episode.incident_at == melding.occurred_at
    assert episode.trigger_melding == melding


def test_veilig_thuis_starting_from_its_acute_melding_is_involved_from_that_melding(world, flow):
    melding = world.scenario.meldingen["VT"][1]
    assert melding.kind == MeldingKind.VT_MELDING
    episode = flow.start(by="VT", family=world.shared_family, trigger_melding=melding)
    assert episode.vt_involved_at == melding.received_at


@pytest.mark.parametrize("kind", ["OM", "RECLASSERING", "RVDK"])
def test_only_police_and_veilig_thuis_start(world, flow, kind):
    f.InvolvementFactory(family_system=world.family, organisation=world.orgs[kind])
    with pytest.raises(ValidationError) as raised:
        flow.start(by=kind)
    assert error_codes(raised) == ["niet_politie_of_vt"]


def test_not_without_being_involved_nor_as_privacy_officer(world, flow):
    with pytest.raises(ValidationError) as raised:
        flow.start(by="VT")  # VT is not involved in the Jansen family
    assert error_codes(raised) == ["niet_betrokken"]
    with pytest.raises(ValidationError) as raised:
        flow.start(by="POLITIE_PRIVACY")
    assert error_codes(raised) == ["geen_professional"]


def test_one_open_episode_per_family(world, flow):
    flow.start()
    with pytest.raises(ValidationError) as raised:
        flow.start()
    assert error_codes(raised) == ["loopt_al"]
    assert "gestart door Politie Eenheid Test" in raised.value.messages[0]


def test_a_trigger_melding_must_be_own_and_of_this_family(world, flow):
    vt_melding = world.scenario.meldingen["VT"][0]
    with pytest.raises(ValidationError) as raised:
        flow.start(family=world.shared_family, trigger_melding=vt_melding)
    assert error_codes(raised) == ["melding_niet_eigen"]


def test_times_in_the_future_are_refused(world, flow):
    with pytest.raises(ValidationError) as raised:
        flow.start(incident_at=timezone.now() + dt.timedelta(hours=1))
    assert error_codes(raised) == ["tijd_in_toekomst"]


# --- the call -----------------------------------------------------------------------------------


def test_the_call_reaching_veilig_thuis_makes_it_involved_and_a_participant(world, flow):
    episode = flow.start()
    assert not OrganisationInvolvement.objects.filter(
        family_system=world.family, organisation=world.orgs["VT"]
    ).exists()
    assert not policy.family_systems_for(world.users["VT"]).filter(pk=world.family.pk).exists()
    call = flow.call(episode)
    episode.refresh_from_db()
    assert episode.vt_involved_at == call.called_at
    participant = EpisodeParticipant.objects.get(episode=episode, role=ParticipantRole.PARTNER)
    assert (participant.organisation, participant.via_call) == (world.orgs["VT"], call)
    assert OrganisationInvolvement.objects.filter(
        family_system=world.family, organisation=world.orgs["VT"]
    ).exists()
    assert selectors.episode_get(user=world.users["VT"], pk=episode.pk) == episode


def test_not_reachable_does_not_involve_veilig_thuis(world, flow):
    episode = flow.start()
    flow.call(episode, CallOutcome.NOT_REACHABLE)
    episode.refresh_from_db()
    assert episode.vt_involved_at is None
    assert selectors.participant_organisation_ids(episode) == [world.orgs["POLITIE"].pk]
    second = flow.call(episode, CallOutcome.VIDEO)
    episode.refresh_from_db()
    assert episode.vt_involved_at == second.called_at


def test_the_reason_is_required_unless_veilig_thuis_comes(world, flow):
    episode = flow.start()
    with pytest.raises(ValidationError) as raised:
        services.episode_call_log(
            user=flow.police,
            episode=episode,
            callee_organisation=world.orgs["VT"],
            outcome=CallOutcome.PHONE,
        )
    assert error_codes(raised) == ["reden_ontbreekt"]
    assert raised.value.message_dict["reason"] == [
        "Geef aan waarom Veilig Thuis Testregio niet ter plaatse komt."
    ]


def test_the_police_call_veilig_thuis_not_someone_else(world, flow):
    episode = flow.start()
    with pytest.raises(ValidationError) as raised:
        services.episode_call_log(
            user=flow.police,
            episode=episode,
            callee_organisation=world.orgs["OM"],
            outcome=CallOutcome.ON_SITE,
        )
    assert error_codes(raised) == ["verkeerde_gesprekspartner"]


def test_the_reachability_answer_shown_is_kept_with_the_call(world, flow):
    episode = flow.start()
    answer = selectors.who_to_call(user=flow.police, episode=episode)
    call = services.episode_call_log(
        user=flow.police,
        episode=episode,
        callee_organisation=world.orgs["VT"],
        outcome=CallOutcome.ON_SITE,
        reachability_answer="\n".join(answer.sentences),
    )
    # No arrangement in this world: the national number.
    assert "0800-2000" in call.reachability_answer


# --- on site ------------------------------------------------------------------------------------


def test_arrivals_once_per_participant(world, flow):
    episode = flow.start()
    flow.call(episode)
    services.episode_arrival_record(user=flow.police, episode=episode)
    services.episode_arrival_record(
        user=flow.police, episode=episode, organisation=world.orgs["VT"]
    )
    assert [a.organisation for a in selectors.arrivals(episode)] == [
        world.orgs["POLITIE"],
        world.orgs["VT"],
    ]
    with pytest.raises(ValidationError) as raised:
        services.episode_arrival_record(user=flow.vt, episode=episode)
    assert error_codes(raised) == ["al_vastgelegd"]
    with pytest.raises(ValidationError) as raised:
        services.episode_arrival_record(
            user=flow.police, episode=episode, organisation=world.orgs["OM"]
        )
    assert error_codes(raised) == ["organisatie_geen_deelnemer"]


def test_arrival_before_the_incident_is_refused(world, flow):
    episode = flow.start()
    with pytest.raises(ValidationError) as raised:
        services.episode_arrival_record(
            user=flow.police,
            episode=episode,
            arrived_at=episode.incident_at - dt.timedelta(minutes=5),
        )
    assert error_codes(raised) == ["tijd_voor_incident"]


def test_only_the_police_say_it_is_safe_to_enter(world, flow):
    episode = flow.start()
    flow.call(episode)
    with pytest.raises(ValidationError) as raised:
        services.episode_safe_to_enter(user=flow.vt, episode=episode)
    assert error_codes(raised) == ["alleen_politie"]
    services.episode_safe_to_enter(user=flow.police, episode=episode)
    assert episode.safe_to_enter_at is not None


def test_police_leaving_before_veilig_thuis_needs_a_phone_consultation_first(world, flow):
    episode = flow.start()
    flow.call(episode)  # "komt ter plaatse": not a consultation about leaving
    with pytest.raises(ValidationError) as raised:
        services.episode_departure_record(user=flow.police, episode=episode)
    assert error_codes(raised) == ["vertrek_zonder_overleg"]
    assert raised.value.messages == [
        "De politie vertrekt voordat Veilig Thuis er is. Dat kan alleen na telefonisch overleg "
        "met Veilig Thuis: leg dat overleg eerst vast (gesprek met de uitkomst 'telefonisch "
        "overleg' of 'beeldbellen')."
    ]
    consultation = flow.call(episode, CallOutcome.PHONE)
    departure = services.episode_departure_record(user=flow.police, episode=episode)
    assert departure.consultation_call == consultation


def test_a_consultation_after_the_departure_time_does_not_count(world, flow):
    episode = flow.start(incident_at=timezone.now() - dt.timedelta(hours=1))
    flow.call(episode)
    flow.call(episode, CallOutcome.PHONE)
    with pytest.raises(ValidationError) as raised:
        services.episode_departure_record(
            user=flow.police,
            episode=episode,
            departed_at=timezone.now() - dt.timedelta(seconds=30),
        )
    assert error_codes(raised) == ["vertrek_zonder_overleg"]


def test_police_may_leave_once_veilig_thuis_is_there(world, flow):
    episode = flow.start()
    flow.call(episode)
    services.episode_arrival_record(user=flow.vt, episode=episode)
    departure = services.episode_departure_record(user=flow.police, episode=episode)
    assert departure.consultation_call is None


def test_veilig_thuis_leaving_has_no_such_rule(world, flow):
    episode = flow.start()
    flow.call(episode)
    services.episode_departure_record(user=flow.vt, episode=episode)


# --- moving on ----------------------------------------------------------------------------------


def test_on_site_needs_the_call_and_illegal_jumps_are_refused(world, flow):
    episode = flow.start()
    with pytest.raises(ValidationError) as raised:
        services.episode_transition(user=flow.police, episode=episode, to_status=Status.TER_PLAATSE)
    assert error_codes(raised) == ["partner_komt_niet"]
    with pytest.raises(ValidationError) as raised:
        services.episode_transition(user=flow.police, episode=episode, to_status=Status.ONDERZOEK)
    assert error_codes(raised) == ["overgang_niet_toegestaan"]
    assert "Stappen worden niet overgeslagen." in raised.value.messages[0]
    flow.call(episode)
    services.episode_transition(user=flow.police, episode=episode, to_status=Status.TER_PLAATSE)
    assert episode.status == Status.TER_PLAATSE
    entry = AccessLogEntry.objects.filter(object_type="samen-op-in-acuut").latest("seq")
    assert (entry.action, entry.purpose) == ("UPDATE", "status GESTART → TER_PLAATSE")


def test_consultation_by_phone_at_the_station_skips_on_site(world, flow):
    episode = flow.start()
    flow.call(episode, CallOutcome.PHONE)
    services.episode_transition(user=flow.police, episode=episode, to_status=Status.MOTORKAPOVERLEG)
    assert episode.status == Status.MOTORKAPOVERLEG


def test_the_motorkapoverleg_waits_for_veilig_thuis_on_site(world, flow):
    episode = flow.to(flow.start(), Status.TER_PLAATSE)
    with pytest.raises(ValidationError) as raised:
        services.episode_transition(
            user=flow.police, episode=episode, to_status=Status.MOTORKAPOVERLEG
        )
    assert error_codes(raised) == ["partner_niet_ter_plaatse"]


def test_closing_and_breaking_off_are_not_ordinary_transitions(world, flow):
    episode = flow.start()
    with pytest.raises(ValidationError) as raised:
        services.episode_transition(user=flow.police, episode=episode, to_status=Status.AFGEBROKEN)
    assert error_codes(raised) == ["afsluiten_via_stap_5"]


def test_breaking_off_needs_a_reason_and_ends_everything(world, flow):
    episode = flow.start()
    with pytest.raises(ValidationError) as raised:
        services.episode_abort(user=flow.police, episode=episode, reason="kort")
    assert error_codes(raised) == ["reden_ontbreekt"]
    services.episode_abort(
        user=flow.police, episode=episode, reason="Geen acute onveiligheid na aankomst."
    )
    assert (episode.status, episode.closed_by) == (Status.AFGEBROKEN, flow.police)
    with pytest.raises(ValidationError) as raised:
        flow.call(episode)
    assert error_codes(raised) == ["niet_in_deze_status"]
    flow.start()  # a new one can start


def test_an_outsider_cannot_write(world, flow):
    episode = flow.start()
    with pytest.raises(ValidationError) as raised:
        services.episode_arrival_record(user=world.users["VT"], episode=episode)
    assert error_codes(raised) == ["geen_deelnemer"]
