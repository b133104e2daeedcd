"""REST API: /api/v1/meldingen/ and /api/v1/meldingen/{id}/."""

from __future__ import annotations

import json

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
from voorop.meldingen.models import InvolvementRole, Melding, MeldingKind

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/meldingen/"


def detail_url(pk) -> str:
    return f"/api/v1/meldingen/{pk}/"


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize("url", [LIST_URL, detail_url(1)])
def test_anonymous_gets_401(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_user_without_organisation_gets_403_and_is_logged(family_scenario):
    operator = f.UserFactory(organisation=None)
    melding = family_scenario.meldingen["VT"][0]
    client = client_for(operator)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(detail_url(melding.pk)).status_code == 403
    assert [(e.action, e.object_type, e.object_id, e.outcome) for e in api_log()] == [
        (AccessAction.LIST, "melding", "", AccessOutcome.DENIED),
        (AccessAction.VIEW, "melding", str(melding.pk), AccessOutcome.DENIED),
    ]


# --- list -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_list_contains_only_the_organisations_own_meldingen(family_scenario, user_for, kind):
    response = client_for(user_for(kind)).get(LIST_URL)
    assert response.status_code == 200
    own = family_scenario.meldingen.get(kind, []) + family_scenario.other_meldingen.get(kind, [])
    assert set(ids(response)) == {m.pk for m in own}
    assert {item["organisatie"]["soort_organisatie"] for item in response.json()["results"]} <= {
        kind
    }


def test_list_item(organisations, user_for):
    owned = owned_family(organisations["OM"])
    melding = owned.melding
    [item] = client_for(user_for("OM")).get(LIST_URL).json()["results"]
    assert item == {
        "id": melding.pk,
        "kenmerk": melding.reference,
        "soort": "VT_MELDING",
        "kanaal": "TELEFOON",
        "voorgevallen_op": item["voorgevallen_op"],
        "ontvangen_op": item["ontvangen_op"],
        "organisatie": {
            "id": organisations["OM"].pk,
            "code": "om-test",
            "naam": "Openbaar Ministerie Arrondissement Test",
            "soort_organisatie": "OM",
        },
        "acuut": False,
        "labels": ["HG"],
        "gezinssysteem": owned.family.pk,
        "eigen": True,
        "noodtoegang": False,
        "gedeelde_gegevens": ["KERN", "LOCATIE", "TOELICHTING", "PERSONEN"],
        "herkomst": [],
    }
    assert "toelichting" not in item


def test_list_filters(family_scenario, user_for):
    politie = family_scenario.organisations["POLITIE"]
    acute = f.MeldingFactory(
        source_organisation=politie,
        kind=MeldingKind.AANHOUDING,
        is_acute=True,
        family_system=None,
    )
    client = client_for(user_for("POLITIE"))
    assert ids(client.get(LIST_URL, {"acuut": "true"})) == [acute.pk]
    assert ids(client.get(LIST_URL, {"soort": "AANHOUDING"})) == [acute.pk]
    aangiften = ids(client.get(LIST_URL, {"soort": "AANGIFTE"}))
    assert aangiften == [m.pk for m in family_scenario.meldingen["POLITIE"] if m.kind == "AANGIFTE"]
    assert len(ids(client.get(LIST_URL, {"acuut": "false"}))) == 4


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"soort": "BRAND"}, {"soort": ["„BRAND” is geen geldige waarde."]}),
        ({"acuut": "ja graag"}, {"acuut": ["Gebruik true of false."]}),
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


def test_list_is_logged(family_scenario, user_for):
    user = user_for("RVDK")
    client_for(user).get(LIST_URL)
    [entry] = api_log()
    assert (entry.action, entry.object_type, entry.outcome, entry.organisation_code) == (
        AccessAction.LIST,
        "melding",
        AccessOutcome.OK,
        "rvdk-test",
    )


@pytest.mark.parametrize("meldingen", [1, 20])
def test_list_query_count_does_not_grow_with_the_page(
    organisations, user_for, django_assert_max_num_queries, meldingen
):
    for _ in range(meldingen):
        f.MeldingFactory(source_organisation=organisations["VT"])
    client = client_for(user_for("VT"), token=True)
    # token, count, page, access log: organisation, roles, lock (PostgreSQL), last record, insert
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)
    assert response.json()["count"] == meldingen


