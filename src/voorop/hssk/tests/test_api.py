"""/api/v1/hssk/: read-only, the caller's cases, the document as the selectors let it see it."""

from __future__ import annotations

import pytest

from voorop.audit.models import AccessLogEntry
from voorop.hssk.choices import Status

pytestmark = pytest.mark.django_db


def test_list_and_document_of_an_anonymous_case(api_client, world, flow):
    case = flow.start()
    flow.view(case)
    api_client.force_authenticate(user=world.users["POLITIE"])
    listed = api_client.get("/api/v1/hssk/").json()
    assert listed["count"] == 1
    assert listed["results"][0] == {
        "id": case.pk,
        "kenmerk": case.reference,
        "hssk_status": "OVERLEG",
        "stap": 2,
        "start": "ANONIEM",
        "anoniem": True,
        "melder": world.orgs["VT"].name,
        "politie": world.orgs["POLITIE"].name,
        "openbaar_ministerie": world.orgs["OM"].name,
        "gestart_op": listed["results"][0]["gestart_op"],
        "gezinssysteem": None,
    }
    document = api_client.get(f"/api/v1/hssk/{case.pk}/").json()
    assert document["gezinssysteem"] is None and document["gezinssysteem_naam"] is None
    assert document["anonieme_gegevens"]["leeftijd_kind"] == "1-4"
    assert [z["zienswijze"] for z in document["zienswijzen"]] == ["STRAFBAAR"]
    assert document["onderzoeksplan"]["handelingen"] == []
    entry = AccessLogEntry.objects.filter(object_type="hssk", channel="API", action="VIEW").get()
    assert entry.person_ids == ""


def test_document_of_a_closed_case(api_client, world, flow):
    case = flow.to(flow.start(), Status.AFGESLOTEN)
    api_client.force_authenticate(user=world.users["VT"])
    document = api_client.get(f"/api/v1/hssk/{case.pk}/").json()
    assert document["hssk_status"] == "AFGESLOTEN"
    assert document["gezinssysteem"] == world.family.pk
    assert document["besluit"]["besluit"] == "DOORZETTEN"
    acts = document["onderzoeksplan"]["handelingen"]
    assert [a["onderzoekshandeling"] for a in acts] == [
        "FORENSISCH_MEDISCH",
        "HOREN_OUDERS",
        "GESPREK_OUDERS_VT",
    ]
    assert {a["organisatie"] for a in document["onderzoeksplan"]["akkoord"]} == {
        world.orgs["VT"].name,
        world.orgs["POLITIE"].name,
    }
    assert [i["kenmerk_afstemmingsmoment"] for i in document["interventies"]] == [case.reference]
    assert len(document["evaluaties"]) == 2
    assert document["doorlooptijden"]["tot_onderzoeksplan"] > 0
    entry = AccessLogEntry.objects.filter(object_type="hssk", channel="API", action="VIEW").get()
    assert entry.persons.count() == 3
