""" "Wie bel ik nu?" as a page (with the include for step 1 of Samen op in acuut) and as
``GET /api/v1/bereikbaarheid/``: readable by every partner organisation, not by others, and —
being configuration, not case data — never written to the access log."""

from __future__ import annotations

import html
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from voorop.audit.models import AccessLogEntry
from voorop.core.testing import factories as f
from voorop.organisations.models import Region
from voorop.reachability.selectors import who_to_call
from voorop.reachability.tests.conftest import at

pytestmark = pytest.mark.django_db

PAGE = "/wie-bel-ik-nu/"
API = "/api/v1/bereikbaarheid/"
KINDS = ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"]


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def officer(region):
    return f.UserFactory(organisation=region["politie-rijnveen-centrum"], roles=["AGENT"])


def test_page_defaults_to_the_users_region_and_now(client, officer):
    client.force_login(officer)
    response = client.get(PAGE)
    assert response.status_code == 200
    body = text(response)
    assert "Wie bel ik nu?" in body
    # The police team's basisteam lies in VT-regio Rijnveen: the answer is about VT Rijnveen.
    assert "Bel Veilig Thuis Rijnveen" in body
    assert 'data-testid="wie-bel-ik-nu"' in body


def test_page_answers_for_a_postcode_and_moment(client, officer):
    client.force_login(officer)
    response = client.get(PAGE, {"postcode": "2467", "moment": "2026-03-10T19:30"})
    body = text(response)
    assert "Bel Veilig Thuis Dommelvliet (dienst): 088-5551102." in body
    assert (
        "Na 22:00: Veilig Thuis alleen telefonisch (088-5551100); niemand komt ter plaatse." in body
    )
    assert "Samira El Idrissi" in body


def test_htmx_gets_only_the_answer(client, officer):
    client.force_login(officer)
    response = client.get(
        PAGE,
        {"gemeente": "Rijnveen", "moment": "2026-03-15T12:00"},
        headers={"HX-Request": "true", "HX-Target": "antwoord"},
    )
    body = text(response)
    assert "<h1" not in body
    assert "Veilig Thuis kan weer ter plaatse komen vanaf maandag 09:00." in body


def test_the_most_specific_place_wins(client, officer):
    client.force_login(officer)
    response = client.get(PAGE, {"regio": "", "postcode": "2467", "gemeente": "Rijnveen"})
    assert "Bel Veilig Thuis Dommelvliet" in text(response)


def test_page_shows_invalid_input(client, officer):
    client.force_login(officer)
    response = client.get(PAGE, {"postcode": "abc", "moment": "gisteren"})
    body = text(response)
    assert "Geef een postcode van vier cijfers" in body and "Geen geldig tijdstip." in body
    assert response.context["answer"] is None
    # Each message is tied to its input: aria-describedby names elements on the page.
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    described = re.findall(r'aria-describedby="([^"]*)"', body)
    assert "id_postcode_error" in " ".join(described)
    assert all(ref in ids for value in described for ref in value.split())


@pytest.mark.parametrize("kind", KINDS)
def test_every_partner_may_ask_and_nothing_is_logged(client, region, user_for, kind):
    client.force_login(user_for(kind))
    before = AccessLogEntry.objects.count()
    assert client.get(PAGE, {"gemeente": "Rijnveen"}).status_code == 200
    assert AccessLogEntry.objects.count() == before


def test_non_partner_users_may_not(client, region):
    client.force_login(f.UserFactory(organisation=region["ziekenhuis-rijnveen"]))
    assert client.get(PAGE).status_code == 403


def test_answer_include_for_samen_op_in_acuut(region):
    answer = who_to_call(
        place=Region.objects.get(code="vt-regio-rijnveen"), moment=at("2026-03-10 19:30")
    )
    rendered = html.unescape(
        render_to_string("reachability/_answer.html", {"answer": answer, "heading_level": 3})
    )
    assert "Bel Veilig Thuis Rijnveen (piket): 088-5550102." in rendered
    assert '<h3 class="utrecht-heading-3">Nu bereikbaar</h3>' in rendered
    assert 'href="tel:088-5550600"' in rendered


# --- the API ----------------------------------------------------------------------------------


