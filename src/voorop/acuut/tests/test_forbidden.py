"""Every page, form and endpoint of Samen op in acuut — and the pages of the
veiligheidsbeoordeling (step 2) and the veiligheidsplan (step 4) it leads to — answers 404, the
same as for a missing object, to organisations that take part in nothing: the OM, the
reclassering and the Raad (unless a consultation is addressed to them, and then only that), a
second Veilig Thuis and police organisation, and a gemeente (not a partner). A partner that is
involved in the family but does not take part in the episode gets the same 404 for the episode.
Nothing changes, and every refusal is logged as DENIED."""

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
    Departure,
    InjuryRecord,
    InvestigationAgreement,
    MotorkapContribution,
)
from voorop.assessment.models import Veiligheidsbeoordeling, Veiligheidsvoorwaarde
from voorop.audit.models import AccessLogEntry
from voorop.core.testing import factories as f
from voorop.core.testing.factories import TEST_PASSWORD
from voorop.safetyplan.models import PlanItem
from voorop.sharing.models import Disclosure

from .conftest import OUTSIDERS

pytestmark = pytest.mark.django_db

MISSING = 999_999


@dataclass
class Target:
    episode: AcuteEpisode
    child_pk: int
    injury_pk: int
    consultation_pk: int
    family_pk: int
    beoordeling_pk: int
    item_pk: int


@pytest.fixture
def target(world, flow) -> Target:
    """An episode at step 4 with every kind of record: calls, arrivals, contributions, the
    veiligheidsbeoordeling (part A done), a question to the Raad, an investigation agreement,
    the kindcheck, an injury, measures in the veiligheidsplan."""
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
    flow.step_4(episode)
    beoordeling = flow.part_a(episode)
    return Target(
        episode=episode,
        child_pk=people["child"].pk,
        injury_pk=injury.pk,
        consultation_pk=consultation.pk,
        family_pk=world.family.pk,
        beoordeling_pk=beoordeling.pk,
        item_pk=PlanItem.objects.order_by("pk").first().pk,
    )


def _pages(t: Target) -> list[str]:
    """Every page of the episode's steps, and the start page of its family."""
    e = t.episode.pk
    return [
        f"/samen-op/{e}/",
        *(f"/samen-op/{e}/stap-{n}/" for n in range(1, 6)),
        f"/gezinssystemen/{t.family_pk}/samen-op/",
    ]


def _linked_pages(t: Target) -> list[str]:
    """The pages steps 2 and 4 lead to: Veilig Thuis's veiligheidsbeoordeling and the
    family's veiligheidsplan."""
    family, b = t.family_pk, t.beoordeling_pk
    return [
        f"/gezinssystemen/{family}/veiligheidsbeoordeling/",
        f"/gezinssystemen/{family}/veiligheidsbeoordeling/{b}/",
        f"/gezinssystemen/{family}/veiligheidsbeoordeling/{b}/deel-a/",
        f"/gezinssystemen/{family}/veiligheidsbeoordeling/{b}/voorwaarden/",
        f"/gezinssystemen/{family}/veiligheidsplan/",
        f"/gezinssystemen/{family}/veiligheidsplan/afdrukken/",
        f"/gezinssystemen/{family}/veiligheidsplan/{t.item_pk}/",
    ]


def _forms(t: Target, world) -> list[tuple[str, dict]]:
    """Every form of the five steps, with a body that would change something if accepted."""
    e = t.episode.pk
    vt, politie = world.orgs["VT"].pk, world.orgs["POLITIE"].pk
    huisverbod = world.catalogue["tijdelijk-huisverbod"].pk
    return [
        (f"/gezinssystemen/{t.family_pk}/samen-op/", {"postcode": "3511 AB"}),
        (f"/samen-op/{e}/overgang/", {"naar": Status.AFGESLOTEN}),
        (f"/samen-op/{e}/afbreken/", {"reden": "Ik breek dit af zonder recht."}),
        # Step 1.
        (f"/samen-op/{e}/gesprek/", {"gebeld": vt, "uitkomst": "ON_SITE"}),
        (f"/samen-op/{e}/aankomst/", {"organisatie": politie}),
        (f"/samen-op/{e}/vertrek/", {"organisatie": vt}),
        (f"/samen-op/{e}/woning-veilig/", {}),
        # Step 2.
        (f"/samen-op/{e}/inbreng/", {"niets_bekend": "on"}),
        (f"/samen-op/{e}/raadplegen/", {"vraag": "Een vraag van buiten het moment."}),
        (f"/samen-op/{e}/veiligheidsbeoordeling/", {}),
        # Step 3.
        (f"/samen-op/{e}/onderzoeksafspraak/", {"handeling": "SPOREN", "door": politie}),
        (f"/samen-op/{e}/kindcheck/{t.child_pk}/", {f"kind{t.child_pk}-uitkomst": "ONBEKEND"}),
        (f"/samen-op/{e}/letsel/", {"soort": "ZICHTBAAR"}),
        (f"/samen-op/{e}/letsel/{t.injury_pk}/forensisch/", {"forensisch_arts": "on"}),
        (f"/samen-op/{e}/plaats-delict/", {"plaats_delict": "ja"}),
        # Step 4.
        (f"/samen-op/{e}/maatregel/", {"interventie": huisverbod, "eigenaar": vt}),
        (
            f"/samen-op/{e}/afspraak/",
            {"onderwerp": "OVERIG", "omschrijving": "Van buiten.", "eigenaar": vt},
        ),
        (f"/samen-op/{e}/aanspreekpunt/", {"eigenaar": politie}),
        # Step 5.
        (
            f"/samen-op/{e}/afsluiten/",
            {"onderzoek_gedaan": "on", "iedereen_veilig": "on", "vervolg": "ZSM"},
        ),
        # The consultation (only its addressee and the participants).
        (f"/samen-op/raadpleging/{t.consultation_pk}/antwoord/", {"antwoord": "Van buiten."}),
    ]


