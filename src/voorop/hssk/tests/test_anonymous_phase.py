"""Issue #8: the anonymous phase exposes no identifying field — in the pages, the API, search,
exports or the access log — to anyone, the initiator's own case pages included; only the
initiator's decision to proceed links the case to the family. Every identifying value of the
family is a sentinel (conftest), so a leak is a sentinel found in an answer.

Each test also shows the other side (after the decision the police do see the family), so that
none of them can pass by looking at an empty page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voorop.audit.models import AccessLogEntry, AccessLogPerson
from voorop.hssk import services
from voorop.hssk.choices import Decision, Position

from .conftest import sentinel_strings

pytestmark = pytest.mark.django_db


def leaks(text: str, *, typed: str = "") -> list[str]:
    """The sentinels in ``text``; ``typed`` (what the user searched for, echoed in the search
    box) is the user's own input, not a leak."""
    folded = text.lower()
    return [s for s in sentinel_strings() if s.lower() in folded and s.lower() != typed.lower()]


def case_urls(case) -> list[str]:
    return [
        reverse("hssk:list"),
        reverse("hssk:list") + "?status=alle",
        reverse("hssk:list") + f"?q={case.reference}",
        reverse("hssk:detail", args=[case.pk]),
        reverse("hssk:print", args=[case.pk]),
        reverse("hssk:monitoring"),
        reverse("hssk:monitoring_csv"),
        "/api/v1/hssk/",
        f"/api/v1/hssk/{case.pk}/",
    ]


def search_urls(world) -> list[tuple[str, str]]:
    """(url, what the user typed)."""
    s = world.sentinels
    return [
        (reverse("core:home"), ""),
        (reverse("persons:family_list"), ""),
        (reverse("persons:family_list") + f"?q={s['surname']}", s["surname"]),
        (reverse("persons:person_search") + f"?naam={s['child_given']}", s["child_given"]),
        (reverse("persons:person_search") + f"?postcode={s['postcode']}", s["postcode"]),
        (reverse("meldingen:melding_list"), ""),
        (f"/api/v1/personen/?naam={s['child_given']}", s["child_given"]),
        (f"/api/v1/gezinssystemen/?q={s['surname']}", s["surname"]),
        ("/api/v1/meldingen/", ""),
        ("/api/v1/verstrekkingen/", ""),
    ]


@pytest.fixture
def anonymous_case(world, flow):
    case = flow.start()
    flow.view(case)
    flow.view(case, by="OM", position=Position.NADER_ONDERZOEK)
    return case


@pytest.mark.parametrize("who", ["POLITIE", "OM", "VT"])
def test_no_page_or_answer_of_the_case_names_anyone(client, world, anonymous_case, who):
    client.force_login(world.users[who])
    for url in case_urls(anonymous_case):
        response = client.get(url)
        assert response.status_code == 200, url
        assert leaks(response.content.decode()) == [], url


def test_search_and_lists_do_not_lead_police_or_om_to_the_family(client, world, anonymous_case):
    for who in ("POLITIE", "OM"):
        client.force_login(world.users[who])
        for url, typed in search_urls(world):
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert leaks(body, typed=typed) == [], (who, url)
            assert anonymous_case.reference not in body, (who, url)
        family = client.get(reverse("persons:family_detail", args=[world.family.pk]))
        assert family.status_code == 404


def test_dat_informatie_does_not_connect_the_case_to_the_person(client, world, anonymous_case):
    """Dat-informatie answers everyone that Veilig Thuis is involved (its purpose), but nothing
    in it points to the HSSK case."""
    client.force_login(world.users["POLITIE"])
    response = client.get(f"/api/v1/betrokkenheid/?bsn={world.sentinels['child_bsn']}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "HSSK" not in body and anonymous_case.reference not in body


def test_the_access_log_of_the_case_names_no_person(client, world, anonymous_case):
    for who in ("POLITIE", "OM", "VT"):
        client.force_login(world.users[who])
        for url in case_urls(anonymous_case):
            client.get(url)
    entries = AccessLogEntry.objects.filter(object_type__startswith="hssk")
    assert entries.count() >= 27
    assert not AccessLogPerson.objects.filter(entry__in=entries).exists()
    for entry in entries:
        assert entry.person_ids == ""
        text = " ".join([entry.object_id, entry.purpose, entry.object_type])
        assert leaks(text) == [], entry.pk


def test_the_initiator_decision_page_is_the_initiators_alone(client, world, anonymous_case):
    url = reverse("hssk:decide", args=[anonymous_case.pk])
    for who in ("POLITIE", "OM"):
        client.force_login(world.users[who])
        assert client.get(url).status_code == 404
    client.force_login(world.users["VT"])
    response = client.get(url)
    assert response.status_code == 200
    assert world.sentinels["melding_reference"] in response.content.decode()


def test_after_the_decision_the_police_see_the_family(client, world, anonymous_case, flow):
    flow.proceed(anonymous_case)
    client.force_login(world.users["POLITIE"])
    body = client.get(reverse("hssk:detail", args=[anonymous_case.pk])).content.decode()
    assert world.sentinels["family_name"] in body
    body = client.get(
        reverse("persons:person_search") + f"?naam={world.sentinels['child_given']}"
    ).content.decode()
    assert world.sentinels["child_given"] in body
    assert client.get(reverse("persons:family_detail", args=[world.family.pk])).status_code == 200
    api = client.get(f"/api/v1/hssk/{anonymous_case.pk}/").json()
    assert api["gezinssysteem"] == world.family.pk
    entry = AccessLogEntry.objects.filter(object_type="hssk", action="VIEW").latest("seq")
    assert entry.persons.count() == 3


def test_a_case_that_does_not_proceed_stays_anonymous(client, world, anonymous_case):
    services.case_decide(
        user=world.users["VT"],
        case=anonymous_case,
        decision=Decision.NIET_DOORZETTEN,
        reason="Letsel past volgens de forensisch arts bij de uitleg; zorgroute.",
    )
    for who in ("POLITIE", "OM", "VT"):
        client.force_login(world.users[who])
        for url in case_urls(anonymous_case):
            response = client.get(url)
            assert response.status_code == 200, url
            assert leaks(response.content.decode()) == [], url
    assert not AccessLogPerson.objects.filter(entry__object_type__startswith="hssk").exists()
