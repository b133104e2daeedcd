"""In a real browser: the Veilig Thuis chair puts a case on the agenda after checking the
criteria (an overlapping slot is refused), police and OM see the agenda in advance, say they
prepared and take the .ics invitation (valid for calendars); the invited 3RO sees only its
own case. The chair walks a meeting with three cases from case to case (investigative acts in
order, agreements, an intervention, escalation to MDA++, handover), the police shares
information on a legal basis (step 1) and records a disagreement that the chair escalates,
the OM records its own decision; afterwards police and OM see their open agreements and the
minutes, and the next meeting starts with the agreements still open."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from voorop.actieoverleg.models import Meeting, MeetingStatus
from voorop.core.testing import factories as f
from voorop.core.testing.browser import login
from voorop.meldingen.models import MeldingKind

from .conftest import AO
from .ics import assert_valid_ics

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
    ao.schedule(meeting, ao.scenario.vt_only_family, by="CHAIR", position=0)
    ao.schedule(meeting, third_family(ao), by="CHAIR", position=1)
    meeting_url = f"{live_server.url}/actieoverleg/overleggen/{meeting.pk}/"

    # Police submits the De Vries family from the family page.
    switch(page, live_server, ao.users["POLITIE"])
    page.goto(f"{live_server.url}/gezinssystemen/{ao.family.pk}/")
    page.get_by_test_id("actieoverleg-kaart").get_by_role(
        "link", name="Aanmelden voor het actieoverleg"
    ).click()
    page.get_by_label("Reden van de aanmelding").fill("Aangifte mishandeling; kinderen thuis.")
    page.get_by_role("button", name="Aanmelden bij Veilig Thuis").click()
    expect(page.get_by_test_id("status")).to_have_text("Ingediend")

    # The chair sees how long it waits, checks the criteria and puts it last on the agenda.
    switch(page, live_server, ao.chair)
    page.goto(f"{live_server.url}/actieoverleg/")
    row = page.get_by_test_id("aanmeldingen").get_by_role("row").filter(has_text="de Vries")
    expect(row).to_contain_text("langer dan een week")
    row.get_by_role("link").click()
    criteria = page.get_by_role("group", name="Criteria (alle vier nodig om te agenderen)")
    for label in (
        "samenloop zorg en straf",
        "(vermoeden van) strafbaar feit, politieonderzoek loopt",
        "niet al elders belegd (zoals MDA++)",
        "route nog niet duidelijk",
    ):
        criteria.get_by_label(label).check()
    page.get_by_label("Actieoverleg", exact=True).select_option(value=str(meeting.pk))
    start = meeting.starts_at + dt.timedelta(minutes=40)
    # A slot that overlaps another case is refused, with the reason on the field.
    page.get_by_label("Tijdslot van").fill(local(start - dt.timedelta(minutes=10)))
    page.get_by_label("Tijdslot tot").fill(local(start + dt.timedelta(minutes=10)))
    page.get_by_role("button", name="Agenderen").click()
    expect(page.get_by_test_id("foutoverzicht")).to_contain_text("overlapt met agendapunt")
    for label in (
        "samenloop zorg en straf",
        "(vermoeden van) strafbaar feit, politieonderzoek loopt",
        "niet al elders belegd (zoals MDA++)",
        "route nog niet duidelijk",
    ):
        criteria.get_by_label(label).check()
    page.get_by_label("Tijdslot van").fill(local(start))
    page.get_by_label("Tijdslot tot").fill(local(start + dt.timedelta(minutes=20)))
    page.get_by_role("button", name="Agenderen").click()
    expect(page.get_by_test_id("agendapunt")).to_have_count(3)
    expect(page.get_by_test_id("agendapunt").last).to_contain_text("de Vries")

    # Police and OM see the whole agenda in advance and say they prepared (step 0); their
    # calendar takes the invitation. 3RO, invited for De Vries only, sees that case alone.
    for kind in ("POLITIE", "OM"):
        switch(page, live_server, ao.users[kind])
        page.goto(meeting_url)
        items = page.get_by_test_id("agendapunt")
        expect(items).to_have_count(3)
        first = items.filter(has_text="de Vries")
        first.get_by_label("Uw reactie").select_option(label="Sluit aan, voorbereid")
        first.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_test_id("agendapunt").filter(has_text="de Vries")).to_contain_text(
            "sluit aan, voorbereid"
        )
        ics = page.request.get(f"{meeting_url}uitnodiging.ics")
        assert ics.status == 200
        assert len(assert_valid_ics(ics.body()).walk("VEVENT")) == 4
    switch(page, live_server, ao.users["RECLASSERING"])
    page.goto(meeting_url)
    expect(page.get_by_test_id("agendapunt")).to_have_count(1)
    expect(page.get_by_test_id("agendapunt")).to_contain_text("de Vries")

    # The chair opens the meeting and walks the agenda from case to case.
    switch(page, live_server, ao.chair)
    page.goto(meeting_url)
    page.get_by_role("button", name="Overleg starten").click()
    expect(page.get_by_test_id("overleg-status")).to_have_text("Bezig")
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    page.get_by_test_id("agendapunt").first.get_by_role("link").click()
    for name in ("El Amrani", "Bakker", "de Vries"):
        expect(page.get_by_role("heading", level=1)).to_contain_text(name)
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
        if name == "de Vries":
            intervention = page.get_by_test_id("form-interventie")
            intervention.get_by_label("Interventie").select_option(label="Contactverbod")
            intervention.get_by_label("Eigenaar").select_option(
                label="Openbaar Ministerie Arrondissement Test"
            )
            intervention.get_by_role("button").click()
            expect(page.get_by_test_id("planonderdelen")).to_contain_text("Contactverbod")
        else:
            page.get_by_role("link", name=re.compile("^Volgende casus")).click()
    de_vries_url = page.url

    # Step 1 for De Vries: the police shares its meldingen with the OM on a legal basis and
    # records that it disagrees with VT's approach.
    switch(page, live_server, ao.users["POLITIE"])
    page.goto(de_vries_url)
    share = page.get_by_test_id("form-delen")
    share.get_by_label("Delen met").select_option(label="Openbaar Ministerie Arrondissement Test")
    share.get_by_label("Grondslag").select_option(index=1)
    share.get_by_label("Waarom is dit nodig?").fill("Voorbereiding van het vervolgbesluit.")
    share.get_by_role("group", name="Meldingen").get_by_role("checkbox").first.check()
    share.get_by_label("Duiding").fill("Escalerend patroon sinds de eerste melding.")
    share.get_by_role("button").click()
    expect(page.get_by_text("Escalerend patroon sinds de eerste melding.")).to_be_visible()
    disagreement = page.get_by_test_id("form-verschil")
    disagreement.get_by_label("Verschil van inzicht").fill("Politie wil eerst horen.")
    disagreement.get_by_role("button").click()

    # The OM records its own decision on De Vries.
    switch(page, live_server, ao.users["OM"])
    page.goto(de_vries_url)
    decision = page.get_by_test_id("form-besluit-om")
    decision.get_by_label("Besluit OM").select_option(label="Strafrechtelijk oppakken")
    decision.get_by_role("button").click()
    expect(page.get_by_test_id("besluit-om")).to_contain_text("Strafrechtelijk oppakken")

    # The chair escalates the disagreement, hands over each case and closes the meeting.
    switch(page, live_server, ao.chair)
    page.goto(de_vries_url)
    page.get_by_label("Escaleren naar").fill("Stuurgroep Zorg- en Veiligheidshuis")
    page.get_by_role("button", name="Verschil escaleren").click()
    expect(page.get_by_text("geëscaleerd → Stuurgroep Zorg- en Veiligheidshuis")).to_be_visible()
    for name in ("El Amrani", "Bakker", "de Vries"):
        page.goto(meeting_url)
        page.get_by_test_id("agendapunt").filter(has_text=name).get_by_role("link").click()
        done = page.get_by_test_id("form-besproken")
        done.get_by_label("Overdracht (stap 3)").fill("VT houdt regie; politie start verhoren.")
        done.get_by_role("button").click()
        expect(page.get_by_test_id("agendapunt").filter(has_text=name)).to_contain_text("besproken")
    page.get_by_role("button", name="Overleg afronden").click()
    expect(page.get_by_test_id("overleg-status")).to_have_text("Afgerond")
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.AFGEROND

    # Police and OM see their open agreements and the minutes; the next meeting starts with
    # the agreements still open.
    switch(page, live_server, ao.users["POLITIE"])
    page.goto(f"{live_server.url}/actieoverleg/afspraken/")
    expect(page.get_by_text("Onderzoekshandeling 1: Politie hoort moeder")).to_have_count(3)
    switch(page, live_server, ao.users["OM"])
    page.goto(f"{live_server.url}/actieoverleg/afspraken/")
    expect(page.get_by_text("OM informeert VT over het vervolgbesluit")).to_have_count(3)
    expect(
        page.get_by_role("region", name="Openbaar Ministerie Arrondissement Test")
    ).to_contain_text("Contactverbod")
    page.goto(f"{meeting_url}verslag/")
    expect(page.get_by_test_id("verslag-punt")).to_have_count(3)
    expect(page.get_by_test_id("besluit-om")).to_contain_text("Strafrechtelijk oppakken")
    expect(page.get_by_test_id("verslag-punt").last).to_contain_text("Escalerend patroon")
    next_meeting = ao.meeting(days=9)
    switch(page, live_server, ao.chair)
    page.goto(f"{live_server.url}/actieoverleg/overleggen/{next_meeting.pk}/")
    expect(page.get_by_test_id("vorige-afspraken").get_by_role("listitem")).to_have_count(10)
