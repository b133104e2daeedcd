"""/api/v1/zsm/zaken/: the queue, one case, and the OM's writes with the release safeguard;
404 for organisations that are not ZSM partner at the location."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from voorop.audit.models import AccessLogEntry
from voorop.core.testing import factories as f
from voorop.zsm.models import ZsmCase

pytestmark = pytest.mark.django_db

BASE = "/api/v1/zsm/zaken/"
WRITES = ("oppakken", "besluit", "uitstel", "terugzetten", "vrijlating")


def test_queue_sorted_by_time_left(zsm, api_client):
    later, sooner = zsm.case(), zsm.case()
    ZsmCase.objects.filter(pk=sooner.pk).update(due_at=timezone.now() + dt.timedelta(minutes=30))
    api_client.force_authenticate(user=zsm.users["RVDK"])
    body = api_client.get(BASE).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [r["kenmerk"] for r in rows] == [sooner.reference, later.reference]
    assert 25 <= rows[0]["minuten_resterend"] <= 30
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_type, entry.channel) == ("LIST", "zsm-zaak", "API")


def test_om_decides_through_the_api_and_release_is_guarded(zsm, api_client):
    case = zsm.case(acute=True)
    api_client.force_authenticate(user=zsm.users["OM"])
    assert api_client.post(f"{BASE}{case.pk}/oppakken/").status_code == 200
    response = api_client.post(f"{BASE}{case.pk}/vrijlating/")
    assert response.status_code == 400
    assert response.json()["fouten"][0]["code"] == "vrijlating_zonder_veiligheidsmaatregel"
    response = api_client.post(
        f"{BASE}{case.pk}/besluit/",
        {"afdoening": "SEPOT_VOORWAARDEN", "juridische_maatregelen": "Contactverbod 90 dagen."},
        format="json",
    )
    assert response.status_code == 200 and response.json()["zsm_status"] == "BESLOTEN"
    response = api_client.post(f"{BASE}{case.pk}/vrijlating/")
    assert response.status_code == 200 and response.json()["verdachte_vrijgelaten_op"]


def test_delay_through_the_api(zsm, api_client):
    case = zsm.case()
    api_client.force_authenticate(user=zsm.users["OM"])
    api_client.post(f"{BASE}{case.pk}/oppakken/")
    response = api_client.post(
        f"{BASE}{case.pk}/uitstel/",
        {
            "uitgesteld_naar": "HG_SPREEKUUR",
            "nieuwe_datum": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
            "overdracht": "Wacht op VT.",
        },
        format="json",
    )
    assert response.status_code == 200 and response.json()["zsm_status"] == "UITGESTELD"
    response = api_client.post(f"{BASE}{case.pk}/terugzetten/")
    assert response.status_code == 400 and response.json()["fouten"][0]["code"] == "nog_niet_terug"


@pytest.mark.parametrize("kind", ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"])
def test_outsiders_get_404(zsm, api_client, kind):
    case = zsm.case(acute=False)
    org = f.OrganisationFactory(code=f"api-elders-{kind.lower()}", kind=kind)
    api_client.force_authenticate(user=f.UserFactory(organisation=org, roles=[]))
    body = api_client.get(BASE).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert rows == []
    assert api_client.get(f"{BASE}{case.pk}/").status_code == 404
    for name in WRITES:
        assert api_client.post(f"{BASE}{case.pk}/{name}/", {}, format="json").status_code == 404
    case.refresh_from_db()
    assert case.status == "INSTROOM" and case.suspect_released_at is None
    assert AccessLogEntry.objects.filter(
        object_type="zsm-zaak", outcome="DENIED", channel="API"
    ).count() == 1 + len(WRITES)
