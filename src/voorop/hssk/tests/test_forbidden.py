"""Forbidden tests: every page, form and endpoint of HSSK, for every organisation that does not
take part in the case — the Raad and the reclassering (not invited), another Veilig Thuis,
another police organisation, a gemeente, and the OM when the case was started without it.
Each gets the same 404 as for a missing case, the refusal is logged as DENIED, and nothing in
the database changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voorop.audit.models import AccessLogEntry
from voorop.hssk.choices import Status
from voorop.hssk.models import (
    HsskAct,
    HsskCase,
    HsskEvaluation,
    HsskParticipant,
    HsskPlanConfirmation,
    HsskView,
)
from voorop.safetyplan.models import PlanItem
from voorop.sharing.models import Disclosure

from .conftest import OUTSIDERS, VT_BASIS

pytestmark = pytest.mark.django_db

MISSING = 999_999


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            HsskCase,
            HsskView,
            HsskAct,
            HsskPlanConfirmation,
            HsskParticipant,
            HsskEvaluation,
            PlanItem,
            Disclosure,
        )
    }


def posts(world, case, act) -> list[tuple[str, dict]]:
    """Every form of a case, each with a body that would be accepted from a participant."""
    o = world.orgs
    return [
        (
            reverse("hssk:consultation", args=[case.pk]),
            {"circumstances": "Nieuwe omstandigheden.", "question": "Wat nu te doen?"},
        ),
        (
            reverse("hssk:view", args=[case.pk]),
            {"position": "STRAFBAAR", "text": "Aanwijzingen voor een strafbaar feit."},
        ),
        (
            reverse("hssk:decide", args=[case.pk]),
            {
                "decision": "DOORZETTEN",
                "reason": "Doorzetten na het overleg.",
                "legal_basis": world.bases[VT_BASIS].pk,
            },
        ),
        (
            reverse("hssk:act", args=[case.pk]),
            {"act": "HOREN_OUDERS", "by_organisation": o["POLITIE"].pk},
        ),
        (
            reverse("hssk:act_update", args=[case.pk, act.pk]),
            {f"h{act.pk}-status": "VERVALLEN"},
        ),
        (reverse("hssk:confirm", args=[case.pk]), {}),
        (
            reverse("hssk:invite", args=[case.pk]),
            {
                "organisation": o["RVDK"].pk,
                "reason": "Advies over een maatregel.",
                "legal_basis": world.bases[VT_BASIS].pk,
            },
        ),
        (
            reverse("hssk:intervention", args=[case.pk]),
            {
                "intervention": world.catalogue["voorlopige-ots"].pk,
                "owner_organisation": o["VT"].pk,
            },
        ),
        (
            reverse("hssk:agreement", args=[case.pk]),
            {
                "topic": "OVERLEG",
                "description": "Wekelijks overleg.",
                "owner_organisation": o["VT"].pk,
            },
        ),
        (reverse("hssk:no_interventions", args=[case.pk]), {"reason": "Niet nodig gebleken."}),
        (reverse("hssk:transition", args=[case.pk]), {"overgang": "evalueren"}),
        (
            reverse("hssk:evaluation", args=[case.pk]),
            {"worked_well": "Goede samenwerking.", "collaboration_score": "4"},
        ),
    ]


def gets(case) -> list[str]:
    return [
        reverse("hssk:detail", args=[case.pk]),
        reverse("hssk:print", args=[case.pk]),
        reverse("hssk:decide", args=[case.pk]),
        f"/api/v1/hssk/{case.pk}/",
    ]


@pytest.fixture
def planned_case(world, flow):
    """A case at the onderzoeksplan with one act, started with the OM."""
    case = flow.to(flow.start(), Status.ONDERZOEKSPLAN)
    flow.plan(case)
    return case, HsskAct.objects.filter(case=case).first()


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_for_every_page_form_and_endpoint(client, world, planned_case, outsider):
    case, act = planned_case
    client.force_login(world.users[outsider])
    before = counts()
    denied_before = AccessLogEntry.objects.filter(outcome="DENIED").count()
    requests = 0
    for url in gets(case):
        assert client.get(url).status_code == 404, url
        requests += 1
    for url, body in posts(world, case, act):
        assert client.post(url, body).status_code == 404, url
        requests += 1
    assert client.get(reverse("hssk:start", args=[world.melding.pk])).status_code == 404
    assert client.post(reverse("hssk:start", args=[world.melding.pk]), {}).status_code == 404
    requests += 2
    assert counts() == before
    assert AccessLogEntry.objects.filter(outcome="DENIED").count() - denied_before == requests


@pytest.mark.parametrize("outsider", [*OUTSIDERS, "POLITIE"])
def test_a_missing_case_answers_the_same(client, world, outsider):
    client.force_login(world.users[outsider])
    assert client.get(reverse("hssk:detail", args=[MISSING])).status_code == 404
    assert client.get(f"/api/v1/hssk/{MISSING}/").status_code == 404
    assert client.post(reverse("hssk:view", args=[MISSING]), {}).status_code == 404


def test_the_om_not_taking_part_sees_nothing(client, world, flow):
    case = flow.start(with_om=False)
    client.force_login(world.users["OM"])
    for url in gets(case):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("hssk:view", args=[case.pk]), {"position": "STRAFBAAR", "text": "Ook het OM."}
    )
    assert response.status_code == 404
    assert not HsskView.objects.exists()
    listed = client.get(reverse("hssk:list") + "?status=alle").content.decode()
    assert case.reference not in listed
    assert client.get("/api/v1/hssk/").json()["count"] == 0


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_lists_and_monitoring_show_outsiders_nothing_of_the_case(
    client, world, planned_case, outsider
):
    case, _act = planned_case
    client.force_login(world.users[outsider])
    for url in (reverse("hssk:list") + "?status=alle", "/api/v1/hssk/"):
        response = client.get(url)
        assert response.status_code == 200
        assert case.reference not in response.content.decode()
    monitoring = client.get(reverse("hssk:monitoring_csv"))
    if outsider == "GEMEENTE":
        assert monitoring.status_code == 404  # not a partner organisation
    else:
        assert monitoring.status_code == 200
        assert case.reference not in monitoring.content.decode()


def test_privacy_officer_of_a_participant_reads_but_does_not_write(client, world, planned_case):
    case, _act = planned_case
    client.force_login(world.users["VT_PRIVACY"])
    assert client.get(reverse("hssk:detail", args=[case.pk])).status_code == 200
    before = counts()
    response = client.post(
        reverse("hssk:act", args=[case.pk]),
        {"act": "LECK_CONSULT", "by_organisation": world.orgs["VT"].pk},
    )
    assert response.status_code == 400
    assert "Alleen professionals" in response.content.decode()
    assert counts() == before


def test_signed_out_users_are_sent_to_log_in(client, world, planned_case):
    case, _act = planned_case
    for url in (reverse("hssk:list"), reverse("hssk:detail", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen/" in response["Location"]
    assert client.get(f"/api/v1/hssk/{case.pk}/").status_code in (401, 403)


@pytest.mark.parametrize("body", [{}, {"h{act}-status": "VERVALLEN"}])
def test_an_act_not_of_the_case_is_missing_whatever_the_form(client, world, planned_case, body):
    """A participant naming an act the case does not have gets the 404 of a missing act, logged
    DENIED as such — also when the form is not valid (the act is looked up first)."""
    case, _act = planned_case
    client.force_login(world.users["VT"])
    before = counts()
    last = AccessLogEntry.objects.order_by("-seq").first()
    url = reverse("hssk:act_update", args=[case.pk, MISSING])
    data = {key.format(act=MISSING): value for key, value in body.items()}
    assert client.post(url, data).status_code == 404
    written = AccessLogEntry.objects.filter(seq__gt=last.seq if last else 0)
    assert [(r.object_type, r.object_id, r.outcome) for r in written] == [
        ("hssk-onderzoekshandeling", str(MISSING), "DENIED")
    ]
    assert counts() == before


@pytest.mark.parametrize(
    "url,action", [("hssk:monitoring", "LIST"), ("hssk:monitoring_csv", "EXPORT")]
)
def test_monitoring_refused_outside_the_partners_is_on_record(client, world, url, action):
    """Monitoring is for partner users; anyone else gets a 404 that is logged DENIED."""
    client.force_login(world.users["GEMEENTE"])
    last = AccessLogEntry.objects.order_by("-seq").first()
    assert client.get(reverse(url)).status_code == 404
    written = AccessLogEntry.objects.filter(seq__gt=last.seq if last else 0)
    assert [(r.action, r.object_type, r.outcome, r.user_id) for r in written] == [
        (action, "hssk-monitoring", "DENIED", world.users["GEMEENTE"].pk)
    ]
