"""In two real browsers on a phone-sized screen: a police officer and a Veilig Thuis
professional run a Samen op in acuut on a family built with factories, from the first call to
the handover. Each sees what the sharing rules allow; "wie bel ik nu?" answers in step 1; the
veiligheidsplan shows the measures with their owners and dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from voorop.acuut.models import AcuteEpisode
from voorop.core.testing.browser import ARTIFACTS_DIR, DEFAULT_TIMEOUT_MS, login
from voorop.organisations.models import Region, RegionKind
from voorop.reachability.models import Channel, CoverageArea, ReachabilityArrangement

from .conftest import ALL_FACTORS

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone_context(playwright_browser, live_server):
    """Another browser (the second professional), phone-sized."""
    contexts = []

    def make():
        context = playwright_browser.new_context(
            base_url=live_server.url,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def reachability(world) -> None:
    """Around postcode 3511, Veilig Thuis Testregio comes on site day and night."""
    region = Region.objects.create(code="vt-test-regio", name="Testregio", kind=RegionKind.VT_REGIO)
    area = CoverageArea.objects.create(municipality="Utrecht", postcode_from=3500, postcode_to=3599)
    area.regions.add(region)
    for channel, phone in ((Channel.TELEFOON, "0800-2000"), (Channel.TER_PLAATSE, "030-1112233")):
        ReachabilityArrangement.objects.create(
            region=region,
            organisation=world.orgs["VT"],
            channel=channel,
            weekdays=[0, 1, 2, 3, 4, 5, 6],
            time_from=dt.time(0),
            time_until=dt.time(0),
            phone=phone,
        )


def act(page, locator) -> None:
    """Click a button or link and wait for the page that follows (htmx follows the redirect
    after a form): the next action must not race the previous request — the test database is
    SQLite, whose in-memory tables lock between the live server's threads."""
    with page.expect_response(
        lambda r: r.request.method == "GET" and r.request.resource_type in ("document", "xhr")
    ):
        locator.click()


def next_step(page, label: str) -> None:
    act(page, page.get_by_role("button", name=label))


