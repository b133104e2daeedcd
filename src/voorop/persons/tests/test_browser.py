"""In a real browser: a police officer logs in, opens a family system and reads its timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from voorop.accounts.models import RoleCode
from voorop.cases.models import Phase
from voorop.core.testing import factories as f
from voorop.core.testing.browser import login
from voorop.meldingen.models import MeldingKind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def police_family():
    pol = f.OrganisationFactory(code="politie-b", kind="POLITIE", name="Politie Basisteam Test")
    vt = f.OrganisationFactory(code="vt-b", kind="VT", name="Veilig Thuis Test")
    family = f.FamilySystemFactory(name="Gezin Yılmaz-de Boer", recorded_by=pol)
    f.CaseFactory(family_system=family, phase=Phase.RISICOGESTUURD, recorded_by=pol)
    victim = f.PersonFactory(given_names="Sanne", prefix="de", surname="Boer", recorded_by=pol)
    suspect = f.PersonFactory(given_names="Emre", surname="Yılmaz", recorded_by=pol)
    for p in (victim, suspect):
        f.FamilyMembershipFactory(family_system=family, person=p)
    start = timezone.make_aware(dt.datetime(2022, 5, 14, 22, 30))
    refs = []
    for i, kind in enumerate(
        [MeldingKind.POLITIE_INCIDENT, MeldingKind.AANGIFTE, MeldingKind.POLITIE_INCIDENT]
    ):
        at = start + dt.timedelta(days=200 * i)
        m = f.MeldingFactory(
            reference=f"POL-2022-{i}",
            family_system=family,
            source_organisation=pol,
            kind=kind,
            occurred_at=at,
            received_at=at + dt.timedelta(hours=1),
            is_acute=(i == 2),
        )
        f.MeldingPersonFactory(melding=m, person=victim, role="SLACHTOFFER")
        refs.append(m.reference)
    vt_only = f.MeldingFactory(
        reference="VT-GEHEIM-1", family_system=family, source_organisation=vt, occurred_at=start
    )
    f.InvolvementFactory(family_system=family, organisation=pol, since=start)
    f.InvolvementFactory(family_system=family, organisation=vt, since=start)
    officer = f.UserFactory(username="agent.test", organisation=pol, roles=[RoleCode.AGENT])
    return {"family": family, "refs": refs, "officer": officer, "vt_only": vt_only}


def test_officer_reads_family_timeline(page, live_server, police_family):
    login(page, live_server, police_family["officer"])
    expect(page.get_by_role("heading", name="Mijn werkvoorraad")).to_be_visible()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Gezinssystemen"
    ).click()
    page.get_by_role("link", name="Gezin Yılmaz-de Boer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gezin Yılmaz-de Boer")
    expect(page.get_by_test_id("fase")).to_contain_text("Risicogestuurd")
    timeline = page.get_by_test_id("tijdlijn")
    items = timeline.locator("li")
    expect(items).to_have_count(3)
    # newest first, and VT's own record is not shown to the police
    expect(items.nth(0)).to_contain_text("POL-2022-2")
    expect(items.nth(2)).to_contain_text("POL-2022-0")
    expect(timeline).not_to_contain_text("VT-GEHEIM-1")

    # filter by kind: htmx swaps the timeline in place
    page.get_by_label("Soort").select_option("AANGIFTE")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("POL-2022-1")
    assert "soort=AANGIFTE" in page.url

    # oldest first
    page.get_by_label("Soort").select_option("")
    page.get_by_label("Volgorde").select_option("oud")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("POL-2022-0")

    # open a melding from the timeline
    items.nth(0).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("POL-2022-0")
    expect(page.get_by_role("cell", name="Sanne de Boer").first).to_be_visible()


def test_wrong_password_gives_dutch_error(page, live_server, police_family):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("agent.test")
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("onbekend")
