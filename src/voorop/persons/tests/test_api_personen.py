"""REST API: /api/v1/personen/ (search) and /api/v1/personen/{id}/."""

from __future__ import annotations

import pytest

from voorop.audit.models import AccessAction, AccessOutcome
from voorop.audit.tests.api_support import (
    KINDS,
    OWNER_OTHER,
    api_log,
    client_for,
    nonexistent_pk,
    owned_family,
)
from voorop.core.testing import factories as f
from voorop.persons.models import Person

pytestmark = pytest.mark.django_db

SEARCH_URL = "/api/v1/personen/"


def detail_url(pk) -> str:
    return f"/api/v1/personen/{pk}/"


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize("url", [f"{SEARCH_URL}?naam=Vries", detail_url(1)])
def test_anonymous_gets_401(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_user_without_organisation_gets_403_and_is_logged(family_scenario):
    operator = f.UserFactory(organisation=None)
    mother = family_scenario.persons["mother"]
    client = client_for(operator)
    assert client.get(SEARCH_URL, {"naam": "Vries"}).status_code == 403
    assert client.get(detail_url(mother.pk)).status_code == 403
    assert [(e.action, e.object_id, e.outcome) for e in api_log()] == [
        (AccessAction.SEARCH, "", AccessOutcome.DENIED),
        (AccessAction.VIEW, str(mother.pk), AccessOutcome.DENIED),
    ]


# --- search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("VT", {"mother", "father", "child"}),
        ("POLITIE", {"mother", "father", "child"}),
        ("OM", set()),
        ("RECLASSERING", set()),
        ("RVDK", set()),
    ],
)
def test_search_finds_only_persons_in_the_organisations_families(
    family_scenario, user_for, kind, expected
):
    """The de Vries (and de Vries-Bakker) family is the one VT and POLITIE share; nobody else
    may find them."""
    response = client_for(user_for(kind)).get(SEARCH_URL, {"naam": "vries"})
    assert response.status_code == 200
    assert set(ids(response)) == {family_scenario.persons[who].pk for who in expected}


def test_search_does_not_reach_into_other_organisations_families(family_scenario, user_for):
    """The Jansen family is POLITIE's only; VT must not find them."""
    client = client_for(user_for("VT"))
    assert ids(client.get(SEARCH_URL, {"naam": "Jansen"})) == []
    client = client_for(user_for("POLITIE"))
    assert len(ids(client.get(SEARCH_URL, {"naam": "Jansen"}))) == 3


def test_search_criteria_combine(family_scenario, user_for):
    client = client_for(user_for("VT"))
    mother = family_scenario.persons["mother"]
    assert ids(client.get(SEARCH_URL, {"naam": "eva vries"})) == [mother.pk]
    # Eva El Amrani, in VT's other family, was born the same day.
    born = ids(client.get(SEARCH_URL, {"geboortedatum": "1988-03-14"}))
    assert mother.pk in born
    assert len(born) == 2
    assert ids(client.get(SEARCH_URL, {"naam": "noor", "geboortedatum": "1988-03-14"})) == []


def test_search_by_postcode(organisations, user_for):
    owned = owned_family(organisations["RECLASSERING"])
    client = client_for(user_for("RECLASSERING"))
    assert ids(client.get(SEARCH_URL, {"postcode": "3511 ab"})) == [owned.person.pk]
    assert ids(client_for(user_for("VT")).get(SEARCH_URL, {"postcode": "3511AB"})) == []


def test_search_result(family_scenario, user_for):
    mother = family_scenario.persons["mother"]
    response = client_for(user_for("VT")).get(SEARCH_URL, {"naam": "Eva Vries"})
    [item] = response.json()["results"]
    assert item == {
        "id": mother.pk,
        "naam": "Eva de Vries",
        "voornamen": "Eva",
        "tussenvoegsel": "",
        "achternaam": "de Vries",
        "geboortedatum": "1988-03-14",
        "geslacht": "V",
    }


@pytest.mark.parametrize("params", [{}, {"naam": "  "}, {"naam": "", "postcode": ""}])
def test_search_needs_a_criterion(user_for, params):
    response = client_for(user_for("VT")).get(SEARCH_URL, params)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Geef ten minste één zoekcriterium op: naam, geboortedatum of postcode.",
        "code": "zoekcriterium_ontbreekt",
    }
    assert api_log() == []


