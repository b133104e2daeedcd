"""In a real browser: a VT colleague opens a person; the privacy officer finds that in the
access log, filters on the person, and prints the access overview for an inzageverzoek."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from voorop.accounts.models import RoleCode
from voorop.audit.models import AccessAction, AccessLogEntry
from voorop.core.testing import factories as f
from voorop.core.testing.browser import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def vt_family():
    vt = f.OrganisationFactory(code="vt-b", kind="VT", name="Veilig Thuis Test")
    family = f.FamilySystemFactory(name="Gezin Bakker", recorded_by=vt)
    person = f.PersonFactory(given_names="Lotte", prefix="", surname="Bakker", recorded_by=vt)
    f.FamilyMembershipFactory(family_system=family, person=person)
    f.InvolvementFactory(family_system=family, organisation=vt)
    colleague = f.UserFactory(username="vt.medewerker", organisation=vt, roles=["VT_MEDEWERKER"])
    officer = f.UserFactory(
        username="vt.privacy", organisation=vt, roles=[RoleCode.PRIVACY_OFFICER]
    )
    return {"person": person, "colleague": colleague, "officer": officer}


def test_privacy_officer_traces_who_looked_at_a_person(page, live_server, vt_family):
    person = vt_family["person"]
    login(page, live_server, vt_family["colleague"])
    page.goto(f"{live_server.url}/personen/{person.pk}/")
    expect(page.get_by_role("heading", name="Lotte Bakker")).to_be_visible()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Toegangslog")).to_have_count(0)
    page.context.clear_cookies()

    login(page, live_server, vt_family["officer"])
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Toegangslog").click()
    expect(page.get_by_role("heading", name="Toegangslog")).to_be_visible()
    page.get_by_label("Van").fill("31-02-2025")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text("Vul een geldige datum in, bijvoorbeeld 31-12-2025.")).to_be_visible()

    page.get_by_label("Van").fill("")
    page.get_by_label("Persoonsnummer").fill(str(person.pk))
    page.get_by_role("button", name="Filteren").click()
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="vt.medewerker").filter(has_text="inzien")).to_have_count(1)
    expect(rows.filter(has_text="vt.privacy")).to_have_count(0)  # not about the person

    page.goto(f"{live_server.url}/privacy/inzage/{person.pk}/")
    expect(page.get_by_role("heading", name="Inzageoverzicht")).to_be_visible()
    expect(page.get_by_role("row", name="Veilig Thuis Test")).to_contain_text("inzien")
    page.get_by_role("link", name="Afdrukversie").click()
    expect(page.get_by_role("heading", name="Overzicht van inzage in uw gegevens")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)

    officer_actions = list(
        AccessLogEntry.objects.filter(
            username="vt.privacy", object_type__in=["toegangslog", "inzageoverzicht"]
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert officer_actions == [
        AccessAction.AUDIT_READ,  # the whole log
        AccessAction.AUDIT_READ,  # filtered on the person (the invalid filter read nothing)
        AccessAction.EXPORT,
        AccessAction.PRINT,
    ]
