"""``voorop audit verify``: an intact chain passes; a forged, changed or removed record breaks
it, and the first broken link is named."""

from __future__ import annotations

import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from voorop.audit.chain import entry_hash
from voorop.audit.maintenance import audit_maintenance
from voorop.audit.models import AccessAction, AccessLogEntry, AccessLogPerson
from voorop.audit.tests.helpers import write
from voorop.audit.verification import retention_object_id, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(user_for):
    """Five records, seq 1–5, each about a person."""
    user = user_for("VT")
    return [write(user, object_id=n, person_ids=[100 + n]) for n in range(1, 6)]


def verify(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit", "verify", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def broken(*args: str) -> str:
    with pytest.raises(CommandError) as info:
        verify(*args)
    assert info.value.returncode == 1
    return str(info.value)


def test_an_empty_log_is_intact(db):
    assert verify()[0].strip() == "OK: 0 regels, keten intact"


def test_an_intact_chain_passes_in_batches_with_progress(five):
    out, err = verify("--batch-size", "2")
    assert out.strip() == "OK: 5 regels, keten intact"
    assert "… 2 van 5 regels gecontroleerd" in err
    assert "… 5 van 5 regels gecontroleerd" in err


def test_a_short_chain_prints_no_progress(five):
    assert verify()[1] == ""


def _values(record: AccessLogEntry) -> dict:
    return {k: v for k, v in record.__dict__.items() if not k.startswith("_") and k != "id"}


def test_a_forged_row_with_a_wrong_hash_breaks_the_chain_at_that_row(five):
    last = five[-1]
    forged = AccessLogEntry.objects.create(
        **{
            **_values(last),
            "seq": 6,
            "event_id": uuid.uuid4(),
            "prev_hash": last.hash,
            "hash": "f" * 64,
        }
    )
    write(None)  # a genuine record after the forgery
    message = broken()
    assert f"seq 6 (event_id {forged.event_id})" in message
    assert "[hash_wijkt_af]" in message
    assert "5 regels daarvoor zijn in orde" in message


def test_a_forged_row_with_its_own_correct_hash_breaks_the_link_to_it(five):
    last = five[-1]
    values = {**_values(last), "seq": 6, "purpose": "ingevoegd", "prev_hash": "a" * 64}
    values.pop("event_id")
    forged = AccessLogEntry(**values)
    forged.hash = entry_hash(forged.prev_hash, forged.__dict__)
    forged.save()
    message = broken()
    assert "seq 6" in message
    assert "[vorige_hash_wijkt_af]" in message


def test_a_changed_record_breaks_the_chain_at_that_record(five):
    with audit_maintenance():
        AccessLogEntry.objects.filter(seq=3).update(username="iemand-anders")
    message = broken()
    assert f"seq 3 (event_id {five[2].event_id})" in message
    assert "[hash_wijkt_af]" in message


def test_a_changed_record_with_a_recomputed_hash_breaks_the_next_link(five):
    record = AccessLogEntry.objects.get(seq=3)
    record.organisation_code = "politie-test"
    record.hash = entry_hash(record.prev_hash, record.__dict__)
    with audit_maintenance():
        record.save()
    message = broken()
    assert "seq 4" in message
    assert "[vorige_hash_wijkt_af]" in message


def test_a_removed_record_leaves_a_gap(five):
    with audit_maintenance():
        AccessLogEntry.objects.filter(seq=2).delete()
    message = broken()
    assert "seq 3" in message
    assert "[seq_gat]" in message


def test_a_removed_person_row_is_found(five):
    with audit_maintenance():
        AccessLogPerson.objects.filter(entry__seq=4).delete()
    message = broken()
    assert "seq 4" in message
    assert "[personen_wijken_af]" in message


def test_records_removed_from_the_start_without_retention_are_found(five):
    with audit_maintenance():
        AccessLogEntry.objects.filter(seq__lte=2).delete()
    message = broken()
    assert "seq 3" in message
    assert "[anker_onbekend]" in message


def test_the_start_removed_by_retention_is_accepted_as_anchor(five):
    with audit_maintenance():
        AccessLogEntry.objects.filter(seq__lte=2).delete()
    retention = write(
        None,
        action=AccessAction.RETENTION,
        object_type="toegangslog",
        object_id=retention_object_id(first_seq=1, last_seq=2, anchor=five[1].hash),
        channel="CLI",
    )
    out, _err = verify()
    assert "de regels vóór seq 3 zijn verwijderd door de bewaartermijn" in out
    assert f"(RETENTION-regel seq {retention.seq})" in out
    assert out.strip().endswith("OK: 4 regels, keten intact")
    result = verify_chain()
    assert result.ok
    assert (result.anchor.first_seq, result.anchor.prev_hash) == (3, five[1].hash)


def test_a_retention_record_naming_another_anchor_does_not_count(five):
    with audit_maintenance():
        AccessLogEntry.objects.filter(seq__lte=2).delete()
    write(
        None,
        action=AccessAction.RETENTION,
        object_type="toegangslog",
        object_id=retention_object_id(first_seq=1, last_seq=2, anchor="b" * 64),
    )
    assert "[anker_onbekend]" in broken()
