"""Who may not see a case of the actieoverleg gets exactly what a missing case gives: the same
404 (or, for the API's non-partner, the same 403), logged DENIED, and nothing changes.

The world: a running meeting of the test region with police and OM standing and two cases —
``family`` (3RO was involved, so 3RO is invited for it) and ``vt_only_family`` (neither 3RO nor
RvdK) — plus a submission awaiting the chair. Outsiders:

- 3RO for the case it is not invited to (it sees the meeting only as the frame of its own
  case: the meeting page, the .ics, the minutes and the API show nothing of the other case);
- RvdK, invited to neither case;
- Veilig Thuis of another region (a chair and a medewerker) and a police unit that is not a
  standing participant of this meeting;
- a user of a non-partner organisation (gemeente).

Every page, every form POST (with data that would be written if the guard were missing), the
.ics, the minutes and the API are tried, each next to the same request for a missing id.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.actieoverleg import services
from voorop.actieoverleg.models import (
    AgendaItem,
    Disagreement,
    Escalation,
    InvestigativeAct,
    Meeting,
    OmDecision,
    Participation,
    RegionHandover,
    SharedInformation,
    Submission,
)
from voorop.audit.models import AccessLogEntry, AccessOutcome
from voorop.core.testing import factories as f
from voorop.meldingen.models import MeldingKind
from voorop.safetyplan.models import AgreementTopic, PlanItem
from voorop.sharing.models import Disclosure

from .conftest import AO

pytestmark = pytest.mark.django_db

MISSING = 999999


@pytest.fixture
def world(ao: AO):
    meeting = ao.meeting()
    invited = ao.schedule(meeting)  # 3RO invited (was involved)
    other = ao.schedule(meeting, ao.scenario.vt_only_family, by="CHAIR", position=1)
    meeting = services.meeting_start(user=ao.chair, meeting=meeting)
    due = timezone.localdate() + dt.timedelta(days=4)
    disagreements = {}
    for item in (invited, other):
        item.refresh_from_db()
        services.item_add_agreement(
            user=ao.chair,
            item=item,
            topic=AgreementTopic.OVERLEG,
            description=f"Geheime afspraak {item.reference}",
            owner_organisation=ao.orgs["POLITIE"],
            due_on=due,
        )
        disagreements[item.pk] = services.disagreement_record(
            user=ao.users["POLITIE"], item=item, description=f"Verschil {item.reference}"
        )
    pending_family = f.FamilySystemFactory(recorded_by=ao.orgs["VT"], name="Gezin Wachtend")
    f.MeldingFactory(
        source_organisation=ao.orgs["VT"],
        family_system=pending_family,
        kind=MeldingKind.VT_MELDING,
        occurred_at=timezone.now() - dt.timedelta(days=2, hours=1),
        received_at=timezone.now() - dt.timedelta(days=2),
    )
    f.InvolvementFactory(family_system=pending_family, organisation=ao.orgs["VT"])
    pending = ao.submit(pending_family, by="CHAIR")
    return {
        "meeting": meeting,
        "invited": invited,
        "other": other,
        "disagreements": disagreements,
        "pending": pending,
        "pending_family": pending_family,
    }


@pytest.fixture
def outsiders(ao: AO, user_for):
    region = f.RegionFactory(code="vt-regio-elders", name="Elders")
    other_vt = f.OrganisationFactory(code="vt-elders", kind="VT", name="VT Elders", region=region)
    other_police = f.OrganisationFactory(code="politie-elders", kind="POLITIE")
    gemeente = f.OrganisationFactory(code="gemeente-elders", kind="GEMEENTE")
    return {
        "RECLASSERING": ao.users["RECLASSERING"],
        "RVDK": ao.users["RVDK"],
        "OTHER_VT_CHAIR": user_for(
            other_vt,
            roles=[RoleCode.VT_MEDEWERKER, RoleCode.VOORZITTER_ACTIEOVERLEG],
            username="vt.elders.voorzitter",
        ),
        "OTHER_VT": user_for(other_vt, username="vt.elders"),
        "OTHER_POLITIE": user_for(other_police, username="politie.elders"),
        "GEMEENTE": f.UserFactory(organisation=gemeente, username="gemeente.elders"),
    }


def item_requests(ao: AO, item_pk: int, d_pk: int) -> list[tuple[str, str, dict]]:
    """Every page and form of one agenda item, with data that would be written."""
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    owner = ao.orgs["POLITIE"].pk

    def url(name: str, *args) -> str:
        return reverse(f"actieoverleg:{name}", args=[item_pk, *args])

    return [
        ("get", url("item"), {}),
        ("post", url("item_respond"), {"response": "DOET_MEE"}),
        ("post", url("item_act"), {"description": "x", "owner_organisation": owner, "due_on": due}),
        (
            "post",
            url("item_agreement"),
            {
                "topic": "OVERLEG",
                "description": "x",
                "owner_organisation": owner,
                "due_on": due,
            },
        ),
        (
            "post",
            url("item_agreement"),
            {
                "soort": "interventie",
                "intervention": ao.catalogue["contactverbod"].pk,
                "owner_organisation": owner,
            },
        ),
        ("post", url("item_om_decision"), {"decision": "STRAFRECHTELIJK"}),
        ("post", url("item_disagreement"), {"description": "x"}),
        ("post", url("item_disagreement_escalate", d_pk), {"escalated_to": "Stuurgroep"}),
        ("post", url("item_disagreement_resolve", d_pk), {"outcome": "Eens"}),
        ("post", url("item_mda"), {"route": "MDA++"}),
        ("post", url("item_discussed"), {"handover": "x"}),
        (
            "post",
            url("item_share"),
            {
                "to_organisation": ao.orgs["OM"].pk,
                "legal_basis": ao.bases["politie-wpg-16-1-a"].pk,
                "necessity": "x",
                "meldingen": [ao.scenario.meldingen["POLITIE"][0].pk],
                "field_groups": ["KERN"],
            },
        ),
        (
            "post",
            url("item_handover"),
            {
                "to_organisation": ao.orgs["VT"].pk,
                "legal_basis": ao.bases["vt-avg-6-1-e-wmo-4-1-1"].pk,
                "necessity": "x",
            },
        ),
    ]


def meeting_requests(meeting_pk: int) -> list[tuple[str, str, dict]]:
    def url(name: str) -> str:
        return reverse(f"actieoverleg:{name}", args=[meeting_pk])

    return [
        ("get", url("meeting"), {}),
        ("get", url("meeting_ics"), {}),
        ("get", url("minutes"), {}),
        ("get", f"/api/v1/actieoverleggen/{meeting_pk}/", {}),
    ]


def chair_requests(meeting_pk: int) -> list[tuple[str, str, dict]]:
    return [
        ("post", reverse("actieoverleg:meeting_start", args=[meeting_pk]), {}),
        ("post", reverse("actieoverleg:meeting_finish", args=[meeting_pk]), {}),
    ]


def submission_requests(submission_pk: int) -> list[tuple[str, str, dict]]:
    url = reverse("actieoverleg:submission", args=[submission_pk])
    return [("get", url, {}), ("post", url, {"action": "afwijzen"})]


def snapshot(world) -> dict:
    world["meeting"].refresh_from_db()
    return {
        "plan": PlanItem.objects.count(),
        "acts": InvestigativeAct.objects.count(),
        "om": OmDecision.objects.count(),
        "disagreements": list(Disagreement.objects.values_list("pk", "status")),
        "escalations": Escalation.objects.count(),
        "shared": SharedInformation.objects.count(),
        "handovers": RegionHandover.objects.count(),
        "disclosures": Disclosure.objects.count(),
        "responses": list(Participation.objects.values_list("pk", "response")),
        "items": list(AgendaItem.objects.values_list("pk", "status")),
        "submissions": list(Submission.objects.values_list("pk", "status")),
        "meeting": world["meeting"].status,
        "meetings": Meeting.objects.count(),
    }


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_like_missing(client, user, forbidden, missing) -> None:
    """``forbidden`` answers as ``missing`` does, and is logged DENIED (and nothing else)."""
    method, url, data = forbidden
    seq = AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    answer = getattr(client, method)(url, data)
    entries = list(AccessLogEntry.objects.filter(seq__gt=seq))
    m_method, m_url, m_data = missing
    expected = getattr(client, m_method)(m_url, m_data)
    assert answer.status_code == expected.status_code, url
    assert answer.status_code in (404, 403), url
    assert answer.content == expected.content, url
    assert [(e.username, e.outcome) for e in entries] == [(user.username, AccessOutcome.DENIED)], (
        url
    )


def missing_of(requests, pk: int, replacement: int) -> list[tuple[str, str, dict]]:
    return [(m, u.replace(f"/{pk}/", f"/{replacement}/"), d) for m, u, d in requests]


@pytest.mark.parametrize("who", ["RECLASSERING", "RVDK", "OTHER_VT_CHAIR", "OTHER_POLITIE"])
def test_every_page_and_form_of_a_case_not_theirs_is_missing(ao, world, outsiders, who):
    """The case without 3RO and RvdK (``other``), for each outsider; for all but 3RO also
    the case with 3RO. A disagreement of a case the user does not see is missing too."""
    user = outsiders[who]
    client = login(user)
    before = snapshot(world)
    items = [world["other"]] if who == "RECLASSERING" else [world["other"], world["invited"]]
    for item in items:
        d_pk = world["disagreements"][item.pk].pk
        forbidden = item_requests(ao, item.pk, d_pk)
        missing = missing_of(forbidden, item.pk, MISSING)
        for request, missing_request in zip(forbidden, missing, strict=True):
            assert_like_missing(client, user, request, missing_request)
    assert snapshot(world) == before


@pytest.mark.parametrize("who", ["RVDK", "OTHER_VT_CHAIR", "OTHER_VT", "OTHER_POLITIE"])
def test_the_meeting_its_ics_minutes_and_api_are_missing(ao, world, outsiders, who):
    user = outsiders[who]
    client = login(user)
    before = snapshot(world)
    pk = world["meeting"].pk
    forbidden = meeting_requests(pk) + chair_requests(pk)
    for request, missing in zip(forbidden, missing_of(forbidden, pk, MISSING), strict=True):
        assert_like_missing(client, user, request, missing)
    assert snapshot(world) == before
    listed = client.get("/api/v1/actieoverleggen/").json()["results"]
    assert listed == []
    assert client.get("/api/v1/actieoverleg-afspraken/").json()["results"] == []
    overview = html.unescape(client.get(reverse("actieoverleg:overview")).content.decode())
    follow_up = html.unescape(client.get(reverse("actieoverleg:follow_up")).content.decode())
    for family in (ao.family, ao.scenario.vt_only_family, world["pending_family"]):
        assert family.name not in overview + follow_up


@pytest.mark.parametrize("who", ["RECLASSERING", "RVDK", "OTHER_VT_CHAIR", "OTHER_POLITIE"])
def test_submissions_to_another_chair_are_missing(ao, world, outsiders, who):
    user = outsiders[who]
    client = login(user)
    before = snapshot(world)
    pk = world["pending"].pk
    forbidden = submission_requests(pk)
    for request, missing in zip(forbidden, missing_of(forbidden, pk, MISSING), strict=True):
        assert_like_missing(client, user, request, missing)
    family_pk = world["pending_family"].pk
    submit = ("post", reverse("actieoverleg:submit", args=[family_pk]), {"reason": "x"})
    assert_like_missing(
        client, user, submit, ("post", reverse("actieoverleg:submit", args=[MISSING]), {})
    )
    assert snapshot(world) == before


def test_3ro_sees_its_own_case_and_nothing_of_the_other(ao, world):
    """The invited 3RO sees the meeting as the frame of its own case: the page, the .ics, the
    minutes, the API and the open agreements name only that case."""
    user = ao.users["RECLASSERING"]
    client = login(user)
    other, invited = world["other"], world["invited"]
    hidden = (
        ao.scenario.vt_only_family.name,
        other.reference,
        f"Geheime afspraak {other.reference}",
        f"Verschil {other.reference}",
    )
    pk = world["meeting"].pk
    for _method, url, _data in meeting_requests(pk):
        response = client.get(url)
        assert response.status_code == 200, url
        body = html.unescape(response.content.decode())
        assert invited.reference in body, url
        for text in hidden:
            assert text not in body, (url, text)
    agreements = client.get("/api/v1/actieoverleg-afspraken/").json()["results"]
    assert [a["agendapunt"] for a in agreements] == [invited.reference]
    follow_up = html.unescape(client.get(reverse("actieoverleg:follow_up")).content.decode())
    assert f"Geheime afspraak {invited.reference}" in follow_up
    assert f"Geheime afspraak {other.reference}" not in follow_up
    # Its own case: the page, and the forms of a participant.
    page = client.get(reverse("actieoverleg:item", args=[invited.pk]))
    assert page.status_code == 200
    for _method, url, _data in chair_requests(pk):
        assert client.post(url).status_code == 404


def test_a_non_partner_sees_nothing_at_all(ao, world, outsiders):
    user = outsiders["GEMEENTE"]
    client = login(user)
    before = snapshot(world)
    for item in (world["invited"], world["other"]):
        d_pk = world["disagreements"][item.pk].pk
        forbidden = item_requests(ao, item.pk, d_pk)
        for request, missing in zip(
            forbidden, missing_of(forbidden, item.pk, MISSING), strict=True
        ):
            assert_like_missing(client, user, request, missing)
    pk = world["meeting"].pk
    forbidden = meeting_requests(pk) + chair_requests(pk) + submission_requests(world["pending"].pk)
    for request in forbidden:
        answer = getattr(client, request[0])(request[1], request[2])
        assert answer.status_code in (403, 404), request[1]
    for name in ("overview", "follow_up", "meeting_create"):
        assert client.get(reverse(f"actieoverleg:{name}")).status_code == 404
    assert client.get("/api/v1/actieoverleggen/").status_code == 403
    assert snapshot(world) == before


@pytest.mark.parametrize("who", ["RECLASSERING", "chair"])
def test_a_disagreement_of_another_case_is_missing_on_a_case_they_see(ao, world, who):
    """The item in the URL is visible, the disagreement belongs to a case that is not."""
    user = ao.users["RECLASSERING"] if who == "RECLASSERING" else ao.chair
    client = login(user)
    before = snapshot(world)
    invited = world["invited"]
    foreign = world["disagreements"][world["other"].pk].pk
    for name, data in (
        ("item_disagreement_escalate", {"escalated_to": "x"}),
        ("item_disagreement_resolve", {"outcome": "x"}),
    ):
        url = reverse(f"actieoverleg:{name}", args=[invited.pk, foreign])
        missing = reverse(f"actieoverleg:{name}", args=[invited.pk, MISSING])
        assert_like_missing(client, user, ("post", url, data), ("post", missing, data))
    assert snapshot(world) == before
