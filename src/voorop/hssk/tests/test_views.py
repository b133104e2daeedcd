"""The HSSK pages: forms that go through the services, Dutch errors above the form (400),
nothing half-stored, the list, the print view, monitoring and its export."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from voorop.hssk.choices import Status
from voorop.hssk.models import HsskAct, HsskCase, HsskView

from .conftest import VT_BASIS

pytestmark = pytest.mark.django_db


def start_body(world, **overrides) -> dict:
    body = {
        "child": world.members["child"].pk,
        "mode": "ANONIEM",
        "police_organisation": world.orgs["POLITIE"].pk,
        "om_organisation": world.orgs["OM"].pk,
        "injury_kinds": ["BLAUWE_PLEKKEN", "BREUK"],
        "certainty": "VERMOEDEN",
        "reporter_kind": "ZIEKENHUIS",
        "circumstances": "Peuter met een breuk van de onderarm; ouders geven wisselende uitleg.",
        "question": "Ziet de politie aanleiding voor een onderzoek?",
    }
    body.update(overrides)
    return body


def test_start_page_offers_the_child_and_suggests_the_reporter(client, world):
    client.force_login(world.users["VT"])
    response = client.get(reverse("hssk:start", args=[world.melding.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.sentinels["child_given"] in body
    assert world.sentinels["mother_given"] not in body  # an adult is not offered
    assert 'value="ZIEKENHUIS" selected' in body


def test_start_with_identifying_text_shows_the_reason_and_stores_nothing(client, world):
    client.force_login(world.users["VT"])
    response = client.post(
        reverse("hssk:start", args=[world.melding.pk]),
        start_body(world, circumstances="Yaralinde is gevallen volgens moeder, 17-05-2024."),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="foutoverzicht"' in body
    assert "identificeren" in body
    assert not HsskCase.objects.exists()


def test_start_without_choices_lists_every_missing_field(client, world):
    client.force_login(world.users["VT"])
    response = client.post(reverse("hssk:start", args=[world.melding.pk]), {})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies het kind." in body and "Kies de soort(en) letsel." in body


def test_start_and_follow_the_case(client, world):
    client.force_login(world.users["VT"])
    response = client.post(reverse("hssk:start", args=[world.melding.pk]), start_body(world))
    case = HsskCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hssk/{case.pk}/"
    assert case.injury_kinds == ["BLAUWE_PLEKKEN", "BREUK"]
    page = client.get(response["Location"]).content.decode()
    assert "Anoniem overleg" in page and "naar-besluit" in page
    # Starting again from the same melding goes to the case.
    again = client.get(reverse("hssk:start", args=[world.melding.pk]))
    assert again.status_code == 302 and again["Location"] == f"/hssk/{case.pk}/"


def test_police_give_their_view_then_vt_decides(client, world, flow):
    case = flow.start()
    client.force_login(world.users["POLITIE"])
    page = client.get(reverse("hssk:detail", args=[case.pk])).content.decode()
    assert 'data-testid="formulier-view"' in page and "naar-besluit" not in page
    bad = client.post(reverse("hssk:view", args=[case.pk]), {"position": "STRAFBAAR", "text": ""})
    assert bad.status_code == 400 and not HsskView.objects.exists()
    ok = client.post(
        reverse("hssk:view", args=[case.pk]),
        {"position": "STRAFBAAR", "text": "Breuk bij een peuter: altijd samen onderzoeken."},
    )
    assert ok.status_code == 302
    client.force_login(world.users["VT"])
    decided = client.post(
        reverse("hssk:decide", args=[case.pk]),
        {
            "decision": "DOORZETTEN",
            "reason": "Politie ziet aanleiding; samen onderzoeken.",
            "legal_basis": world.bases[VT_BASIS].pk,
            "field_groups": ["KERN", "PERSONEN", "TOELICHTING"],
            "share_with_om": "on",
        },
    )
    assert decided.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ONDERZOEKSPLAN
    groups = case.police_disclosure.items.get().field_groups
    assert set(groups) == {"KERN", "PERSONEN", "TOELICHTING"}


def test_plan_page_shows_the_rules_and_takes_acts(client, world, flow):
    case = flow.to(flow.start(), Status.ONDERZOEKSPLAN)
    client.force_login(world.users["POLITIE"])
    page = client.get(reverse("hssk:detail", args=[case.pk])).content.decode()
    assert "Het onderzoeksplan heeft nog geen onderzoekshandeling." in page
    response = client.post(
        reverse("hssk:act", args=[case.pk]),
        {
            "act": "FORENSISCH_MEDISCH",
            "by_organisation": world.orgs["POLITIE"].pk,
            "with_whom": [world.members["child"].pk],
            "planned_on": "2026-12-08",
        },
    )
    assert response.status_code == 302
    act = HsskAct.objects.get()
    assert act.sequence == 1 and list(act.with_whom.all()) == [world.members["child"]]
    confirmed = client.post(reverse("hssk:confirm", args=[case.pk]))
    assert confirmed.status_code == 302
    client.force_login(world.users["VT"])
    client.post(reverse("hssk:confirm", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == Status.INTERVENTIES


def test_a_plan_that_breaks_a_rule_cannot_be_agreed_to(client, world, flow):
    case = flow.to(flow.start(), Status.ONDERZOEKSPLAN)
    client.force_login(world.users["VT"])
    client.post(
        reverse("hssk:act", args=[case.pk]),
        {"act": "LECK_CONSULT", "by_organisation": world.orgs["VT"].pk},
    )
    response = client.post(reverse("hssk:confirm", args=[case.pk]))
    assert response.status_code == 400
    assert "forensisch-medisch onderzoek" in response.content.decode()


def test_act_update_records_the_outcome(client, world, flow):
    case = flow.to(flow.start(), Status.ONDERZOEKSPLAN)
    flow.plan(case)
    act = HsskAct.objects.filter(case=case).first()
    client.force_login(world.users["POLITIE"])
    missing = client.post(
        reverse("hssk:act_update", args=[case.pk, act.pk]), {f"h{act.pk}-status": "UITGEVOERD"}
    )
    assert missing.status_code == 400
    done = client.post(
        reverse("hssk:act_update", args=[case.pk, act.pk]),
        {f"h{act.pk}-status": "UITGEVOERD", f"h{act.pk}-outcome": "Letsel past bij vallen."},
    )
    assert done.status_code == 302
    act.refresh_from_db()
    assert act.status == "UITGEVOERD" and act.done_at


def test_the_whole_case_through_the_pages_and_its_print_and_monitoring(client, world, flow):
    case = flow.to(flow.start(), Status.EVALUATIE)
    client.force_login(world.users["POLITIE"])
    response = client.post(
        reverse("hssk:evaluation", args=[case.pk]),
        {
            "worked_well": "Eén verhoor, goed afgestemd.",
            "collaboration_score": "5",
            "missing_information": ["MEDISCH"],
        },
    )
    assert response.status_code == 302
    client.force_login(world.users["VT"])
    client.post(
        reverse("hssk:evaluation", args=[case.pk]),
        {"worked_well": "Snel schakelen met de zedenrecherche.", "collaboration_score": "4"},
    )
    assert (
        client.post(reverse("hssk:transition", args=[case.pk]), {"overgang": "afsluiten"})[
            "Location"
        ]
        == f"/hssk/{case.pk}/"
    )
    case.refresh_from_db()
    assert case.status == Status.AFGESLOTEN
    printed = client.get(reverse("hssk:print", args=[case.pk])).content.decode()
    assert "hssk/print.css" in printed and world.sentinels["family_name"] in printed
    monitoring = client.get(reverse("hssk:monitoring")).content.decode()
    assert "4,5" in monitoring  # mean of 5 and 4, in Dutch
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("hssk:monitoring_csv")).content.decode()))
    )
    assert rows[0]["kenmerk"] == case.reference and rows[0]["evaluaties"] == "2"
    assert float(rows[0]["uren_tot_onderzoeksplan"]) > 0


def test_list_filters_searches_and_keeps_its_queries_fixed(client, world, flow):
    cases = [flow.start()]
    client.force_login(world.users["POLITIE"])
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("hssk:list")).status_code == 200
    # More cases waiting for the police: the same number of queries.
    from voorop.core.testing import factories as f

    for _n in range(3):
        other = f.MeldingFactory(
            source_organisation=world.orgs["VT"],
            family_system=world.family,
            child_injury_suspected=True,
        )
        f.MeldingPersonFactory(melding=other, person=world.members["child"])
        cases.append(flow.start(melding=other))
    with CaptureQueriesContext(connection) as four:
        page = client.get(reverse("hssk:list")).content.decode()
    assert len(four) == len(one)
    assert all(c.reference in page for c in cases)
    assert "uw zienswijze in het anonieme overleg" in page
    found = client.get(reverse("hssk:list") + f"?q={cases[1].reference}").content.decode()
    table = found.split('data-testid="hssk-casussen"')[1]
    assert cases[1].reference in table and cases[0].reference not in table
    closed = client.get(reverse("hssk:list") + "?status=gesloten").content.decode()
    assert "Geen casussen." in closed


def test_vt_list_shows_its_signals_without_a_case(client, world, flow):
    client.force_login(world.users["VT"])
    page = client.get(reverse("hssk:list")).content.decode()
    assert world.sentinels["melding_reference"] in page
    assert reverse("hssk:start", args=[world.melding.pk]) in page
    flow.start()
    page = client.get(reverse("hssk:list")).content.decode()
    assert reverse("hssk:start", args=[world.melding.pk]) not in page


def test_durations_read_as_hours_or_days():
    from voorop.hssk.templatetags.voorop_hssk import duration

    assert duration(None) == "—"
    assert duration(5.0) == "5 uur"
    assert duration(5.5) == "5,5 uur"
    assert duration(3796.6) == "158 dagen"


def test_a_form_shown_again_reads_the_case_once(client, world, flow):
    """An invalid form shows the case page again from what the form's view already read: no
    more queries than the page itself (it read the case twice)."""
    case = flow.to(flow.start(), Status.INTERVENTIES)
    client.force_login(world.users["VT"])
    client.get(reverse("hssk:detail", args=[case.pk]))  # the session, warmed up
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("hssk:detail", args=[case.pk])).status_code == 200
    for name, body in (
        ("hssk:agreement", {"description": ""}),
        ("hssk:no_interventions", {"reason": ""}),
    ):
        with CaptureQueriesContext(connection) as again:
            assert client.post(reverse(name, args=[case.pk]), body).status_code == 400
        assert len(again) <= len(page), name
