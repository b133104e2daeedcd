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
WRITES = (
    "oppakken",
    "hg-bevestigen",
    "hg-afwijzen",
    "beoordeling",
    "delen",
    "advies",
    "afstemmingsoverleg",
    "besluit",
    "uitstel",
    "terugzetten",
    "vrijlating",
)


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


@pytest.mark.parametrize(
    "kind", ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK", "GEMEENTE", "ZIEKENHUIS"]
)
def test_outsiders_get_404(zsm, api_client, kind):
    case = zsm.case(acute=False, label_hg=False)
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
    assert case.hg_label == "MOGELIJK_HG" and not case.advices.exists()
    assert not case.overleggen.exists() and case.beoordeling_id is None
    assert AccessLogEntry.objects.filter(
        object_type="zsm-zaak", outcome="DENIED", channel="API"
    ).count() == 1 + len(WRITES)


def test_other_location_partner_gets_the_404_of_a_missing_case(zsm, api_client):
    """Same answer for a case at another location as for one that does not exist."""
    case = zsm.case()
    api_client.force_authenticate(user=zsm.users["OTHER_OM"])
    forbidden = api_client.get(f"{BASE}{case.pk}/")
    missing = api_client.get(f"{BASE}{case.pk + 1000}/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
    for name in WRITES:
        forbidden = api_client.post(f"{BASE}{case.pk}/{name}/", {}, format="json")
        missing = api_client.post(f"{BASE}{case.pk + 1000}/{name}/", {}, format="json")
        assert forbidden.status_code == missing.status_code == 404, name
        assert forbidden.json() == missing.json(), name


def test_hg_flag_confirmed_and_rejected_through_the_api(zsm, api_client):
    confirmed, rejected = zsm.case(label_hg=False), zsm.case(label_hg=False)
    api_client.force_authenticate(user=zsm.users["POLITIE"])
    response = api_client.post(f"{BASE}{confirmed.pk}/hg-bevestigen/", {}, format="json")
    assert response.status_code == 200 and response.json()["hg_label"] == "BEVESTIGD"
    confirmed.refresh_from_db()
    assert confirmed.vt_melding.source_organisation == zsm.orgs["VT"]
    response = api_client.post(f"{BASE}{rejected.pk}/hg-afwijzen/", {}, format="json")
    assert response.status_code == 400 and response.json()["detail"].startswith("reden:")
    response = api_client.post(
        f"{BASE}{rejected.pk}/hg-afwijzen/", {"reden": "Winkeldiefstal, geen relatie."}
    )
    assert response.status_code == 200 and response.json()["hg_label"] == "AFGEWEZEN"
    response = api_client.post(f"{BASE}{rejected.pk}/hg-bevestigen/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "niet_mogelijk_hg"


def test_vt_links_and_shares_and_3ro_advises_through_the_api(zsm, api_client):
    case = zsm.case()
    b = zsm.part_a()
    api_client.force_authenticate(user=zsm.users["RECLASSERING"])
    response = api_client.post(
        f"{BASE}{case.pk}/beoordeling/", {"veiligheidsbeoordeling": b.pk}, format="json"
    )
    # Not its own assessment: for 3RO the same answer as for one that does not exist.
    assert response.status_code == 400 and response.json()["code"] == "beoordeling_past_niet"
    api_client.force_authenticate(user=zsm.users["VT"])
    response = api_client.post(
        f"{BASE}{case.pk}/beoordeling/", {"veiligheidsbeoordeling": b.pk + 999}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "beoordeling_past_niet"
    response = api_client.post(
        f"{BASE}{case.pk}/beoordeling/", {"veiligheidsbeoordeling": b.pk}, format="json"
    )
    assert response.status_code == 200 and response.json()["beoordeling_gekoppeld"]
    response = api_client.post(
        f"{BASE}{case.pk}/delen/",
        {"noodzaak": "De ZSM-partners hebben de veiligheidsvoorwaarden nodig."},
        format="json",
    )
    assert response.status_code == 200
    assert case.family_system.disclosures.filter(moment="ZSM").count() == 4
    api_client.force_authenticate(user=zsm.users["RECLASSERING"])
    response = api_client.post(
        f"{BASE}{case.pk}/advies/",
        {"advies": "Contactverbod.", "afgestemd_met_veilig_thuis": True},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "minuten_ongeldig"
    response = api_client.post(
        f"{BASE}{case.pk}/advies/",
        {
            "advies": "Contactverbod en meldplicht.",
            "gebaseerd_op_veilig_thuis": True,
            "afgestemd_met_veilig_thuis": True,
            "minuten_afstemming": 15,
        },
        format="json",
    )
    assert response.status_code == 200
    [advice] = response.json()["adviezen"]
    assert advice["afgestemd_met_veilig_thuis"] and advice["minuten_afstemming"] == 15


def test_afstemmingsoverleg_through_the_api(zsm, api_client):
    case = zsm.case()
    api_client.force_authenticate(user=zsm.users["OM"])
    body = {
        "veilig_thuis": "TELEFONISCH",
        "deelnemers": [zsm.orgs["VT"].code, zsm.orgs["RECLASSERING"].code],
        "afspraken": "VT telefonisch; contactverbod past bij de voorwaarden.",
    }
    response = api_client.post(f"{BASE}{case.pk}/afstemmingsoverleg/", body, format="json")
    assert response.status_code == 200
    [overleg] = response.json()["afstemmingsoverleggen"]
    assert overleg["veilig_thuis"] == "TELEFONISCH"
    assert set(overleg["deelnemers"]) == {zsm.orgs[k].code for k in ("OM", "VT", "RECLASSERING")}
    outsider = f.OrganisationFactory(code="gemeente-elders", kind="GEMEENTE")
    for codes, error in (
        (["bestaat-niet"], "onbekende_organisatie"),
        ([outsider.code], "geen_zsm_partner"),
    ):
        response = api_client.post(
            f"{BASE}{case.pk}/afstemmingsoverleg/", {**body, "deelnemers": codes}, format="json"
        )
        assert response.status_code == 400 and response.json()["code"] == error
    assert case.overleggen.count() == 1
