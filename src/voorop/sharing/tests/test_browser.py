"""In a real browser: a police officer shares an incident with Veilig Thuis for Samen op in
acuut on art. 18 Wpg, choosing only the core facts and the persons; a VT colleague then sees
the incident in the family's timeline with its provenance, and without the narrative."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from voorop.accounts.models import RoleCode
from voorop.core.testing import factories as f
from voorop.core.testing.browser import login
from voorop.meldingen.models import MeldingKind
from voorop.sharing.models import Disclosure

pytestmark = pytest.mark.django_db(transaction=True)

NARRATIVE = "Verdachte gooide een asbak door de kamer."


@pytest.fixture
def police_family(sharing_rules):
    pol = f.OrganisationFactory(code="politie-d", kind="POLITIE", name="Politie Basisteam Delen")
    vt = f.OrganisationFactory(code="vt-d", kind="VT", name="Veilig Thuis Delen")
    family = f.FamilySystemFactory(name="Gezin Bakker-Yılmaz", recorded_by=pol)
    victim = f.PersonFactory(given_names="Sanne", surname="Bakker", recorded_by=pol)
    f.FamilyMembershipFactory(family_system=family, person=victim)
    at = timezone.now() - dt.timedelta(hours=5)
    incident = f.MeldingFactory(
        reference="POL-DELEN-1",
        family_system=family,
        source_organisation=pol,
        kind=MeldingKind.POLITIE_INCIDENT,
        occurred_at=at,
        received_at=at + dt.timedelta(minutes=20),
        narrative=NARRATIVE,
        is_acute=True,
    )
    f.MeldingPersonFactory(melding=incident, person=victim, role="SLACHTOFFER")
    f.InvolvementFactory(family_system=family, organisation=pol, since=at)
    officer = f.UserFactory(username="agent.delen", organisation=pol, roles=[RoleCode.AGENT])
    colleague = f.UserFactory(username="vt.delen", organisation=vt, roles=[RoleCode.VT_MEDEWERKER])
    return {"family": family, "incident": incident, "officer": officer, "vt_user": colleague}


def test_police_shares_an_incident_and_vt_sees_it_with_provenance(page, live_server, police_family):
    family, incident = police_family["family"], police_family["incident"]

    # The officer shares the incident: core facts and persons, not the narrative.
    login(page, live_server, police_family["officer"])
    page.goto(f"{live_server.url}/gezinssystemen/{family.pk}/")
    page.get_by_role("link", name="Informatie delen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Informatie delen")

    # Recipient and purpose refresh the legal-basis field (htmx); quick changes: latest wins.
    page.get_by_label("Ontvanger", exact=True).select_option(label="Veilig Thuis Delen")
    with page.expect_response(re.compile(r"/delen/grondslagen/\?.*doel=SAMEN_OP_IN_ACUUT")):
        page.get_by_label("Doel (afstemmingsmoment)").select_option(label="Samen op in acuut")
    basis = page.get_by_label("Grondslag", exact=True)
    expect(basis.locator("option", has_text="art. 18 Wpg")).to_have_count(1)
    basis.select_option(label="art. 18 Wpg")
    expect(page.get_by_test_id("grondslag-toelichting")).to_contain_text("zwaarwegend belang")

    page.get_by_label("Melding POL-DELEN-1 delen").check()
    groups = page.get_by_role("group", name="Gegevens van melding POL-DELEN-1")
    expect(groups.get_by_label("Kerngegevens: soort, tijdstip, labels, acuut")).to_be_checked()
    expect(groups.get_by_label("Kerngegevens: soort, tijdstip, labels, acuut")).to_be_disabled()
    groups.get_by_label("Betrokken personen en hun rol").check()
    page.get_by_label("Waarom heeft de ontvanger deze gegevens nodig?").fill(
        "Veilig Thuis maakt vanavond de veiligheidsbeoordeling voor Samen op in acuut."
    )
    page.get_by_role("button", name="Informatie delen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Verstrekkingen")
    expect(page.get_by_role("status").first).to_contain_text("is vastgelegd")
    disclosure = Disclosure.objects.get()
    assert disclosure.items.get().field_groups == ["KERN", "PERSONEN"]
    expect(page.get_by_test_id("gemaakt")).to_contain_text(disclosure.reference)

    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()

    # A VT colleague now sees the family and the incident, read-only, with provenance.
    login(page, live_server, police_family["vt_user"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Gezinssystemen"
    ).click()
    page.get_by_role("link", name="Gezin Bakker-Yılmaz").click()
    timeline = page.get_by_test_id("tijdlijn")
    item = timeline.locator("li").filter(has_text="POL-DELEN-1")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(
        re.compile(
            r"Gedeeld door Politie Basisteam Delen op \d\d-\d\d-\d{4} om \d\d:\d\d, "
            r"grondslag art\. 18 Wpg, doel: Samen op in acuut"
        )
    )
    expect(item).to_contain_text("Sanne Bakker")
    expect(timeline).not_to_contain_text(NARRATIVE)

    item.get_by_role("link", name=re.compile("POL-DELEN-1")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("POL-DELEN-1")
    expect(page.locator("main")).to_contain_text("grondslag art. 18 Wpg, doel: Samen op in acuut")
    expect(page.locator("main")).to_contain_text("Niet gedeeld: locatie, toelichting")
    expect(page.locator("main")).not_to_contain_text(NARRATIVE)
    expect(page.get_by_role("heading", name="Toelichting")).to_have_count(0)
    assert incident.pk  # the melding page is the incident's own
