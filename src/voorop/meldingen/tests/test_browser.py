"""In a real browser: a police officer records an acute incident with a child present through the
web form, fixes what the form points out, and sees the route advice and the deadline for
reporting to Veilig Thuis."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from voorop.accounts.models import RoleCode
from voorop.core.testing import factories as f
from voorop.core.testing.browser import login
from voorop.meldingen.models import Melding

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer():
    police = f.OrganisationFactory(code="politie-b", kind="POLITIE", name="Politie Basisteam Test")
    f.OrganisationFactory(code="vt-b", kind="VT", name="Veilig Thuis Test")
    return f.UserFactory(username="agent.intake", organisation=police, roles=[RoleCode.AGENT])


def test_officer_records_an_acute_incident_with_a_child_present(page, live_server, officer):
    login(page, live_server, officer)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen").click()
    page.get_by_role("link", name="Nieuwe melding").click()
    expect(page.get_by_role("heading", name="Nieuwe melding", level=1)).to_be_visible()

    occurred = timezone.localtime(timezone.now() - dt.timedelta(hours=1))
    page.get_by_label("Soort melding").select_option(label="Politie-incident")
    page.get_by_label("Voorgevallen op").fill(occurred.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Acuut onveilig").check()
    page.get_by_role("group", name="Labels").get_by_label("Huiselijk geweld").check()
    page.get_by_role("group", name="Labels").get_by_label("Kindermishandeling").check()
    page.get_by_label("Locatie van het voorval").fill("Dorpsstraat 12")
    page.get_by_label("Toelichting").fill("Buren belden 112; moeder met letsel, dochter (8) thuis.")

    victim = page.get_by_role("group", name="Persoon 1")
    victim.get_by_label("Rol").select_option(label="slachtoffer")
    victim.get_by_label("Voornamen").fill("Eva")
    victim.get_by_label("Achternaam").fill("de Vries")
    victim.get_by_label("Geboortedatum").fill("1988-03-14")
    child = page.get_by_role("group", name="Persoon 2")
    child.get_by_label("Rol").select_option(label="kind aanwezig")
    child.get_by_label("Voornamen").fill("Noor")
    child.get_by_label("Achternaam").fill("de Vries")
    child.get_by_label("Geboortedatum").fill("2017-06-30")

    # A fourth person row through htmx: the suspect.
    page.get_by_role("button", name="Persoon toevoegen").click()
    suspect = page.get_by_role("group", name="Persoon 4")
    expect(suspect.get_by_label("Rol")).to_be_focused()
    suspect.get_by_label("Rol").select_option(label="verdachte / pleger")
    suspect.get_by_label("Achternaam").fill("Bakker")

    # The channel is forgotten: the summary says so and leads to the field.
    page.get_by_role("button", name="Melding vastleggen").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("De melding is niet vastgelegd")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Kies het kanaal waarlangs de melding binnenkwam.").click()
    expect(page.get_by_label("Binnengekomen via")).to_be_focused()
    assert Melding.objects.count() == 0
    # What was typed is still there.
    expect(page.get_by_role("group", name="Persoon 4").get_by_label("Achternaam")).to_have_value(
        "Bakker"
    )

    page.get_by_label("Binnengekomen via").select_option(label="112-melding")
    page.get_by_role("button", name="Melding vastleggen").click()

    melding = Melding.objects.get()
    expect(page).to_have_url(re.compile(rf"/meldingen/{melding.pk}/(#.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Politie-incident {melding.reference}"
    )
    expect(page.get_by_text(f"Melding {melding.reference} is vastgelegd.")).to_be_visible()

    advice = page.get_by_test_id("routeadvies")
    expect(advice).to_contain_text("Samen op in acuut")
    expect(advice).to_contain_text("(Vermoeden van) acute onveiligheid")

    deadline = page.get_by_test_id("doormelding")
    expect(deadline.get_by_role("heading")).to_have_text("Doormelden aan Veilig Thuis")
    expect(deadline.get_by_test_id("termijn")).to_have_text(re.compile(r"^nog 2[34] uur$"))
    expect(deadline.get_by_role("link", name="Nu doormelden aan Veilig Thuis")).to_be_visible()

    persons = page.get_by_role("table")
    expect(persons).to_contain_text("kind aanwezig")
    expect(persons).to_contain_text("Noor de Vries")

    # The werkvoorraad alerts before the deadline passes.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Werkvoorraad"
    ).click()
    expect(page.get_by_test_id("doormelden-vt")).to_contain_text(melding.reference)