def test_police_and_veilig_thuis_from_first_call_to_handover(
    page, phone_context, live_server, world, flow
):
    reachability(world)
    page.set_viewport_size(PHONE)
    police, vt = page, phone_context()
    login(police, live_server, world.users["POLITIE"])
    login(vt, live_server, world.users["VT"])

    # The police start from the family page (a 112 incident at the Jansen family).
    police.goto(f"/gezinssystemen/{world.family.pk}/")
    card = police.get_by_test_id("samen-op-kaart")
    act(police, card.get_by_role("link", name="Samen op in acuut starten"))
    police.get_by_label("Postcode incident").fill("3511 AB")
    act(police, police.get_by_role("button", name="Start Samen op in acuut"))
    expect(police.get_by_test_id("stap-titel")).to_have_text(
        "Stap 1: Fysieke veiligheid: samen ter plaatse"
    )

    # Step 1: wie bel ik nu? — then the call, logged.
    answer = police.get_by_test_id("wie-bel-ik-nu").get_by_test_id("antwoord")
    expect(answer).to_contain_text("Bel Veilig Thuis Testregio (dienst): 030-1112233.")
    expect(answer).to_contain_text("Veilig Thuis kan ter plaatse komen, dag en nacht.")
    police.get_by_label("Komt ter plaatse").check()
    expect(police.get_by_label("Gebeld nummer")).to_have_value("030-1112233")
    act(police, police.get_by_role("button", name="Gesprek vastleggen"))
    expect(police.get_by_test_id("gesprek")).to_contain_text(
        "Politie Eenheid Test → Veilig Thuis Testregio: Komt ter plaatse"
    )
    expect(police.get_by_test_id("vt-betrokken")).to_be_visible()
    act(police, police.get_by_role("button", name="Politie Eenheid Test is ter plaatse"))
    act(police, police.get_by_role("button", name="Woning is veilig: Veilig Thuis kan naar binnen"))
    expect(police.get_by_test_id("woning-veilig")).to_be_visible()
    next_step(police, "Samen ter plaatse")
    expect(police.get_by_test_id("acuut-status")).to_contain_text("Samen ter plaatse")

    # Veilig Thuis, now involved through the call, finds it and arrives.
    vt.goto("/samen-op/")
    act(vt, vt.get_by_test_id("lopend").get_by_role("link", name="Gezin Jansen"))
    expect(vt.get_by_test_id("stap-titel")).to_contain_text("Stap 1")
    act(vt, vt.get_by_role("button", name="Veilig Thuis Testregio is ter plaatse"))
    expect(vt.get_by_test_id("ter-plaatse")).to_contain_text("Veilig Thuis Testregio ter plaatse")
    next_step(vt, "Naar het motorkapoverleg")
    expect(vt.get_by_test_id("stap-titel")).to_have_text("Stap 2: Motorkapoverleg")

    # Step 2: each shares what it brings, through the disclosure register.
    vt.get_by_label("Eerdere meldingen en informatie uit eigen systemen").check()
    vt.get_by_label("Korte toelichting (wat de ander moet weten)").fill(
        "Twee eerdere meldingen in 2025; Noor heeft een jeugdhulpverlener."
    )
    expect(vt.get_by_test_id("inbreng-formulier").get_by_label("Grondslag")).to_have_value(
        str(world.bases["avg-6-1-d-vitaal-belang"].pk)
    )
    act(vt, vt.get_by_role("button", name="Delen", exact=True))
    expect(vt.get_by_role("status").first).to_contain_text(
        "Gedeeld met Politie Eenheid Test op grond van art. 6 lid 1 sub d AVG"
    )

    police.goto(police.url.replace("stap-1", "stap-2"))
    vt_part = police.locator('[data-testid=inbreng][data-organisatie="Veilig Thuis Testregio"]')
    expect(vt_part.get_by_test_id("toelichting")).to_have_text(
        "Twee eerdere meldingen in 2025; Noor heeft een jeugdhulpverlener."
    )
    expect(vt_part.get_by_test_id("herkomst")).to_contain_text(
        "Gedeeld door Veilig Thuis Testregio"
    )
    expect(vt_part.get_by_test_id("herkomst")).to_contain_text(
        "grondslag art. 6 lid 1 sub d AVG, doel: Samen op in acuut"
    )
    police.get_by_label("Relevante registraties in de politiesystemen").check()
    police.get_by_label("Korte toelichting (wat de ander moet weten)").fill(
        "Vader is in 2024 aangehouden voor mishandeling."
    )
    act(police, police.get_by_role("button", name="Delen", exact=True))
    expect(police.get_by_test_id("inbreng")).to_have_count(2)

    # Veilig Thuis makes the veiligheidsbeoordeling (part A; the assessment app's own pages).
    vt.reload()
    police_part = vt.locator('[data-testid=inbreng][data-organisatie="Politie Eenheid Test"]')
    expect(police_part.get_by_test_id("toelichting")).to_have_text(
        "Vader is in 2024 aangehouden voor mishandeling."
    )
    expect(police_part.get_by_test_id("herkomst")).to_contain_text(
        "Gedeeld door Politie Eenheid Test"
    )
    act(vt, vt.get_by_role("button", name="Veiligheidsbeoordeling starten (deel A)"))
    expect(vt).to_have_url(re.compile(r"/veiligheidsbeoordeling/\d+/deel-a/$"))
    episode = AcuteEpisode.objects.get()
    _complete_part_a(world, episode)

    police.reload()
    expect(police.get_by_test_id("beoordeling-status")).to_contain_text("deel A afgerond om")
    expect(police.get_by_text("Vader dreigde met een mes")).to_have_count(0)
    next_step(police, "Naar het (gezamenlijk) onderzoek")

    # Step 3: who does what, a joint interview with Eva, the kindcheck for Noor.
    expect(police.get_by_test_id("stap-titel")).to_have_text("Stap 3: (Gezamenlijk) onderzoek")
    police.get_by_label("Onderzoekshandeling").select_option(
        label="Gesprek met / verhoor van het slachtoffer"
    )
    police.get_by_test_id("onderzoek-formulier").get_by_label("Eva Jansen").check()
    police.get_by_label("Gezamenlijk gesprek (politie en Veilig Thuis samen)").check()
    act(police, police.get_by_role("button", name="Afspraak vastleggen"))
    expect(police.get_by_test_id("onderzoeksafspraak")).to_contain_text("gezamenlijk")
    child = police.get_by_test_id("kind").filter(has_text="Noor Jansen")
    child.get_by_label("Aanwezig en gezien, geen directe zorgen").check()
    act(police, child.get_by_role("button", name="Kindcheck Noor vastleggen"))
    expect(police.get_by_test_id("kindcheck-uitkomst")).to_contain_text("Aanwezig en gezien")
    next_step(police, "Naar de veiligheidsmaatregelen")
    expect(police.get_by_test_id("stap-titel")).to_have_text("Stap 4: Veiligheidsmaatregelen")

    # Step 4 (Veilig Thuis): a huisverbod from the palet, who calls whom, the first contact.
    vt.goto(police.url.replace(live_server.url, ""))
    measure = vt.get_by_test_id("maatregel-formulier")
    measure.get_by_label("Maatregel uit het interventiepalet").select_option(
        label="Tijdelijk huisverbod"
    )
    measure.get_by_label("Eigenaar (wie voert uit)").select_option(label="Veilig Thuis Testregio")
    measure.get_by_label("Omschrijving (zichtbaar voor alle betrokken partners)").fill(
        "Tijdelijk huisverbod voor Mark; VT coördineert de hulp."
    )
    act(vt, measure.get_by_role("button", name="Maatregel vastleggen"))
    expect(
        vt.get_by_test_id("planonderdeel").filter(has_text="Tijdelijk huisverbod")
    ).to_be_visible()
    vt.get_by_text("Afspraak toevoegen").click()
    agreement = vt.get_by_test_id("afspraak-formulier")
    agreement.get_by_label("Afspraak over").select_option(
        label="Wie wie belt als de onveiligheid verandert"
    )
    agreement.get_by_label("Afspraak (zichtbaar voor alle betrokken partners)").fill(
        "De politie belt VT direct als Mark toch thuiskomt."
    )
    agreement.get_by_label("Eigenaar (wie voert uit)").select_option(label="Politie Eenheid Test")
    act(vt, agreement.get_by_role("button", name="Afspraak vastleggen"))
    vt.get_by_test_id("aanspreekpunt-formulier").get_by_label(
        "Eerste aanspreekpunt voor alle maatregelen"
    ).select_option(label="Veilig Thuis Testregio")
    act(vt, vt.get_by_role("button", name="Aanspreekpunt vastleggen"))
    expect(vt.get_by_test_id("aanspreekpunt")).to_have_text("Veilig Thuis Testregio")
    act(vt, vt.get_by_role("link", name="Naar stap 5: niet meer acuut?"))

    # Step 5: the checklist, the route, closed.
    expect(vt.get_by_test_id("check-beoordeling")).to_contain_text("deel A is gemaakt")
    vt.get_by_label("Het onderzoek ter plaatse is uitgevoerd").check()
    vt.get_by_label("Iedereen is fysiek veilig").check()
    vt.get_by_label("Actieoverleg").check()
    act(vt, vt.get_by_role("button", name="Afsluiten en overdragen"))
    expect(vt.get_by_test_id("vervolg")).to_have_text("Actieoverleg")
    expect(vt.get_by_test_id("acuut-status")).to_contain_text("Niet meer acuut: overgedragen")

    # The veiligheidsplan shows the measures with owners and dates, to the police too.
    today = timezone.localdate()
    police.goto(f"/gezinssystemen/{world.family.pk}/veiligheidsplan/")
    huisverbod = police.get_by_test_id("planonderdeel").filter(has_text="Tijdelijk huisverbod")
    expect(huisverbod.get_by_test_id("eigenaar")).to_have_text("Veilig Thuis Testregio")
    expect(huisverbod.get_by_test_id("start")).to_have_text(f"{today:%d-%m-%Y}")
    expect(huisverbod.get_by_test_id("einde")).to_have_text(
        f"{today + dt.timedelta(days=10):%d-%m-%Y}"
    )
    expect(huisverbod.get_by_test_id("herbeoordeling")).to_contain_text(
        f"{today + dt.timedelta(days=8):%d-%m-%Y}"
    )
    escalation = police.get_by_test_id("planonderdeel").filter(has_text="Wie wie belt")
    expect(escalation.get_by_test_id("eigenaar")).to_have_text("Politie Eenheid Test")

    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    episode.refresh_from_db()
    assert episode.status == "AFGESLOTEN" and episode.handover_route == "ACTIEOVERLEG"


