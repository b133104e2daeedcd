"""Maintenance mode: the one way past the access log's append-only triggers.

The triggers (migration ``0005_append_only``) refuse every UPDATE and DELETE of the access log
unless maintenance mode is on for the connection doing it:

* on SQLite the trigger asks ``voorop_audit_maintenance()``, a SQL function registered on every
  connection (``register_sqlite_function``) that answers from a flag of the current thread;
* on PostgreSQL it reads the setting ``voorop.audit_maintenance`` of the session or transaction.

Only two things use it: ``voorop retention --apply`` (removing log records past their
retention date) and the test suite's teardown (Django empties every table after a
transactional test). It is a guard against accidents, not a security boundary: on PostgreSQL
the application role has no UPDATE/DELETE/TRUNCATE privilege on the log at all, so retention
runs as the owner role that runs the migrations (docs/adr/0004-access-log.md).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

SQLITE_FUNCTION = "voorop_audit_maintenance"
PG_SETTING = "voorop.audit_maintenance"

_state = threading.local()


def maintenance_active() -> bool:
    """Whether the current thread is in maintenance mode."""
    return getattr(_state, "depth", 0) > 0


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give each SQLite connection the triggers' function."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(
        SQLITE_FUNCTION, 0, lambda: 1 if maintenance_active() else 0
    )


def _set_pg(connection, value: str, *, local: bool) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, %s)", [PG_SETTING, value, local])


@contextmanager
def audit_maintenance(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Allow UPDATE, DELETE and TRUNCATE of the access log inside the block, on this thread's
    connection. Inside a transaction the PostgreSQL setting is transaction-local (a rollback
    also ends it); outside one it is set for the session and reset on leaving."""
    connection = connections[using]
    outermost = not maintenance_active()
    local = connection.in_atomic_block
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        if outermost and connection.vendor == "postgresql":
            _set_pg(connection, "on", local=local)
        yield
    except BaseException:
        _leave(connection, outermost=outermost, local=local, quiet=True)
        raise
    else:
        _leave(connection, outermost=outermost, local=local, quiet=False)


def _leave(connection, *, outermost: bool, local: bool, quiet: bool) -> None:
    _state.depth -= 1
    if not (outermost and connection.vendor == "postgresql"):
        return
    try:
        _set_pg(connection, "off", local=local)
    except DatabaseError:
        # An error inside the block left the transaction aborted: its rollback ends the
        # transaction-local setting anyway. Let the original error through.
        if not quiet:
            raise
