"""/api/v1/veiligheidsbeoordelingen/, /api/v1/risico-instrumenten/, /api/v1/risico-inschattingen/:
the same visibility as the pages, logged with channel API, 404 for whoever may not see."""

from __future__ import annotations

import pytest

from voorop.assessment.models import InstrumentResult
from voorop.assessment.tests.conftest import (
    CONDITION,
    OUTCOME_RATIONALE,
    QUICKSCAN,
    QUICKSCAN_HIGH,
    RATIONALE,
    STALKING,
    STALKING_LOW,
)
from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome

pytestmark = pytest.mark.django_db

LOWERED = "Het professionele oordeel kan het risiconiveau alleen verhogen, niet verlagen."


def last_entry(user) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(username=user.username).latest("seq")


def test_vt_reads_its_assessment_in_full(api_client, world, make):
    b = make.completed()
    vt = world.users["VT"]
    api_client.force_authenticate(user=vt)
    data = api_client.get(f"/api/v1/veiligheidsbeoordelingen/{b.pk}/").json()
    assert data["kenmerk"] == b.reference and data["eigen"] is True
    assert data["beoordelingsstatus"] == "COMPLETED" and data["context"] == "ZSM"
    assert data["deel_a"] == {
        "acute_onveiligheid": "HOOG",
        "afgerond_op": data["deel_a"]["afgerond_op"],
        "onderbouwing": RATIONALE,
    }
    assert len(data["risicofactoren"]) == 8
    assert data["risicofactoren"][0] == {
        "factor": "KINDEREN_AANWEZIG",
        "antwoord": "NEE",
        "toelichting": "",
    }
    assert data["uitkomst"]["uitkomst"] == "ONVEILIG_STRUCTUREEL"
    assert data["uitkomst"]["onderbouwing"] == OUTCOME_RATIONALE
    assert data["veiligheidsvoorwaarden"][0]["tekst"] == CONDITION
    assert data["veiligheidsvoorwaarden"][0]["voorwaardestatus"] == "GELDT"
    entry = last_entry(vt)
    assert (entry.action, entry.object_type, entry.channel) == (
        AccessAction.VIEW,
        "veiligheidsbeoordeling",
        "API",
    )
    listing = api_client.get(
        "/api/v1/veiligheidsbeoordelingen/", {"gezinssysteem": world.family.pk}
    )
    assert [r["id"] for r in listing.json()["results"]] == [b.pk]


def test_a_partner_reads_only_the_shared_summary(api_client, world, make):
    b = make.completed()
    officer = world.users["OM"]
    api_client.force_authenticate(user=officer)
    assert api_client.get(f"/api/v1/veiligheidsbeoordelingen/{b.pk}/").status_code == 404
    assert api_client.get("/api/v1/veiligheidsbeoordelingen/").json()["results"] == []
    make.share(b, to="OM")
    data = api_client.get(f"/api/v1/veiligheidsbeoordelingen/{b.pk}/").json()
    assert data["eigen"] is False
    assert data["herkomst"][0]["gedeeld_door"] == "Veilig Thuis Testregio"
    assert data["deel_a"]["acute_onveiligheid"] == "HOOG" and data["deel_a"]["onderbouwing"] is None
    assert data["deel_b"]["bevindingen"] is None and data["uitkomst"]["onderbouwing"] is None
    assert data["risicofactoren"] == []
    assert data["uitkomst"]["uitkomst"] == "ONVEILIG_STRUCTUREEL"
    assert [c["tekst"] for c in data["veiligheidsvoorwaarden"]] == [CONDITION]