# --- detail ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_detail_allowed_for_the_recording_organisation(organisations, user_for, kind):
    owned = owned_family(organisations[kind])
    response = client_for(user_for(kind)).get(detail_url(owned.melding.pk))
    assert response.status_code == 200
    assert response.json()["id"] == owned.melding.pk


@pytest.mark.parametrize(("owner", "other"), OWNER_OTHER)
def test_detail_is_404_for_every_other_partner(organisations, user_for, owner, other):
    owned = owned_family(organisations[owner])
    user = user_for(other)
    client = client_for(user)
    forbidden = client.get(detail_url(owned.melding.pk))
    missing = client.get(detail_url(nonexistent_pk(Melding)))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "Niet gevonden.", "code": "not_found"}
    denied = api_log(outcome=AccessOutcome.DENIED)
    assert [(e.action, e.object_type, e.user_id) for e in denied] == [
        (AccessAction.VIEW, "melding", user.pk)
    ] * 2
    assert denied[0].object_id == str(owned.melding.pk)


def test_detail_of_another_organisations_melding_in_a_shared_family_is_404(
    family_scenario, user_for
):
    """VT and POLITIE share the family, yet VT may not read POLITIE's melding."""
    politie_melding = family_scenario.meldingen["POLITIE"][0]
    response = client_for(user_for("VT")).get(detail_url(politie_melding.pk))
    assert response.status_code == 404


def test_detail_content(family_scenario, user_for):
    melding = family_scenario.meldingen["POLITIE"][1]
    melding.narrative = "Buren hoorden geschreeuw."
    melding.label_km = True
    melding.save()
    unlinked = f.MeldingPersonFactory(
        melding=melding,
        person=None,
        role=InvolvementRole.GETUIGE,
        given_names="Piet",
        prefix="",
        surname="Buurman",
        date_of_birth=None,
        bsn="123456782",
        source_record_id="BVH-991",
    )
    body = client_for(user_for("POLITIE")).get(detail_url(melding.pk)).json()
    assert body["soort"] == "AANGIFTE"
    assert body["kanaal"] == "112"
    assert body["toelichting"] == "Buren hoorden geschreeuw."
    assert body["labels"] == ["HG", "KM"]
    assert body["gezinssysteem"] == family_scenario.family.pk
    by_role = {p["rol"]: p for p in body["personen"]}
    assert set(by_role) == {"SLACHTOFFER", "VERDACHTE", "KIND_AANWEZIG", "GETUIGE"}
    assert by_role["VERDACHTE"]["persoon"] == family_scenario.persons["father"].pk
    assert by_role["VERDACHTE"]["naam"] == "Mark de Vries-Bakker"
    assert by_role["GETUIGE"] == {
        "persoon": None,
        "rol": "GETUIGE",
        "naam": "Piet Buurman",
        "voornamen": "Piet",
        "tussenvoegsel": "",
        "achternaam": "Buurman",
        "geboortedatum": None,
        "geslacht": "O",
        "straat": "",
        "huisnummer": "",
        "postcode": "",
        "woonplaats": "",
        "bronkenmerk": "BVH-991",
    }
    assert unlinked.bsn not in json.dumps(body)


def test_detail_is_logged_with_the_linked_persons(family_scenario, user_for):
    melding = family_scenario.meldingen["VT"][0]
    f.MeldingPersonFactory(
        melding=melding,
        person=None,
        role=InvolvementRole.MELDER,
        given_names="Anoniem",
        prefix="",
        surname="",
        date_of_birth=None,
    )
    client_for(user_for("VT")).get(detail_url(melding.pk))
    [entry] = api_log()
    assert (entry.action, entry.object_type, entry.object_id, entry.outcome) == (
        AccessAction.VIEW,
        "melding",
        str(melding.pk),
        AccessOutcome.OK,
    )
    assert entry.person_ids == ",".join(
        str(pk) for pk in sorted(p.pk for p in family_scenario.persons.values())
    )
