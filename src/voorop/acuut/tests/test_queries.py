"""The step pages and the list ask the database the same number of times for a few records
as for many (no query per call, consultation, agreement, injury, measure or episode)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from voorop.acuut import services
from voorop.acuut.choices import CallOutcome, ConsultationKind, InjuryKind, Status
from voorop.core.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def add_records(world, flow, episode, n: int) -> None:
    """``n`` more of every kind of record the step pages list."""
    people = world.members()
    for i in range(n):
        services.episode_call_log(
            user=flow.police,
            episode=episode,
            callee_organisation=world.orgs["VT"],
            outcome=CallOutcome.PHONE,
            reason=f"Overleg {i} over de stand van zaken.",
        )
        services.episode_consultation_request(
            user=flow.vt,
            episode=episode,
            kind=ConsultationKind.RVDK_ADVIES,
            addressed_to=world.orgs["RVDK"],
            question=f"Vraag {i} aan de Raad over Noor.",
        )
        services.episode_consultation_request(
            user=flow.police,
            episode=episode,
            kind=ConsultationKind.OM_AFSTEMMING,
            addressed_to=world.orgs["OM"],
            question=f"Vraag {i} aan het OM over de verdenking.",
        )
        services.episode_investigation_agreement_add(
            user=flow.police,
            episode=episode,
            act="BUURTONDERZOEK",
            by_organisation=world.orgs["POLITIE"],
            persons=list(people.values()),
        )
        services.episode_agreement_add(
            user=flow.vt,
            episode=episode,
            topic="INFORMEREN",
            description=f"Afspraak {i}: VT informeert de school.",
            owner_organisation=world.orgs["VT"],
        )
    if n > 1:
        for person in ("mother", "father"):
            services.episode_injury_record(
                user=flow.police, episode=episode, person=people[person], kind=InjuryKind.VERMOEDEN
            )


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("who", ["POLITIE", "VT"])
def test_step_pages_query_the_same_for_few_or_many_records(world, flow, number, who):
    few = flow.to(flow.start(), Status.MAATREGELEN)
    add_records(world, flow, few, 1)
    client = login(world.users[who])
    url = f"/samen-op/{few.pk}/stap-{number}/"
    count(client, url)  # warm caches (content types, sessions)
    baseline = count(client, url)
    add_records(world, flow, few, 4)
    assert count(client, url) == baseline


def test_the_list_queries_the_same_for_few_or_many_episodes_and_requests(world, flow):
    from voorop.core.testing import factories as f

    def episode_with_question(family):
        episode = flow.to(flow.start(family=family), Status.MOTORKAPOVERLEG)
        services.episode_consultation_request(
            user=flow.police,
            episode=episode,
            kind=ConsultationKind.OM_AFSTEMMING,
            addressed_to=world.orgs["OM"],
            question="Welke bevoegdheden zetten we in?",
        )
        return episode

    def new_family():
        family = f.FamilySystemFactory(recorded_by=world.orgs["POLITIE"])
        f.InvolvementFactory(family_system=family, organisation=world.orgs["POLITIE"])
        return family

    episode_with_question(world.family)
    services.episode_abort(
        user=flow.police,
        episode=episode_with_question(new_family()),
        reason="Geen acute onveiligheid meer.",
    )
    police, om = login(world.users["POLITIE"]), login(world.users["OM"])
    count(police, "/samen-op/")
    baseline = (count(police, "/samen-op/"), count(om, "/samen-op/"))
    for _ in range(4):
        services.episode_abort(
            user=flow.police,
            episode=episode_with_question(new_family()),
            reason="Geen acute onveiligheid meer.",
        )
    assert (count(police, "/samen-op/"), count(om, "/samen-op/")) == baseline


def test_the_werkvoorraad_block_queries_the_same_for_few_or_many(world, flow):
    from voorop.core.testing import factories as f

    def open_episode_with_question():
        family = f.FamilySystemFactory(recorded_by=world.orgs["POLITIE"])
        f.InvolvementFactory(family_system=family, organisation=world.orgs["POLITIE"])
        episode = flow.to(flow.start(family=family), Status.MOTORKAPOVERLEG)
        services.episode_consultation_request(
            user=flow.police,
            episode=episode,
            kind=ConsultationKind.OM_AFSTEMMING,
            addressed_to=world.orgs["OM"],
            question="Welke bevoegdheden zetten we in?",
        )

    for _ in range(5):  # a full block (and its count)
        open_episode_with_question()
    vt, om = login(world.users["VT"]), login(world.users["OM"])
    count(vt, "/")
    baseline = (count(vt, "/"), count(om, "/"))
    for _ in range(4):
        open_episode_with_question()
    assert (count(vt, "/"), count(om, "/")) == baseline