@pytest.mark.parametrize("kind", ["POLITIE", "OM", "RECLASSERING", "RVDK"])
def test_not_shared_is_404_for_every_partner(api_client, world, make, kind):
    b = make.part_a_done()
    user = world.users[kind]
    api_client.force_authenticate(user=user)
    response = api_client.get(f"/api/v1/veiligheidsbeoordelingen/{b.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert last_entry(user).outcome == AccessOutcome.DENIED


@pytest.mark.parametrize("kind", ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"])
def test_results_of_another_organisation_are_404(api_client, world, make, kind):
    result = make.result(user=world.users["POLITIE"], code=STALKING, answers=STALKING_LOW)
    user = world.users[kind]
    api_client.force_authenticate(user=user)
    response = api_client.get(f"/api/v1/risico-inschattingen/{result.pk}/")
    assert response.status_code == (200 if kind == "POLITIE" else 404)


def test_instrument_definitions(api_client, world):
    api_client.force_authenticate(user=world.users["RVDK"])
    data = api_client.get("/api/v1/risico-instrumenten/").json()
    codes = {i["code"] for i in data["results"]}
    assert codes == {QUICKSCAN, STALKING}
    quickscan = next(i for i in data["results"] if i["code"] == QUICKSCAN)
    assert (
        quickscan["voorbeeldinstrument"] is True and quickscan["gericht_op"] == "ACUTE_ONVEILIGHEID"
    )
    dreiging = next(v for v in quickscan["vragen"] if v["code"] == "dreiging")
    assert dreiging["soort_antwoord"] == "KEUZE" and dreiging["kritiek_niveau"] == "HOOG"
    assert {
        "code": "dood",
        "tekst": "Met de dood of met een wapen",
        "score": 4,
        "kritiek": True,
    } in dreiging["opties"]
    assert quickscan["drempels"][-1]["tot_en_met_score"] is None
    one = api_client.get(f"/api/v1/risico-instrumenten/{quickscan['id']}/")
    assert one.status_code == 200
    assert api_client.get("/api/v1/risico-instrumenten/999999/").status_code == 404
    assert api_client.get("/api/v1/risico-instrumenten/abc/").status_code == 404


def test_the_police_posts_a_high_stalking_screening(api_client, world):
    agent = world.users["POLITIE"]
    api_client.force_authenticate(user=agent)
    response = api_client.post(
        "/api/v1/risico-inschattingen/",
        {
            "instrument_code": STALKING,
            "gezinssysteem": world.family.pk,
            "antwoorden": {**STALKING_LOW, "wapen": "JA", "voorvallen": 20},
            "betreft": world.persons["mother"].pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["berekend_niveau"] == "HOOG" and data["professioneel_niveau"] == "HOOG"
    assert data["kritieke_vragen"] == ["wapen"]
    assert "direct contact op met het OM en Veilig Thuis" in data["advies"]
    assert data["antwoorden"]["voorvallen"] == 20
    entry = last_entry(agent)
    assert (entry.action, entry.object_type, entry.channel) == (
        AccessAction.CREATE,
        "risico-inschatting",
        "API",
    )


def test_lowering_through_the_api_is_refused(api_client, world):
    api_client.force_authenticate(user=world.users["VT"])
    response = api_client.post(
        "/api/v1/risico-inschattingen/",
        {
            "instrument_code": QUICKSCAN,
            "gezinssysteem": world.family.pk,
            "antwoorden": QUICKSCAN_HIGH,
            "professioneel_niveau": "LAAG",
            "toelichting": "Valt mee.",
        },
        format="json",
    )
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "ongeldige_risico_inschatting"
    assert data["fouten"] == [
        {
            "veld": "professioneel_niveau",
            "code": "verlaagd",
            "bericht": LOWERED,
        }
    ]
    assert not InstrumentResult.objects.exists()


def test_posting_errors(api_client, world):
    api_client.force_authenticate(user=world.users["OM"])
    response = api_client.post(
        "/api/v1/risico-inschattingen/",
        {"instrument_code": STALKING, "gezinssysteem": world.family.pk, "antwoorden": {}},
        format="json",
    )
    assert response.status_code == 400  # OM is not involved: the family is unknown to it
    assert response.json()["fouten"][0]["code"] == "gezinssysteem_onbekend"
    api_client.force_authenticate(user=world.users["VT"])
    response = api_client.post(
        "/api/v1/risico-inschattingen/",
        {
            "instrument_code": STALKING,
            "gezinssysteem": world.family.pk,
            "antwoorden": {"dreigen": "misschien"},
        },
        format="json",
    )
    fouten = response.json()["fouten"]
    assert response.status_code == 400 and all(f["veld"] == "antwoorden" for f in fouten)
    assert any(f["bericht"] == "dreigen: Kies ja, nee of weet niet." for f in fouten)
    api_client.force_authenticate(user=world.users["VT_PRIVACY"])
    response = api_client.post(
        "/api/v1/risico-inschattingen/",
        {"instrument_code": QUICKSCAN, "gezinssysteem": world.family.pk, "antwoorden": {}},
        format="json",
    )
    assert response.status_code == 403


def test_anonymous_is_401(api_client):
    assert api_client.get("/api/v1/veiligheidsbeoordelingen/").status_code == 401
    assert api_client.get("/api/v1/risico-instrumenten/").status_code == 401
