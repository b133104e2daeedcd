"""REST API: /api/v1/verstrekkingen/ (list, detail, create, intrekken), /api/v1/grondslagen/ and
/api/v1/deelregels/; and what a recipient gets from /api/v1/meldingen/."""

from __future__ import annotations

import pytest

from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome
from voorop.audit.tests.api_support import KINDS, api_log, client_for, nonexistent_pk
from voorop.core.testing import factories as f
from voorop.sharing import services
from voorop.sharing.models import CoordinationMoment, Disclosure, DisclosureItem, SharingRule
from voorop.sharing.tests.conftest import MEDICAL, NARRATIVE, NECESSITY, VITAL, WPG_16, WPG_18

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/verstrekkingen/"


def detail_url(pk) -> str:
    return f"/api/v1/verstrekkingen/{pk}/"


def withdraw_url(pk) -> str:
    return f"/api/v1/verstrekkingen/{pk}/intrekken/"


def body_for(world, **overrides):
    body = {
        "gezinssysteem": world.family.pk,
        "ontvanger": world.orgs["VT"].pk,
        "grondslag": WPG_18,
        "doel": "SAMEN_OP_IN_ACUUT",
        "noodzaak": NECESSITY,
        "items": [{"melding": world.incident.pk, "gegevens": ["KERN", "PERSONEN"]}],
    }
    body.update(overrides)
    return body


def fouten(response) -> list[tuple[str | None, str]]:
    return [(e["veld"], e["code"]) for e in response.json()["fouten"]]


def assert_nothing_stored() -> None:
    assert Disclosure.objects.count() == 0
    assert DisclosureItem.objects.count() == 0
    assert not AccessLogEntry.objects.filter(
        action=AccessAction.DISCLOSE, outcome=AccessOutcome.OK
    ).exists()