def _complete_part_a(world, episode) -> None:
    from voorop.assessment import services as assessment

    vt = world.users["VT"]
    beoordeling = episode.beoordeling
    assessment.beoordeling_part_a_save(
        user=vt,
        beoordeling=beoordeling,
        acute_level="HOOG",
        acute_rationale="Vader dreigde met een mes; moeder en Noor zijn bang.",
        risk_factors=ALL_FACTORS,
    )
    assessment.beoordeling_part_a_complete(user=vt, beoordeling=beoordeling)


def test_step_1_works_without_javascript(playwright_browser, live_server, world):
    """Plain forms: POST, redirect, GET — htmx only saves reloads."""
    reachability(world)
    context = playwright_browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport=PHONE, java_script_enabled=False
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        police = context.new_page()
        login(police, live_server, world.users["POLITIE"])
        police.goto(f"/gezinssystemen/{world.family.pk}/samen-op/")
        police.get_by_label("Postcode incident").fill("3511 AB")
        police.get_by_role("button", name="Start Samen op in acuut").click()
        expect(police.get_by_test_id("antwoord")).to_contain_text("dag en nacht")
        police.get_by_label("Niet bereikbaar").check()
        police.get_by_role("button", name="Gesprek vastleggen").click()
        expect(police.get_by_test_id("foutoverzicht")).to_contain_text(
            "Geef aan wat u probeerde en wat u nu doet."
        )
        police.get_by_label("Telefonisch overleg").check()
        police.get_by_label("Waarom (als niet ter plaatse)").fill("VT overlegt vanaf kantoor.")
        police.get_by_role("button", name="Gesprek vastleggen").click()
        expect(police.get_by_test_id("gesprek")).to_contain_text("Telefonisch overleg")
        police.get_by_role(
            "button", name="Overleg op afstand (telefoon of beeldbellen): naar het motorkapoverleg"
        ).click()
        expect(police.get_by_test_id("stap-titel")).to_have_text("Stap 2: Motorkapoverleg")
    finally:
        context.close()
