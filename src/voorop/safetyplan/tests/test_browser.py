"""In a real browser: a Veilig Thuis professional opens the veiligheidsplan from the family
page, sees the measures with their owners and dates, adds a contactverbod from the
interventiepalet, and prints the plan (the print stylesheet hides everything but the plan)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from voorop.core.testing.browser import login
from voorop.safetyplan import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_plan_with_owners_and_dates_and_its_printout(page, live_server, world, add):
    add("tijdelijk-huisverbod", owner="GEMEENTE", description="Huisverbod voor Mark.")
    services.plan_add_agreement(
        user=world.users["POLITIE"],
        family_system=world.family,
        topic="ESCALATIE",
        description="De politie belt VT direct als Mark toch thuis komt.",
        owner_organisation=world.orgs["POLITIE"],
    )
    login(page, live_server, world.users["VT"])
    page.goto(f"{live_server.url}/gezinssystemen/{world.family.pk}/")
    card = page.get_by_test_id("veiligheidsplan-kaart")
    expect(card).to_contain_text("2 lopende of geplande onderdelen")
    card.get_by_role("link", name="Naar het veiligheidsplan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Veiligheidsplan")
    acute = page.get_by_test_id("fase-ACUUT")
    huisverbod = acute.get_by_test_id("planonderdeel").filter(has_text="Tijdelijk huisverbod")
    expect(huisverbod.get_by_test_id("eigenaar")).to_have_text("Gemeente Test")
    expect(huisverbod.get_by_test_id("start")).to_have_text("10-03-2026")
    expect(huisverbod.get_by_test_id("einde")).to_have_text("20-03-2026")
    expect(huisverbod.get_by_test_id("herbeoordeling")).to_contain_text("18-03-2026")
    expect(huisverbod.get_by_test_id("status")).to_have_text("Lopend")
    agreement = acute.get_by_test_id("planonderdeel").filter(has_text="Wie wie belt")
    expect(agreement.get_by_test_id("eigenaar")).to_have_text("Politie Eenheid Test")

    # Add a contactverbod from the palet: the end date follows from it (90 days).
    page.get_by_role("link", name="Interventie toevoegen").click()
    page.get_by_label("Interventie", exact=True).select_option(label="Contactverbod")
    page.get_by_label("Eigenaar (organisatie)").select_option(
        label="Openbaar Ministerie Arrondissement Test"
    )
    page.get_by_label("Omschrijving (zichtbaar voor alle betrokken partners)").fill(
        "Geen contact met Eva en Noor."
    )
    page.get_by_role("button", name="Interventie toevoegen").click()
    expect(page.get_by_role("status").first).to_contain_text("Contactverbod is aan het")
    verbod = page.get_by_test_id("planonderdeel").filter(has_text="Contactverbod")
    expect(verbod.get_by_test_id("eigenaar")).to_have_text(
        "Openbaar Ministerie Arrondissement Test"
    )
    expect(verbod.get_by_test_id("einde")).to_have_text("08-06-2026")

    # On a phone the plan's items are cards: nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 740})
    expect(verbod.get_by_test_id("eigenaar")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The printout.
    page.get_by_role("link", name="Afdrukken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veiligheidsplan Gezin de Vries")
    expect(page.get_by_text("Interne notities staan niet op deze afdruk.")).to_be_visible()
    print_button = page.get_by_role("button", name="Afdrukken")
    expect(print_button).to_be_visible()
    page.emulate_media(media="print")
    expect(print_button).to_be_hidden()
    expect(
        page.get_by_test_id("planonderdeel").filter(has_text="Tijdelijk huisverbod")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Terug naar het veiligheidsplan")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