def _linked_forms(t: Target, world) -> list[tuple[str, dict]]:
    family, b, item = t.family_pk, t.beoordeling_pk, t.item_pk
    return [
        (f"/gezinssystemen/{family}/veiligheidsbeoordeling/{b}/voorwaarden/", {}),
        (f"/gezinssystemen/{family}/veiligheidsbeoordeling/{b}/delen/", {}),
        (f"/gezinssystemen/{family}/veiligheidsplan/aanspreekpunt/", {}),
        (f"/gezinssystemen/{family}/veiligheidsplan/afspraak/", {}),
        (f"/gezinssystemen/{family}/veiligheidsplan/{item}/status/", {"status": "AFGEROND"}),
    ]


def _counts() -> tuple[int, ...]:
    return (
        AcuteEpisode.objects.count(),
        CallLog.objects.count(),
        Arrival.objects.count(),
        Departure.objects.count(),
        MotorkapContribution.objects.count(),
        Consultation.objects.count(),
        Consultation.objects.filter(answered_at__isnull=False).count(),
        InvestigationAgreement.objects.count(),
        ChildCheck.objects.count(),
        InjuryRecord.objects.filter(forensic_doctor_at__isnull=False).count(),
        AcuteEpisode.objects.filter(home_crime_scene__isnull=False).count(),
        AcuteEpisode.objects.filter(safe_to_enter_at__isnull=False).count(),
        PlanItem.objects.count(),
        PlanItem.objects.filter(status="AFGEROND").count(),
        Veiligheidsbeoordeling.objects.count(),
        Veiligheidsvoorwaarde.objects.count(),
        Disclosure.objects.count(),
        AcuteEpisode.objects.filter(status=Status.MAATREGELEN).count(),
    )


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def _assert_denied(client: Client, method: str, url: str, data: dict | None = None) -> None:
    """404 like a missing object, and exactly one access-log record: DENIED, by this user."""
    before = AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    response = client.post(url, data or {}) if method == "POST" else client.get(url)
    assert response.status_code == 404, (method, url, response.status_code)
    written = list(AccessLogEntry.objects.filter(seq__gt=before))
    assert len(written) == 1, (method, url, written)
    assert written[0].outcome == "DENIED", (method, url)
    assert written[0].user_id == response.wsgi_request.user.pk


def _missing_twin(url: str, t: Target) -> str:
    """The same URL with the episode (or family) replaced by one that does not exist."""
    return url.replace(f"/samen-op/{t.episode.pk}/", f"/samen-op/{MISSING}/").replace(
        f"/gezinssystemen/{t.family_pk}/", f"/gezinssystemen/{MISSING}/"
    )


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_every_page_is_404_for_an_outsider_and_logged(world, target, outsider):
    client = login(world.users[outsider])
    for url in _pages(target) + _linked_pages(target):
        if outsider == "RVDK" and url.endswith("/veiligheidsbeoordeling/"):
            continue  # the family was disclosed to the Raad with the question: below
        _assert_denied(client, "GET", url)


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_every_form_is_404_for_an_outsider_logged_and_changes_nothing(world, target, outsider):
    client = login(world.users[outsider])
    before = _counts()
    for url, data in _forms(target, world) + _linked_forms(target, world):
        if outsider == "RVDK" and "/raadpleging/" in url:
            continue  # the Raad is the addressee of this consultation: its own test below
        _assert_denied(client, "POST", url, data)
    assert _counts() == before


def test_the_refusal_is_the_same_as_for_a_missing_episode(world, target):
    """The outsider's answer does not tell that the episode exists: the page a participant
    gets for a missing episode is the very same."""
    outsider, participant = login(world.users["OM"]), login(world.users["POLITIE"])
    for url in _pages(target):
        refused = outsider.get(url)
        missing = participant.get(_missing_twin(url, target))
        assert (refused.status_code, refused.content) == (missing.status_code, missing.content)


def test_a_missing_child_or_injury_is_404_and_logged(world, target):
    police = login(world.users["POLITIE"])
    e = target.episode.pk
    _assert_denied(police, "POST", f"/samen-op/{e}/kindcheck/{MISSING}/", {})
    _assert_denied(police, "POST", f"/samen-op/{e}/letsel/{MISSING}/forensisch/", {})
    # An adult of the household is no child to check.
    mother = world.members()["mother"].pk
    _assert_denied(police, "POST", f"/samen-op/{e}/kindcheck/{mother}/", {})


