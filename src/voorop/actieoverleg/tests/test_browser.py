"""In a real browser: the Veilig Thuis chair puts a case on the agenda after checking the
criteria, police and OM see the agenda in advance and say they prepared, the chair walks a
meeting with three cases (investigative acts in order, agreements, the OM's own decision,
escalation to MDA++, handover), and afterwards police and OM see their open agreements and
the minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from voorop.actieoverleg.models import Meeting, MeetingStatus
from voorop.core.testing import factories as f
from voorop.core.testing.browser import login
from voorop.meldingen.models import MeldingKind

from .conftest import AO

pytestmark = pytest.mark.django_db(transaction=True)


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def switch(page, live_server, user) -> None:
    """Log in as another user (a fresh session)."""
    page.context.clear_cookies()
    login(page, live_server, user)


def third_family(ao: AO):
    family = f.FamilySystemFactory(
        recorded_by=ao.orgs["VT"], name="Gezin Bakker", reference="GS-TEST-004"
    )
    received = timezone.now() - dt.timedelta(days=4)
    f.MeldingFactory(
        source_organisation=ao.orgs["VT"],
        family_system=family,
        kind=MeldingKind.VT_MELDING,
        occurred_at=received - dt.timedelta(hours=1),
        received_at=received,
    )
    f.InvolvementFactory(family_system=family, organisation=ao.orgs["VT"])
    return family


def test_a_full_meeting_with_three_cases(page, live_server, ao):
    meeting = ao.meeting()
    ao.schedule(meeting, ao.scenario.vt_only_family, by="CHAIR", position=1)
    ao.schedule(meeting, third_family(ao), by="CHAIR", position=2)

    # Police submits the De Vries family from the family page.
    switch(page, live_server, ao.users["POLITIE"])
    page.goto(f"{live_server.url}/gezinssystemen/{ao.family.pk}/")
    page.get_by_test_id("actieoverleg-kaart").get_by_role(
        "link", name="Aanmelden voor het actieoverleg"
    ).click()
    page.get_by_label("Reden van de aanmelding").fill("Aangifte mishandeling; kinderen thuis.")
    page.get_by_role("button", name="Aanmelden bij Veilig Thuis").click()
    expect(page.get_by_test_id("status")).to_have_text("Ingediend")

    # The chair sees how long it waits, checks the criteria and puts it first on the agenda.
    switch(page, live_server, ao.chair)
    page.goto(f"{live_server.url}/actieoverleg/")
    row = page.get_by_test_id("aanmeldingen").get_by_role("row").filter(has_text="de Vries")
    expect(row).to_contain_text("langer dan een week")
    row.get_by_role("link").click()
    for label in (
        "samenloop zorg en straf",
        "(vermoeden van) strafbaar feit, politieonderzoek loopt",
        "niet al elders belegd (zoals MDA++)",
        "route nog niet duidelijk",
    ):
        page.get_by_label(label).check()
    page.get_by_label("Actieoverleg", exact=True).select_option(label=meeting.reference)
    start = meeting.starts_at + dt.timedelta(minutes=60)
    page.get_by_label("Tijdslot van").fill(local(start))
    page.get_by_label("Tijdslot tot").fill(local(start + dt.timedelta(minutes=20)))
    page.get_by_role("button", name="Agenderen").click()
    expect(page.get_by_test_id("agendapunt")).to_have_count(3)

    # Police and OM see the whole agenda in advance and say they prepared (step 0).
    for kind in ("POLITIE", "OM"):
        switch(page, live_server, ao.users[kind])
        page.goto(f"{live_server.url}/actieoverleg/overleggen/{meeting.pk}/")
        items = page.get_by_test_id("agendapunt")
        expect(items).to_have_count(3)
        first = items.filter(has_text="de Vries")
        first.get_by_label("Uw reactie").select_option(label="Sluit aan, voorbereid")
        first.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_test_id("agendapunt").filter(has_text="de Vries")).to_contain_text(
            "sluit aan, voorbereid"
        )

    # The chair walks the agenda.
    switch(page, live_server, ao.chair)
    page.goto(f"{live_server.url}/actieoverleg/overleggen/{meeting.pk}/")
    page.get_by_role("button", name="Overleg starten").click()
    expect(page.get_by_test_id("overleg-status")).to_have_text("Bezig")
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    for name in ("de Vries", "El Amrani", "Bakker"):
        page.goto(f"{live_server.url}/actieoverleg/overleggen/{meeting.pk}/")
        page.get_by_test_id("agendapunt").filter(has_text=name).get_by_role("link").click()
        act = page.get_by_test_id("form-onderzoekshandeling")
        act.get_by_label("Onderzoekshandeling").fill("Politie hoort moeder (studioverhoor)")
        act.get_by_label("Uitvoerder").select_option(label="Politie Eenheid Test")
        act.get_by_label("Uiterlijk op").fill(due)
        act.get_by_role("button").click()
        act = page.get_by_test_id("form-onderzoekshandeling")
        act.get_by_label("Onderzoekshandeling").fill("Daarna spreekt VT moeder")
        act.get_by_label("Uitvoerder").select_option(label="Veilig Thuis Testregio")
        act.get_by_label("Uiterlijk op").fill(due)
        act.get_by_role("button").click()
        expect(page.get_by_test_id("onderzoekshandelingen").get_by_role("listitem")).to_have_count(
            2
        )
        agreement = page.get_by_test_id("form-afspraak")
        agreement.get_by_label("Onderwerp").select_option(
            label="Wie welke andere partijen informeert"
        )
        agreement.get_by_label("Afspraak").fill("OM informeert VT over het vervolgbesluit")
        agreement.get_by_label("Eigenaar").select_option(
            label="Openbaar Ministerie Arrondissement Test"
        )
        agreement.get_by_label("Uiterlijk op").fill(due)
        agreement.get_by_role("button").click()
        expect(page.get_by_test_id("planonderdelen").get_by_role("listitem")).to_have_count(3)
        if name == "Bakker":
            page.get_by_label("Route MDA++").fill("MDA++ via het Zorg- en Veiligheidshuis")
            page.get_by_role("button", name="Opschalen").click()
            expect(page.get_by_test_id("mda")).to_contain_text("MDA++")

    # The OM records its own decision on the first case.
    switch(page, live_server, ao.users["OM"])
    page.goto(f"{live_server.url}/actieoverleg/overleggen/{meeting.pk}/")
    page.get_by_test_id("agendapunt").filter(has_text="de Vries").get_by_role("link").click()
    decision = page.get_by_test_id("form-besluit-om")
    decision.get_by_label("Besluit OM").select_option(label="Strafrechtelijk oppakken")
    decision.get_by_role("button").click()
    expect(page.get_by_test_id("besluit-om")).to_contain_text("Strafrechtelijk oppakken")

    # Handover and close.
    switch(page, live_server, ao.chair)
    for name in ("de Vries", "El Amrani", "Bakker"):
        page.goto(f"{live_server.url}/actieoverleg/overleggen/{meeting.pk}/")
        page.get_by_test_id("agendapunt").filter(has_text=name).get_by_role("link").click()
        done = page.get_by_test_id("form-besproken")
        done.get_by_label("Overdracht (stap 3)").fill("VT houdt regie; politie start verhoren.")
        done.get_by_role("button").click()
        expect(page.get_by_test_id("agendapunt").filter(has_text=name)).to_contain_text("besproken")
    page.get_by_role("button", name="Overleg afronden").click()
    expect(page.get_by_test_id("overleg-status")).to_have_text("Afgerond")
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.AFGEROND

    # Police and OM see their open agreements and the minutes.
    switch(page, live_server, ao.users["POLITIE"])
    page.goto(f"{live_server.url}/actieoverleg/afspraken/")
    expect(page.get_by_text("Onderzoekshandeling 1: Politie hoort moeder")).to_have_count(3)
    switch(page, live_server, ao.users["OM"])
    page.goto(f"{live_server.url}/actieoverleg/afspraken/")
    expect(page.get_by_text("OM informeert VT over het vervolgbesluit")).to_have_count(3)
    page.goto(f"{live_server.url}/actieoverleg/overleggen/{meeting.pk}/verslag/")
    expect(page.get_by_test_id("verslag-punt")).to_have_count(3)
    expect(page.get_by_test_id("besluit-om")).to_contain_text("Strafrechtelijk oppakken")
