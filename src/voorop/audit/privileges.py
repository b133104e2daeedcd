"""Database privileges on the access log (PostgreSQL).

Nobody but the owner (the role that runs the migrations) may UPDATE, DELETE or TRUNCATE the
log tables; the application role — the one the web application connects as, named by the
``VOOROP_DB_APP_ROLE`` setting — may only SELECT and INSERT. Applied by migration
``audit.0005_append_only`` and again by ``voorop audit grant-app-role ROLE`` (for a role
created after the migration ran). The application role's privileges on all other tables are
the database administrator's business.
"""

from __future__ import annotations

import re

LOG_TABLES = ("audit_accesslogentry", "audit_accesslogperson")
_ROLE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_$-]{0,62}")


class InvalidRoleName(ValueError):
    pass


def privilege_statements(connection, app_role: str = "") -> list[str]:
    """The SQL that takes UPDATE/DELETE/TRUNCATE on the log from PUBLIC and, given an
    application role, grants it SELECT and INSERT (and the id sequences) and nothing more."""
    quote = connection.ops.quote_name
    tables = ", ".join(quote(t) for t in LOG_TABLES)
    statements = [f"REVOKE UPDATE, DELETE, TRUNCATE ON {tables} FROM PUBLIC"]
    if app_role:
        if not _ROLE_RE.fullmatch(app_role):
            raise InvalidRoleName(app_role)
        role = quote(app_role)
        statements += [
            f"REVOKE ALL ON {tables} FROM {role}",
            f"GRANT SELECT, INSERT ON {tables} TO {role}",
        ]
        with connection.cursor() as cursor:
            for table in LOG_TABLES:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                row = cursor.fetchone()
                if row and row[0]:
                    statements.append(f"GRANT USAGE ON SEQUENCE {row[0]} TO {role}")
    return statements


def apply_privileges(connection, app_role: str = "") -> list[str]:
    """Run ``privilege_statements`` (PostgreSQL only; elsewhere nothing to do)."""
    if connection.vendor != "postgresql":
        return []
    statements = privilege_statements(connection, app_role)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    return statements
