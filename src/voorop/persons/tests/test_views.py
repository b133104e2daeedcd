"""Family-system, person and search pages: what each organisation may see, and the log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from voorop.audit.models import AccessLogEntry
from voorop.cases.models import Phase
from voorop.core.testing import factories as f
from voorop.meldingen.models import MeldingKind
from voorop.organisations.models import OrganisationKind

PARTNER_KINDS = ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return {
        kind: f.OrganisationFactory(code=f"{kind.lower()}-t", kind=kind, name=f"{kind} Testregio")
        for kind in PARTNER_KINDS
    }


@pytest.fixture
def family(orgs):
    """A family in which VT and Politie are involved; each recorded its own meldingen."""
    vt, pol = orgs["VT"], orgs["POLITIE"]
    family = f.FamilySystemFactory(name="Gezin De Vries", recorded_by=pol)
    f.CaseFactory(family_system=family, phase=Phase.ACUUT, recorded_by=pol)
    mother = f.PersonFactory(given_names="Eva", surname="Vries", prefix="de", recorded_by=pol)
    father = f.PersonFactory(given_names="Bram", surname="Vries", prefix="de", recorded_by=pol)
    child = f.PersonFactory(given_names="Noor", surname="Vries", prefix="de", recorded_by=pol)
    f.AddressFactory(person=mother, postcode="1234AB")
    for person in (mother, father, child):
        f.FamilyMembershipFactory(family_system=family, person=person)
    f.RelationFactory(family_system=family, person_a=mother, person_b=father, kind="EX_PARTNER")
    base = timezone.make_aware(dt.datetime(2025, 3, 1, 21, 0))
    incident = f.MeldingFactory(
        family_system=family,
        source_organisation=pol,
        kind=MeldingKind.POLITIE_INCIDENT,
        occurred_at=base,
        received_at=base,
        narrative="Geheim politieverhaal",
        is_acute=True,
    )
    f.MeldingPersonFactory(melding=incident, person=father, role="VERDACHTE")
    f.MeldingPersonFactory(melding=incident, person=mother, role="SLACHTOFFER")
    later = base + dt.timedelta(days=30)
    vt_melding = f.MeldingFactory(
        family_system=family,
        source_organisation=vt,
        kind=MeldingKind.VT_MELDING,
        occurred_at=later,
        received_at=later + dt.timedelta(hours=5),
        narrative="Geheim VT-verhaal",
    )
    f.MeldingPersonFactory(melding=vt_melding, person=child, role="KIND_AANWEZIG")
    f.InvolvementFactory(family_system=family, organisation=pol, since=base, last_activity_at=base)
    f.InvolvementFactory(family_system=family, organisation=vt, since=later, last_activity_at=later)
    return {
        "family": family,
        "mother": mother,
        "father": father,
        "child": child,
        "incident": incident,
        "vt_melding": vt_melding,
    }


def login(client, org, roles=()):
    user = f.UserFactory(organisation=org, roles=list(roles))
    client.force_login(user)
    return user


@pytest.mark.parametrize("kind", PARTNER_KINDS)
def test_family_page_visible_only_to_involved_organisations(client, orgs, family, kind):
    login(client, orgs[kind])
    response = client.get(reverse("persons:family_detail", args=[family["family"].pk]))
    if kind in ("VT", "POLITIE"):
        assert response.status_code == 200
        assert "Gezin De Vries" in response.text
    else:
        assert response.status_code == 404
        assert "De Vries" not in response.text


def test_forbidden_and_missing_look_the_same(client, orgs, family):
    login(client, orgs["OM"])
    forbidden = client.get(reverse("persons:family_detail", args=[family["family"].pk]))
    missing = client.get(reverse("persons:family_detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


def test_timeline_shows_own_records_only_and_in_time_order(client, orgs, family):
    login(client, orgs["POLITIE"])
    response = client.get(reverse("persons:family_detail", args=[family["family"].pk]))
    body = response.text
    assert family["incident"].reference in body
    assert family["vt_melding"].reference not in body
    assert "Geheim VT-verhaal" not in body
    # the phase of the family is visible
    assert "Acuut" in body


def test_timeline_order_and_filters(client, orgs, family):
    pol = orgs["POLITIE"]
    fam = family["family"]
    newer = f.MeldingFactory(
        family_system=fam,
        source_organisation=pol,
        kind=MeldingKind.AANGIFTE,
        occurred_at=timezone.make_aware(dt.datetime(2025, 6, 1, 10, 0)),
        received_at=timezone.make_aware(dt.datetime(2025, 6, 1, 11, 0)),
    )
    login(client, pol)
    url = reverse("persons:family_detail", args=[fam.pk])
    body = client.get(url).text
    assert body.index(newer.reference) < body.index(family["incident"].reference)
    body = client.get(url, {"volgorde": "oud"}).text
    assert body.index(family["incident"].reference) < body.index(newer.reference)
    body = client.get(url, {"soort": "AANGIFTE"}).text
    assert newer.reference in body and family["incident"].reference not in body
    body = client.get(url, {"persoon": family["father"].pk}).text
    assert family["incident"].reference in body and newer.reference not in body


def test_timeline_htmx_returns_fragment(client, orgs, family):
    login(client, orgs["POLITIE"])
    response = client.get(
        reverse("persons:family_detail", args=[family["family"].pk]),
        {"soort": "POLITIE_INCIDENT"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="tijdlijn",
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert family["incident"].reference in response.text


def test_family_list_only_involved(client, orgs, family):
    other = f.FamilySystemFactory(name="Gezin Bakker", recorded_by=orgs["OM"])
    f.InvolvementFactory(family_system=other, organisation=orgs["OM"])
    login(client, orgs["VT"])
    body = client.get(reverse("persons:family_list")).text
    assert "Gezin De Vries" in body
    assert "Gezin Bakker" not in body
    login(client, orgs["RVDK"])
    body = client.get(reverse("persons:family_list")).text
    assert "Uw organisatie is nog bij geen enkel gezinssysteem betrokken." in body


def test_family_list_query_count_is_constant(client, orgs, family, django_assert_max_num_queries):
    for i in range(30):
        fam = f.FamilySystemFactory(name=f"Gezin {i}", recorded_by=orgs["VT"])
        f.CaseFactory(family_system=fam, recorded_by=orgs["VT"])
        f.InvolvementFactory(family_system=fam, organisation=orgs["VT"])
    login(client, orgs["VT"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("persons:family_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("kind", PARTNER_KINDS)
def test_person_page_forbidden_for_uninvolved(client, orgs, family, kind):
    login(client, orgs[kind])
    response = client.get(reverse("persons:person_detail", args=[family["mother"].pk]))
    assert response.status_code == (200 if kind in ("VT", "POLITIE") else 404)


def test_person_page_shows_own_meldingen_only(client, orgs, family):
    login(client, orgs["VT"])
    body = client.get(reverse("persons:person_detail", args=[family["father"].pk])).text
    assert "Bram" in body
    assert family["incident"].reference not in body


@pytest.mark.parametrize("kind", PARTNER_KINDS)
def test_search_finds_only_visible_persons(client, orgs, family, kind):
    login(client, orgs[kind])
    body = client.get(reverse("persons:person_search"), {"naam": "vries"}).text
    if kind in ("VT", "POLITIE"):
        assert "Vries, Eva de" in body
    else:
        assert "Geen personen gevonden" in body


def test_search_by_postcode_and_date(client, orgs, family):
    login(client, orgs["POLITIE"])
    body = client.get(reverse("persons:person_search"), {"postcode": "1234 ab"}).text
    assert "Vries, Eva de" in body and "Vries, Bram de" not in body
    dob = family["child"].date_of_birth.strftime("%d-%m-%Y")
    body = client.get(reverse("persons:person_search"), {"geboortedatum": dob}).text
    assert "Noor" in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"naam": ""}, "Vul een naam, een geboortedatum of een postcode in."),
        ({"postcode": "12345"}, "Vul een Nederlandse postcode in"),
        ({"geboortedatum": "31-02-2020"}, "Vul een geldige datum in"),
        ({"naam": "a"}, "Vul minstens twee letters"),
    ],
)
def test_search_validation_messages_are_dutch(client, orgs, family, params, message):
    login(client, orgs["POLITIE"])
    body = client.get(reverse("persons:person_search"), params).text
    assert message in body


def test_reads_are_logged_without_content(client, orgs, family):
    user = login(client, orgs["POLITIE"])
    fam = family["family"]
    client.get(reverse("persons:family_detail", args=[fam.pk]))
    entry = AccessLogEntry.objects.filter(object_type="gezinssysteem", action="VIEW").get()
    assert entry.user_id == user.pk
    assert entry.organisation_code == orgs["POLITIE"].code
    assert entry.outcome == "OK"
    assert str(family["mother"].pk) in entry.person_ids.split(",")
    for value in (entry.person_ids, entry.object_id, entry.purpose):
        assert "Vries" not in value


def test_denied_read_is_logged(client, orgs, family):
    login(client, orgs["OM"])
    client.get(reverse("persons:family_detail", args=[family["family"].pk]))
    entry = AccessLogEntry.objects.get(object_type="gezinssysteem")
    assert entry.outcome == "DENIED"
    assert entry.organisation_code == orgs["OM"].code


def test_search_is_logged_with_hits(client, orgs, family):
    login(client, orgs["POLITIE"])
    client.get(reverse("persons:person_search"), {"naam": "Eva"})
    entry = AccessLogEntry.objects.get(action="SEARCH")
    assert entry.person_ids == str(family["mother"].pk)


def test_anonymous_is_sent_to_login(client, family):
    response = client.get(reverse("persons:family_detail", args=[family["family"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_user_without_organisation_sees_nothing(client, family):
    user = f.UserFactory(organisation=None)
    client.force_login(user)
    assert client.get(reverse("core:home")).status_code == 200
    assert (
        client.get(reverse("persons:family_detail", args=[family["family"].pk])).status_code == 404
    )


def test_home_shows_attention_and_open_families(client, orgs, family):
    login(client, orgs["POLITIE"])
    body = client.get(reverse("core:home")).text
    assert "Mijn werkvoorraad" in body
    assert "Gezin De Vries" in body


def test_home_empty_state(client, orgs):
    login(client, orgs[OrganisationKind.RVDK])
    body = client.get(reverse("core:home")).text
    assert "Er zijn geen open gezinssystemen in de acute fase." in body
