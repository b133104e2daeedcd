"""In two real browsers on a phone-sized screen: a police officer and a Veilig Thuis
professional run a Samen op in acuut on a family of the synthetic region (``voorop seed``),
from the first call to the handover. Each sees what the sharing rules allow (and the OM, asked
for advice, only its question); "wie bel ik nu?" answers in step 1; the veiligheidsplan shows
the measures with their owners and dates. Every step page is screenshot at 375 px into
``test-artifacts/samen-op/`` and checked for sideways scrolling and tap-sized buttons."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
from dataclasses import dataclass
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from voorop.acuut.models import AcuteEpisode
from voorop.acuut.selectors import is_minor
from voorop.core.testing import factories as f
from voorop.core.testing.browser import ARTIFACTS_DIR, DEFAULT_TIMEOUT_MS, PHONE, login
from voorop.core.testing.browser import fits_the_phone as page_fits_the_phone
from voorop.organisations.models import Organisation, OrganisationKind, Region, RegionKind
from voorop.persons.models import Address, FamilySystem, OrganisationInvolvement, Person
from voorop.reachability.models import Channel, CoverageArea, ReachabilityArrangement
from voorop.seeding.generator import seeded_families
from voorop.sharing.models import LegalBasis

pytestmark = pytest.mark.django_db(transaction=True)

SLICE = 900


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


@dataclass
class Seeded:
    """A family of the synthetic region (``voorop seed``) that only a police basisteam knows,
    with its children, and a professional of that basisteam and of Veilig Thuis Rijnveen."""

    family: FamilySystem
    children: list[Person]
    postcode: str
    police: object
    vt: object
    om: object


@pytest.fixture
def seeded(db) -> Seeded:
    """``voorop seed`` (30 families, seed 1) in the test database, plus the data the
    migrations load (a transactional test starts from an empty database)."""
    for module in (
        "voorop.sharing.migrations.0002_legal_bases_and_rules",
        "voorop.safetyplan.migrations.0002_interventiepalet",
        "voorop.assessment.migrations.0002_example_instruments",
    ):
        importlib.import_module(module).seed(apps, None)
    call_command("seed", "--families", "30", "--seed", "1", stdout=StringIO())
    today = timezone.localdate()
    for family in seeded_families().order_by("reference"):
        involved = list(
            OrganisationInvolvement.objects.filter(family_system=family).select_related(
                "organisation"
            )
        )
        current = [m.person for m in family.memberships.select_related("person") if m.until is None]
        children = [p for p in current if p.date_of_birth and is_minor(p, today)]
        if (
            [i.organisation.kind for i in involved] == [OrganisationKind.POLITIE]
            and children
            and all(p.date_of_birth for p in current)
        ):
            break
    else:
        raise AssertionError("no seeded family that only the police knows, with children")
    address = Address.objects.filter(person__in=current, valid_to__isnull=True).first()
    assert address is not None
    return Seeded(
        family=family,
        children=sorted(children, key=lambda p: (p.date_of_birth, p.pk)),
        postcode=address.postcode,
        police=f.UserFactory(
            username="agent.samenop", organisation=involved[0].organisation, roles=["AGENT"]
        ),
        vt=f.UserFactory(
            username="vt.samenop",
            organisation=Organisation.objects.get(code="vt-rijnveen"),
            roles=["VT_MEDEWERKER"],
        ),
        om=f.UserFactory(
            username="om.samenop",
            organisation=Organisation.objects.get(code="om-rijnveen-delta"),
            roles=["OFFICIER"],
        ),
    )


def shot(page, name: str) -> None:
    """A full-page screenshot at phone width, for a person to look at (test-artifacts/)."""
    folder = ARTIFACTS_DIR / "samen-op"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    if os.environ.get("VOOROP_SCREENSHOT_SLICES"):  # phone-screen-sized parts, to read them
        height = page.evaluate("document.documentElement.scrollHeight")
        width = page.evaluate("document.documentElement.scrollWidth")
        for i, top in enumerate(range(0, height, SLICE)):
            page.screenshot(
                path=str(folder / f"{name}-{i}.png"),
                full_page=True,
                clip={"x": 0, "y": top, "width": width, "height": min(SLICE, height - top)},
            )


def fits_the_phone(page) -> None:
    """No sideways scrolling at 375 px, and the main buttons are large enough to tap."""
    page_fits_the_phone(page)
    for button in page.locator("button.voorop-acuut-wide:visible").all()[:5]:
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44, (page.url, box)


def group(page, name: str):
    return page.get_by_role("group", name=re.compile(re.escape(name)))


def test_police_and_veilig_thuis_from_first_call_to_handover_on_a_seeded_family(
    page, phone_context, live_server, seeded
):
    family = seeded.family
    page.set_viewport_size(PHONE)
    police, vt = page, phone_context()
    login(police, live_server, seeded.police)
    login(vt, live_server, seeded.vt)

    # Veilig Thuis does not know this family yet: no page for it.
    assert vt.goto(f"/gezinssystemen/{family.pk}/").status == 404

    # The police start from the family page (a 112 incident at the family's home).
    police.goto(f"/gezinssystemen/{family.pk}/")
    card = police.get_by_test_id("samen-op-kaart")
    act(police, card.get_by_role("link", name="Samen op in acuut starten"))
    police.get_by_label("Postcode incident").fill(seeded.postcode)
    act(police, police.get_by_role("button", name="Start Samen op in acuut"))
    expect(police.get_by_test_id("stap-titel")).to_have_text(
        "Stap 1: Fysieke veiligheid: samen ter plaatse"
    )

    # Step 1: "wie bel ik nu?" for the family's postcode, now — and the call it fills in.
    answer = police.get_by_test_id("wie-bel-ik-nu").get_by_test_id("antwoord")
    expect(answer).to_contain_text("Bel Veilig Thuis Rijnveen (")
    first = answer.locator("li").first.inner_text()
    number = re.search(r"(088-\d{7})\.$", first)
    assert number is not None, first
    expect(police.get_by_label("Gebeld nummer")).to_have_value(number.group(1))
    expect(police.get_by_label("Gebeld", exact=True)).to_have_value(str(seeded.vt.organisation_id))
    shot(police, "1-politie-stap-1-wie-bel-ik-nu")
    fits_the_phone(police)
    police.get_by_label("Komt ter plaatse").check()
    act(police, police.get_by_role("button", name="Gesprek vastleggen"))
    expect(police.get_by_test_id("gesprek")).to_contain_text(
        f"{seeded.police.organisation.name} → Veilig Thuis Rijnveen: Komt ter plaatse"
    )
    expect(police.get_by_test_id("vt-betrokken")).to_be_visible()
    act(
        police,
        police.get_by_role("button", name=f"{seeded.police.organisation.name} is ter plaatse"),
    )
    act(police, police.get_by_role("button", name="Woning is veilig: Veilig Thuis kan naar binnen"))
    expect(police.get_by_test_id("woning-veilig")).to_be_visible()
    next_step(police, "Samen ter plaatse")
    expect(police.get_by_test_id("acuut-status")).to_contain_text("Samen ter plaatse")

    # Veilig Thuis, involved through the call, finds it and arrives.
    vt.goto("/samen-op/")
    act(vt, vt.get_by_test_id("lopend").get_by_role("link", name=family.name))
    expect(vt.get_by_test_id("stap-titel")).to_contain_text("Stap 1")
    act(vt, vt.get_by_role("button", name="Veilig Thuis Rijnveen is ter plaatse"))
    expect(vt.get_by_test_id("ter-plaatse")).to_contain_text("Veilig Thuis Rijnveen ter plaatse")
    shot(vt, "2-vt-stap-1-ter-plaatse")
    fits_the_phone(vt)
    next_step(vt, "Naar het motorkapoverleg")
    expect(vt.get_by_test_id("stap-titel")).to_have_text("Stap 2: Motorkapoverleg")

    # Step 2: each shares what it brings, through the disclosure register (art. 6(1)(d) AVG).
    vt.get_by_label("Eerdere meldingen en informatie uit eigen systemen").check()
    vt.get_by_label("Korte toelichting (wat de ander moet weten)").fill(
        "Geen eerdere meldingen bij Veilig Thuis; geen hulpverlening bekend."
    )
    expect(vt.get_by_test_id("inbreng-formulier").get_by_label("Grondslag")).to_have_value(
        str(LegalBasis.objects.get(code="avg-6-1-d-vitaal-belang").pk)
    )
    shot(vt, "3-vt-stap-2-inbreng")
    fits_the_phone(vt)
    act(vt, vt.get_by_role("button", name="Delen", exact=True))
    expect(vt.get_by_role("status").first).to_contain_text(
        f"Gedeeld met {seeded.police.organisation.name} op grond van art. 6 lid 1 sub d AVG"
    )

    police.goto(police.url.replace("stap-1", "stap-2"))
    vt_part = police.locator('[data-testid=inbreng][data-organisatie="Veilig Thuis Rijnveen"]')
    expect(vt_part.get_by_test_id("toelichting")).to_have_text(
        "Geen eerdere meldingen bij Veilig Thuis; geen hulpverlening bekend."
    )
    expect(vt_part.get_by_test_id("herkomst")).to_contain_text("Gedeeld door Veilig Thuis Rijnveen")
    expect(vt_part.get_by_test_id("herkomst")).to_contain_text(
        "grondslag art. 6 lid 1 sub d AVG, doel: Samen op in acuut"
    )
    police.get_by_label("Relevante registraties in de politiesystemen").check()
    police.get_by_label("Korte toelichting (wat de ander moet weten)").fill(
        "Eerdere incidenten op dit adres; vader eerder aangehouden."
    )
    # The police consult the OM (the question goes through the register to the OM only).
    act(police, police.get_by_role("button", name="Delen", exact=True))
    expect(police.get_by_test_id("inbreng")).to_have_count(2)
    police.get_by_text("Iemand raadplegen").click()
    consult = police.get_by_test_id("raadpleging-formulier")
    consult.get_by_label("Wie raadpleegt u?").select_option(
        label="OM arrondissementsparket Rijnveen-Delta"
    )
    consult.get_by_label("Vraag", exact=True).fill(
        "Aanhouden van vader op verdenking van mishandeling?"
    )
    act(police, consult.get_by_role("button", name="Vraag vastleggen en delen"))
    expect(police.get_by_test_id("raadpleging")).to_contain_text("Afstemming met het OM")

    # Veilig Thuis reads the police's part, then makes part A of the veiligheidsbeoordeling.
    vt.reload()
    police_part = vt.locator(
        f'[data-testid=inbreng][data-organisatie="{seeded.police.organisation.name}"]'
    )
    expect(police_part.get_by_test_id("toelichting")).to_have_text(
        "Eerdere incidenten op dit adres; vader eerder aangehouden."
    )
    # Veilig Thuis sees that the OM was asked, not the question.
    expect(vt.get_by_test_id("raadpleging")).to_contain_text("Afstemming met het OM")
    expect(vt.get_by_text("Aanhouden van vader op verdenking")).to_have_count(0)
    act(vt, vt.get_by_role("button", name="Veiligheidsbeoordeling starten (deel A)"))
    expect(vt).to_have_url(re.compile(r"/veiligheidsbeoordeling/\d+/deel-a/$"))
    for factor, choice in (
        ("Kinderen in het huishouden of aanwezig", "Ja"),
        ("Eerder geweld", "Ja"),
        ("Angst bij betrokkenen", "Ja"),
        ("Dreiging (met geweld", "Ja"),
        ("Letsel of verwaarlozing", "Nee"),
        ("Beperkte zelfredzaamheid", "Weet niet"),
        ("Middelengebruik", "Nee"),
        ("(Vuur)wapengebruik of -bezit", "Nee"),
    ):
        group(vt, factor).get_by_label(choice, exact=True).check()
    group(vt, "Acute onveiligheid").get_by_label("Hoog", exact=True).check()
    vt.get_by_label("Onderbouwing").fill("Vader dreigde met geweld; moeder en kinderen zijn bang.")
    shot(vt, "4-vt-deel-a")
    fits_the_phone(vt)
    act(vt, vt.get_by_role("button", name="Deel A afronden"))
    expect(vt.get_by_test_id("status")).to_have_text("Deel A afgerond")
    # Back to the episode through the family page (its card).
    act(vt, vt.get_by_role("link", name=family.name).first)
    act(
        vt,
        vt.get_by_test_id("samen-op-kaart").get_by_role(
            "link", name="Verder met Samen op in acuut"
        ),
    )
    expect(vt.get_by_test_id("stap-titel")).to_have_text("Stap 2: Motorkapoverleg")

    police.reload()
    expect(police.get_by_test_id("beoordeling-status")).to_contain_text("deel A afgerond om")
    expect(police.get_by_text("Vader dreigde met geweld")).to_have_count(0)
    shot(police, "5-politie-stap-2")
    fits_the_phone(police)
    next_step(police, "Naar het (gezamenlijk) onderzoek")

    # Step 3: who does what, a joint interview, the kindcheck for every child.
    expect(police.get_by_test_id("stap-titel")).to_have_text("Stap 3: (Gezamenlijk) onderzoek")
    police.get_by_label("Onderzoekshandeling").select_option(
        label="Gesprek met / verhoor van het slachtoffer"
    )
    police.get_by_label("Gezamenlijk gesprek (politie en Veilig Thuis samen)").check()
    act(police, police.get_by_role("button", name="Afspraak vastleggen"))
    expect(police.get_by_test_id("onderzoeksafspraak")).to_contain_text("gezamenlijk")
    for child in seeded.children:
        card = police.locator(f'[data-testid=kind][data-kind="{child.full_name}"]')
        card.get_by_label("Aanwezig en gezien, geen directe zorgen").check()
        act(police, card.get_by_role("button", name=re.compile(r"^Kindcheck .* vastleggen$")))
    expect(police.get_by_test_id("kindcheck-uitkomst")).to_have_count(len(seeded.children))
    shot(police, "6-politie-stap-3")
    fits_the_phone(police)
    next_step(police, "Naar de veiligheidsmaatregelen")
    expect(police.get_by_test_id("stap-titel")).to_have_text("Stap 4: Veiligheidsmaatregelen")

    # Step 4 (Veilig Thuis): a huisverbod from the palet, who calls whom, the first contact.
    vt.goto(police.url.replace(live_server.url, ""))
    measure = vt.get_by_test_id("maatregel-formulier")
    measure.get_by_label("Maatregel uit het interventiepalet").select_option(
        label="Tijdelijk huisverbod"
    )
    measure.get_by_label("Eigenaar (wie voert uit)").select_option(label="Veilig Thuis Rijnveen")
    measure.get_by_label("Omschrijving (zichtbaar voor alle betrokken partners)").fill(
        "Tijdelijk huisverbod voor vader; VT coördineert de hulp."
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
        "De politie belt VT direct als vader toch thuiskomt."
    )
    agreement.get_by_label("Eigenaar (wie voert uit)").select_option(
        label=seeded.police.organisation.name
    )
    act(vt, agreement.get_by_role("button", name="Afspraak vastleggen"))
    vt.get_by_test_id("aanspreekpunt-formulier").get_by_label(
        "Eerste aanspreekpunt voor alle maatregelen"
    ).select_option(label="Veilig Thuis Rijnveen")
    act(vt, vt.get_by_role("button", name="Aanspreekpunt vastleggen"))
    expect(vt.get_by_test_id("aanspreekpunt")).to_have_text("Veilig Thuis Rijnveen")
    shot(vt, "7-vt-stap-4")
    fits_the_phone(vt)
    act(vt, vt.get_by_role("link", name="Naar stap 5: niet meer acuut?"))

    # Step 5: the checklist, the route, closed.
    expect(vt.get_by_test_id("check-beoordeling")).to_contain_text("deel A is gemaakt")
    vt.get_by_label("Het onderzoek ter plaatse is uitgevoerd").check()
    vt.get_by_label("Iedereen is fysiek veilig").check()
    vt.get_by_label("Actieoverleg").check()
    shot(vt, "8-vt-stap-5")
    fits_the_phone(vt)
    act(vt, vt.get_by_role("button", name="Afsluiten en overdragen"))
    expect(vt.get_by_test_id("vervolg")).to_have_text("Actieoverleg")
    expect(vt.get_by_test_id("acuut-status")).to_contain_text("Niet meer acuut: overgedragen")

    # The veiligheidsplan shows the measures with owners and dates, to the police too.
    today = timezone.localdate()
    police.goto(f"/gezinssystemen/{family.pk}/veiligheidsplan/")
    huisverbod = police.get_by_test_id("planonderdeel").filter(has_text="Tijdelijk huisverbod")
    expect(huisverbod.get_by_test_id("eigenaar")).to_have_text("Veilig Thuis Rijnveen")
    expect(huisverbod.get_by_test_id("start")).to_have_text(f"{today:%d-%m-%Y}")
    expect(huisverbod.get_by_test_id("einde")).to_have_text(
        f"{today + dt.timedelta(days=10):%d-%m-%Y}"
    )
    expect(huisverbod.get_by_test_id("herbeoordeling")).to_contain_text(
        f"{today + dt.timedelta(days=8):%d-%m-%Y}"
    )
    escalation = police.get_by_test_id("planonderdeel").filter(has_text="Wie wie belt")
    expect(escalation.get_by_test_id("eigenaar")).to_have_text(seeded.police.organisation.name)
    shot(police, "9-politie-veiligheidsplan")
    fits_the_phone(police)

    episode = AcuteEpisode.objects.get()
    assert episode.status == "AFGESLOTEN" and episode.handover_route == "ACTIEOVERLEG"
    assert episode.vt_involved_at is not None

    # The OM takes part in nothing: the episode is not found; the question addressed to it is.
    om = phone_context()
    login(om, live_server, seeded.om)
    assert om.goto(f"/samen-op/{episode.pk}/stap-1/").status == 404
    om.goto("/samen-op/")
    expect(om.get_by_test_id("lopend")).to_have_count(0)
    act(om, om.get_by_test_id("verzoeken").get_by_role("link", name="Afstemming met het OM"))
    expect(om.get_by_test_id("vraag")).to_have_text(
        "Aanhouden van vader op verdenking van mishandeling?"
    )
    shot(om, "10-om-verzoek")
    fits_the_phone(om)


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
