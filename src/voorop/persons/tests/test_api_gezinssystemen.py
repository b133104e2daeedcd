"""REST API: /api/v1/gezinssystemen/, /{id}/ and /{id}/tijdlijn/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from voorop.audit.models import AccessAction, AccessOutcome
from voorop.audit.tests.api_support import (
    KINDS,
    OWNER_OTHER,
    api_log,
    client_for,
    nonexistent_pk,
    owned_family,
)
from voorop.cases.models import CaseStatus, Phase
from voorop.core.testing import factories as f
from voorop.meldingen.models import MeldingKind
from voorop.persons.models import FamilySystem

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/gezinssystemen/"


def detail_url(pk) -> str:
    return f"/api/v1/gezinssystemen/{pk}/"


def timeline_url(pk) -> str:
    return f"/api/v1/gezinssystemen/{pk}/tijdlijn/"


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


# --- authentication -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST_URL, detail_url(1), timeline_url(1)])
def test_anonymous_gets_401_with_token_challenge(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_user_without_organisation_gets_403_and_is_logged(family_scenario):
    operator = f.UserFactory(organisation=None)
    family = family_scenario.family
    client = client_for(operator)
    for url in (LIST_URL, detail_url(family.pk), timeline_url(family.pk)):
        response = client.get(url)
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    entries = api_log(user_id=operator.pk)
    assert [(e.action, e.object_type, e.object_id, e.outcome) for e in entries] == [
        (AccessAction.LIST, "gezinssysteem", "", AccessOutcome.DENIED),
        (AccessAction.VIEW, "gezinssysteem", str(family.pk), AccessOutcome.DENIED),
        (AccessAction.LIST, "tijdlijn", str(family.pk), AccessOutcome.DENIED),
    ]


def test_token_authentication(family_scenario, user_for):
    client = client_for(user_for("VT"), token=True)
    assert client.get(detail_url(family_scenario.family.pk)).status_code == 200


# --- list -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("VT", {"family", "vt_only_family"}),
        ("POLITIE", {"family", "politie_only_family"}),
        ("OM", set()),
        ("RECLASSERING", set()),
        ("RVDK", set()),
    ],
)
def test_list_shows_only_families_the_organisation_is_involved_in(
    family_scenario, user_for, kind, expected
):
    response = client_for(user_for(kind)).get(LIST_URL)
    assert response.status_code == 200
    assert set(ids(response)) == {getattr(family_scenario, name).pk for name in expected}
    assert response.json()["count"] == len(expected)


def test_list_item(organisations, user_for):
    owned = owned_family(organisations["RVDK"])
    response = client_for(user_for("RVDK")).get(LIST_URL)
    [item] = response.json()["results"]
    assert item == {
        "id": owned.family.pk,
        "kenmerk": owned.family.reference,
        "naam": owned.family.name,
        "aantal_leden": 1,
        "laatste_activiteit": item["laatste_activiteit"],
        "zaak": {"kenmerk": owned.case.reference, "fase": "ACUUT", "status": "OPEN"},
    }
    assert item["laatste_activiteit"] is not None


def test_list_filters(organisations, user_for):
    om = organisations["OM"]
    acuut = owned_family(om, reference="GS-FILTER-1")
    risico = owned_family(om, reference="GS-FILTER-2")
    risico.case.phase = Phase.RISICOGESTUURD
    risico.case.save()
    gesloten = owned_family(om, reference="GS-FILTER-3")
    gesloten.case.status = CaseStatus.GESLOTEN
    gesloten.case.closed_at = timezone.now()
    gesloten.case.save()
    FamilySystem.objects.filter(pk=acuut.family.pk).update(name="Gezin Oosterhuis")
    client = client_for(user_for("OM"))

    def found(**params) -> set[int]:
        response = client.get(LIST_URL, params)
        assert response.status_code == 200
        return set(ids(response))

    assert found(q="oosterhuis") == {acuut.family.pk}
    assert found(q="gs-filter-2") == {risico.family.pk}
    assert found(fase="RISICOGESTUURD") == {risico.family.pk}
    assert found(open="true") == {acuut.family.pk, risico.family.pk}
    assert found(open="false") == {acuut.family.pk, risico.family.pk, gesloten.family.pk}
    assert found(fase="ACUUT", open="true", q="Oosterhuis") == {acuut.family.pk}


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"fase": "ROOD"}, {"fase": ["„ROOD” is geen geldige waarde."]}),
        ({"open": "misschien"}, {"open": ["Gebruik true of false."]}),
        ({"q": "x" * 201}, {"q": ["Gebruik niet meer dan 200 tekens."]}),
    ],
)
def test_list_rejects_bad_parameters_in_dutch(user_for, params, errors):
    response = client_for(user_for("VT")).get(LIST_URL, params)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Een of meer parameters zijn ongeldig.",
        "code": "ongeldige_parameters",
        "parameters": errors,
    }
    assert api_log() == []


def test_list_is_logged(family_scenario, user_for):
    user = user_for("VT")
    client_for(user).get(LIST_URL)
    [entry] = api_log()
    assert (entry.action, entry.object_type, entry.outcome) == (
        AccessAction.LIST,
        "gezinssysteem",
        AccessOutcome.OK,
    )
    assert (entry.user_id, entry.organisation_code) == (user.pk, "vt-test")


@pytest.mark.parametrize("families", [1, 12])
def test_list_query_count_does_not_grow_with_the_page(
    organisations, user_for, django_assert_max_num_queries, families
):
    for _ in range(families):
        owned_family(organisations["VT"])
    client = client_for(user_for("VT"), token=True)
    # token, count, page, access log: organisation, roles, lock (PostgreSQL), last record, insert
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)
    assert response.json()["count"] == families


def test_list_is_paginated(organisations, user_for):
    for _ in range(3):
        owned_family(organisations["VT"])
    body = client_for(user_for("VT")).get(LIST_URL, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


# --- detail ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_detail_allowed_for_the_involved_organisation(organisations, user_for, kind):
    owned = owned_family(organisations[kind])
    response = client_for(user_for(kind)).get(detail_url(owned.family.pk))
    assert response.status_code == 200
    assert response.json()["id"] == owned.family.pk


@pytest.mark.parametrize(("owner", "other"), OWNER_OTHER)
def test_detail_is_404_for_every_other_partner(organisations, user_for, owner, other):
    owned = owned_family(organisations[owner])
    user = user_for(other)
    client = client_for(user)
    forbidden = client.get(detail_url(owned.family.pk))
    missing = client.get(detail_url(nonexistent_pk(FamilySystem)))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "Niet gevonden.", "code": "not_found"}
    denied = api_log(outcome=AccessOutcome.DENIED)
    assert [(e.action, e.object_type, e.user_id) for e in denied] == [
        (AccessAction.VIEW, "gezinssysteem", user.pk)
    ] * 2
    assert denied[0].object_id == str(owned.family.pk)


@pytest.mark.parametrize("bad_id", ["abc", "12abc", "9" * 30])
def test_detail_with_a_malformed_id_is_an_ordinary_404(user_for, bad_id):
    response = client_for(user_for("VT")).get(detail_url(bad_id))
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden.", "code": "not_found"}
    [entry] = api_log()
    assert entry.outcome == AccessOutcome.DENIED
    assert entry.object_id == bad_id[:64]


def test_detail_content(family_scenario, user_for):
    family = family_scenario.family
    persons = family_scenario.persons
    f.CaseFactory(family_system=family, recorded_by=family_scenario.organisations["VT"])
    response = client_for(user_for("VT")).get(detail_url(family.pk))
    body = response.json()
    assert set(body) == {
        "id",
        "kenmerk",
        "naam",
        "vastgelegd_op",
        "zaak",
        "leden",
        "relaties",
        "betrokken_organisaties",
    }
    assert (body["kenmerk"], body["naam"]) == ("GS-TEST-001", "Gezin de Vries")
    assert body["zaak"]["fase"] == "ACUUT"
    assert body["zaak"]["eerste_aanspreekpunt"]["code"] == "vt-test"
    assert body["zaak"]["eerste_aanspreekpunt"]["soort_organisatie"] == "VT"
    mother = persons["mother"]
    assert {
        "persoon": mother.pk,
        "naam": "Eva de Vries",
        "geboortedatum": "1988-03-14",
        "sinds": None,
        "tot": None,
    } in body["leden"]
    assert {m["persoon"] for m in body["leden"]} == {p.pk for p in persons.values()}
    assert {
        "soort_relatie": "OUDER_KIND",
        "persoon_a": mother.pk,
        "persoon_b": persons["child"].pk,
        "vanaf": None,
        "tot": None,
    } in body["relaties"]
    assert len(body["relaties"]) == 3


def test_detail_shows_only_the_callers_own_involvement(family_scenario, user_for):
    """POLITIE is involved in the family too; that is dat-informatie for a later issue."""
    body = client_for(user_for("VT")).get(detail_url(family_scenario.family.pk)).json()
    assert [b["organisatie"]["code"] for b in body["betrokken_organisaties"]] == ["vt-test"]
    assert body["betrokken_organisaties"][0]["kenmerk"] == "vt-test-GS-TEST-001"
    body = client_for(user_for("POLITIE")).get(detail_url(family_scenario.family.pk)).json()
    assert [b["organisatie"]["code"] for b in body["betrokken_organisaties"]] == ["politie-test"]


def test_detail_without_case(family_scenario, user_for):
    body = client_for(user_for("VT")).get(detail_url(family_scenario.family.pk)).json()
    assert body["zaak"] is None


def test_detail_is_logged_with_the_members(family_scenario, user_for):
    user = user_for("POLITIE")
    family = family_scenario.family
    client_for(user).get(detail_url(family.pk))
    [entry] = api_log()
    assert (entry.action, entry.object_type, entry.object_id, entry.outcome) == (
        AccessAction.VIEW,
        "gezinssysteem",
        str(family.pk),
        AccessOutcome.OK,
    )
    assert entry.person_ids == ",".join(
        str(pk) for pk in sorted(p.pk for p in family_scenario.persons.values())
    )
    assert (entry.username, entry.organisation_code) == (user.username, "politie-test")


# --- timeline -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_timeline_allowed_for_the_involved_organisation(organisations, user_for, kind):
    owned = owned_family(organisations[kind])
    response = client_for(user_for(kind)).get(timeline_url(owned.family.pk))
    assert response.status_code == 200
    assert ids(response) == [owned.melding.pk]


@pytest.mark.parametrize(("owner", "other"), OWNER_OTHER)
def test_timeline_is_404_for_every_other_partner(organisations, user_for, owner, other):
    owned = owned_family(organisations[owner])
    user = user_for(other)
    client = client_for(user)
    forbidden = client.get(timeline_url(owned.family.pk))
    missing = client.get(timeline_url(nonexistent_pk(FamilySystem)))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
    denied = api_log(outcome=AccessOutcome.DENIED)
    assert [(e.action, e.object_type) for e in denied] == [(AccessAction.LIST, "tijdlijn")] * 2
    assert denied[0].object_id == str(owned.family.pk)


def test_timeline_contains_only_the_callers_own_meldingen(family_scenario, user_for):
    family = family_scenario.family
    vt_ids = {m.pk for m in family_scenario.meldingen["VT"]}
    politie_ids = {m.pk for m in family_scenario.meldingen["POLITIE"]}
    body = client_for(user_for("VT")).get(timeline_url(family.pk)).json()
    assert {item["id"] for item in body["results"]} == vt_ids
    assert {item["organisatie"]["code"] for item in body["results"]} == {"vt-test"}
    body = client_for(user_for("POLITIE")).get(timeline_url(family.pk)).json()
    assert {item["id"] for item in body["results"]} == politie_ids


def test_timeline_item(family_scenario, user_for):
    newest = family_scenario.meldingen["VT"][-1]
    body = client_for(user_for("VT")).get(timeline_url(family_scenario.family.pk)).json()
    item = body["results"][0]
    assert item["id"] == newest.pk
    assert set(item) == {
        "id",
        "kenmerk",
        "soort",
        "kanaal",
        "voorgevallen_op",
        "ontvangen_op",
        "organisatie",
        "acuut",
        "labels",
        "gezinssysteem",
        "personen",
        "eigen",
        "noodtoegang",
        "gedeelde_gegevens",
        "herkomst",
    }
    assert (item["kenmerk"], item["soort"], item["kanaal"]) == (
        newest.reference,
        "VT_MELDING",
        "TELEFOON",
    )
    assert item["labels"] == ["HG"]
    mother = family_scenario.persons["mother"]
    assert {"persoon": mother.pk, "rol": "SLACHTOFFER", "naam": "Eva de Vries"} in item["personen"]


def test_timeline_filters_and_order(family_scenario, user_for):
    family = family_scenario.family
    vt = family_scenario.organisations["VT"]
    politie = family_scenario.organisations["POLITIE"]
    older, newer = family_scenario.meldingen["VT"]
    only_mother = f.MeldingFactory(
        source_organisation=vt,
        family_system=family,
        kind=MeldingKind.ZIEKENHUISMELDING,
        occurred_at=timezone.now() - dt.timedelta(days=100),
        received_at=timezone.now() - dt.timedelta(days=99),
    )
    f.MeldingPersonFactory(melding=only_mother, person=family_scenario.persons["mother"])
    client = client_for(user_for("VT"))

    def found(**params) -> list[int]:
        response = client.get(timeline_url(family.pk), params)
        assert response.status_code == 200, response.json()
        return ids(response)

    assert found() == [newer.pk, older.pk, only_mother.pk]
    assert found(volgorde="oud") == [only_mother.pk, older.pk, newer.pk]
    assert found(soort="ZIEKENHUISMELDING") == [only_mother.pk]
    assert found(persoon=family_scenario.persons["child"].pk) == [newer.pk, older.pk]
    assert found(organisatie=vt.pk, volgorde="oud") == [only_mother.pk, older.pk, newer.pk]
    assert found(organisatie=politie.pk) == []


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"volgorde": "willekeurig"}, {"volgorde": ["„willekeurig” is geen geldige waarde."]}),
        ({"soort": "ONBEKEND"}, {"soort": ["„ONBEKEND” is geen geldige waarde."]}),
        ({"organisatie": "politie"}, {"organisatie": ["Geef een id: een positief geheel getal."]}),
        ({"persoon": "-3"}, {"persoon": ["Geef een id: een positief geheel getal."]}),
    ],
)
def test_timeline_rejects_bad_parameters_before_looking_up_the_family(
    family_scenario, user_for, params, errors
):
    """Also for a family the caller may not see: a 400 must not reveal that it exists."""
    client = client_for(user_for("VT"))
    for family in (family_scenario.family, family_scenario.politie_only_family):
        response = client.get(timeline_url(family.pk), params)
        assert response.status_code == 400
        assert response.json() == {
            "detail": "Een of meer parameters zijn ongeldig.",
            "code": "ongeldige_parameters",
            "parameters": errors,
        }


def test_timeline_is_logged_with_the_persons_shown(family_scenario, user_for):
    family = family_scenario.family
    client_for(user_for("VT")).get(timeline_url(family.pk))
    [entry] = api_log()
    assert (entry.action, entry.object_type, entry.object_id, entry.outcome) == (
        AccessAction.LIST,
        "tijdlijn",
        str(family.pk),
        AccessOutcome.OK,
    )
    assert entry.person_ids == ",".join(
        str(pk) for pk in sorted(p.pk for p in family_scenario.persons.values())
    )


@pytest.mark.parametrize("meldingen", [1, 15])
def test_timeline_query_count_does_not_grow_with_the_page(
    organisations, user_for, django_assert_max_num_queries, meldingen
):
    owned = owned_family(organisations["POLITIE"])
    for _ in range(meldingen - 1):
        melding = f.MeldingFactory(
            source_organisation=organisations["POLITIE"], family_system=owned.family
        )
        f.MeldingPersonFactory(melding=melding, person=owned.person)
        f.MeldingPersonFactory(melding=melding)
    client = client_for(user_for("POLITIE"), token=True)
    # token, family system, count, page, persons as reported, linked persons, access log (6:
    # organisation, roles, lock (PostgreSQL), last record, insert, persons)
    with django_assert_max_num_queries(12):
        response = client.get(timeline_url(owned.family.pk))
    assert response.json()["count"] == meldingen


# --- browsable API (development only) -------------------------------------------------------


def test_browsable_api_renders_lists_and_details(organisations, user_for):
    """DRF's HTML renderer (on in development) asks the view for its queryset."""
    from rest_framework.renderers import BrowsableAPIRenderer
    from rest_framework.settings import api_settings

    if BrowsableAPIRenderer not in api_settings.DEFAULT_RENDERER_CLASSES:
        pytest.skip("the browsable API is off (VOOROP_DEBUG=0)")
    owned = owned_family(organisations["VT"])
    client = client_for(user_for("VT"))
    for url in (
        "/api/v1/",
        LIST_URL,
        detail_url(owned.family.pk),
        timeline_url(owned.family.pk),
        "/api/v1/personen/?naam=Visser",
        "/api/v1/meldingen/",
    ):
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html")