def test_api_answers_for_a_region_and_moment(api_client, officer):
    api_client.force_authenticate(officer)
    before = AccessLogEntry.objects.count()
    response = api_client.get(API, {"regio": "vt-regio-rijnveen", "moment": "2026-03-13T23:30"})
    assert response.status_code == 200
    data = response.json()
    assert data["antwoord"][:2] == [
        "Bel Veilig Thuis Rijnveen (piket): 088-5550102.",
        "Veilig Thuis kan ter plaatse komen tot zaterdag 02:00 (piket).",
    ]
    assert data["veilig_thuis"]["code"] == "vt-rijnveen"
    assert data["eerst_bellen"]["via"] == "PIKET"
    assert data["veilig_thuis_ter_plaatse"]["tot"] == "2026-03-14T02:00:00+01:00"
    assert data["veilig_thuis_ter_plaatse"]["kanalen"] == [
        {"via": "PIKET", "tot": "2026-03-14T02:00:00+01:00"}
    ]
    assert data["daarna"]["om"] == "2026-03-14T02:00:00+01:00"
    assert data["daarna"]["veilig_thuis"]["telefoon"] == "088-5550100"
    assert [o["organisatie"]["code"] for o in data["daarna"]["ter_plaatse"]] == [
        "crisisdienst-rijnveen"
    ]
    assert data["landelijk_nummer_veilig_thuis"] == "0800-2000"
    assert {r["code"] for r in data["regios"]} >= {
        "vt-regio-rijnveen",
        "arrondissement-rijnveen-delta",
    }
    assert AccessLogEntry.objects.count() == before


def test_api_answers_for_a_postcode_in_the_other_region(api_client, officer):
    api_client.force_authenticate(officer)
    data = api_client.get(API, {"postcode": "2470AA", "moment": "2026-03-10T10:00"}).json()
    assert data["plaats"] == "postcode 2470AA (Zandhoeve)"
    assert data["veilig_thuis_ter_plaatse"] is None
    assert data["veilig_thuis_beeldbellen"]["telefoon"] == "088-5551101"
    assert data["veilig_thuis_weer_ter_plaatse_vanaf"] == "2026-03-10T13:00:00+01:00"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "precies_een_plaats"),
        ({"regio": "vt-regio-rijnveen", "postcode": "2401"}, "precies_een_plaats"),
        ({"regio": "bestaat-niet"}, "regio_onbekend"),
        ({"postcode": "abc"}, "ongeldige_parameters"),
        ({"gemeente": "Rijnveen", "moment": "gisteren"}, "ongeldige_parameters"),
    ],
)
def test_api_refuses_unusable_questions(api_client, officer, params, code):
    api_client.force_authenticate(officer)
    response = api_client.get(API, params)
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_api_is_for_partner_organisations(api_client, region):
    assert api_client.get(API, {"gemeente": "Rijnveen"}).status_code == 401
    api_client.force_authenticate(f.UserFactory(organisation=region["gemeente-rijnveen"]))
    assert api_client.get(API, {"gemeente": "Rijnveen"}).status_code == 403


def test_admin_lists_and_adds_arrangements(client, region):
    client.force_login(f.UserFactory(organisation=None, is_staff=True, is_superuser=True))
    for model in ("reachabilityarrangement", "coveragearea", "contactperson"):
        assert client.get(reverse(f"admin:reachability_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:reachability_{model}_add")).status_code == 200
    body = text(client.get(reverse("admin:reachability_reachabilityarrangement_changelist")))
    assert "werkdagen" in body and "17:00–02:00" in body
    rijnveen = Region.objects.get(code="vt-regio-rijnveen")
    response = client.post(
        reverse("admin:reachability_reachabilityarrangement_add"),
        {
            "region": rijnveen.pk,
            "organisation": region["vt-rijnveen"].pk,
            "channel": "VIDEO",
            "weekdays": ["5", "6"],
            "time_from": "10:00",
            "time_until": "16:00",
            "phone": "088-5550103",
            "active": "on",
        },
    )
    assert response.status_code == 302
    answer = who_to_call(place=rijnveen, moment=at("2026-03-15 12:00"))
    assert answer.vt_video is not None and answer.vt_video.phone == "088-5550103"