@pytest.mark.parametrize("value", ["14-03-1988", "1988-02-30", "gisteren"])
def test_search_rejects_a_bad_date_in_dutch(user_for, value):
    response = client_for(user_for("VT")).get(SEARCH_URL, {"geboortedatum": value})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "ongeldige_parameters"
    assert body["detail"] == "Een of meer parameters zijn ongeldig."
    assert body["parameters"] == {
        "geboortedatum": ["Geen geldige datum; gebruik JJJJ-MM-DD, bijvoorbeeld 1988-03-14."]
    }


def test_search_is_logged_with_the_persons_found(family_scenario, user_for):
    user = user_for("POLITIE")
    client_for(user).get(SEARCH_URL, {"naam": "Vries"})
    [entry] = api_log()
    assert (entry.action, entry.object_type, entry.outcome, entry.user_id) == (
        AccessAction.SEARCH,
        "persoon",
        AccessOutcome.OK,
        user.pk,
    )
    found = sorted(p.pk for p in family_scenario.persons.values())
    assert entry.person_ids == ",".join(map(str, found))
    # The search terms themselves are content and are not logged.
    assert "Vries" not in f"{entry.purpose}{entry.object_id}"


@pytest.mark.parametrize("persons", [1, 12])
def test_search_query_count_does_not_grow_with_the_page(
    organisations, user_for, django_assert_max_num_queries, persons
):
    for _ in range(persons):
        owned_family(organisations["VT"])
    client = client_for(user_for("VT"), token=True)
    # token, count, page, access log: organisation, roles, lock (PostgreSQL), last record,
    # insert, persons
    with django_assert_max_num_queries(9):
        response = client.get(SEARCH_URL, {"naam": "Visser"})
    assert response.json()["count"] == persons


# --- detail ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_detail_allowed_for_an_organisation_involved_in_the_persons_family(
    organisations, user_for, kind
):
    owned = owned_family(organisations[kind])
    response = client_for(user_for(kind)).get(detail_url(owned.person.pk))
    assert response.status_code == 200
    assert response.json()["id"] == owned.person.pk


@pytest.mark.parametrize(("owner", "other"), OWNER_OTHER)
def test_detail_is_404_for_every_other_partner(organisations, user_for, owner, other):
    owned = owned_family(organisations[owner])
    user = user_for(other)
    client = client_for(user)
    forbidden = client.get(detail_url(owned.person.pk))
    missing = client.get(detail_url(nonexistent_pk(Person)))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "Niet gevonden.", "code": "not_found"}
    denied = api_log(outcome=AccessOutcome.DENIED)
    assert [(e.action, e.object_type, e.user_id) for e in denied] == [
        (AccessAction.VIEW, "persoon", user.pk)
    ] * 2
    assert denied[0].object_id == str(owned.person.pk)


def test_detail_content(family_scenario, user_for):
    mother = family_scenario.persons["mother"]
    old = f.AddressFactory(person=mother, postcode="1012AB", city="Amsterdam")
    old.valid_from, old.valid_to = "2010-01-01", "2019-12-31"
    old.save()
    body = client_for(user_for("VT")).get(detail_url(mother.pk)).json()
    assert {k: body[k] for k in ("id", "naam", "achternaam", "geboortedatum", "geslacht")} == {
        "id": mother.pk,
        "naam": "Eva de Vries",
        "achternaam": "de Vries",
        "geboortedatum": "1988-03-14",
        "geslacht": "V",
    }
    assert "bsn" not in body
    assert [(a["woonplaats"], a["vanaf"], a["tot"]) for a in body["adressen"]] == [
        ("Utrecht", "2020-01-01", None),
        ("Amsterdam", "2010-01-01", "2019-12-31"),
    ]
    assert body["gezinssystemen"] == [
        {"id": family_scenario.family.pk, "kenmerk": "GS-TEST-001", "naam": "Gezin de Vries"}
    ]


def test_detail_lists_only_the_family_systems_the_caller_may_see(organisations, user_for):
    """A person in an OM family and in an RVDK family: each sees only its own."""
    om_family = owned_family(organisations["OM"])
    rvdk_family = owned_family(organisations["RVDK"])
    f.FamilyMembershipFactory(family_system=rvdk_family.family, person=om_family.person)
    for kind, expected in (("OM", om_family), ("RVDK", rvdk_family)):
        body = client_for(user_for(kind)).get(detail_url(om_family.person.pk)).json()
        assert [g["id"] for g in body["gezinssystemen"]] == [expected.family.pk]


def test_detail_is_logged(family_scenario, user_for):
    child = family_scenario.persons["child"]
    client_for(user_for("VT")).get(detail_url(child.pk))
    [entry] = api_log()
    assert (entry.action, entry.object_type, entry.object_id, entry.person_ids) == (
        AccessAction.VIEW,
        "persoon",
        str(child.pk),
        str(child.pk),
    )
