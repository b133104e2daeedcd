"""/api/v1/actieoverleggen/ and /api/v1/actieoverleg-afspraken/: what each partner sees, the
404 for organisations not taking part, and the access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from voorop.actieoverleg import services
from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome
from voorop.safetyplan.models import AgreementTopic

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(ao):
    meeting = ao.meeting()
    item = ao.schedule(meeting)
    other = ao.schedule(meeting, ao.scenario.vt_only_family, by="CHAIR", position=1)
    return meeting, item, other


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("VT", 2), ("POLITIE", 2), ("OM", 2), ("RECLASSERING", 1)],
)
def test_agenda_per_partner(api_client, ao, two_cases, kind, expected):
    meeting, _item, _other = two_cases
    api_client.force_authenticate(user=ao.users[kind])
    listed = api_client.get("/api/v1/actieoverleggen/")
    assert listed.status_code == 200
    assert [m["id"] for m in listed.json()["results"]] == [meeting.pk]
    detail = api_client.get(f"/api/v1/actieoverleggen/{meeting.pk}/")
    assert detail.status_code == 200
    assert len(detail.json()["agenda"]) == expected
    entry = AccessLogEntry.objects.latest("seq")
    assert (entry.action, entry.channel) == (AccessAction.VIEW, "API")


def test_rvdk_not_invited_gets_404_and_an_empty_list(api_client, ao, two_cases):
    meeting, _item, _other = two_cases
    api_client.force_authenticate(user=ao.users["RVDK"])
    assert api_client.get("/api/v1/actieoverleggen/").json()["results"] == []
    response = api_client.get(f"/api/v1/actieoverleggen/{meeting.pk}/")
    assert response.status_code == 404
    assert api_client.get("/api/v1/actieoverleggen/999999/").status_code == 404
    entry = AccessLogEntry.objects.latest("seq")
    assert entry.outcome == AccessOutcome.DENIED
    assert api_client.get("/api/v1/actieoverleg-afspraken/").json()["results"] == []


def test_anonymous_is_refused(api_client, two_cases):
    meeting, _item, _other = two_cases
    assert api_client.get(f"/api/v1/actieoverleggen/{meeting.pk}/").status_code in (401, 403)


def test_open_agreements(api_client, ao, two_cases):
    meeting, item, _other = two_cases
    services.meeting_start(user=ao.chair, meeting=meeting)
    services.item_add_agreement(
        user=ao.chair,
        item=item,
        topic=AgreementTopic.OVERLEG,
        description="Politie hoort vader",
        owner_organisation=ao.orgs["POLITIE"],
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
    for kind in ("POLITIE", "OM", "RECLASSERING"):
        api_client.force_authenticate(user=ao.users[kind])
        answer = api_client.get("/api/v1/actieoverleg-afspraken/").json()["results"]
        assert [a["omschrijving"] for a in answer] == ["Politie hoort vader"]
        assert answer[0]["verlopen"] is False
