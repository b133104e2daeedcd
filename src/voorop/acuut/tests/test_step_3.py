"""Step 3, the (joint) investigation: who does what in which order, the kindcheck for every
child, injuries (forensic doctor and Forensische Opsporing for a child — the system insists),
and the home as crime scene."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from voorop.acuut import selectors, services
from voorop.acuut.choices import ChildCheckOutcome, InjuryKind, InvestigativeAct, Status
from voorop.core.testing import factories as f

from .test_step_1 import error_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(flow):
    return flow.to(flow.start(), Status.ONDERZOEK)


@pytest.fixture
def people(world):
    return world.members()


def agree(flow, episode, **kwargs):
    kwargs.setdefault("act", InvestigativeAct.FEITELIJKE_BESCHRIJVING)
    kwargs.setdefault("by_organisation", flow.world.orgs["POLITIE"])
    return services.episode_investigation_agreement_add(user=flow.police, episode=episode, **kwargs)


def check(flow, episode, child, **kwargs):
    kwargs.setdefault("outcome", ChildCheckOutcome.AANWEZIG_VEILIG)
    return services.episode_child_check_record(
        user=flow.police, episode=episode, child=child, **kwargs
    )


def to_measures(flow, episode):
    return services.episode_transition(
        user=flow.police, episode=episode, to_status=Status.MAATREGELEN
    )


def test_agreements_in_order_with_a_joint_interview(world, flow, episode, people):
    first = agree(flow, episode)
    second = agree(
        flow,
        episode,
        act=InvestigativeAct.GESPREK_SLACHTOFFER,
        by_organisation=world.orgs["VT"],
        joint=True,
        persons=[people["mother"]],
    )
    assert (first.sequence, second.sequence) == (1, 2)
    assert list(second.persons.all()) == [people["mother"]]
    with pytest.raises(ValidationError) as raised:
        agree(flow, episode, by_organisation=world.orgs["OM"])
    assert error_codes(raised) == ["organisatie_geen_deelnemer"]
    stranger = f.PersonFactory(recorded_by=world.orgs["POLITIE"])
    with pytest.raises(ValidationError) as raised:
        agree(flow, episode, persons=[stranger])
    assert error_codes(raised) == ["geen_gezinslid"]


def test_the_kindcheck_is_required_for_every_child(world, flow, episode, people):
    sibling = f.PersonFactory(
        given_names="Sem",
        surname="Jansen",
        date_of_birth=dt.date(2020, 1, 5),
        recorded_by=world.orgs["POLITIE"],
    )
    f.FamilyMembershipFactory(family_system=world.family, person=sibling)
    agree(flow, episode)
    assert [c.full_name for c in selectors.children(episode)] == ["Noor Jansen", "Sem Jansen"]
    with pytest.raises(ValidationError) as raised:
        to_measures(flow, episode)
    assert raised.value.messages == [
        "Doe de kindcheck voor elk kind in het huishouden. Nog niet gedaan: Noor Jansen, "
        "Sem Jansen."
    ]
    check(flow, episode, people["child"])
    with pytest.raises(ValidationError) as raised:
        to_measures(flow, episode)
    assert "Nog niet gedaan: Sem Jansen." in raised.value.messages[0]
    check(flow, episode, sibling, outcome=ChildCheckOutcome.ELDERS_VEILIG, note="Bij oma.")
    to_measures(flow, episode)
    assert episode.status == Status.MAATREGELEN


def test_an_adult_or_an_outsider_gets_no_kindcheck_and_a_child_only_one(flow, episode, people):
    with pytest.raises(ValidationError) as raised:
        check(flow, episode, people["mother"])
    assert error_codes(raised) == ["geen_kind"]
    check(flow, episode, people["child"])
    with pytest.raises(ValidationError) as raised:
        check(flow, episode, people["child"])
    assert error_codes(raised) == ["al_vastgelegd"]


def test_a_child_that_turned_18_before_the_incident_is_not_a_child(world, flow, people):
    episode = flow.start()
    born = episode.incident_at.date().replace(year=episode.incident_at.year - 18)
    grown = f.PersonFactory(date_of_birth=born, recorded_by=world.orgs["POLITIE"])
    f.FamilyMembershipFactory(family_system=world.family, person=grown)
    assert grown not in selectors.children(episode)


def test_a_child_with_injury_needs_a_forensic_doctor_and_forensic_investigation(
    world, flow, episode, people
):
    agree(flow, episode)
    check(flow, episode, people["child"], injury_suspected=True)
    with pytest.raises(ValidationError) as raised:
        to_measures(flow, episode)
    assert error_codes(raised) == ["forensisch_onderzoek_ontbreekt"]
    assert raised.value.messages == [
        "Bij (vermoeden van) letsel bij een kind zet de politie altijd een forensisch arts en "
        "Forensische Opsporing in. Voor Noor Jansen is nog niet vastgelegd: forensisch arts, "
        "Forensische Opsporing."
    ]
    injury = services.episode_injury_record(
        user=flow.police,
        episode=episode,
        person=people["child"],
        kind=InjuryKind.VERMOEDEN,
        forensic_doctor=True,
    )
    assert injury.is_child
    with pytest.raises(ValidationError) as raised:
        to_measures(flow, episode)
    assert "nog niet vastgelegd: Forensische Opsporing." in raised.value.messages[0]
    services.episode_injury_forensics(user=flow.police, injury=injury, forensic_investigation=True)
    assert injury.forensics_complete
    to_measures(flow, episode)


def test_a_recorded_child_injury_counts_even_without_the_kindcheck_saying_so(
    world, flow, episode, people
):
    agree(flow, episode)
    check(flow, episode, people["child"])
    services.episode_injury_record(
        user=world.users["VT"], episode=episode, person=people["child"], kind=InjuryKind.ZICHTBAAR
    )
    with pytest.raises(ValidationError) as raised:
        to_measures(flow, episode)
    assert error_codes(raised) == ["forensisch_onderzoek_ontbreekt"]


def test_adults_photos_and_no_forensic_requirement(flow, episode, people):
    agree(flow, episode)
    check(flow, episode, people["child"])
    injury = services.episode_injury_record(
        user=flow.police,
        episode=episode,
        person=people["mother"],
        kind=InjuryKind.ZICHTBAAR,
        photos_taken=True,
    )
    assert not injury.is_child and injury.photos_taken
    to_measures(flow, episode)


def test_only_the_police_engage_forensics(world, flow, episode, people):
    with pytest.raises(ValidationError) as raised:
        services.episode_injury_record(
            user=world.users["VT"],
            episode=episode,
            person=people["child"],
            kind=InjuryKind.VERMOEDEN,
            forensic_doctor=True,
        )
    assert error_codes(raised) == ["alleen_politie"]
    injury = services.episode_injury_record(
        user=world.users["VT"], episode=episode, person=people["child"], kind=InjuryKind.VERMOEDEN
    )
    with pytest.raises(ValidationError) as raised:
        services.episode_injury_forensics(
            user=world.users["VT"], injury=injury, forensic_doctor=True
        )
    assert error_codes(raised) == ["alleen_politie"]


def test_the_home_as_crime_scene_is_the_polices_call(world, flow, episode):
    with pytest.raises(ValidationError) as raised:
        services.episode_crime_scene_set(
            user=world.users["VT"], episode=episode, is_crime_scene=True
        )
    assert error_codes(raised) == ["alleen_politie"]
    services.episode_crime_scene_set(
        user=flow.police, episode=episode, is_crime_scene=True, note="Overlegd met FO."
    )
    assert episode.home_crime_scene is True and episode.crime_scene_recorded_at


def test_at_least_one_agreement_on_the_investigation(flow, episode, people):
    check(flow, episode, people["child"])
    with pytest.raises(ValidationError) as raised:
        to_measures(flow, episode)
    assert error_codes(raised) == ["geen_onderzoeksafspraak"]


def test_a_child_no_longer_in_the_household_needs_no_kindcheck(world, flow):
    episode = flow.start()
    moved_out = f.PersonFactory(
        date_of_birth=dt.date(2015, 2, 1), recorded_by=world.orgs["POLITIE"]
    )
    f.FamilyMembershipFactory(
        family_system=world.family, person=moved_out, until=dt.date(2024, 1, 1)
    )
    other_family = f.FamilySystemFactory(recorded_by=world.orgs["POLITIE"])
    f.FamilyMembershipFactory(family_system=other_family, person=moved_out)
    assert [c.full_name for c in selectors.children(episode)] == ["Noor Jansen"]
