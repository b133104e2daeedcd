"""POST /api/v1/meldingen/: recording from an organisation's own system, bad input, idempotency,
and who may record what."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.audit.models import AccessAction, AccessLogEntry
from voorop.audit.tests.api_support import client_for
from voorop.core.testing import factories as f
from voorop.intake.models import IdempotencyKey, ReferralStatus, RouteAdvice, VtReferral
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.meldingen.tests import intake_cases as cases

pytestmark = pytest.mark.django_db

URL = "/api/v1/meldingen/"


@pytest.fixture
def agent(user_for):
    return user_for("POLITIE", roles=[RoleCode.AGENT], username="agent")


def post(user, body, **headers):
    return client_for(user).post(
        URL, data=json.dumps(body), content_type="application/json", **headers
    )


def stored() -> dict[str, int]:
    """Everything intake could write."""
    return {
        "meldingen": Melding.objects.count(),
        "personen": MeldingPerson.objects.count(),
        "routeadvies": RouteAdvice.objects.count(),
        "doormeldingen": VtReferral.objects.count(),
        "sleutels": IdempotencyKey.objects.count(),
        "create_log": AccessLogEntry.objects.filter(action=AccessAction.CREATE).count(),
    }


# --- success ------------------------------------------------------------------------------------


def test_a_police_incident_is_recorded_with_route_advice_and_the_24_hour_rule(agent):
    response = post(agent, cases.as_json(cases.valid_melding()))
    assert response.status_code == 201, response.json()
    body = response.json()
    melding = Melding.objects.get(reference="BVH-2026-000123")
    assert response["Location"].endswith(f"/api/v1/meldingen/{melding.pk}/")
    assert body["id"] == melding.pk
    assert body["soort"] == "POLITIE_INCIDENT"
    assert body["labels"] == ["HG", "KM"]
    assert body["acuut"] is True
    assert sorted(p["rol"] for p in body["personen"]) == [
        "KIND_AANWEZIG",
        "SLACHTOFFER",
        "VERDACHTE",
    ]
    assert body["routeadvies"] == [
        {
            "route": "SAMEN_OP_IN_ACUUT",
            "naam": "Samen op in acuut",
            "regel": "acuut_onveilig",
            "reden": body["routeadvies"][0]["reden"],
        }
    ]
    assert "acute onveiligheid" in body["routeadvies"][0]["reden"]
    referral = body["doormelding_vt"]
    assert referral["melding_politie"] == "BVH-2026-000123"
    assert referral["termijn"] == "OPEN"
    assert referral["te_laat"] is False
    assert referral["vt_bekend_op"] is None
    assert [k["positie"] for k in body["koppelingen"]] == [0, 1, 2]
    # BSNs nobody knows yet: nothing to link on BSN.
    assert all(k["methode"] != "BSN" for k in body["koppelingen"])
    assert melding.vt_referral.due_at == melding.received_at + timedelta(hours=24)
    assert melding.source_organisation == agent.organisation
    entry = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (entry.object_type, entry.object_id, entry.channel, entry.user_id) == (
        "melding",
        str(melding.pk),
        "API",
        agent.pk,
    )
    assert BSN_NOT_IN(body)


def BSN_NOT_IN(body) -> bool:
    text = json.dumps(body)
    return cases.BSN_VICTIM not in text and cases.BSN_SUSPECT not in text


def test_a_known_bsn_links_the_person_and_places_the_melding_in_their_family(
    family_scenario, user_for
):
    agent = user_for("POLITIE")
    mother, father = family_scenario.persons["mother"], family_scenario.persons["father"]
    mother.bsn, father.bsn = cases.BSN_VICTIM, cases.BSN_SUSPECT
    mother.save(update_fields=["bsn"])
    father.save(update_fields=["bsn"])
    melding = cases.valid_melding()
    melding["personen"] = melding["personen"][:2]
    body = post(agent, melding).json()
    assert [(k["persoon"], k["methode"]) for k in body["koppelingen"]] == [
        (mother.pk, "BSN"),
        (father.pk, "BSN"),
    ]
    assert body["gezinssysteem"] == family_scenario.family.pk


def test_a_vt_melding_that_follows_the_police_report_closes_the_24_hour_rule(agent, user_for):
    post(agent, cases.valid_melding())
    vt_user = user_for("VT")
    vt = cases.valid_melding(
        kenmerk="VT-2026-77",
        soort="VT_MELDING",
        kanaal="TELEFOON",
        ontvangen_op=cases.moment(-2),
        volgt_op="BVH-2026-000123",
    )
    response = post(vt_user, vt)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["volgt_op"] == "BVH-2026-000123"
    assert body["doormelding_vt"]["termijn"] == "OP_TIJD"
    assert body["doormelding_vt"]["melding_vt"] == body["id"]
    referral = VtReferral.objects.get(police_melding__reference="BVH-2026-000123")
    assert referral.status == ReferralStatus.OP_TIJD
    assert referral.vt_melding_id == body["id"]
    assert referral.vt_known_at == Melding.objects.get(pk=body["id"]).received_at


def test_without_a_kenmerk_voorop_gives_one(agent):
    body = post(agent, cases.valid_melding(kenmerk="")).json()
    year = timezone.localtime(timezone.now()).year
    assert body["kenmerk"] == f"VV-{year}-{body['id']:06d}"


def test_iso_8601_times_with_an_offset_are_accepted(agent):
    occurred = (timezone.now() - timedelta(hours=5)).replace(microsecond=0)
    body = cases.valid_melding(
        voorgevallen_op=occurred.isoformat(), ontvangen_op=timezone.now().isoformat()
    )
    response = post(agent, body)
    assert response.status_code == 201, response.json()
    assert Melding.objects.get().occurred_at == occurred


# --- bad input: a clear error and nothing stored -------------------------------------------------


@pytest.mark.parametrize("case", cases.BAD_CASES, ids=[c.id for c in cases.BAD_CASES])
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_is_stored(agent, case):
    before = stored()
    response = post(agent, cases.as_json(cases.bad_melding(case)))
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "ongeldige_melding"
    assert body["detail"] == "De melding is niet vastgelegd. Er is niets opgeslagen."
    found = [(e["veld"], e["code"]) for e in body["fouten"]]
    assert (case.field, case.code) in found, body["fouten"]
    [error] = [e for e in body["fouten"] if (e["veld"], e["code"]) == (case.field, case.code)]
    assert case.message in error["bericht"]
    assert stored() == before


def test_a_kenmerk_that_exists_is_refused(agent):
    f.MeldingFactory(reference="BVH-2026-000123")
    before = stored()
    body = post(agent, cases.valid_melding()).json()
    assert {
        "veld": "kenmerk",
        "code": "kenmerk_bestaat_al",
        "bericht": ("Er is al een melding met kenmerk BVH-2026-000123."),
    } in body["fouten"]
    assert stored() == before


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"soort": "POLITIE_INCIDENT"}, "kanaal", "verplicht"),
        ({**cases.valid_melding(), "acute": True}, "acute", "onbekend_veld"),
        ({**cases.valid_melding(), "labels": ["HG", "BRAND"]}, "labels[1]", "ongeldige_keuze"),
        ({**cases.valid_melding(), "acuut": "misschien"}, "acuut", "ongeldig"),
        ({**cases.valid_melding(), "voorgevallen_op": 20260314}, "voorgevallen_op", "ongeldig"),
        ({**cases.valid_melding(), "personen": []}, "personen", "geen_personen"),
        (
            {**cases.valid_melding(), "personen": [{"rol": "MELDER"}] * 51},
            "personen",
            "te_veel_personen",
        ),
        (
            {**cases.valid_melding(), "personen": [{"rol": "GETUIGE"}]},
            "personen[0].achternaam",
            "persoon_onvolledig",
        ),
        (
            {**cases.valid_melding(), "gezinssysteem": 999999},
            "gezinssysteem",
            "gezinssysteem_onbekend",
        ),
        ({**cases.valid_melding(), "volgt_op": "NIET-BESTAAND"}, "volgt_op", "volgt_op_onbekend"),
        (
            {**cases.valid_melding(), "medische_gegevens": "fractuur"},
            "medische_gegevens",
            "medisch_alleen_vt",
        ),
    ],
    ids=[
        "verplichte-velden",
        "onbekend-veld",
        "onbekend-label",
        "geen-boolean",
        "tijd-geen-tekst",
        "geen-personen",
        "te-veel-personen",
        "persoon-zonder-gegevens",
        "onbekend-gezinssysteem",
        "onbekende-voorganger",
        "medisch-niet-door-politie",
    ],
)
def test_more_bad_input(agent, body, field, code):
    before = stored()
    response = post(agent, body)
    assert response.status_code == 400
    assert (field, code) in [(e["veld"], e["code"]) for e in response.json()["fouten"]]
    assert stored() == before


def test_malformed_json_is_refused(agent):
    response = client_for(agent).post(
        URL, data='{"soort": "POLITIE_INCIDENT",', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Het verzoek is geen geldige JSON.",
        "code": "geen_geldige_json",
    }


def test_an_oversized_request_is_refused_before_it_is_read(agent):
    before = stored()
    body = cases.valid_melding(toelichting="x" * 1_100_000)
    response = post(agent, body)
    assert response.status_code == 413
    assert response.json()["code"] == "verzoek_te_groot"
    assert stored() == before


def test_the_sql_in_a_narrative_is_just_text(agent):
    """Free text may say anything that is not a formula, markup or a control character: the
    database receives it as a parameter, never as SQL."""
    narrative = "Verdachte riep: '; DROP TABLE meldingen_melding; --"
    response = post(agent, cases.valid_melding(toelichting=narrative))
    assert response.status_code == 201
    assert Melding.objects.get().narrative == narrative


# --- idempotency ---------------------------------------------------------------------------------


def test_a_retry_with_the_same_key_creates_nothing_twice(agent):
    body = cases.valid_melding()
    first = post(agent, body, HTTP_IDEMPOTENCY_KEY="c0ffee-0001")
    second = post(agent, body, HTTP_IDEMPOTENCY_KEY="c0ffee-0001")
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Melding.objects.count() == 1
    assert VtReferral.objects.count() == 1
    assert second.json() == first.json()
    replay = AccessLogEntry.objects.filter(action=AccessAction.VIEW).get()
    assert replay.purpose == "herhaald verzoek (Idempotency-Key)"


def test_the_same_key_with_another_body_is_refused(agent):
    post(agent, cases.valid_melding(), HTTP_IDEMPOTENCY_KEY="sleutel-1")
    before = stored()
    response = post(
        agent, cases.valid_melding(kenmerk="BVH-2026-000124"), HTTP_IDEMPOTENCY_KEY="sleutel-1"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_hergebruikt"
    assert "al gebruikt voor een ander verzoek" in response.json()["detail"]
    assert stored() == before


def test_the_same_json_spelled_differently_is_the_same_request(agent):
    body = cases.valid_melding()
    post(agent, body, HTTP_IDEMPOTENCY_KEY="k-2")
    respelled = json.dumps(dict(reversed(list(body.items()))), indent=2)
    response = client_for(agent).post(
        URL, data=respelled, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert response.status_code == 201
    assert Melding.objects.count() == 1


def test_keys_are_per_organisation(agent, user_for):
    post(agent, cases.valid_melding(), HTTP_IDEMPOTENCY_KEY="gedeeld")
    vt_user = user_for("VT")
    vt = cases.valid_melding(kenmerk="VT-1", soort="VT_MELDING", kanaal="TELEFOON")
    response = post(vt_user, vt, HTTP_IDEMPOTENCY_KEY="gedeeld")
    assert response.status_code == 201
    assert Melding.objects.count() == 2


def test_an_expired_key_is_forgotten(agent):
    post(agent, cases.valid_melding(), HTTP_IDEMPOTENCY_KEY="oud")
    IdempotencyKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = post(
        agent, cases.valid_melding(kenmerk="BVH-2026-000124"), HTTP_IDEMPOTENCY_KEY="oud"
    )
    assert response.status_code == 201
    assert IdempotencyKey.objects.get().melding.reference == "BVH-2026-000124"


def test_a_refused_submission_does_not_use_up_its_key(agent):
    bad = cases.valid_melding(voorgevallen_op="31-02-2026 10:00")
    assert post(agent, bad, HTTP_IDEMPOTENCY_KEY="k-3").status_code == 400
    assert post(agent, cases.valid_melding(), HTTP_IDEMPOTENCY_KEY="k-3").status_code == 201


@pytest.mark.parametrize("key", ["", "met spatie", "x" * 256, "sleutel\u00e9"])
def test_a_malformed_key_is_refused(agent, key):
    response = post(agent, cases.valid_melding(), HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_ongeldig"
    assert Melding.objects.count() == 0


# --- who may record ------------------------------------------------------------------------------


def test_only_for_the_own_organisation(agent, organisations):
    before = stored()
    response = post(agent, {**cases.valid_melding(), "organisatie": "vt-test"})
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "andere_organisatie"
    assert "alleen meldingen vastleggen voor uw eigen organisatie" in body["fouten"][0]["bericht"]
    assert stored() == before
    assert post(agent, {**cases.valid_melding(), "organisatie": "politie-test"}).status_code == 201


def test_an_unknown_organisation_code_is_refused_alike(agent):
    response = post(agent, {**cases.valid_melding(), "organisatie": "bestaat-niet"})
    assert response.status_code == 403
    assert response.json()["code"] == "andere_organisatie"


def test_a_privacy_officer_records_nothing(user_for):
    officer = user_for("POLITIE", roles=[RoleCode.PRIVACY_OFFICER])
    response = post(officer, cases.valid_melding())
    assert response.status_code == 403
    assert response.json()["code"] == "geen_rol_om_vast_te_leggen"
    assert Melding.objects.count() == 0


def test_a_user_without_organisation_records_nothing():
    operator = f.UserFactory(organisation=None)
    response = post(operator, cases.valid_melding())
    assert response.status_code == 403
    assert Melding.objects.count() == 0
    denied = AccessLogEntry.objects.get()
    assert (denied.action, denied.outcome) == (AccessAction.CREATE, "DENIED")


def test_anonymous_gets_401(api_client):
    response = api_client.post(URL, data={}, format="json")
    assert response.status_code == 401


@pytest.mark.parametrize("other", ["VT", "OM", "RECLASSERING", "RVDK"])
def test_another_organisation_cannot_see_the_new_melding(agent, user_for, other):
    created = post(agent, cases.valid_melding()).json()
    response = client_for(user_for(other)).get(f"{URL}{created['id']}/")
    assert response.status_code == 404
    assert created["id"] not in [
        m["id"] for m in client_for(user_for(other)).get(URL).json()["results"]
    ]


def test_the_detail_shows_intake_to_the_own_organisation(agent):
    created = post(agent, cases.valid_melding(verdachte_aangehouden=True)).json()
    body = client_for(agent).get(f"{URL}{created['id']}/").json()
    assert body["verdachte_aangehouden"] is True
    assert [r["route"] for r in body["routeadvies"]] == ["SAMEN_OP_IN_ACUUT", "ZSM"]
    assert body["doormelding_vt"]["termijn"] == "OPEN"
    assert "koppelingen" not in body


def test_only_json_is_accepted(agent):
    response = client_for(agent).post(URL, data="kenmerk;soort\r\nX;Y\r\n", content_type="text/csv")
    assert response.status_code == 415
    assert Melding.objects.count() == 0
