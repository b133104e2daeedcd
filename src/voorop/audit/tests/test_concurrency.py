"""Appends from many connections at once still make one chain (PostgreSQL: the advisory lock).

On SQLite the test database lives in memory with a shared cache, whose table locks do not wait;
there ``transaction_mode: IMMEDIATE`` serialises writers of the one database file instead."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from voorop.audit.models import AccessLogEntry
from voorop.audit.tests.helpers import write
from voorop.audit.verification import verify_chain

THREADS = 6
EACH = 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (--postgres)")
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_make_one_unbroken_chain():
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                write(None, object_id=f"{n}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(AccessLogEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * EACH + 1))
    assert verify_chain().ok