# --- authentication and membership ------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [LIST_URL, detail_url(1), "/api/v1/grondslagen/", "/api/v1/deelregels/"]
)
def test_anonymous_gets_401(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_non_partner_organisation_gets_403(world):
    hospital = f.OrganisationFactory(code="ziekenhuis", kind="ZIEKENHUIS")
    client = client_for(f.UserFactory(organisation=hospital))
    for url in (LIST_URL, "/api/v1/grondslagen/", "/api/v1/deelregels/"):
        response = client.get(url)
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    assert client.post(LIST_URL, body_for(world), format="json").status_code == 403
    assert_nothing_stored()
    denied = api_log(action=AccessAction.DISCLOSE, outcome=AccessOutcome.DENIED)
    assert len(denied) == 1


# --- create -----------------------------------------------------------------------------------


def test_create(world):
    client = client_for(world.users["POLITIE"], token=True)
    response = client.post(LIST_URL, body_for(world), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    disclosure = Disclosure.objects.get()
    assert response["Location"].endswith(detail_url(disclosure.pk))
    assert data["kenmerk"] == disclosure.reference
    assert data["richting"] == "gemaakt"
    assert data["gezinssysteem"] == {"id": world.family.pk, "kenmerk": world.family.reference}
    assert data["gedeeld_door"]["code"] == "politie-test"
    assert data["gedeeld_met"]["soort_organisatie"] == "VT"
    assert data["grondslag"]["korte_aanduiding"] == "art. 18 Wpg"
    assert data["doel"] == "SAMEN_OP_IN_ACUUT"
    assert data["noodzaak"] == NECESSITY
    assert data["actief"] is True and data["ingetrokken_op"] is None
    assert data["items"] == [
        {
            "melding": world.incident.pk,
            "kenmerk": world.incident.reference,
            "soort": "POLITIE_INCIDENT",
            "voorgevallen_op": data["items"][0]["voorgevallen_op"],
            "gegevens": ["KERN", "PERSONEN"],
        }
    ]
    [entry] = AccessLogEntry.objects.filter(action=AccessAction.DISCLOSE)
    assert entry.channel == "API"
    assert entry.purpose == "art. 18 Wpg · Samen op in acuut"


def test_create_adds_kern_when_gegevens_are_left_out(world):
    client = client_for(world.users["POLITIE"])
    response = client.post(
        LIST_URL, body_for(world, items=[{"melding": world.incident.pk}]), format="json"
    )
    assert response.status_code == 201
    assert response.json()["items"][0]["gegevens"] == ["KERN"]


def test_create_missing_fields(world):
    response = client_for(world.users["POLITIE"]).post(LIST_URL, {}, format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "ongeldige_verstrekking"
    assert data["detail"] == "De verstrekking is niet vastgelegd."
    assert set(fouten(response)) == {
        ("gezinssysteem", "verplicht"),
        ("ontvanger", "verplicht"),
        ("grondslag", "verplicht"),
        ("doel", "verplicht"),
        ("noodzaak", "verplicht"),
        ("items", "verplicht"),
    }
    assert {e["bericht"] for e in data["fouten"]} == {"Dit gegeven is verplicht."}
    assert_nothing_stored()


def test_create_malformed_values(world):
    body = body_for(
        world,
        gezinssysteem="abc",
        doel="KOFFIE",
        items=[{"melding": world.incident.pk, "gegevens": ["MEDISCH"]}, "x"],
    )
    response = client_for(world.users["POLITIE"]).post(LIST_URL, body, format="json")
    assert response.status_code == 400
    assert set(fouten(response)) == {
        ("gezinssysteem", "ongeldig"),
        ("doel", "ongeldige_keuze"),
        ("items[0].gegevens[0]", "ongeldige_keuze"),
        ("items[1]", "ongeldig"),
    }
    messages = {e["veld"]: e["bericht"] for e in response.json()["fouten"]}
    assert messages["doel"] == "„KOFFIE” is geen geldige waarde."
    assert_nothing_stored()


def test_create_unknown_references(world):
    body = body_for(
        world,
        gezinssysteem=world.scenario.vt_only_family.pk,  # exists, but not visible to the police
        ontvanger=nonexistent_pk(Disclosure) + 10**6,
        grondslag="bestaat-niet",
        items=[
            {"melding": world.incident.pk},
            {"melding": world.vt_melding.pk},  # VT's, in a family the police is involved in
        ],
    )
    response = client_for(world.users["POLITIE"]).post(LIST_URL, body, format="json")
    assert response.status_code == 400
    assert fouten(response) == [
        ("gezinssysteem", "gezinssysteem_onbekend"),
        ("ontvanger", "ontvanger_onbekend"),
        ("grondslag", "grondslag_onbekend"),
        ("items[1].melding", "melding_niet_eigen"),
    ]
    messages = [e["bericht"] for e in response.json()["fouten"]]
    assert messages[0] == "Dit gezinssysteem bestaat niet of uw organisatie mag het niet zien."
    assert messages[3] == (
        f"Melding {world.vt_melding.pk} bestaat niet of is niet door uw organisatie vastgelegd. "
        "U kunt alleen eigen gegevens delen."
    )
    assert world.vt_melding.reference not in str(response.json())
    assert_nothing_stored()


def test_create_rule_violations_are_reported_with_codes(world):
    body = body_for(world, grondslag=WPG_16, noodzaak="kort", items=[])
    response = client_for(world.users["POLITIE"]).post(LIST_URL, body, format="json")
    assert response.status_code == 400
    assert fouten(response) == [
        ("grondslag", "geen_deelregel"),
        ("items", "geen_meldingen"),
        ("noodzaak", "noodzaak_ontbreekt"),
    ]
    assert response.json()["fouten"][0]["bericht"] == (
        "Op grond van art. 16 Wpg mag Politie geen gegevens delen met Veilig Thuis. "
        "Kies een andere grondslag."
    )
    assert_nothing_stored()


def test_create_moment_not_covered(world):
    body = body_for(world, grondslag=VITAL, doel="ACTIEOVERLEG")
    response = client_for(world.users["POLITIE"]).post(LIST_URL, body, format="json")
    assert fouten(response) == [("grondslag", "doel_niet_toegestaan")]
    assert_nothing_stored()


def test_create_by_organisation_not_involved(world, share):
    share(to="OM", basis=WPG_16)  # OM now sees the family, but is not involved in it
    body = body_for(world, ontvanger=world.orgs["POLITIE"].pk, grondslag="om-wjsg-39e", items=[])
    response = client_for(world.users["OM"]).post(LIST_URL, body, format="json")
    assert response.status_code == 400
    assert fouten(response) == [(None, "niet_betrokken")]
    assert Disclosure.objects.count() == 1


# --- list and detail --------------------------------------------------------------------------


def test_list_made_and_received(world, share):
    made = share(groups=["PERSONEN"])
    received = services.disclosure_create(
        user=world.users["VT"],
        family_system=world.family,
        to_organisation=world.orgs["POLITIE"],
        legal_basis=world.bases["vt-avg-6-1-e-wmo-4-1-1"],
        moment=CoordinationMoment.ACTIEOVERLEG,
        necessity="Voor het actieoverleg van donderdag.",
        items=[(world.vt_melding, ["TOELICHTING"])],
    )
    other = share(
        family=world.scenario.politie_only_family,
        meldingen=world.scenario.other_meldingen["POLITIE"],
        to="RVDK",
    )
    client = client_for(world.users["POLITIE"])
    data = client.get(LIST_URL).json()
    assert data["count"] == 3
    assert {(r["id"], r["richting"]) for r in data["results"]} == {
        (made.pk, "gemaakt"),
        (received.pk, "ontvangen"),
        (other.pk, "gemaakt"),
    }
    gemaakt = client.get(LIST_URL, {"richting": "gemaakt"}).json()["results"]
    assert {r["id"] for r in gemaakt} == {made.pk, other.pk}
    ontvangen = client.get(LIST_URL, {"richting": "ontvangen"}).json()["results"]
    assert [r["id"] for r in ontvangen] == [received.pk]
    family = client.get(LIST_URL, {"gezinssysteem": world.family.pk}).json()["results"]
    assert {r["id"] for r in family} == {made.pk, received.pk}
    entry = api_log(user_id=world.users["POLITIE"].pk, action=AccessAction.LIST)[0]
    assert entry.object_type == "verstrekking"
    assert set(entry.object_id.split(",")) == {str(made.pk), str(received.pk), str(other.pk)}


def test_list_bad_parameters(world):
    response = client_for(world.users["POLITIE"]).get(
        LIST_URL, {"richting": "zijwaarts", "gezinssysteem": "x"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "ongeldige_parameters"
    assert set(response.json()["parameters"]) == {"richting", "gezinssysteem"}


@pytest.mark.parametrize("kind", KINDS)
def test_detail_and_withdraw_are_404_for_organisations_not_party(world, share, kind):
    disclosure = share(
        family=world.scenario.politie_only_family,
        meldingen=world.scenario.other_meldingen["POLITIE"],
    )
    user = world.users[kind]
    client = client_for(user)
    response = client.get(detail_url(disclosure.pk))
    listed = [r["id"] for r in client.get(LIST_URL).json()["results"]]
    if kind in ("POLITIE", "VT"):
        assert response.status_code == 200
        assert response.json()["richting"] == ("gemaakt" if kind == "POLITIE" else "ontvangen")
        assert listed == [disclosure.pk]
    else:
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert listed == []
        withdraw = client.post(withdraw_url(disclosure.pk), {"reden": "Weg ermee."})
        assert withdraw.status_code == 404
        entries = api_log(user_id=user.pk, outcome=AccessOutcome.DENIED)
        assert [(e.action, e.object_id) for e in entries] == [
            (AccessAction.VIEW, str(disclosure.pk)),
            (AccessAction.WITHDRAW, str(disclosure.pk)),
        ]
    disclosure.refresh_from_db()
    assert disclosure.is_active


def test_detail_missing_is_404(world):
    client = client_for(world.users["POLITIE"])
    assert client.get(detail_url(nonexistent_pk(Disclosure))).status_code == 404
    assert client.get(detail_url("abc")).status_code == 404


def test_detail_is_logged(world, share):
    disclosure = share()
    client_for(world.users["VT"]).get(detail_url(disclosure.pk))
    [entry] = api_log(user_id=world.users["VT"].pk, action=AccessAction.VIEW)
    assert (entry.object_type, entry.object_id, entry.outcome) == (
        "verstrekking",
        str(disclosure.pk),
        AccessOutcome.OK,
    )


# --- withdraw ---------------------------------------------------------------------------------


def test_withdraw(world, share):
    disclosure = share(groups=["TOELICHTING"])
    vt = client_for(world.users["VT"])
    assert vt.get(f"/api/v1/meldingen/{world.incident.pk}/").json()["toelichting"] == NARRATIVE
    response = client_for(world.users["POLITIE"]).post(
        withdraw_url(disclosure.pk), {"reden": "Niet meer nodig."}, format="json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["actief"] is False and data["ingetrokken_op"]
    assert data["reden_intrekking"] == "Niet meer nodig."
    [entry] = AccessLogEntry.objects.filter(action=AccessAction.WITHDRAW)
    assert entry.channel == "API"
    assert vt.get(f"/api/v1/meldingen/{world.incident.pk}/").status_code == 404
    recipient_view = vt.get(detail_url(disclosure.pk)).json()
    assert recipient_view["actief"] is False
    assert recipient_view["items"] == [] and recipient_view["reden_intrekking"] is None


def test_withdraw_errors(world, share):
    disclosure = share()
    police = client_for(world.users["POLITIE"])
    response = police.post(withdraw_url(disclosure.pk), {}, format="json")
    assert response.status_code == 400
    assert fouten(response) == [("reden", "verplicht")]
    response = police.post(withdraw_url(disclosure.pk), {"reden": " "}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "ongeldige_intrekking"
    assert fouten(response) == [("reden", "reden_ontbreekt")]
    recipient = client_for(world.users["VT"]).post(
        withdraw_url(disclosure.pk), {"reden": "Wil ik niet."}, format="json"
    )
    assert recipient.status_code == 403
    assert recipient.json()["code"] == "niet_eigen_verstrekking"
    assert police.post(withdraw_url(disclosure.pk), {"reden": "Klaar."}).status_code == 200
    again = police.post(withdraw_url(disclosure.pk), {"reden": "Nog eens."})
    assert again.status_code == 400
    assert fouten(again) == [(None, "al_ingetrokken")]


# --- what the recipient gets from the meldingen endpoints -------------------------------------


def test_recipient_gets_only_shared_groups_with_provenance(world, share):
    disclosure = share(groups=["PERSONEN"])
    vt = client_for(world.users["VT"])
    data = vt.get(f"/api/v1/meldingen/{world.incident.pk}/").json()
    assert data["eigen"] is False
    assert data["gedeelde_gegevens"] == ["KERN", "PERSONEN"]
    assert data["toelichting"] is None and data["locatie"] is None
    assert {p["persoon"] for p in data["personen"]} == {p.pk for p in world.persons.values()}
    [herkomst] = data["herkomst"]
    assert herkomst["gedeeld_door"] == "Politie Eenheid Test"
    assert herkomst["grondslag"] == "art. 18 Wpg"
    assert herkomst["doel"] == "Samen op in acuut"
    assert herkomst["verstrekking"] == disclosure.reference
    timeline = vt.get(f"/api/v1/gezinssystemen/{world.family.pk}/tijdlijn/").json()["results"]
    shared = [item for item in timeline if item["id"] == world.incident.pk]
    assert shared and shared[0]["herkomst"][0]["grondslag"] == "art. 18 Wpg"
    assert world.aangifte.pk not in {item["id"] for item in timeline}


def test_recipient_without_personen_gets_no_persons(world, share):
    share(groups=["TOELICHTING"], to="RVDK")
    data = client_for(world.users["RVDK"]).get(f"/api/v1/meldingen/{world.incident.pk}/").json()
    assert data["personen"] == []
    assert data["toelichting"] == NARRATIVE


def test_medical_details_are_never_in_the_api(world):
    services.disclosure_create(
        user=world.users["VERTROUWENSARTS"],
        family_system=world.family,
        to_organisation=world.orgs["POLITIE"],
        legal_basis=world.bases[VITAL],
        moment=CoordinationMoment.SAMEN_OP_IN_ACUUT,
        necessity="Acuut gevaar: politie moet weten wat er gebeurd is.",
        items=[(world.vt_melding, ["LOCATIE", "TOELICHTING", "PERSONEN"])],
    )
    response = client_for(world.users["POLITIE"]).get(f"/api/v1/meldingen/{world.vt_melding.pk}/")
    assert response.status_code == 200
    assert MEDICAL not in response.content.decode()


# --- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_partner_reads_the_configuration(world, kind):
    client = client_for(world.users[kind])
    bases = client.get("/api/v1/grondslagen/", {"page_size": 100}).json()
    assert {b["code"] for b in bases["results"]} >= {WPG_18, WPG_16, VITAL}
    [wpg18] = [b for b in bases["results"] if b["code"] == WPG_18]
    assert wpg18["korte_aanduiding"] == "art. 18 Wpg"
    assert wpg18["grondslag"] == "art. 18 lid 1 Wpg jo. art. 4:2 lid 1 sub i/j Bpg"
    assert "zwaarwegend belang" in wpg18["randvoorwaarden"]
    assert wpg18["vitaal_belang"] is False and wpg18["in_gebruik"] is True
    rules = client.get("/api/v1/deelregels/", {"page_size": 500}).json()
    assert rules["count"] == SharingRule.objects.count()


def test_rules_can_be_filtered(world):
    client = client_for(world.users["POLITIE"])
    rules = client.get("/api/v1/deelregels/", {"van": "POLITIE", "aan": "VT"}).json()["results"]
    assert {r["grondslag"] for r in rules} == {WPG_18, VITAL}
    acties = client.get(
        "/api/v1/deelregels/", {"van": "POLITIE", "aan": "VT", "doel": "ACTIEOVERLEG"}
    ).json()["results"]
    assert [r["grondslag"] for r in acties] == [WPG_18]
    [vital] = [r for r in rules if r["grondslag"] == VITAL]
    assert vital["doelen"] == ["SAMEN_OP_IN_ACUUT"]
    assert vital["gegevens"] == ["KERN", "LOCATIE", "TOELICHTING", "PERSONEN"]
    bad = client.get("/api/v1/deelregels/", {"van": "ZIEKENHUIS"})
    assert bad.status_code == 400
    assert bad.json()["parameters"]["van"] == ["„ZIEKENHUIS” is geen geldige waarde."]


def test_configuration_reads_are_not_case_data_and_not_logged(world):
    client = client_for(world.users["VT"])
    client.get("/api/v1/grondslagen/")
    client.get("/api/v1/deelregels/")
    assert api_log() == []