@pytest.mark.parametrize("outsider", ["RECLASSERING", "OM"])
def test_a_partner_involved_in_the_family_but_not_in_the_episode_gets_404(world, target, outsider):
    """Being involved in the family (a supervision, a criminal case) does not open the
    episode: only its participants see it."""
    f.InvolvementFactory(family_system=world.family, organisation=world.orgs[outsider])
    client = login(world.users[outsider])
    before = _counts()
    for url in _pages(target):
        _assert_denied(client, "GET", url)
    for url, data in _forms(target, world)[1:]:
        if "/raadpleging/" in url:
            continue
        _assert_denied(client, "POST", url, data)
    assert _counts() == before


def test_veilig_thuis_involved_but_not_called_does_not_see_the_polices_episode(world, flow):
    """In a family both know, the police start without (yet) reaching Veilig Thuis: the
    episode is the police's until the call."""
    episode = flow.start(family=world.shared_family)
    vt = login(world.users["VT"])
    for n in range(1, 6):
        _assert_denied(vt, "GET", f"/samen-op/{episode.pk}/stap-{n}/")
    _assert_denied(vt, "POST", f"/samen-op/{episode.pk}/aankomst/", {})
    # The family card offers no way in either, and starting a second one is refused.
    page = vt.get(f"/gezinssystemen/{world.shared_family.pk}/samen-op/")
    assert page.status_code == 200
    response = vt.post(f"/gezinssystemen/{world.shared_family.pk}/samen-op/", {})
    assert response.status_code == 400
    assert "loopt al een Samen op in acuut, gestart door Politie Eenheid Test" in (
        response.content.decode()
    )


@pytest.mark.parametrize("outsider", [o for o in OUTSIDERS if o != "RVDK"])
def test_a_consultation_is_404_for_everyone_but_the_addressee_and_the_participants(
    world, target, outsider
):
    url = f"/samen-op/raadpleging/{target.consultation_pk}/"
    _assert_denied(login(world.users[outsider]), "GET", url)
    assert login(world.users["POLITIE"]).get(url).status_code == 200


def test_the_raad_sees_only_the_request_addressed_to_it(world, target):
    raad = login(world.users["RVDK"])
    page = raad.get(f"/samen-op/raadpleging/{target.consultation_pk}/")
    assert page.status_code == 200
    assert "Advies over de veiligheid van Noor graag." in page.content.decode()
    for url in _pages(target) + _linked_pages(target)[1:]:
        _assert_denied(raad, "GET", url)
    # The question's disclosure shows the Raad the family, but no assessment of it.
    listed = raad.get(f"/gezinssystemen/{target.family_pk}/veiligheidsbeoordeling/")
    assert "Er is geen veiligheidsbeoordeling van dit gezinssysteem die u kunt zien." in (
        listed.content.decode()
    )
    response = raad.post(
        f"/samen-op/raadpleging/{target.consultation_pk}/antwoord/",
        {"antwoord": "Geen spoedmaatregel nodig; vrijwillig kader."},
    )
    assert response.status_code == 302
    assert Consultation.objects.get().answered_by_organisation == world.orgs["RVDK"]


def _api_urls(t: Target) -> list[tuple[str, int]]:
    """The endpoints of the steps, each with the id it names."""
    return [
        ("/api/v1/acuut/{}/", t.episode.pk),
        ("/api/v1/veiligheidsbeoordelingen/{}/", t.beoordeling_pk),
        ("/api/v1/gezinssystemen/{}/veiligheidsplan/", t.family_pk),
    ]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_the_api_is_404_for_an_outsider_and_lists_nothing(world, target, outsider, api_client):
    """404 as for a missing object; the plan's endpoint turns away a user outside the partners
    before any object is looked up (403 for every id, so it tells nothing either)."""
    api_client.force_authenticate(user=world.users[outsider])
    for template, pk in _api_urls(target):
        before = AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
        response = api_client.get(template.format(pk))
        if outsider == "GEMEENTE" and "veiligheidsplan" in template:
            assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
        else:
            assert (response.status_code, response.json()["code"]) == (404, "not_found"), template
        [denied] = AccessLogEntry.objects.filter(seq__gt=before or 0)
        assert (denied.outcome, denied.channel) == ("DENIED", "API"), template
        missing = api_client.get(template.format(MISSING))
        assert (missing.status_code, missing.json()) == (response.status_code, response.json())
    listed = api_client.get("/api/v1/acuut/").json()
    assert listed["count"] == 0


def test_a_privacy_officer_of_a_participant_reads_but_does_not_write(world, target):
    privacy = login(world.users["POLITIE_PRIVACY"])
    assert privacy.get(f"/samen-op/{target.episode.pk}/stap-1/").status_code == 200
    before = _counts()
    response = privacy.post(
        f"/samen-op/{target.episode.pk}/aankomst/", {"organisatie": world.orgs["POLITIE"].pk}
    )
    assert response.status_code == 400
    assert "Alleen professionals van een partnerorganisatie" in response.content.decode()
    assert _counts() == before
