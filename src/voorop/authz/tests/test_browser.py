"""In a real browser: an officer of justice, not involved in a family, finds out who is and
breaks the glass; the privacy officer of an involved organisation sees it at once and judges."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from voorop.accounts.models import RoleCode
from voorop.core.testing import factories as f
from voorop.core.testing.browser import login

pytestmark = pytest.mark.django_db(transaction=True)

BSN = "111222333"
REASON = "Dreiging met wapen gemeld, kind in huis; nu beslissen over inverzekeringstelling."


@pytest.fixture
def world():
    vt = f.OrganisationFactory(code="vt-br", kind="VT", name="Veilig Thuis Browserland")
    om = f.OrganisationFactory(code="om-br", kind="OM", name="OM Browserland")
    family = f.FamilySystemFactory(name="Gezin Kaya", reference="GS-BR-1", recorded_by=vt)
    mother = f.PersonFactory(
        given_names="Ayla", surname="Kaya", bsn=BSN, date_of_birth=dt.date(1990, 4, 2)
    )
    f.FamilyMembershipFactory(family_system=family, person=mother)
    melding = f.MeldingFactory(source_organisation=vt, family_system=family, reference="VT-BR-1")
    f.MeldingPersonFactory(melding=melding, person=mother)
    f.InvolvementFactory(
        family_system=family,
        organisation=vt,
        since=timezone.now() - dt.timedelta(days=40),
        reference="VT-2025-0042",
    )
    return {
        "family": family,
        "officer": f.UserFactory(username="ovj.br", organisation=om, roles=[RoleCode.OFFICIER]),
        "privacy": f.UserFactory(
            username="po.vt.br", organisation=vt, roles=[RoleCode.PRIVACY_OFFICER]
        ),
    }


def _shot(page, name: str) -> None:
    if os.environ.get("VOOROP_SCREENSHOTS"):
        page.screenshot(path=f"test-artifacts/{name}.png", full_page=True)


def test_lookup_emergency_access_and_review(page, live_server, world):
    login(page, live_server, world["officer"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Wie is betrokken?"
    ).click()
    page.get_by_label("BSN").fill(BSN)
    page.get_by_role("button", name="Opzoeken").click()
    hit = page.get_by_test_id("treffer")
    expect(hit).to_contain_text("Persoon gevonden (geboortejaar 1990)")
    expect(hit).to_contain_text("Veilig Thuis Browserland")
    expect(hit).to_contain_text("VT-2025-0042")
    expect(hit).not_to_contain_text("Kaya")
    _shot(page, "betrokkenheid-treffer")

    hit.get_by_role("link", name="Noodtoegang aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noodtoegang aanvragen")
    page.get_by_role("button", name="Noodtoegang aanvragen").click()
    expect(page.get_by_text("Geef de reden voor de noodtoegang op.")).to_be_visible()
    page.get_by_label("Reden voor noodtoegang").fill(REASON)
    page.get_by_label("Uw wachtwoord").fill(f.TEST_PASSWORD)
    _shot(page, "noodtoegang-aanvragen")
    page.get_by_role("button", name="Noodtoegang aanvragen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gezin Kaya")
    expect(page.get_by_test_id("noodtoegang-actief")).to_contain_text("Noodtoegang actief tot")
    expect(page.get_by_test_id("tijdlijn")).to_contain_text("Ingezien met noodtoegang")
    _shot(page, "noodtoegang-gezin")

    page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, world["privacy"])
    expect(page.get_by_test_id("noodtoegang-teller")).to_have_text("1")
    page.get_by_test_id("noodtoegang-menu").click()
    expect(page.get_by_test_id("noodtoegang-wachtrij")).to_contain_text("GS-BR-1")
    _shot(page, "noodtoegang-wachtrij")
    page.get_by_test_id("noodtoegang-wachtrij").get_by_role("link", name="Beoordelen").click()
    expect(page.get_by_test_id("reden")).to_contain_text("Dreiging met wapen")
    page.get_by_label("Terecht", exact=True).check()
    page.get_by_role("button", name="Oordeel vastleggen").click()
    expect(page.get_by_text("Uw oordeel over de noodtoegang is vastgelegd.")).to_be_visible()
    expect(page.get_by_test_id("noodtoegang-teller")).to_have_count(0)
    _shot(page, "noodtoegang-beoordeeld")
