"""Dat-informatie: the selector, GET /api/v1/betrokkenheid/, the panel on person and family
pages and the lookup page /betrokkenheid/ ("Wie is betrokken?")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome
from voorop.audit.tests.api_support import KINDS, client_for, nonexistent_pk
from voorop.core.testing import factories as f
from voorop.organisations.models import OrganisationKind
from voorop.persons.models import Person
from voorop.sharing import betrokkenheid

pytestmark = pytest.mark.django_db

API = "/api/v1/betrokkenheid/"
LOOKUP = "/betrokkenheid/"
VALID_BSN = "111222333"
OTHER_VALID_BSN = "123456782"
NOT_ELFPROEF = "123456789"

ANSWER_KEYS = {"persoon", "gezinssysteem", "betrokken"}
ITEM_KEYS = {"organisatie", "sinds", "contact", "kenmerk"}
ORGANISATION_KEYS = {"id", "code", "naam", "soort_organisatie"}
CONTACT_KEYS = {"telefoon", "email"}


def dat_log(**filters) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(action=AccessAction.DAT_QUERY, **filters).order_by("seq")
    )


def codes(answer) -> list[str]:
    return [item["organisatie"]["code"] for item in answer["betrokken"]]


@pytest.fixture
def gemeente_user():
    org = f.OrganisationFactory(code="gemeente-test", kind=OrganisationKind.GEMEENTE)
    return f.UserFactory(organisation=org)


# --- the selector --------------------------------------------------------------------------


def test_selector_answers_only_that_never_what(family_scenario, user_for):
    mother = family_scenario.persons["mother"]
    answer = betrokkenheid.involvement_for_person(user=user_for("OM"), person_id=mother.pk)
    assert answer.person_id == mother.pk
    assert [o.code for o in answer.organisations] == ["politie-test", "vt-test"]
    vt = answer.organisations[1]
    assert vt.reference == f"vt-test-{family_scenario.family.reference}"
    assert vt.contact_email == "team@vt-test.example.nl"
    assert vt.phone_href == "0881234567"
    assert answer.family_systems == {family_scenario.family.pk: family_scenario.family.reference}


def test_selector_refuses_users_outside_the_partners(family_scenario, gemeente_user):
    person = family_scenario.persons["mother"]
    with pytest.raises(PermissionDenied):
        betrokkenheid.involvement_for_person(user=gemeente_user, person_id=person.pk)
    with pytest.raises(PermissionDenied):
        betrokkenheid.involvement_for_family(
            user=f.UserFactory(organisation=None), family_system_id=family_scenario.family.pk
        )


def test_since_is_earliest_and_reference_of_latest_activity(organisations, user_for):
    vt = organisations["VT"]
    person = f.PersonFactory(recorded_by=vt)
    old = f.FamilySystemFactory(recorded_by=vt, reference="GS-OUD")
    new = f.FamilySystemFactory(recorded_by=vt, reference="GS-NIEUW")
    for family in (old, new):
        f.FamilyMembershipFactory(family_system=family, person=person)
    now = timezone.now()
    f.InvolvementFactory(
        family_system=old,
        organisation=vt,
        since=now - dt.timedelta(days=900),
        last_activity_at=now - dt.timedelta(days=800),
        reference="VT-2019-1",
    )
    f.InvolvementFactory(
        family_system=new,
        organisation=vt,
        since=now - dt.timedelta(days=10),
        last_activity_at=now,
        reference="",
    )
    [entry] = betrokkenheid.involvement_for_person(
        user=user_for("RVDK"), person_id=person.pk
    ).organisations
    assert entry.since == now - dt.timedelta(days=900)
    # The latest involvement has no reference of its own: the family system's reference.
    assert entry.reference == "GS-NIEUW"


def test_non_partner_organisations_are_never_reported(family_scenario, user_for):
    hospital = f.OrganisationFactory(code="ziekenhuis", kind=OrganisationKind.ZIEKENHUIS)
    f.InvolvementFactory(family_system=family_scenario.family, organisation=hospital)
    answer = betrokkenheid.involvement_for_family(
        user=user_for("OM"), family_system_id=family_scenario.family.pk
    )
    assert "ziekenhuis" not in [o.code for o in answer.organisations]


# --- the API -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_partner_may_ask_about_anyone(family_scenario, user_for, kind):
    """Hit-only: OM, reclassering and RvdK cannot see this family, yet learn who to call."""
    mother = family_scenario.persons["mother"]
    client = client_for(user_for(kind))
    response = client.get(API, {"persoon": mother.pk})
    assert response.status_code == 200
    assert codes(response.json()) == ["politie-test", "vt-test"]
    if kind not in {"VT", "POLITIE"}:
        assert client.get(f"/api/v1/personen/{mother.pk}/").status_code == 404


def test_answer_has_exactly_the_allowed_keys_and_no_content(family_scenario, user_for):
    mother = family_scenario.persons["mother"]
    response = client_for(user_for("RECLASSERING")).get(API, {"persoon": mother.pk})
    answer = response.json()
    assert set(answer) == ANSWER_KEYS
    assert answer["persoon"] == mother.pk
    assert answer["gezinssysteem"] is None
    assert len(answer["betrokken"]) == 2
    for item in answer["betrokken"]:
        assert set(item) == ITEM_KEYS
        assert set(item["organisatie"]) == ORGANISATION_KEYS
        assert set(item["contact"]) == CONTACT_KEYS
    vt = answer["betrokken"][1]
    assert vt["organisatie"]["soort_organisatie"] == "VT"
    assert vt["contact"] == {"telefoon": "088-1234567", "email": "team@vt-test.example.nl"}
    assert vt["kenmerk"] == f"vt-test-{family_scenario.family.reference}"
    assert dt.datetime.fromisoformat(vt["sinds"])
    text = response.content.decode()
    for melding in family_scenario.meldingen["VT"] + family_scenario.meldingen["POLITIE"]:
        assert melding.narrative not in text
        assert melding.reference not in text
    for person in family_scenario.persons.values():
        assert person.given_names not in text
        assert person.surname not in text
    assert family_scenario.family.name not in text


def test_question_is_logged_as_dat_query(family_scenario, user_for):
    mother = family_scenario.persons["mother"]
    user = user_for("OM")
    client_for(user).get(API, {"persoon": mother.pk})
    [entry] = dat_log(user_id=user.pk)
    assert (entry.object_type, entry.object_id, entry.outcome, entry.channel) == (
        "persoon",
        str(mother.pk),
        AccessOutcome.OK,
        "API",
    )
    assert entry.person_id_list == [mother.pk]


def test_family_system_question(family_scenario, user_for):
    family = family_scenario.family
    user = user_for("RVDK")
    response = client_for(user).get(API, {"gezinssysteem": family.pk})
    assert response.status_code == 200
    answer = response.json()
    assert (answer["persoon"], answer["gezinssysteem"]) == (None, family.pk)
    assert codes(answer) == ["politie-test", "vt-test"]
    [entry] = dat_log(user_id=user.pk)
    assert (entry.object_type, entry.object_id) == ("gezinssysteem", str(family.pk))
    assert set(entry.person_id_list) == {p.pk for p in family_scenario.persons.values()}


def test_question_by_bsn(family_scenario, user_for):
    mother = family_scenario.persons["mother"]
    Person.objects.filter(pk=mother.pk).update(bsn=VALID_BSN)
    user = user_for("OM")
    response = client_for(user).get(API, {"bsn": VALID_BSN})
    assert response.status_code == 200
    assert response.json()["persoon"] == mother.pk
    assert codes(response.json()) == ["politie-test", "vt-test"]
    [entry] = dat_log(user_id=user.pk)
    assert entry.person_id_list == [mother.pk]
    assert VALID_BSN not in entry.object_id


def test_unknown_and_uninvolved_look_the_same(family_scenario, organisations, user_for):
    """No-hit: an unknown person and a person nobody is involved with give the same answer."""
    lonely = f.PersonFactory(recorded_by=organisations["VT"], bsn=VALID_BSN)
    family = f.FamilySystemFactory(recorded_by=organisations["VT"])
    f.FamilyMembershipFactory(family_system=family, person=lonely)
    client = client_for(user_for("OM"))
    unknown_pk = nonexistent_pk(Person)

    by_id = client.get(API, {"persoon": lonely.pk}).json()
    unknown = client.get(API, {"persoon": unknown_pk}).json()
    assert by_id == {"persoon": lonely.pk, "gezinssysteem": None, "betrokken": []}
    assert unknown == {"persoon": unknown_pk, "gezinssysteem": None, "betrokken": []}

    known_bsn = client.get(API, {"bsn": VALID_BSN})
    unknown_bsn = client.get(API, {"bsn": OTHER_VALID_BSN})
    assert known_bsn.status_code == unknown_bsn.status_code == 200
    assert (
        known_bsn.json()
        == unknown_bsn.json()
        == {
            "persoon": None,
            "gezinssysteem": None,
            "betrokken": [],
        }
    )
    family_pk = nonexistent_pk(type(family))
    assert client.get(API, {"gezinssysteem": family.pk}).json()["betrokken"] == []
    assert client.get(API, {"gezinssysteem": family_pk}).json()["betrokken"] == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "precies_een_parameter"),
        ({"persoon": 1, "gezinssysteem": 1}, "precies_een_parameter"),
        ({"persoon": 1, "bsn": VALID_BSN}, "precies_een_parameter"),
        ({"bsn": NOT_ELFPROEF}, "ongeldige_parameters"),
        ({"bsn": "12345"}, "ongeldige_parameters"),
        ({"bsn": "12345678a"}, "ongeldige_parameters"),
        ({"persoon": "abc"}, "ongeldige_parameters"),
        ({"gezinssysteem": "0"}, "ongeldige_parameters"),
        ({"persoon": "9" * 20}, "ongeldige_parameters"),
        ({"gezinssysteem": "9" * 19}, "ongeldige_parameters"),
    ],
)
def test_bad_parameters_give_400_in_dutch(organisations, user_for, params, code):
    response = client_for(user_for("VT")).get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    if code == "precies_een_parameter":
        assert body["detail"] == (
            "Geef precies één van de parameters persoon, bsn of gezinssysteem op."
        )
    else:
        [messages] = body["parameters"].values()
        assert messages[0].startswith("Geen geldig") or messages[0].startswith("Geef een id")


def test_anonymous_gets_401(api_client):
    response = api_client.get(API, {"persoon": 1})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_non_partner_and_operator_get_403_and_are_logged(family_scenario, gemeente_user):
    operator = f.UserFactory(organisation=None)
    for user in (gemeente_user, operator):
        response = client_for(user).get(API, {"persoon": family_scenario.persons["mother"].pk})
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        [entry] = dat_log(user_id=user.pk)
        assert entry.outcome == AccessOutcome.DENIED


def test_token_authentication_and_query_count(
    family_scenario, user_for, django_assert_max_num_queries
):
    client = client_for(user_for("OM"), token=True)
    person = family_scenario.persons["child"]
    client.get(API, {"persoon": person.pk})  # warm up (content types etc.)
    # token + user, organisation, roles, involvement join, the log append (lock/last/insert x2)
    with django_assert_max_num_queries(10):
        response = client.get(API, {"persoon": person.pk})
    assert response.status_code == 200


# --- the panel on person and family pages ----------------------------------------------------


def test_family_page_shows_who_else_is_involved(client, family_scenario, user_for):
    user = user_for("VT")
    client.force_login(user)
    response = client.get(reverse("persons:family_detail", args=[family_scenario.family.pk]))
    html = response.content.decode()
    assert "Ook betrokken" in html
    assert "volgt met het deelbeleid" not in html
    assert "Politie Eenheid Test" in html and "Veilig Thuis Testregio" in html
    assert 'href="tel:0881234567"' in html
    assert 'href="mailto:team@politie-test.example.nl"' in html
    assert f"politie-test-{family_scenario.family.reference}" in html
    assert html.count("uw organisatie</span>") == 1
    [entry] = dat_log(user_id=user.pk)
    assert (entry.object_type, entry.object_id) == ("gezinssysteem", str(family_scenario.family.pk))


def test_person_page_shows_who_else_is_involved(client, family_scenario, user_for):
    user = user_for("POLITIE")
    client.force_login(user)
    child = family_scenario.persons["child"]
    html = client.get(reverse("persons:person_detail", args=[child.pk])).content.decode()
    assert "Betrokken partners" in html and "Veilig Thuis Testregio" in html
    [entry] = dat_log(user_id=user.pk)
    assert (entry.object_type, entry.person_id_list) == ("persoon", [child.pk])


# --- the lookup page -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_lookup_page_is_open_to_every_partner(client, organisations, user_for, kind):
    client.force_login(user_for(kind))
    response = client.get(LOOKUP)
    assert response.status_code == 200
    assert "Wie is betrokken?" in response.content.decode()


def test_lookup_page_refuses_others(client, gemeente_user):
    assert client.get(LOOKUP).status_code == 302  # anonymous: to the login page
    client.force_login(gemeente_user)
    assert client.get(LOOKUP, {"bsn": VALID_BSN}).status_code == 403
    client.force_login(f.UserFactory(organisation=None))
    assert client.get(LOOKUP).status_code == 403


def test_lookup_by_bsn_for_an_outsider_shows_hit_without_name(client, family_scenario, user_for):
    mother = family_scenario.persons["mother"]
    Person.objects.filter(pk=mother.pk).update(bsn=VALID_BSN)
    user = user_for("OM")
    client.force_login(user)
    html = client.get(LOOKUP, {"bsn": VALID_BSN}).content.decode().split("Uitkomst")[1]
    assert "Persoon gevonden (geboortejaar 1988)" in html
    assert "Eva" not in html and "de Vries" not in html
    assert family_scenario.family.name not in html
    assert "Veilig Thuis Testregio" in html and "Politie Eenheid Test" in html
    request_url = reverse("authz:emergency_request", args=[family_scenario.family.pk])
    assert f'href="{request_url}"' in html
    assert "Noodtoegang aanvragen" in html
    [entry] = dat_log(user_id=user.pk)
    assert (entry.object_type, entry.person_id_list) == ("persoon", [mother.pk])


def test_lookup_by_name_and_birth_date_for_an_involved_user(client, family_scenario, user_for):
    client.force_login(user_for("VT"))
    html = client.get(
        LOOKUP, {"achternaam": "DE vries", "geboortedatum": "14-03-1988"}
    ).content.decode()
    mother = family_scenario.persons["mother"]
    assert reverse("persons:person_detail", args=[mother.pk]) in html
    assert reverse("persons:family_detail", args=[family_scenario.family.pk]) in html
    assert "Noodtoegang aanvragen" not in html.split("Uitkomst")[1]


def test_lookup_without_hit(client, organisations, user_for):
    f.PersonFactory(surname="Zonderpartner", date_of_birth=dt.date(1970, 1, 1))
    client.force_login(user_for("RVDK"))
    for params in (
        {"achternaam": "Zonderpartner", "geboortedatum": "01-01-1970"},
        {"achternaam": "Onbekend", "geboortedatum": "01-01-1970"},
        {"bsn": OTHER_VALID_BSN},
    ):
        html = client.get(LOOKUP, params).content.decode()
        assert "Geen treffer" in html
        assert 'data-testid="treffer"' not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"bsn": NOT_ELFPROEF}, "Geen geldig BSN"),
        ({"bsn": "12"}, "Geen geldig BSN"),
        ({"bsn": "", "achternaam": ""}, "Vul een BSN in, of een achternaam en een geboortedatum."),
        ({"achternaam": "Jansen"}, "Vul ook de geboortedatum in"),
        ({"geboortedatum": "01-01-1970"}, "Vul ook de achternaam in"),
        ({"geboortedatum": "31-02-1970", "achternaam": "X"}, "Vul een geldige datum in"),
        ({"bsn": VALID_BSN, "achternaam": "Jansen"}, "niet op beide"),
    ],
)
def test_lookup_validation_in_dutch(client, organisations, user_for, params, message):
    user = user_for("POLITIE")
    client.force_login(user)
    html = client.get(LOOKUP, params).content.decode()
    assert message in html
    assert not dat_log(user_id=user.pk)
