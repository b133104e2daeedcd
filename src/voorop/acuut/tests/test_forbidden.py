"""Every page, form and endpoint of Samen op in acuut answers 404 — the same as for a missing
episode — to organisations that take part in nothing: the OM, the reclassering and the Raad
(unless a consultation is addressed to them, and then only that), and a second Veilig Thuis
and police organisation. Nothing changes, and the refusal is logged."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from voorop.acuut import services
from voorop.acuut.choices import ConsultationKind, InjuryKind, Status
from voorop.acuut.models import (
    AcuteEpisode,
    Arrival,
    CallLog,
    ChildCheck,
    Consultation,
    InjuryRecord,
    InvestigationAgreement,
)
from voorop.audit.models import AccessLogEntry
from voorop.core.testing.factories import TEST_PASSWORD
from voorop.safetyplan.models import PlanItem

from .conftest import OUTSIDERS

pytestmark = pytest.mark.django_db


@dataclass
class Target:
    episode: AcuteEpisode
    child_pk: int
    injury_pk: int
    consultation_pk: int
    family_pk: int


@pytest.fixture
def target(world, flow) -> Target:
    episode = flow.to(flow.start(), Status.MAATREGELEN)
    people = world.members()
    injury = services.episode_injury_record(
        user=flow.police, episode=episode, person=people["mother"], kind=InjuryKind.ZICHTBAAR
    )
    consultation = services.episode_consultation_request(
        user=flow.vt,
        episode=episode,
        kind=ConsultationKind.RVDK_ADVIES,
        addressed_to=world.orgs["RVDK"],
        question="Advies over de veiligheid van Noor graag.",
    )
    return Target(
        episode=episode,
        child_pk=people["child"].pk,
        injury_pk=injury.pk,
        consultation_pk=consultation.pk,
        family_pk=world.family.pk,
    )


def _pages(t: Target) -> list[str]:
    e = t.episode.pk
    return [
        f"/samen-op/{e}/",
        *(f"/samen-op/{e}/stap-{n}/" for n in range(1, 6)),
        f"/gezinssystemen/{t.family_pk}/samen-op/",
    ]


def _forms(t: Target, world) -> list[tuple[str, dict]]:
    e = t.episode.pk
    vt, politie = world.orgs["VT"].pk, world.orgs["POLITIE"].pk
    return [
        (f"/samen-op/{e}/overgang/", {"naar": Status.AFGESLOTEN}),
        (f"/samen-op/{e}/afbreken/", {"reden": "Ik breek dit af zonder recht."}),
        (f"/samen-op/{e}/gesprek/", {"gebeld": vt, "uitkomst": "ON_SITE"}),
        (f"/samen-op/{e}/aankomst/", {"organisatie": politie}),
        (f"/samen-op/{e}/vertrek/", {"organisatie": vt}),
        (f"/samen-op/{e}/woning-veilig/", {}),
        (f"/samen-op/{e}/inbreng/", {"niets_bekend": "on"}),
        (f"/samen-op/{e}/raadplegen/", {"vraag": "Een vraag van buiten het moment."}),
        (f"/samen-op/{e}/veiligheidsbeoordeling/", {}),
        (f"/samen-op/{e}/onderzoeksafspraak/", {"handeling": "SPOREN", "door": politie}),
        (f"/samen-op/{e}/kindcheck/{t.child_pk}/", {f"kind{t.child_pk}-uitkomst": "ONBEKEND"}),
        (f"/samen-op/{e}/letsel/", {"soort": "ZICHTBAAR"}),
        (f"/samen-op/{e}/letsel/{t.injury_pk}/forensisch/", {"forensisch_arts": "on"}),
        (f"/samen-op/{e}/plaats-delict/", {"plaats_delict": "ja"}),
        (f"/samen-op/{e}/maatregel/", {"eigenaar": vt}),
        (f"/samen-op/{e}/afspraak/", {"onderwerp": "OVERIG", "omschrijving": "x", "eigenaar": vt}),
        (f"/samen-op/{e}/aanspreekpunt/", {"eigenaar": vt}),
        (f"/samen-op/{e}/afsluiten/", {"onderzoek_gedaan": "on", "iedereen_veilig": "on"}),
        (f"/samen-op/raadpleging/{t.consultation_pk}/antwoord/", {"antwoord": "Van buiten."}),
    ]


def _counts() -> tuple[int, ...]:
    return (
        CallLog.objects.count(),
        Arrival.objects.count(),
        ChildCheck.objects.count(),
        InjuryRecord.objects.filter(forensic_doctor_at__isnull=False).count(),
        InvestigationAgreement.objects.count(),
        Consultation.objects.filter(answered_at__isnull=False).count(),
        PlanItem.objects.count(),
        AcuteEpisode.objects.filter(status=Status.MAATREGELEN).count(),
    )


def login(world, who: str) -> Client:
    client = Client()
    assert client.login(username=world.users[who].username, password=TEST_PASSWORD)
    return client


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_every_page_is_404_for_an_outsider_and_logged(world, target, outsider):
    client = login(world, outsider)
    for url in _pages(target):
        before = AccessLogEntry.objects.count()
        response = client.get(url)
        assert response.status_code == 404, (outsider, url)
        denied = AccessLogEntry.objects.order_by("-seq").first()
        assert AccessLogEntry.objects.count() == before + 1
        assert denied.outcome == "DENIED", url


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_every_form_is_404_for_an_outsider_and_changes_nothing(world, target, outsider):
    client = login(world, outsider)
    before = _counts()
    for url, data in _forms(target, world):
        if outsider == "RVDK" and "/raadpleging/" in url:
            continue  # the Raad is the addressee of this consultation: its own test below
        response = client.post(url, data)
        assert response.status_code == 404, (outsider, url)
    assert _counts() == before


@pytest.mark.parametrize("outsider", [o for o in OUTSIDERS if o != "RVDK"])
def test_a_consultation_is_404_for_everyone_but_the_addressee_and_the_participants(
    world, target, outsider
):
    url = f"/samen-op/raadpleging/{target.consultation_pk}/"
    assert login(world, outsider).get(url).status_code == 404
    assert login(world, "POLITIE").get(url).status_code == 200


def test_the_raad_sees_only_the_request_addressed_to_it(world, target):
    raad = login(world, "RVDK")
    page = raad.get(f"/samen-op/raadpleging/{target.consultation_pk}/")
    assert page.status_code == 200
    assert "Advies over de veiligheid van Noor graag." in page.content.decode()
    for url in _pages(target)[:-1]:
        assert raad.get(url).status_code == 404
    response = raad.post(
        f"/samen-op/raadpleging/{target.consultation_pk}/antwoord/",
        {"antwoord": "Geen spoedmaatregel nodig; vrijwillig kader."},
    )
    assert response.status_code == 302
    assert Consultation.objects.get().answered_by_organisation == world.orgs["RVDK"]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_the_api_is_404_for_an_outsider_and_lists_nothing(world, target, outsider, api_client):
    api_client.force_authenticate(user=world.users[outsider])
    response = api_client.get(f"/api/v1/acuut/{target.episode.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    denied = AccessLogEntry.objects.order_by("-seq").first()
    assert (denied.outcome, denied.channel) == ("DENIED", "API")
    listed = api_client.get("/api/v1/acuut/").json()
    assert listed["count"] == 0


def test_a_privacy_officer_of_a_participant_reads_but_does_not_write(world, target):
    privacy = login(world, "POLITIE_PRIVACY")
    assert privacy.get(f"/samen-op/{target.episode.pk}/stap-1/").status_code == 200
    before = _counts()
    response = privacy.post(
        f"/samen-op/{target.episode.pk}/aankomst/", {"organisatie": world.orgs["POLITIE"].pk}
    )
    assert response.status_code == 400
    assert "Alleen professionals van een partnerorganisatie" in response.content.decode()
    assert _counts() == before
