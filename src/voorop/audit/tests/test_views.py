"""The privacy officer's pages: the access log and the access overview for an inzageverzoek."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from voorop.accounts.models import RoleCode, roles_for_kind
from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome
from voorop.audit.tests.helpers import clock, write
from voorop.audit.views import ENTRIES_PER_PAGE

pytestmark = pytest.mark.django_db

LOG_URL = reverse("audit:access_log")
KINDS = ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"]
NOT_PRIVACY_OFFICER = [
    (kind, role)
    for kind in KINDS
    for role in roles_for_kind(kind)
    if role != RoleCode.PRIVACY_OFFICER
]


def overview_url(person) -> str:
    return reverse("audit:access_overview", args=[getattr(person, "pk", person)])


def officer(user_for, kind: str):
    return user_for(kind, roles=[RoleCode.PRIVACY_OFFICER], username=f"po-{kind.lower()}")


def member(family) -> Any:
    return family.memberships.select_related("person").first().person


@dataclass
class Log:
    """Records made by users of several organisations (see the ``log`` fixture)."""

    by_vt_about_mother: Any
    by_politie_about_father: Any
    by_politie_about_politie_only: Any
    by_om_about_nobody: Any
    vt_denied_politie_only: Any
    politie_only_person: Any


@pytest.fixture
def log(family_scenario, user_for) -> Log:
    vt = user_for("VT", username="vt-medewerker")
    agent = user_for("POLITIE", username="agent")
    om = user_for("OM", username="officier")
    persons = family_scenario.persons
    politie_only = member(family_scenario.politie_only_family)
    return Log(
        by_vt_about_mother=write(vt, person_ids=[persons["mother"].pk]),
        by_politie_about_father=write(agent, person_ids=[persons["father"].pk]),
        by_politie_about_politie_only=write(agent, person_ids=[politie_only.pk]),
        by_om_about_nobody=write(om, action=AccessAction.LIST, object_type="melding"),
        vt_denied_politie_only=write(vt, object_id=politie_only.pk, outcome=AccessOutcome.DENIED),
        politie_only_person=politie_only,
    )


def shown(response) -> list[int]:
    return [entry.seq for entry, _name in response.context["rows"]]


# --- who may read the log ---------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "role"), NOT_PRIVACY_OFFICER)
def test_only_privacy_officers_read_the_log(client, user_for, family_scenario, kind, role):
    user = user_for(kind, roles=[role])
    client.force_login(user)
    person = family_scenario.persons["mother"]
    assert client.get(LOG_URL).status_code == 404
    assert client.get(overview_url(person)).status_code == 404
    assert client.get(overview_url(person), {"weergave": "afdruk"}).status_code == 404
    denied = AccessLogEntry.objects.filter(user_id=user.pk).order_by("seq")
    assert [(e.action, e.object_type, e.object_id, e.outcome) for e in denied] == [
        (AccessAction.AUDIT_READ, "toegangslog", "", AccessOutcome.DENIED),
        (AccessAction.AUDIT_READ, "inzageoverzicht", str(person.pk), AccessOutcome.DENIED),
        (AccessAction.AUDIT_READ, "inzageoverzicht", str(person.pk), AccessOutcome.DENIED),
    ]
    assert "Toegangslog" not in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_every_organisations_privacy_officer_reads_the_log(client, user_for, kind):
    client.force_login(officer(user_for, kind))
    response = client.get(LOG_URL)
    assert response.status_code == 200
    assert f'href="{LOG_URL}"' in client.get(reverse("core:home")).content.decode()


def test_a_missing_page_and_a_forbidden_one_look_the_same(client, user_for, family_scenario):
    client.force_login(user_for("VT"))
    forbidden = client.get(LOG_URL)
    client.force_login(officer(user_for, "VT"))
    missing = client.get(overview_url(10**9))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


def test_an_anonymous_visitor_is_sent_to_login(client):
    response = client.get(LOG_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_organisation_does_not_read_the_log(client):
    from voorop.core.testing.factories import UserFactory

    client.force_login(UserFactory(organisation=None, roles=[]))
    assert client.get(LOG_URL).status_code == 404


# --- what a privacy officer sees -----------------------------------------------------------


def test_vt_sees_its_own_users_and_its_families_persons(client, user_for, log):
    client.force_login(officer(user_for, "VT"))
    assert shown(client.get(LOG_URL)) == [
        log.vt_denied_politie_only.seq,
        log.by_politie_about_father.seq,
        log.by_vt_about_mother.seq,
    ]


def test_politie_sees_its_own_users_and_its_families_persons(client, user_for, log):
    client.force_login(officer(user_for, "POLITIE"))
    assert shown(client.get(LOG_URL)) == [
        log.by_politie_about_politie_only.seq,
        log.by_politie_about_father.seq,
        log.by_vt_about_mother.seq,
    ]


def test_om_sees_only_its_own_users(client, user_for, log):
    client.force_login(officer(user_for, "OM"))
    assert shown(client.get(LOG_URL)) == [log.by_om_about_nobody.seq]


def test_the_page_shows_the_facts(client, user_for, log):
    client.force_login(officer(user_for, "VT"))
    body = client.get(LOG_URL).content.decode()
    assert "agent" in body
    assert "Politie Eenheid Test" in body
    assert "geweigerd of niet gevonden" in body
    assert "inzien" in body
    assert f"?persoon={log.by_politie_about_father.person_ids}" in body


# --- filters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (lambda log: {"persoon": log.by_vt_about_mother.person_ids}, ["by_vt_about_mother"]),
        (lambda log: {"gebruiker": "agent"}, ["by_politie_about_father"]),
        (lambda log: {"gebruiker": " agent "}, ["by_politie_about_father"]),
        (lambda log: {"organisatie": "vt-test"}, ["vt_denied_politie_only", "by_vt_about_mother"]),
        (lambda log: {"uitkomst": "DENIED"}, ["vt_denied_politie_only"]),
        (lambda log: {"actie": "LIST"}, []),
        (lambda log: {"gebruiker": "agent", "organisatie": "vt-test"}, []),
    ],
)
def test_filters(client, user_for, log, params, expected):
    client.force_login(officer(user_for, "VT"))
    response = client.get(LOG_URL, params(log))
    assert shown(response) == [getattr(log, name).seq for name in expected]
    if not expected:
        assert "Geen regels gevonden met deze filters." in response.content.decode()


def test_the_period_filter_includes_both_days(client, user_for, family_scenario):
    user = user_for("VT")
    seqs = {}
    for day in (1, 2, 3, 4):
        local = timezone.make_aware(dt.datetime(2025, 3, day, 0, 30))  # just after midnight
        with clock(local):
            seqs[day] = write(user).seq
    client.force_login(officer(user_for, "VT"))
    response = client.get(LOG_URL, {"van": "02-03-2025", "tot": "2025-03-03"})
    assert shown(response) == [seqs[3], seqs[2]]
    assert shown(client.get(LOG_URL, {"van": "04-03-2025"}))[-1] == seqs[4]
    assert shown(client.get(LOG_URL, {"tot": "01/03/2025"})) == [seqs[1]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"van": "31-02-2025"}, "Vul een geldige datum in, bijvoorbeeld 31-12-2025."),
        ({"van": "05-03-2025", "tot": "01-03-2025"}, "ligt vóór de datum ‘van’"),
        ({"persoon": "abc"}, "Vul een persoonsnummer in: een positief geheel getal."),
        ({"persoon": "0"}, "Vul een persoonsnummer in: een positief geheel getal."),
        ({"persoon": "9" * 30}, "Dit persoonsnummer is te groot."),
        ({"actie": "GLUREN"}, "Kies een actie uit de lijst."),
        ({"uitkomst": "MISSCHIEN"}, "Kies een uitkomst uit de lijst."),
        ({"organisatie": "bestaat-niet"}, "Kies een organisatie uit de lijst."),
    ],
)
def test_validation_messages_are_dutch_and_nothing_is_read(client, user_for, log, params, message):
    po = officer(user_for, "VT")
    client.force_login(po)
    response = client.get(LOG_URL, params)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "Controleer de filters" in body
    assert response.context["rows"] == []
    assert not AccessLogEntry.objects.filter(user_id=po.pk).exists()


# --- every read of the log is logged ---------------------------------------------------------


def test_a_read_of_the_log_is_logged_with_its_filter(client, user_for, log):
    po = officer(user_for, "VT")
    client.force_login(po)
    mother = log.by_vt_about_mother.person_ids
    response = client.get(LOG_URL, {"persoon": mother, "van": "01-01-2025"})
    entry = AccessLogEntry.objects.get(user_id=po.pk)
    assert entry.action == AccessAction.AUDIT_READ
    assert entry.outcome == AccessOutcome.OK
    assert entry.object_type == "toegangslog"
    assert entry.object_id == str(log.by_vt_about_mother.seq)
    assert entry.person_ids == mother
    assert entry.purpose == f"filter: persoon={mother}, van=2025-01-01; pagina 1"
    assert entry.acting_role == RoleCode.PRIVACY_OFFICER
    assert entry.seq not in shown(response)  # the page shows the log as it was before the read
    assert shown(client.get(LOG_URL))[0] == entry.seq  # ... and the next read shows this one


def test_an_unfiltered_read_is_logged_too(client, user_for, db):
    po = officer(user_for, "RVDK")
    client.force_login(po)
    client.get(LOG_URL)
    assert AccessLogEntry.objects.get(user_id=po.pk).purpose == "filter: geen; pagina 1"


# --- pages, empty states, queries ----------------------------------------------------------


def test_the_log_is_paginated(client, user_for, db):
    user = user_for("VT")
    for n in range(ENTRIES_PER_PAGE + 5):
        write(user, object_id=n)
    client.force_login(officer(user_for, "VT"))
    first = client.get(LOG_URL)
    assert len(shown(first)) == ENTRIES_PER_PAGE
    assert "Pagina 1 van 2" in first.content.decode()
    second = client.get(LOG_URL, {"page": 2})
    # the first read's own record came on top, so page 2 starts one record earlier
    assert shown(second) == [6, 5, 4, 3, 2, 1]


def test_an_empty_log(client, user_for, db):
    client.force_login(officer(user_for, "OM"))
    body = client.get(LOG_URL).content.decode()
    assert "Het toegangslog bevat nog geen regels die u mag inzien." in body


def test_the_number_of_queries_does_not_grow_with_the_page(
    client, user_for, family_scenario, django_assert_max_num_queries
):
    users = [user_for("VT", username=f"vt{n}") for n in range(5)]
    for n in range(40):
        write(users[n % 5], person_ids=[family_scenario.persons["child"].pk])
    client.force_login(officer(user_for, "VT"))
    client.get(LOG_URL)
    # session, user, roles, organisation, organisations (form), count, page, names,
    # access log (lock on PostgreSQL, last record, insert), the view's savepoint (2), and what
    # the layout asks (base.html, its context processors): 13 on SQLite, 14 on PostgreSQL
    with django_assert_max_num_queries(16):
        response = client.get(LOG_URL, {"page": 1})
    assert len(shown(response)) == ENTRIES_PER_PAGE


# --- the access overview for an inzageverzoek -----------------------------------------------


@pytest.fixture
def mother_accesses(family_scenario, user_for):
    """Accesses to the mother's data: VT twice, Politie once (and one refused attempt), plus a
    privacy officer reading the log about her (not in the overview)."""
    mother = family_scenario.persons["mother"]
    vt, agent = user_for("VT", username="vt1"), user_for("POLITIE", username="agent1")
    times = [timezone.make_aware(dt.datetime(2025, 5, d, 14, 0)) for d in (1, 2, 3, 4)]
    with clock(times[0]):
        write(vt, person_ids=[mother.pk])
    with clock(times[1]):
        write(agent, action=AccessAction.SEARCH, person_ids=[mother.pk])
    with clock(times[2]):
        write(vt, action=AccessAction.UPDATE, person_ids=[mother.pk, 999])
    with clock(times[3]):
        write(agent, person_ids=[mother.pk], outcome=AccessOutcome.DENIED)
        write(officer(user_for, "OM"), action=AccessAction.AUDIT_READ,
              object_type="toegangslog", person_ids=[mother.pk])  # fmt: skip
    return mother, times


def test_the_access_overview_per_organisation(client, user_for, mother_accesses):
    mother, times = mother_accesses
    client.force_login(officer(user_for, "VT"))
    response = client.get(overview_url(mother))
    assert response.status_code == 200
    rows = [
        (r.organisation_code, r.organisation_name, r.first_at, r.last_at, r.count, r.actions)
        for r in response.context["rows"]
    ]
    assert rows == [
        ("vt-test", "Veilig Thuis Testregio", times[0], times[2], 2, ["inzien", "wijzigen"]),
        ("politie-test", "Politie Eenheid Test", times[1], times[1], 1, ["zoeken"]),
    ]
    body = response.content.decode()
    assert "Eva de Vries" in body
    assert "01-05-2025 14:00" in body
    assert "Afdrukversie" in body


def test_producing_the_overview_is_logged(client, user_for, mother_accesses):
    mother, _times = mother_accesses
    po = officer(user_for, "POLITIE")
    client.force_login(po)
    client.get(overview_url(mother))
    printable = client.get(overview_url(mother), {"weergave": "afdruk"})
    assert printable.status_code == 200
    body = printable.content.decode()
    assert "Overzicht van inzage in uw gegevens" in body
    assert "utrecht-nav-bar" not in body  # a plain printable page
    assert "audit/print.css" in body
    logged = AccessLogEntry.objects.filter(user_id=po.pk).order_by("seq")
    assert [(e.action, e.object_type, e.object_id, e.person_ids) for e in logged] == [
        (AccessAction.EXPORT, "inzageoverzicht", str(mother.pk), str(mother.pk)),
        (AccessAction.PRINT, "inzageoverzicht", str(mother.pk), str(mother.pk)),
    ]
    # ... and the overview itself stays about the organisations that saw her data
    codes = [r.organisation_code for r in client.get(overview_url(mother)).context["rows"]]
    assert codes == ["vt-test", "politie-test"]


def test_the_overview_without_any_access(client, user_for, family_scenario):
    client.force_login(officer(user_for, "VT"))
    body = client.get(overview_url(family_scenario.persons["child"])).content.decode()
    assert "Geen enkele organisatie heeft gegevens van deze persoon ingezien" in body


def test_the_overview_only_for_persons_of_the_officers_families(client, user_for, family_scenario):
    po = officer(user_for, "VT")
    client.force_login(po)
    other = member(family_scenario.politie_only_family)
    assert client.get(overview_url(other)).status_code == 404
    entry = AccessLogEntry.objects.get(user_id=po.pk)
    assert (entry.action, entry.object_id, entry.outcome) == (
        AccessAction.AUDIT_READ,
        str(other.pk),
        AccessOutcome.DENIED,
    )
    client.force_login(officer(user_for, "POLITIE"))
    assert client.get(overview_url(other)).status_code == 200
