"""In a real browser on a phone-sized screen (375×740), as on site: a VT colleague starts a
veiligheidsbeoordeling from the family page, fills in the quick scan (the score follows the
answers live), and completes part A with the checklist pre-filled from the scan."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from voorop.accounts.models import RoleCode
from voorop.assessment.choices import Status
from voorop.assessment.models import InstrumentResult, Veiligheidsbeoordeling
from voorop.core.testing import factories as f
from voorop.core.testing.browser import login

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def on_site(instruments):
    vt = f.OrganisationFactory(code="vt-ter-plaatse", kind="VT", name="Veilig Thuis Ter Plaatse")
    family = f.FamilySystemFactory(name="Gezin Yılmaz-de Boer", recorded_by=vt)
    for given, surname in (("Ayla", "Yılmaz"), ("Rick", "de Boer"), ("Mila", "de Boer")):
        person = f.PersonFactory(given_names=given, surname=surname, recorded_by=vt)
        f.FamilyMembershipFactory(family_system=family, person=person)
    f.InvolvementFactory(
        family_system=family, organisation=vt, since=timezone.now() - dt.timedelta(hours=1)
    )
    user = f.UserFactory(username="vt.terplaatse", organisation=vt, roles=[RoleCode.VT_MEDEWERKER])
    return {"family": family, "user": user}


def group(page, name: str):
    return page.get_by_role("group", name=re.compile(re.escape(name)))


def tap(page, question: str, answer: str) -> None:
    group(page, question).get_by_label(answer, exact=True).check()


def test_vt_completes_part_a_with_the_quick_scan_on_a_phone(page, live_server, on_site):
    family = on_site["family"]
    page.set_viewport_size(PHONE)
    login(page, live_server, on_site["user"])
    page.goto(f"{live_server.url}/gezinssystemen/{family.pk}/")

    card = page.get_by_test_id("veiligheidsbeoordeling-kaart")
    expect(card).to_contain_text("Er is geen veiligheidsbeoordeling die u kunt zien.")
    card.get_by_role("link", name="Nieuwe veiligheidsbeoordeling").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe veiligheidsbeoordeling")
    expect(page.get_by_label("Samen op in acuut")).to_be_checked()
    page.get_by_role("button", name="Beoordeling starten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Deel A: acute onveiligheid")
    page.get_by_role("link", name="Quickscan acute onveiligheid (voorbeeld) invullen").click()
    expect(page.get_by_role("note")).to_contain_text("Voorbeeldinstrument, niet gevalideerd.")

    # One tap per question; the score follows (htmx).
    live = page.get_by_test_id("live-score")
    with page.expect_response(re.compile(r"/risico-instrumenten/.+/score/")):
        tap(page, "Wonen er kinderen in het huis", "Ja")
    expect(live).to_contain_text("Score 2")
    tap(page, "Is er al eerder geweld geweest", "Ja")
    tap(page, "Gebeurt het de laatste tijd vaker", "Nee")
    tap(page, "Hoe bang is de persoon", "3")
    tap(page, "Is er gedreigd?", "Met geweld")
    tap(page, "Heeft iemand in het gezin letsel", "Nee")
    tap(page, "Heeft iemand in het huis een (vuur)wapen", "Nee")
    tap(page, "Speelt alcohol- of drugsgebruik een rol", "Ja")
    with page.expect_response(re.compile(r"/score/")):
        tap(page, "Is de persoon die het geweld meemaakt afhankelijk", "Weet niet")
    expect(live).to_contain_text("Score 10")
    expect(page.get_by_test_id("live-niveau")).to_have_text("Midden")
    expect(page.get_by_test_id("live-advies")).to_contain_text("motorkapoverleg")

    # Large tap targets and no sideways scrolling on a phone.
    box = group(page, "Wonen er kinderen in het huis").get_by_text("Ja", exact=True).bounding_box()
    assert box is not None and box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("Over wie gaat dit?").select_option(label="Ayla Yılmaz")
    page.get_by_role("button", name="Risico-inschatting opslaan").click()
    expect(page.get_by_test_id("berekend")).to_have_text("Midden")
    expect(page.get_by_test_id("professioneel")).to_have_text("Midden")
    page.get_by_role("link", name="Verder met deel A").click()

    # The checklist is pre-filled from the scan; the rest is a few taps.
    expect(page.get_by_test_id("gekoppeld-instrument")).to_contain_text("Midden")
    kinderen = group(page, "Kinderen in het huishouden of aanwezig")
    expect(kinderen.get_by_label("Ja", exact=True)).to_be_checked()
    expect(group(page, "Beperkte zelfredzaamheid").get_by_label("Weet niet")).to_be_checked()
    tap(page, "Angst bij betrokkenen", "Ja")
    tap(page, "Dreiging (met geweld", "Ja")
    group(page, "Acute onveiligheid").get_by_label("Hoog", exact=True).check()
    page.get_by_label("Onderbouwing").fill("Moeder is bang; vader dreigde; kinderen thuis.")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Deel A afronden").click()

    expect(page.get_by_role("status").first).to_contain_text("Deel A is afgerond")
    expect(page.get_by_test_id("status")).to_have_text("Deel A afgerond")
    expect(page.get_by_test_id("acuut")).to_have_text("Hoog")
    beoordeling = Veiligheidsbeoordeling.objects.get()
    assert beoordeling.status == Status.PART_A_DONE
    assert beoordeling.context == "SAMEN_OP_IN_ACUUT"
    assert beoordeling.risk_factors.count() == 8
    assert InstrumentResult.objects.get().beoordeling == beoordeling
