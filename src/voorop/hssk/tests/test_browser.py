"""In two real browsers: Veilig Thuis brings a hospital's signal of a toddler's injury to the
police anonymously; the police give their view without learning who it is about; Veilig Thuis
decides to proceed, which links the case to the family; together they make the gezamenlijk
onderzoeksplan and both agree to it (issue #8, "Done when")."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from voorop.core.testing.browser import DEFAULT_TIMEOUT_MS, PHONE, fits_the_phone, login
from voorop.hssk.models import HsskCase

from .conftest import sentinel_strings

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def second_page(playwright_browser, live_server):
    context = playwright_browser.new_context(
        base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def submit(page, name: str) -> None:
    """Click a submit button and wait for the page that follows (SQLite's in-memory tables
    lock between the live server's threads: no action may race the previous one)."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_anonymous_consultation_becomes_an_identified_case_with_a_joint_plan(
    page, second_page, live_server, world
):
    vt, police = page, second_page
    login(vt, live_server, world.users["VT"])
    login(police, live_server, world.users["POLITIE"])
    child = world.sentinels["child_given"]

    # Step 1: Veilig Thuis finds the hospital's melding among its signals.
    vt.goto("/hssk/")
    signals = vt.get_by_test_id("hssk-signalen")
    expect(signals).to_contain_text(world.sentinels["melding_reference"])
    with vt.expect_navigation():
        signals.get_by_role("link", name="Voorleggen aan de politie").click()
    vt.get_by_label(child, exact=False).check()
    expect(vt.get_by_label("Eerst anoniem overleggen", exact=False)).to_be_checked()
    vt.get_by_label("Politie", exact=True).select_option(label="Politie Eenheid Test")
    vt.get_by_label("Blauwe plekken of hematomen").check()
    vt.get_by_label("Vermoeden van letsel").check()
    vt.get_by_label("Omstandigheden").fill(f"{child} (2) heeft blauwe plekken op beide wangen.")
    vt.get_by_label("Uw vraag aan de politie en het OM").fill(
        "Ziet de politie aanleiding voor een strafrechtelijk onderzoek?"
    )
    submit(vt, "Voorleggen aan de politie")
    # The name is refused, named to Veilig Thuis, and nothing is stored.
    summary = vt.get_by_test_id("foutoverzicht")
    expect(summary).to_contain_text("identificeren")
    expect(summary).to_contain_text(child.lower())
    assert not HsskCase.objects.exists()
    vt.get_by_label("Omstandigheden").fill(
        "Peuter van 2 met blauwe plekken op beide wangen; uitleg van de ouders wisselt."
    )
    submit(vt, "Voorleggen aan de politie")
    expect(vt.get_by_test_id("anoniem")).to_be_visible()
    case = HsskCase.objects.get()
    assert case.is_anonymous

    # Step 2: the police see the case waiting for them — and nothing that identifies anyone.
    police.goto("/hssk/")
    waiting = police.get_by_test_id("werkvoorraad-hssk")
    expect(waiting).to_contain_text("uw zienswijze in het anonieme overleg")
    with police.expect_navigation():
        waiting.get_by_role("link", name=case.reference).click()
    expect(police.get_by_test_id("anonieme-gegevens")).to_contain_text("1 tot 4 jaar")
    body = police.content().lower()
    assert [s for s in sentinel_strings() if s.lower() in body] == []
    police.get_by_label("Aanwijzingen voor een strafbaar feit", exact=False).check()
    police.get_by_label("Toelichting").fill("Letsel op beide wangen past niet bij een val.")
    submit(police, "Zienswijze geven")
    expect(police.get_by_test_id("zienswijzen")).to_contain_text("Politie Eenheid Test")

    # Veilig Thuis decides to proceed: the melding goes to the police on its legal basis.
    vt.reload()
    with vt.expect_navigation():
        vt.get_by_test_id("naar-besluit").click()
    expect(vt.get_by_test_id("koppeling")).to_contain_text(world.sentinels["melding_reference"])
    vt.get_by_role("radio", name="Doorzetten: melden met gegevens en samen onderzoeken").check()
    vt.get_by_label("Motivering").fill("De politie ziet aanwijzingen; samen onderzoeken.")
    submit(vt, "Besluit vastleggen")
    expect(vt.get_by_test_id("gezinssysteem")).to_contain_text(world.sentinels["family_name"])
    expect(vt.get_by_test_id("melding-politie")).to_contain_text("art. 4.1.1 Wmo 2015")

    # Step 3: the police now see the family and plan the forensic examination and the hearing.
    police.reload()
    expect(police.get_by_test_id("gezinssysteem")).to_contain_text(world.sentinels["family_name"])
    form = police.get_by_test_id("formulier-act")
    form.get_by_label("Onderzoekshandeling").select_option(value="FORENSISCH_MEDISCH")
    form.get_by_label("Door").select_option(label="Politie Eenheid Test")
    form.get_by_label(child, exact=False).check()
    submit(police, "Toevoegen aan het plan")
    police.get_by_text("Onderzoekshandeling toevoegen").click()
    form = police.get_by_test_id("formulier-act")
    form.get_by_label("Onderzoekshandeling").select_option(value="HOREN_OUDERS")
    form.get_by_label("Door").select_option(label="Politie Eenheid Test")
    form.get_by_label(world.sentinels["mother_given"], exact=False).check()
    form.get_by_label(world.sentinels["father_given"], exact=False).check()
    submit(police, "Toevoegen aan het plan")
    expect(police.get_by_test_id("onderzoeksplan")).to_contain_text("Forensisch-medisch onderzoek")
    expect(police.get_by_test_id("onderzoeksplan")).to_contain_text("Horen van de ouders")
    submit(police, "Akkoord met dit onderzoeksplan")
    expect(police.get_by_role("status").first).to_contain_text("de partner moet nog instemmen")

    # Veilig Thuis agrees too: the gezamenlijk onderzoeksplan is vastgesteld.
    vt.reload()
    expect(vt.get_by_test_id("akkoord")).to_contain_text("Politie Eenheid Test")
    submit(vt, "Akkoord met dit onderzoeksplan")
    expect(vt.get_by_role("status").first).to_contain_text("Het onderzoeksplan is vastgesteld.")
    case.refresh_from_db()
    assert case.status == "INTERVENTIES" and case.plan_agreed_at is not None

    # On a phone (375 px) the list, the case and the monitoring do not scroll sideways.
    vt.set_viewport_size(PHONE)
    for url in ("/hssk/", f"/hssk/{case.pk}/", "/hssk/monitoring/"):
        vt.goto(url)
        fits_the_phone(vt)
