"""Emergency access (doorbraak): asking for it, what it opens and for how long, and the review
by the privacy officers of the organisations involved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome
from voorop.audit.tests.api_support import KINDS, client_for, nonexistent_pk
from voorop.authz import policy, selectors, services
from voorop.authz.models import EmergencyAccess, ReviewOutcome
from voorop.core.testing import factories as f
from voorop.core.testing.factories import TEST_PASSWORD
from voorop.organisations.models import OrganisationKind
from voorop.persons.models import FamilySystem

pytestmark = pytest.mark.django_db

REASON = "Acute dreiging: kind mogelijk in gevaar, politie ter plaatse vraagt om informatie."
QUEUE = "/privacy/noodtoegang/"


def request_url(family) -> str:
    return reverse("authz:emergency_request", args=[family.pk])


def review_url(access) -> str:
    return reverse("authz:emergency_review", args=[access.pk])


def family_url(family) -> str:
    return reverse("persons:family_detail", args=[family.pk])


def log(user, action) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(user_id=user.pk, action=action).order_by("seq"))


def grant(user, family, reason: str = REASON) -> EmergencyAccess:
    return services.emergency_access_request(
        user=user, family_system=family, reason=reason, password=TEST_PASSWORD
    )


def expire(access: EmergencyAccess) -> None:
    past = timezone.now() - dt.timedelta(minutes=1)
    EmergencyAccess.objects.filter(pk=access.pk).update(
        granted_at=past - dt.timedelta(hours=4), expires_at=past
    )


@pytest.fixture
def officers(user_for):
    """A privacy officer in each partner organisation."""
    return {
        kind: user_for(kind, roles=[RoleCode.PRIVACY_OFFICER], username=f"po-{kind.lower()}")
        for kind in KINDS
    }


@pytest.fixture
def om_user(user_for):
    return user_for("OM", username="officier")


# --- asking: refused ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "code"),
    [("", "reden_ontbreekt"), ("   ", "reden_ontbreekt"), ("Spoed", "reden_te_kort")],
)
def test_refused_without_reason(family_scenario, om_user, reason, code):
    with pytest.raises(ValidationError) as exc:
        grant(om_user, family_scenario.family, reason=reason)
    assert exc.value.error_dict["reason"][0].code == code
    assert not EmergencyAccess.objects.exists()
    assert not policy.family_systems_for(om_user).exists()


def test_refused_with_wrong_password_and_logged(family_scenario, om_user):
    with pytest.raises(ValidationError) as exc:
        services.emergency_access_request(
            user=om_user, family_system=family_scenario.family, reason=REASON, password="geraden"
        )
    [error] = exc.value.error_dict["password"]
    assert error.code == "wachtwoord_onjuist"
    assert "wachtwoord is onjuist" in error.message
    assert not EmergencyAccess.objects.exists()
    [entry] = log(om_user, AccessAction.EMERGENCY_ACCESS)
    assert entry.outcome == AccessOutcome.DENIED
    assert entry.object_id == str(family_scenario.family.pk)


def test_too_many_wrong_passwords_block_for_a_while(family_scenario, om_user):
    for _ in range(services.MAX_FAILED_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.emergency_access_request(
                user=om_user, family_system=family_scenario.family, reason=REASON, password="x"
            )
    with pytest.raises(ValidationError) as exc:
        grant(om_user, family_scenario.family)  # even with the right password
    assert exc.value.code == "te_veel_pogingen"


@pytest.mark.parametrize("kind", ["VT", "POLITIE"])
def test_refused_when_already_visible(family_scenario, user_for, kind):
    with pytest.raises(ValidationError) as exc:
        grant(user_for(kind), family_scenario.family)
    assert exc.value.code == "al_zichtbaar"


def test_refused_for_users_outside_the_partners(family_scenario):
    gemeente = f.OrganisationFactory(code="gemeente-x", kind=OrganisationKind.GEMEENTE)
    for user in (f.UserFactory(organisation=gemeente), f.UserFactory(organisation=None)):
        with pytest.raises(PermissionDenied):
            grant(user, family_scenario.family)


# --- granted: flagged, visible, queued ---------------------------------------------------------


def test_granted_for_four_hours_and_logged_without_the_reason(family_scenario, om_user):
    before = timezone.now()
    access = grant(om_user, family_scenario.family)
    assert access.organisation == om_user.organisation
    assert access.reason == REASON
    assert access.expires_at - access.granted_at == dt.timedelta(hours=4)
    assert access.granted_at >= before and access.is_active and not access.is_reviewed
    [entry] = log(om_user, AccessAction.EMERGENCY_ACCESS)
    assert entry.outcome == AccessOutcome.OK
    assert entry.purpose == "art. 6 lid 1 sub d AVG"
    assert set(entry.person_id_list) == {p.pk for p in family_scenario.persons.values()}
    for value in AccessLogEntry.objects.values_list("purpose", "object_id", "on_behalf_of"):
        assert not any("dreiging" in str(v) for v in value)


def test_duration_comes_from_the_setting(family_scenario, om_user, settings):
    settings.VOOROP_EMERGENCY_ACCESS_HOURS = 2
    access = grant(om_user, family_scenario.family)
    assert access.expires_at - access.granted_at == dt.timedelta(hours=2)


def test_granted_family_is_visible_in_ui_and_api_and_flagged(client, family_scenario, om_user):
    family = family_scenario.family
    assert client_for(om_user).get(f"/api/v1/gezinssystemen/{family.pk}/").status_code == 404
    access = grant(om_user, family)
    client.force_login(om_user)
    html = client.get(family_url(family)).content.decode()
    until = timezone.localtime(access.expires_at).strftime("%H:%M")
    assert f"Noodtoegang actief tot {until}" in html
    assert "Ingezien met noodtoegang" in html
    api = client_for(om_user)
    assert api.get(f"/api/v1/gezinssystemen/{family.pk}/").status_code == 200
    timeline = api.get(f"/api/v1/gezinssystemen/{family.pk}/tijdlijn/").json()
    assert timeline["count"] == 4  # every melding of VT and police in the family
    # Only this family: the others stay out of sight.
    other = family_scenario.politie_only_family
    assert client.get(family_url(other)).status_code == 404


def test_flagged_in_the_queue_of_every_involved_organisation_only(
    client, family_scenario, om_user, officers
):
    access = grant(om_user, family_scenario.family)
    for kind, officer in officers.items():
        client.force_login(officer)
        html = client.get(QUEUE).content.decode()
        listed = f'data-noodtoegang="{access.pk}"' in html
        counted = 'data-testid="noodtoegang-teller">1<' in html
        involved = kind in {"VT", "POLITIE"}
        assert listed is involved, kind
        assert counted is involved, kind
        assert selectors.emergency_reviews_pending_count(user=officer) == int(involved)


def test_badge_shows_on_every_page_for_involved_privacy_officers(
    client, family_scenario, om_user, officers
):
    grant(om_user, family_scenario.family)
    grant(om_user, family_scenario.vt_only_family)
    client.force_login(officers["VT"])
    html = client.get("/").content.decode()
    assert 'data-testid="noodtoegang-teller">2<' in html
    client.force_login(officers["POLITIE"])
    assert 'data-testid="noodtoegang-teller">1<' in client.get("/").content.decode()


def test_no_review_menu_for_other_roles(client, family_scenario, om_user, user_for):
    grant(om_user, family_scenario.family)
    client.force_login(user_for("VT"))
    assert 'data-testid="noodtoegang-menu"' not in client.get("/").content.decode()


# --- expiry ------------------------------------------------------------------------------------


def test_denied_after_expiry(client, family_scenario, om_user):
    family = family_scenario.family
    access = grant(om_user, family)
    expire(access)
    client.force_login(om_user)
    assert client.get(family_url(family)).status_code == 404
    assert client_for(om_user).get(f"/api/v1/gezinssystemen/{family.pk}/").status_code == 404
    assert not policy.family_systems_for(om_user).exists()
    assert not policy.meldingen_for(om_user).exists()
    # ...and may be asked for again.
    assert client.get(request_url(family)).status_code == 200


def test_denied_after_expiry_by_the_clock(family_scenario, om_user, monkeypatch):
    access = grant(om_user, family_scenario.family)
    later = access.expires_at + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert not policy.family_systems_for(om_user).exists()
    assert (
        selectors.active_emergency_access(user=om_user, family_system_id=family_scenario.family.pk)
        is None
    )


# --- the request page --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_request_page_per_partner(client, family_scenario, user_for, kind):
    client.force_login(user_for(kind))
    response = client.get(request_url(family_scenario.family))
    if kind in {"VT", "POLITIE"}:  # involved: nothing to break
        assert response.status_code == 302
        assert response["Location"] == family_url(family_scenario.family)
    else:
        assert response.status_code == 200
        html = response.content.decode()
        assert 'autocomplete="current-password"' in html
        assert 'type="password"' in html
        assert "art. 6 lid 1 sub d AVG" in html and "vastgelegd" in html
        assert family_scenario.family.name not in html


def test_request_page_refuses_others(client, family_scenario):
    assert client.get(request_url(family_scenario.family)).status_code == 302  # to login
    gemeente = f.OrganisationFactory(code="gemeente-y", kind=OrganisationKind.GEMEENTE)
    client.force_login(f.UserFactory(organisation=gemeente))
    assert client.get(request_url(family_scenario.family)).status_code == 403
    client.force_login(f.UserFactory(organisation=None))
    assert client.get(request_url(family_scenario.family)).status_code == 403


def test_request_page_for_a_missing_family_is_404(client, family_scenario, om_user):
    client.force_login(om_user)
    missing = nonexistent_pk(FamilySystem)
    assert client.get(reverse("authz:emergency_request", args=[missing])).status_code == 404
    assert client.get("/noodtoegang/99999999999999999999/aanvragen/").status_code == 404


def test_request_page_refuses_without_reason_and_with_wrong_password(
    client, family_scenario, om_user
):
    client.force_login(om_user)
    url = request_url(family_scenario.family)
    html = client.post(url, {"reden": "", "wachtwoord": TEST_PASSWORD}).content.decode()
    assert "Geef de reden voor de noodtoegang op." in html
    html = client.post(url, {"reden": "Spoed", "wachtwoord": TEST_PASSWORD}).content.decode()
    assert "ten minste 20 tekens" in html
    html = client.post(url, {"reden": REASON, "wachtwoord": "fout"}).content.decode()
    assert "Het wachtwoord is onjuist" in html
    assert REASON in html  # the reason is kept, the password is not
    assert not EmergencyAccess.objects.exists()


def test_request_page_grants_and_redirects_to_the_family(client, family_scenario, om_user):
    client.force_login(om_user)
    family = family_scenario.family
    response = client.post(
        request_url(family), {"reden": REASON, "wachtwoord": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain == [(family_url(family), 302)]
    html = response.content.decode()
    assert "Noodtoegang verleend tot" in html
    assert "Noodtoegang actief tot" in html
    assert EmergencyAccess.objects.get().user == om_user


# --- review ------------------------------------------------------------------------------------


def test_review_by_a_privacy_officer_of_an_involved_organisation(
    family_scenario, om_user, officers
):
    access = grant(om_user, family_scenario.family)
    reviewed = services.emergency_access_review(
        user=officers["VT"], access=access, outcome=ReviewOutcome.JUSTIFIED, note=""
    )
    assert reviewed.review_outcome == ReviewOutcome.JUSTIFIED
    assert reviewed.reviewed_by == officers["VT"] and reviewed.reviewed_at
    [entry] = log(officers["VT"], AccessAction.EMERGENCY_REVIEW)
    assert (entry.object_type, entry.object_id) == ("noodtoegang", str(access.pk))
    # Not twice, not even by the other involved organisation.
    with pytest.raises(ValidationError) as exc:
        services.emergency_access_review(
            user=officers["POLITIE"], access=access, outcome=ReviewOutcome.UNJUSTIFIED, note="x"
        )
    assert exc.value.code == "al_beoordeeld"
    assert selectors.emergency_reviews_pending_count(user=officers["POLITIE"]) == 0


def test_unjustified_needs_a_note(family_scenario, om_user, officers):
    access = grant(om_user, family_scenario.family)
    with pytest.raises(ValidationError) as exc:
        services.emergency_access_review(
            user=officers["POLITIE"], access=access, outcome=ReviewOutcome.UNJUSTIFIED, note=" "
        )
    assert exc.value.error_dict["note"][0].code == "toelichting_ontbreekt"


@pytest.mark.parametrize("kind", ["OM", "RECLASSERING", "RVDK"])
def test_review_by_others_is_refused(family_scenario, om_user, officers, user_for, kind):
    access = grant(om_user, family_scenario.family)
    for user in (officers[kind], user_for("VT")):  # uninvolved officer; involved non-officer
        with pytest.raises(PermissionDenied):
            services.emergency_access_review(
                user=user, access=access, outcome=ReviewOutcome.JUSTIFIED, note=""
            )
    assert not EmergencyAccess.objects.get().is_reviewed


def test_review_page(client, family_scenario, om_user, officers):
    access = grant(om_user, family_scenario.family)
    client.force_login(officers["POLITIE"])
    html = client.get(review_url(access)).content.decode()
    assert REASON in html and "Was de noodtoegang terecht?" in html
    assert "/privacy/toegangslog/?gebruiker=officier&amp;van=" in html
    html = client.post(review_url(access), {"oordeel": "ONTERECHT"}).content.decode()
    assert "Licht toe waarom de noodtoegang onterecht was" in html
    response = client.post(
        review_url(access), {"oordeel": "ONTERECHT", "toelichting": "Geen acute situatie."}
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    access.refresh_from_db()
    assert access.review_outcome == ReviewOutcome.UNJUSTIFIED
    assert access.review_note == "Geen acute situatie."
    html = client.post(review_url(access), {"oordeel": "TERECHT"}).content.decode()
    assert "al beoordeeld" in html
    access.refresh_from_db()
    assert access.review_outcome == ReviewOutcome.UNJUSTIFIED
    assert [e.outcome for e in log(officers["POLITIE"], AccessAction.EMERGENCY_REVIEW)] == [
        AccessOutcome.OK
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_review_page_per_partner(client, family_scenario, om_user, officers, user_for, kind):
    access = grant(om_user, family_scenario.family)
    client.force_login(officers[kind])
    expected = 200 if kind in {"VT", "POLITIE"} else 404
    assert client.get(review_url(access)).status_code == expected
    assert client.post(review_url(access), {"oordeel": "TERECHT"}).status_code in {
        302 if expected == 200 else 404
    }
    client.force_login(user_for(kind))  # not a privacy officer
    assert client.get(review_url(access)).status_code == 403
    client.force_login(officers[kind])
    assert client.get("/privacy/noodtoegang/99999999999999999999/").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_queue_page_per_partner(client, organisations, officers, user_for, kind):
    client.force_login(officers[kind])
    assert client.get(QUEUE).status_code == 200
    client.force_login(user_for(kind))
    assert client.get(QUEUE).status_code == 403


def test_queue_page_refuses_others(client, organisations):
    assert client.get(QUEUE).status_code == 302  # to login
    gemeente = f.OrganisationFactory(code="gemeente-z", kind=OrganisationKind.GEMEENTE)
    client.force_login(f.UserFactory(organisation=gemeente, roles=[RoleCode.PRIVACY_OFFICER]))
    assert client.get(QUEUE).status_code == 403


def test_queue_pending_first_filter_and_log(client, family_scenario, om_user, officers, user_for):
    first = grant(om_user, family_scenario.family)
    services.emergency_access_review(
        user=officers["VT"], access=first, outcome=ReviewOutcome.JUSTIFIED
    )
    expire(first)
    second = grant(user_for("RVDK"), family_scenario.vt_only_family)
    queue = list(selectors.emergency_review_queue(user=officers["VT"]))
    assert queue == [second, first]
    client.force_login(officers["VT"])
    html = client.get(QUEUE, {"status": "open"}).content.decode()
    assert f'data-noodtoegang="{second.pk}"' in html
    assert f'data-noodtoegang="{first.pk}"' not in html
    html = client.get(QUEUE, {"status": "terecht"}).content.decode()
    assert f'data-noodtoegang="{first.pk}"' in html
    assert f'data-noodtoegang="{second.pk}"' not in html
    entries = log(officers["VT"], AccessAction.LIST)
    assert [(e.object_type, e.object_id) for e in entries] == [
        ("noodtoegang", str(second.pk)),
        ("noodtoegang", str(first.pk)),
    ]


def test_queue_is_paginated(client, organisations, officers, user_for):
    vt = organisations["VT"]
    families = []
    for n in range(27):
        family = f.FamilySystemFactory(recorded_by=vt, reference=f"GS-Q-{n:02d}")
        f.InvolvementFactory(family_system=family, organisation=vt)
        families.append(family)
    requester = user_for("RECLASSERING")
    for family in families:
        grant(requester, family)
    client.force_login(officers["VT"])
    html = client.get(QUEUE).content.decode()
    assert html.count("data-noodtoegang=") == 25
    assert "Pagina 1 van 2" in html
    assert client.get(QUEUE, {"page": 2}).content.decode().count("data-noodtoegang=") == 2
