"""GET /api/v1/acuut/ and /api/v1/acuut/{id}/: the episode with its steps, as each participant
may see it, logged with channel API."""

from __future__ import annotations

import pytest

from voorop.acuut import services
from voorop.acuut.choices import ConsultationKind, Status
from voorop.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(flow):
    return flow.to(flow.start(), Status.AFGESLOTEN)


def test_the_episode_with_its_five_steps(world, flow, closed, api_client):
    api_client.force_authenticate(user=world.users["VT"])
    response = api_client.get(f"/api/v1/acuut/{closed.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["kenmerk"] == closed.reference
    assert (body["acuut_status"], body["stap"]) == ("AFGESLOTEN", 5)
    assert body["minuten_tot_veilig_thuis"] == 0
    assert [d["rol_deelnemer"] for d in body["deelnemers"]] == ["STARTER", "PARTNER"]
    assert [v["naar_status"] for v in body["verloop"]][-1] == "AFGESLOTEN"
    assert body["stap_1"]["gesprekken"][0]["uitkomst_gesprek"] == "ON_SITE"
    assert body["stap_1"]["aankomsten"][0]["organisatie"] == "Veilig Thuis Testregio"
    own, other = sorted(body["stap_2"]["inbreng"], key=lambda c: not c["eigen"])
    assert own["organisatie"] == "Veilig Thuis Testregio" and own["herkomst"] is None
    assert other["organisatie"] == "Politie Eenheid Test"
    assert other["soorten_informatie"] == ["REGISTRATIES"]
    assert other["herkomst"]["gedeeld_door"] == "Politie Eenheid Test"
    assert other["herkomst"]["grondslag"] == "art. 6 lid 1 sub d AVG"
    assert body["stap_2"]["veiligheidsbeoordeling"]["deel_a_afgerond_op"]
    assert body["stap_3"]["kinderen"][0]["naam"] == "Noor Jansen"
    assert body["stap_3"]["kinderen"][0]["kindcheck"]["uitkomst_kindcheck"] == "AANWEZIG_VEILIG"
    assert body["stap_3"]["afspraken"][0]["gezamenlijk"] is True
    items = {i["titel"]: i for i in body["stap_4"]["onderdelen"]}
    assert items["Tijdelijk huisverbod"]["eigenaar"]["naam"] == "Veilig Thuis Testregio"
    assert items["Tijdelijk huisverbod"]["herbeoordeling"]
    assert items["Tijdelijk huisverbod"]["kenmerk_afstemmingsmoment"] == closed.reference
    assert body["stap_4"]["eerste_aanspreekpunt"] == "Veilig Thuis Testregio"
    assert body["stap_5"]["vervolg"] == "ACTIEOVERLEG"
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_type, entry.channel) == (
        "VIEW",
        "samen-op-in-acuut",
        "API",
    )


def test_the_question_to_the_raad_is_not_in_the_polices_answer(world, flow, api_client):
    episode = flow.to(flow.start(), Status.MOTORKAPOVERLEG)
    services.episode_consultation_request(
        user=flow.vt,
        episode=episode,
        kind=ConsultationKind.RVDK_ADVIES,
        addressed_to=world.orgs["RVDK"],
        question="Vertrouwelijke vraag over Noor aan de Raad.",
    )
    api_client.force_authenticate(user=flow.police)
    [consultation] = api_client.get(f"/api/v1/acuut/{episode.pk}/").json()["stap_2"][
        "raadplegingen"
    ]
    assert consultation["soort_raadpleging"] == "RVDK_ADVIES"
    assert consultation["vraag"] is None
    api_client.force_authenticate(user=flow.vt)
    [consultation] = api_client.get(f"/api/v1/acuut/{episode.pk}/").json()["stap_2"][
        "raadplegingen"
    ]
    assert consultation["vraag"] == "Vertrouwelijke vraag over Noor aan de Raad."


def test_the_list(world, flow, api_client):
    episode = flow.start()
    api_client.force_authenticate(user=flow.police)
    body = api_client.get("/api/v1/acuut/").json()
    assert [e["kenmerk"] for e in body["results"]] == [episode.reference]
    assert body["results"][0]["minuten_tot_veilig_thuis"] is None
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_id) == ("LIST", str(episode.pk))


def test_a_malformed_id_is_a_404(world, api_client):
    api_client.force_authenticate(user=world.users["POLITIE"])
    assert api_client.get("/api/v1/acuut/abc/").status_code == 404


def test_not_logged_in(api_client, db):
    assert api_client.get("/api/v1/acuut/").status_code == 401
