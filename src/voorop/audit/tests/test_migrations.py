"""Migration 0003 chains the records written before the chain existed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from voorop.audit.models import AccessLogEntry, AccessLogPerson
from voorop.audit.verification import verify_chain

BEFORE = [("audit", "0001_initial")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_records_from_before_the_chain_are_chained():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("audit")
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            for n, (persons, address) in enumerate(
                [("", "127.0.0.1"), ("4,2", None), ("7", "2001:db8::1")], start=1
            ):
                cursor.execute(
                    "INSERT INTO audit_accesslogentry (occurred_at, action, outcome, user_id, "
                    "username, roles, organisation_code, purpose, object_type, object_id, "
                    "person_ids, client_address, channel) VALUES "
                    "(%s, 'VIEW', 'OK', 1, 'oud', 'AGENT', 'politie-test', '', 'persoon', %s, "
                    "%s, %s, 'WEB')",
                    [f"2025-01-0{n} 10:00:00", str(n), persons, address],
                )
    finally:
        migrate(latest)
    records = list(AccessLogEntry.objects.order_by("seq"))
    assert [(r.seq, r.object_id, r.acting_role) for r in records] == [
        (1, "1", "AGENT"),
        (2, "2", "AGENT"),
        (3, "3", "AGENT"),
    ]
    assert len({r.event_id for r in records}) == 3
    assert sorted(AccessLogPerson.objects.values_list("entry__seq", "person_id")) == [
        (2, 2),
        (2, 4),
        (3, 7),
    ]
    result = verify_chain()
    assert result.ok, result.broken
    assert result.checked == 3
