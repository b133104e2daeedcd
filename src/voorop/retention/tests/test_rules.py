"""Retention rules: defaults, validation (the access log at least five years), uniqueness, and
editing in /beheer/ by a functioneel beheerder."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from voorop.accounts.models import RoleCode
from voorop.retention.models import ACCESS_LOG_MIN_DAYS, RecordKind, RetentionRule

pytestmark = pytest.mark.django_db

TOO_SHORT = "Het toegangslog moet minstens vijf jaar bewaard worden: vul ten minste 1827 dagen in."


def test_the_defaults_come_with_the_migrations(db):
    defaults = {r.record_kind: r.keep_days for r in RetentionRule.objects.filter(organisation=None)}
    assert defaults == {RecordKind.MELDING: 7305, RecordKind.ACCESS_LOG: 2557}


def test_five_years_always_fit_in_the_minimum():
    assert ACCESS_LOG_MIN_DAYS == 1827  # 5 × 365 + two leap days


def test_the_access_log_is_kept_at_least_five_years(organisations):
    rule = RetentionRule(
        organisation=organisations["VT"],
        record_kind=RecordKind.ACCESS_LOG,
        keep_days=ACCESS_LOG_MIN_DAYS - 1,
    )
    with pytest.raises(ValidationError) as info:
        rule.full_clean()
    assert info.value.message_dict == {"keep_days": [TOO_SHORT]}
    assert info.value.error_dict["keep_days"][0].code == "access_log_too_short"
    rule.keep_days = ACCESS_LOG_MIN_DAYS
    rule.full_clean()


def test_other_records_may_have_a_short_term(organisations):
    RetentionRule(
        organisation=organisations["POLITIE"], record_kind=RecordKind.MELDING, keep_days=365
    ).full_clean()


def test_the_database_refuses_a_short_access_log_term_too(organisations):
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionRule.objects.create(
            organisation=organisations["VT"], record_kind=RecordKind.ACCESS_LOG, keep_days=30
        )


def test_one_rule_per_organisation_and_kind(organisations):
    RetentionRule.objects.create(
        organisation=organisations["VT"], record_kind=RecordKind.MELDING, keep_days=3650
    )
    duplicate = RetentionRule(
        organisation=organisations["VT"], record_kind=RecordKind.MELDING, keep_days=100
    )
    with pytest.raises(ValidationError) as info:
        duplicate.full_clean()
    assert "Deze organisatie heeft al een bewaartermijn voor deze soort gegevens." in str(
        info.value
    )


def test_one_default_per_kind(db):
    duplicate = RetentionRule(organisation=None, record_kind=RecordKind.MELDING, keep_days=100)
    with pytest.raises(ValidationError) as info:
        duplicate.full_clean()
    assert "Er is al een standaardtermijn voor deze soort gegevens." in str(info.value)


# --- /beheer/ ----------------------------------------------------------------------------------

ADD_URL = reverse("admin:retention_retentionrule_add")
LIST_URL = reverse("admin:retention_retentionrule_changelist")


def beheerder(user_for, kind="VT", **kwargs):
    return user_for(kind, roles=[RoleCode.FUNCTIONEEL_BEHEERDER], is_staff=True, **kwargs)


def test_a_functioneel_beheerder_adds_a_rule_for_their_organisation(client, user_for):
    user = beheerder(user_for)
    client.force_login(user)
    response = client.post(
        ADD_URL,
        {
            "organisation": user.organisation.pk,
            "record_kind": RecordKind.ACCESS_LOG,
            "keep_days": 3650,
            "note": "10 jaar, besluit directie",
        },
    )
    assert response.status_code == 302
    rule = RetentionRule.objects.get(organisation=user.organisation)
    assert (rule.record_kind, rule.keep_days) == (RecordKind.ACCESS_LOG, 3650)


def test_the_admin_shows_the_dutch_message(client, user_for):
    user = beheerder(user_for)
    client.force_login(user)
    response = client.post(
        ADD_URL,
        {"organisation": user.organisation.pk, "record_kind": "ACCESS_LOG", "keep_days": 365},
    )
    assert response.status_code == 200
    assert TOO_SHORT in response.content.decode()
    assert not RetentionRule.objects.filter(organisation=user.organisation).exists()


def test_a_functioneel_beheerder_sees_only_their_organisations_rules(
    client, user_for, organisations
):
    other = RetentionRule.objects.create(
        organisation=organisations["POLITIE"], record_kind=RecordKind.MELDING, keep_days=1000
    )
    client.force_login(beheerder(user_for))
    listing = client.get(LIST_URL)
    assert listing.status_code == 200
    assert "Politie Eenheid Test" not in listing.content.decode()
    change_url = reverse("admin:retention_retentionrule_change", args=[other.pk])
    assert client.get(change_url).status_code in (302, 403, 404)
    data = {"organisation": organisations["POLITIE"].pk, "record_kind": "MELDING", "keep_days": 5}
    assert client.post(ADD_URL, data).status_code == 200  # the form refuses the organisation
    assert not RetentionRule.objects.filter(keep_days=5).exists()


@pytest.mark.parametrize("roles", [[RoleCode.VT_MEDEWERKER], [RoleCode.PRIVACY_OFFICER]])
def test_other_staff_may_not_edit_rules(client, user_for, roles):
    client.force_login(user_for("VT", roles=roles, is_staff=True))
    assert client.get(ADD_URL).status_code == 403
    assert client.get(LIST_URL).status_code == 403
