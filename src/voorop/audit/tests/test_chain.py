"""The access log as a hash chain: every record links to the one before and hashes its fields."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

import pytest
from django.db import transaction
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.audit.chain import canonical_json, entry_hash
from voorop.audit.middleware import _client_address
from voorop.audit.models import (
    GENESIS_HASH,
    AccessAction,
    AccessLogEntry,
    AccessLogPerson,
    AccessOutcome,
)
from voorop.audit.tests.helpers import write
from voorop.audit.verification import verify_chain

pytestmark = pytest.mark.django_db


def chain() -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.order_by("seq"))


def test_records_form_an_unbroken_chain(user_for):
    user = user_for("VT")
    for n in range(5):
        write(user, object_id=n)
    records = chain()
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert records[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(records):
        assert after.prev_hash == before.hash
    for record in records:
        assert record.hash == entry_hash(record.prev_hash, record.__dict__)
    assert verify_chain().ok


def test_the_hash_covers_every_logged_field(user_for):
    record = write(user_for("VT"), person_ids=[3, 1], purpose="wettelijke taak")
    payload = canonical_json(record.__dict__)
    for field in (
        "seq",
        "event_id",
        "occurred_at",
        "action",
        "outcome",
        "user_id",
        "username",
        "roles",
        "acting_role",
        "organisation_code",
        "on_behalf_of",
        "purpose",
        "object_type",
        "object_id",
        "person_ids",
        "client_address",
        "channel",
    ):
        assert f'"{field}":' in payload
    assert '"occurred_at":"' + record.occurred_at.astimezone(dt.UTC).isoformat() in payload


def test_a_record_holds_who_what_when_where_and_why(user_for):
    user = user_for("VT", roles=[RoleCode.VERTROUWENSARTS, RoleCode.VT_MEDEWERKER])
    token = _client_address.set("10.1.2.3")
    try:
        before = timezone.now()
        record = write(
            user,
            action=AccessAction.DISCLOSE,
            object_type="verstrekking",
            object_id=42,
            person_ids=[7, 5, 7, None],
            purpose="art. 4.1.1 Wmo 2015",
            on_behalf_of="casusregisseur politie",
            acting_role=RoleCode.VERTROUWENSARTS,
        )
    finally:
        _client_address.reset(token)
    record.refresh_from_db()
    assert record.action == "DISCLOSE"
    assert record.outcome == AccessOutcome.OK
    assert (record.user_id, record.username) == (user.pk, user.username)
    assert record.roles == "VERTROUWENSARTS,VT_MEDEWERKER"
    assert record.acting_role == "VERTROUWENSARTS"
    assert record.organisation_code == "vt-test"
    assert record.on_behalf_of == "casusregisseur politie"
    assert record.purpose == "art. 4.1.1 Wmo 2015"
    assert (record.object_type, record.object_id) == ("verstrekking", "42")
    assert record.person_ids == "5,7"
    assert sorted(record.persons.values_list("person_id", flat=True)) == [5, 7]
    assert record.client_address == "10.1.2.3"
    assert isinstance(record.event_id, uuid.UUID)
    assert before <= record.occurred_at <= timezone.now()
    assert record.occurred_at.utcoffset() == dt.timedelta(0)


def test_the_acting_role_defaults_to_all_roles(user_for):
    user = user_for("POLITIE", roles=[RoleCode.AGENT, RoleCode.PRIVACY_OFFICER])
    assert write(user).acting_role == "AGENT,PRIVACY_OFFICER"


def test_the_system_itself_can_log(db):
    record = write(None, action=AccessAction.RETENTION, channel="CLI")
    assert (record.user_id, record.username, record.organisation_code) == (None, "", "")
    assert verify_chain().ok


def test_texts_are_cut_to_their_column_and_still_verify(user_for):
    record = write(user_for("VT"), purpose="x" * 500, on_behalf_of="y" * 500)
    record.refresh_from_db()
    assert len(record.purpose) == 200
    assert len(record.on_behalf_of) == 200
    assert verify_chain().ok


def test_an_unusable_client_address_is_left_out(user_for):
    token = _client_address.set("unix:/run/gunicorn.sock")
    try:
        record = write(user_for("VT"))
    finally:
        _client_address.reset(token)
    assert record.client_address is None


def test_ipv6_addresses_verify_whatever_spelling_the_database_returns(user_for):
    token = _client_address.set("2001:DB8:0:0::1")
    try:
        write(user_for("VT"))
    finally:
        _client_address.reset(token)
    assert verify_chain().ok


def test_an_unknown_action_is_refused(user_for):
    with pytest.raises(ValueError):
        write(user_for("VT"), action="PEEK")
    assert not AccessLogEntry.objects.exists()


def test_the_record_joins_the_callers_transaction(user_for):
    user = user_for("VT")
    write(user, object_id="blijft")
    with pytest.raises(RuntimeError), transaction.atomic():
        write(user, object_id="gaat-mee-terug")
        raise RuntimeError("the caller's work fails")
    write(user, object_id="volgende")
    assert [(r.seq, r.object_id) for r in chain()] == [(1, "blijft"), (2, "volgende")]
    assert not AccessLogPerson.objects.exclude(entry__in=AccessLogEntry.objects.all()).exists()
    assert verify_chain().ok
