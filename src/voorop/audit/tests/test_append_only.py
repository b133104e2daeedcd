"""The access log is append-only in the database: UPDATE, DELETE and TRUNCATE are refused
(triggers, on SQLite and PostgreSQL), except in maintenance mode; on PostgreSQL the
application role may only SELECT and INSERT."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from voorop.audit.maintenance import audit_maintenance, maintenance_active
from voorop.audit.models import AccessLogEntry, AccessLogPerson
from voorop.audit.privileges import InvalidRoleName, privilege_statements
from voorop.audit.tests.helpers import write

pytestmark = pytest.mark.django_db

REFUSED = "alleen-toevoegen"
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only (run with --postgres)"
)


@pytest.fixture
def record(user_for):
    return write(user_for("VT"), person_ids=[11, 12])


def refused(statement) -> None:
    """``statement()`` is refused by the database; the test's transaction goes on."""
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        statement()


def test_update_is_refused(record):
    refused(lambda: AccessLogEntry.objects.filter(pk=record.pk).update(purpose="vervalst"))
    record.purpose = "vervalst"
    refused(lambda: record.save(update_fields=["purpose"]))
    refused(lambda: _sql("UPDATE audit_accesslogentry SET username = 'iemand'"))
    record.refresh_from_db()
    assert record.purpose == ""


def test_delete_is_refused(record):
    refused(lambda: AccessLogEntry.objects.filter(pk=record.pk).delete())
    refused(lambda: _sql("DELETE FROM audit_accesslogentry"))
    assert AccessLogEntry.objects.filter(pk=record.pk).exists()


def test_the_persons_of_a_record_cannot_be_changed_either(record):
    refused(lambda: AccessLogPerson.objects.filter(entry=record).update(person_id=99))
    refused(lambda: AccessLogPerson.objects.filter(entry=record).delete())
    assert sorted(record.persons.values_list("person_id", flat=True)) == [11, 12]


def test_inserting_goes_on(record, user_for):
    write(user_for("POLITIE"))
    assert AccessLogEntry.objects.count() == 2


def test_maintenance_mode_lets_changes_through_and_then_ends(record):
    with audit_maintenance():
        assert maintenance_active()
        AccessLogEntry.objects.filter(pk=record.pk).update(purpose="onderhoud")
        with audit_maintenance():  # nested: still on after the inner block
            pass
        AccessLogPerson.objects.filter(entry=record).delete()
    assert not maintenance_active()
    record.refresh_from_db()
    assert record.purpose == "onderhoud"
    refused(lambda: AccessLogEntry.objects.filter(pk=record.pk).delete())


def test_maintenance_mode_ends_when_the_block_fails(record):
    with pytest.raises(RuntimeError), audit_maintenance():
        raise RuntimeError
    assert not maintenance_active()
    refused(lambda: AccessLogEntry.objects.filter(pk=record.pk).delete())


def test_maintenance_mode_belongs_to_one_thread(record):
    seen = []
    with audit_maintenance():
        thread = threading.Thread(target=lambda: seen.append(maintenance_active()))
        thread.start()
        thread.join()
    assert seen == [False]


def test_the_triggers_exist(db):
    if connection.vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit_%'"
    else:
        sql = (
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid::regclass::text LIKE 'audit_%'"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        names = {row[0] for row in cursor.fetchall()}
    expected = (
        {f"{t}_no_{op}" for t in _TABLES for op in ("update", "delete")}
        if connection.vendor == "sqlite"
        else {f"{t}_{kind}" for t in _TABLES for kind in ("append_only", "no_truncate")}
    )
    assert names == expected


@postgres_only
def test_truncate_is_refused_on_postgresql(record):
    _sql("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred foreign-key check
    refused(lambda: _sql("TRUNCATE audit_accesslogentry CASCADE"))
    refused(lambda: _sql("TRUNCATE audit_accesslogperson"))


@postgres_only
def test_the_application_role_may_only_select_and_insert(record, user_for, settings):
    """A role set up like production's application role (``VOOROP_DB_APP_ROLE``) can write the
    log through the service, and may not UPDATE, DELETE or TRUNCATE it — not even in
    maintenance mode, which only the owner can use. (The test cluster's role has CREATEROLE.)"""
    user = user_for("POLITIE")
    assert user.role_codes and user.organisation  # read now: the role may not read accounts
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        cursor.execute("CREATE ROLE voorop_app_test NOLOGIN")
        cursor.execute(f'GRANT voorop_app_test TO "{owner}"')
        for sql in privilege_statements(connection, "voorop_app_test"):
            cursor.execute(sql)
        cursor.execute("SET LOCAL ROLE voorop_app_test")
    try:
        entry = write(user, object_id="als-applicatierol")
        assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
        with audit_maintenance():
            for statement in (
                "UPDATE audit_accesslogentry SET purpose = 'x'",
                "DELETE FROM audit_accesslogentry",
                "TRUNCATE audit_accesslogentry CASCADE",
                "DELETE FROM audit_accesslogperson",
            ):
                with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                    _sql(statement)
    finally:
        _sql("RESET ROLE")
    assert AccessLogEntry.objects.count() == 2


@postgres_only
def test_privileges_refuse_a_malformed_role_name(db):
    with pytest.raises(InvalidRoleName):
        privilege_statements(connection, 'app"; DROP TABLE x; --')


_TABLES = ("audit_accesslogentry", "audit_accesslogperson")


def _sql(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@postgres_only
def test_grant_app_role_command(db):
    _sql("CREATE ROLE voorop_app_later NOLOGIN")
    out = StringIO()
    call_command("audit", "grant-app-role", "voorop_app_later", stdout=out)
    assert "GRANT SELECT, INSERT" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege('voorop_app_later', 'audit_accesslogentry', p) "
            "FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p"
        )
        assert [row[0] for row in cursor.fetchall()] == [True, True, False, False, False]


def test_grant_app_role_needs_postgresql_and_a_valid_name(db):
    expected = "geen geldige rolnaam" if connection.vendor == "postgresql" else "PostgreSQL"
    with pytest.raises(CommandError, match=expected):
        call_command("audit", "grant-app-role", "x; DROP TABLE y")
