"""The access log is append-only in the database itself.

SQLite: BEFORE UPDATE / BEFORE DELETE triggers abort unless ``voorop_audit_maintenance()`` —
a function every connection of the application registers (``voorop.audit.maintenance``); a
connection without it (the sqlite3 shell) cannot change the log at all.

PostgreSQL: a row trigger BEFORE UPDATE OR DELETE and a statement trigger BEFORE TRUNCATE
raise unless the setting ``voorop.audit_maintenance`` is 'on'; UPDATE, DELETE and TRUNCATE are
revoked from PUBLIC, and the application role (setting ``VOOROP_DB_APP_ROLE``) gets SELECT and
INSERT only (``voorop.audit.privileges``).

Note for later migrations: on SQLite, Django rebuilds a table to alter it, which drops its
triggers. A migration that alters these tables must create the triggers again
(``SQLITE_TRIGGERS`` below); the append-only tests fail otherwise.
"""

from django.conf import settings
from django.db import migrations

TABLES = ("audit_accesslogentry", "audit_accesslogperson")
MESSAGE = "toegangslog is alleen-toevoegen"

SQLITE_TRIGGERS = [
    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
    f"WHEN NOT voorop_audit_maintenance() "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for table in TABLES
    for op in ("UPDATE", "DELETE")
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()}"
    for table in TABLES
    for op in ("UPDATE", "DELETE")
]

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION voorop_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('voorop.audit_maintenance', true), '') = 'on' THEN
        IF TG_LEVEL = 'STATEMENT' THEN
            RETURN NULL;
        ELSIF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = '{MESSAGE} (' || TG_OP || ' op ' || TG_TABLE_NAME || ')',
        HINT = 'Alleen voorop retention mag oude regels verwijderen.';
END
$$
"""
PG_TRIGGERS = [
    sql
    for table in TABLES
    for sql in (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION voorop_audit_append_only()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION voorop_audit_append_only()",
    )
]
PG_DROP = [
    sql
    for table in TABLES
    for sql in (
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    )
] + ["DROP FUNCTION IF EXISTS voorop_audit_append_only()"]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        from voorop.audit.privileges import apply_privileges

        for sql in [PG_FUNCTION, *PG_TRIGGERS]:
            schema_editor.execute(sql)
        apply_privileges(
            schema_editor.connection, getattr(settings, "VOOROP_DB_APP_ROLE", "") or ""
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = SQLITE_DROP if vendor == "sqlite" else PG_DROP if vendor == "postgresql" else []
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0004_chain_constraints"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
