"""Dat-informatie at scale: GET /api/v1/betrokkenheid/?persoon=<id> on 1,000,000 persons.

Starts a throwaway PostgreSQL cluster (``voorop.core.testing.pgcluster``), creates the voorop
schema with ``voorop migrate``, and fills it with set-based SQL (``INSERT … SELECT`` over
``generate_series``; a recursive CTE on SQLite): family systems of 3 or 4 persons, every
twentieth person also in a second family system, every fiftieth in none, and 1–4 partner
organisations involved per family system. Then it times random questions

- through Django's full request stack (test ``Client``, token authentication, middleware,
  serializer, and the access-log append that every question writes),
- through the selector alone (in-process, still with the access-log append), and
- as one raw SQL query through psycopg (or sqlite3): the floor.

    .venv/bin/python benchmarks/dat_informatie.py                       # 1,000,000 persons
    .venv/bin/python benchmarks/dat_informatie.py --persons 100000 --requests 500
    .venv/bin/python benchmarks/dat_informatie.py --backend sqlite

The target is p95 < 20 ms for the API. Not part of ``make test``; its builder and measurement
run at toy size in ``src/voorop/authz/tests/test_dat_informatie_benchmark.py``.
"""

# The builder writes SQL with f-strings: only integers computed here and a timestamp literal go
# into it (set-based INSERT … SELECT cannot take the row values as parameters).
# ruff: noqa: S608

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Organisations per partner kind (regional teams): 5 kinds x 4 = 20 partner organisations.
ORGS_PER_KIND = 4
PARTNER_KIND_CODES = ("VT", "POLITIE", "OM", "RECLASSERING", "RVDK")
TARGET_P95_MS = 20.0

#: The floor: the dat-informatie question as one query (what the selector asks, nothing more).
RAW_SQL = """
SELECT o.id, o.code, o.name, o.kind, o.contact_phone, o.contact_email,
       i.since, i.last_activity_at, i.reference, fs.reference, i.family_system_id
FROM persons_familymembership m
JOIN persons_organisationinvolvement i ON i.family_system_id = m.family_system_id
JOIN persons_familysystem fs ON fs.id = i.family_system_id
JOIN organisations_organisation o ON o.id = i.organisation_id
WHERE m.person_id = {param}
  AND o.kind IN ('VT', 'POLITIE', 'OM', 'RECLASSERING', 'RVDK')
"""


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


# --- building the data set -----------------------------------------------------------------


@dataclass
class Dataset:
    persons: int
    families: int
    memberships: int
    involvements: int
    first_person_id: int
    organisation_ids: list[int]
    seconds: float

    def person_ids(self) -> range:
        return range(self.first_person_id, self.first_person_id + self.persons)


class _Dialect:
    """The few SQL spellings that differ between PostgreSQL and SQLite."""

    def __init__(self, vendor: str) -> None:
        self.vendor = vendor

    def series(self, n: int) -> tuple[str, str]:
        """(prefix, from-item) producing rows g = 1..n."""
        if self.vendor == "postgresql":
            return "", f"generate_series(1::bigint, {int(n)}) AS s(g)"
        return (
            f"WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {int(n)}) ",
            "s",
        )

    def date_plus_days(self, base: str, days_expr: str) -> str:
        if self.vendor == "postgresql":
            return f"(DATE '{base}' + ({days_expr})::integer)"
        return f"date('{base}', '+' || ({days_expr}) || ' days')"

    def timestamp_literal(self, value) -> str:
        """A timestamp as Django stores it: timestamptz on PostgreSQL, UTC text on SQLite."""
        if self.vendor == "postgresql":
            return f"TIMESTAMPTZ '{value.isoformat()}'"
        return f"'{value.replace(tzinfo=None).isoformat(sep=' ')}'"

    def timestamp_minus_days(self, timestamp: str, days_expr: str) -> str:
        if self.vendor == "postgresql":
            return f"({timestamp} - ({days_expr}) * interval '1 day')"
        return f"strftime('%Y-%m-%d %H:%M:%f', {timestamp}, '-' || ({days_expr}) || ' days')"


def _family_of(person: str) -> str:
    """Family number (1-based) of person number ``person`` (1-based): pairs of families of 3
    and 4 persons, 7 persons per pair."""
    return f"(2 * (({person} - 1) / 7) + CASE WHEN ({person} - 1) % 7 < 3 THEN 1 ELSE 2 END)"


def _bsn(person: str) -> str:
    """A unique valid BSN for person number ``person``, or NULL (when the elfproef digit would
    be 10, about one in eleven): eight digits b = 10000000 + 7g, then the check digit."""
    b = f"(10000000 + 7 * {person})"
    digits = [f"(({b} / {10 ** (7 - i)}) % 10)" for i in range(8)]
    weighted = " + ".join(f"{9 - i} * {d}" for i, d in enumerate(digits))
    check = f"(({weighted}) % 11)"
    return f"CASE WHEN {check} < 10 THEN CAST({b} * 10 + {check} AS TEXT) END"


def build(connection, *, persons: int, seed: int = 7) -> Dataset:
    """Fill the (migrated) voorop schema behind ``connection`` with ``persons`` persons and
    their family systems, memberships and involvements, using set-based SQL. Existing rows are
    left alone: new ids start after the highest ones."""
    from django.utils import timezone

    from voorop.organisations.models import Organisation

    if persons < 7:
        raise ValueError("Give at least 7 persons.")
    dialect = _Dialect(connection.vendor)
    started = time.perf_counter()
    rng = random.Random(seed)
    organisations = []
    for kind in PARTNER_KIND_CODES:
        for region in range(ORGS_PER_KIND):
            code = f"bench-{kind.lower()}-{region}"
            org, _ = Organisation.objects.get_or_create(
                code=code,
                defaults={
                    "name": f"{kind} bench regio {region}",
                    "kind": kind,
                    "contact_phone": f"088-{rng.randrange(1_000_000, 9_999_999)}",
                    "contact_email": f"team@{code}.example.nl",
                },
            )
            organisations.append(org.pk)
    now = dialect.timestamp_literal(timezone.now().astimezone(dt.UTC))
    last_family = int(_eval_family(persons))

    with connection.cursor() as cursor:

        def max_id(table: str) -> int:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            return int(cursor.fetchone()[0])

        person_base = max_id("persons_person")
        family_base = max_id("persons_familysystem")
        cursor.execute("DROP TABLE IF EXISTS bench_org_slot")
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_org_slot (slot INTEGER PRIMARY KEY, org_id BIGINT)"
        )
        cursor.executemany(
            "INSERT INTO bench_org_slot (slot, org_id) VALUES (%s, %s)",
            list(enumerate(organisations)),
        )
        recorder = organisations[0]

        # Only integers and the timestamp literal above are put into these statements, and
        # none has parameters, so "%" is SQL's modulo on every backend.
        prefix, source = dialect.series(last_family)
        cursor.execute(
            f"{prefix}INSERT INTO persons_familysystem "
            "(id, reference, name, recorded_by_id, created_at) "
            f"SELECT {family_base} + g, 'BF-' || CAST({family_base} + g AS TEXT), "
            f"'Gezin ' || CAST(g AS TEXT), {recorder}, {now} FROM {source}"
        )
        prefix, source = dialect.series(persons)
        born = dialect.date_plus_days("1940-01-01", "(g * 7919) % 29000")
        cursor.execute(
            f"{prefix}INSERT INTO persons_person (id, given_names, prefix, surname, date_of_birth, "
            "sex, bsn, recorded_by_id, created_at) "
            f"SELECT {person_base} + g, 'Voornaam' || CAST(g % 997 AS TEXT), '', "
            f"'Achternaam' || CAST(g % 20011 AS TEXT), {born}, 'O', {_bsn('g')}, {recorder}, "
            f"{now} FROM {source}"
        )
        membership = "INSERT INTO persons_familymembership (family_system_id, person_id) "
        cursor.execute(
            f"{prefix}{membership}SELECT {family_base} + {_family_of('g')}, {person_base} + g "
            f"FROM {source} WHERE g % 50 <> 0"
        )
        if last_family >= 2:
            # Every twentieth person also belongs to a second family system (a new partner).
            second = f"({_family_of('g')} + {last_family // 2} - 1) % {last_family} + 1"
            cursor.execute(
                f"{prefix}{membership}SELECT {family_base} + {second}, {person_base} + g "
                f"FROM {source} WHERE g % 20 = 0 AND g % 50 <> 0"
            )
        prefix, source = dialect.series(last_family)
        since = dialect.timestamp_minus_days(now, "(g * 37 + k * 101) % 2000")
        slot = f"((g + k) % 5) * {ORGS_PER_KIND} + (g / 5) % {ORGS_PER_KIND}"
        cursor.execute(
            f"{prefix}INSERT INTO persons_organisationinvolvement "
            "(family_system_id, organisation_id, since, last_activity_at, reference) "
            f"SELECT {family_base} + g, o.org_id, {since}, {now}, "
            "CASE WHEN g % 10 = 0 AND k = 0 THEN '' "
            "ELSE 'BK-' || CAST(o.slot AS TEXT) || '-' || CAST(g AS TEXT) END "
            f"FROM {source} "
            "CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 "
            "UNION ALL SELECT 3) ks "
            f"JOIN bench_org_slot o ON o.slot = {slot} "
            "WHERE k < 1 + (g * 31) % 4"
        )
        if connection.vendor == "postgresql":
            for table in ("persons_person", "persons_familysystem"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
        cursor.execute("DROP TABLE bench_org_slot")
        if connection.vendor == "postgresql" and connection.get_autocommit():
            # What autovacuum would do soon after a bulk load anyway; done now, so that it does
            # not run during the measurements (the visibility map also allows index-only scans).
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")

        def count(sql: str) -> int:
            cursor.execute(sql)
            return int(cursor.fetchone()[0])

        memberships = count(
            f"SELECT COUNT(*) FROM persons_familymembership WHERE person_id > {person_base}"
        )
        involvements = count(
            "SELECT COUNT(*) FROM persons_organisationinvolvement "
            f"WHERE family_system_id > {family_base}"
        )
    return Dataset(
        persons=persons,
        families=last_family,
        memberships=memberships,
        involvements=involvements,
        first_person_id=person_base + 1,
        organisation_ids=organisations,
        seconds=time.perf_counter() - started,
    )


def _eval_family(person: int) -> int:
    """``_family_of`` in Python."""
    return 2 * ((person - 1) // 7) + (1 if (person - 1) % 7 < 3 else 2)


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Timing:
    what: str
    values_ms: list[float]

    def row(self) -> str:
        v = self.values_ms
        return (
            f"{self.what:<52} {len(v):>6} {percentile(v, 50):>8.2f} {percentile(v, 95):>8.2f} "
            f"{percentile(v, 99):>8.2f} {statistics.fmean(v):>8.2f} {max(v):>8.2f}"
        )


HEADER = f"{'what':<52} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean':>8} {'max':>8}"


def bench_users() -> list[tuple[Any, str]]:
    """One user per partner kind (of the first bench organisation of that kind), with a token."""
    from rest_framework.authtoken.models import Token

    from voorop.accounts.models import User, UserRole, roles_for_kind
    from voorop.organisations.models import Organisation

    users = []
    for kind in PARTNER_KIND_CODES:
        org = Organisation.objects.get(code=f"bench-{kind.lower()}-0")
        user, created = User.objects.get_or_create(
            username=f"bench-{kind.lower()}", defaults={"organisation": org}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            UserRole.objects.create(user=user, role=roles_for_kind(kind)[0])
        token, _ = Token.objects.get_or_create(user=user)
        users.append((user, token.key))
    return users


def time_api(
    person_ids: Sequence[int], *, requests: int, seed: int = 7, param: str = "persoon"
) -> Timing:
    """GET /api/v1/betrokkenheid/?<param>=… through Django's full stack, token-authenticated,
    as a random partner user per request."""
    from django.test import Client

    rng = random.Random(seed)
    clients = [
        Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT="application/json")
        for _, key in bench_users()
    ]
    for n in range(min(50, requests)):  # warm up: imports, caches, prepared statements
        clients[n % len(clients)].get("/api/v1/betrokkenheid/", {param: rng.choice(person_ids)})
    values = []
    for _ in range(requests):
        client = rng.choice(clients)
        value = rng.choice(person_ids)
        t0 = time.perf_counter()
        response = client.get("/api/v1/betrokkenheid/", {param: value})
        values.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise RuntimeError(
                f"?{param}={value}: HTTP {response.status_code} {response.content!r}"
            )
    return Timing(f"API ?{param}= (Django stack, token, access log)", values)


def time_selector(person_ids: Sequence[int], *, requests: int, seed: int = 7) -> Timing:
    """The selector in-process (no HTTP, no serializer), still with the access-log append."""
    from voorop.sharing.betrokkenheid import involvement_for_person

    rng = random.Random(seed + 1)
    users = [user for user, _ in bench_users()]
    values = []
    for _ in range(requests):
        user, person_id = rng.choice(users), rng.choice(person_ids)
        t0 = time.perf_counter()
        involvement_for_person(user=user, person_id=person_id, channel="API")
        values.append((time.perf_counter() - t0) * 1000)
    return Timing("selector in-process (with access log)", values)


def time_raw(
    execute: Callable[[str, Sequence[Any]], Any],
    person_ids: Sequence[int],
    *,
    requests: int,
    seed: int = 7,
    placeholder: str = "%s",
    label: str = "raw SQL (floor)",
) -> Timing:
    """The same question as one raw query; ``execute(sql, params)`` returns the rows."""
    rng = random.Random(seed + 2)
    sql = RAW_SQL.format(param=placeholder)
    for _ in range(min(50, requests)):
        execute(sql, [rng.choice(person_ids)])
    values = []
    for _ in range(requests):
        person_id = rng.choice(person_ids)
        t0 = time.perf_counter()
        execute(sql, [person_id])
        values.append((time.perf_counter() - t0) * 1000)
    return Timing(label, values)


def bsn_sample(connection, dataset: Dataset, size: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed + 3)
    wanted = [rng.choice(dataset.person_ids()) for _ in range(size)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bsn FROM persons_person WHERE bsn IS NOT NULL AND id IN ("
            + ",".join(str(int(pk)) for pk in wanted)
            + ")"
        )
        return [row[0] for row in cursor.fetchall()]


# --- running on a throwaway cluster ---------------------------------------------------------


def database_size(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            return str(cursor.fetchone()[0])
        cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
        return f"{cursor.fetchone()[0] / 2**20:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument(
        "--shared-buffers", default="512MB", help="PostgreSQL shared_buffers of the cluster"
    )
    args = parser.parse_args()

    cluster = None
    tmp = tempfile.mkdtemp(prefix="voorop-dat-bench-")
    if args.backend == "postgres":
        from voorop.core.testing import pgcluster

        pgcluster.SETTINGS = {**pgcluster.SETTINGS, "shared_buffers": args.shared_buffers}
        cluster = pgcluster.Cluster(pgcluster.find_bindir())
        cluster.start()
        os.environ["DATABASE_URL"] = cluster.url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorop.conf.settings")
    os.environ["VOOROP_DEBUG"] = "0"
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.perf_counter() - t0
        with connection.cursor() as cursor:
            cursor.execute(
                "SHOW server_version" if cluster else "SELECT 'SQLite ' || sqlite_version()"
            )
            version = cursor.fetchone()[0]
        print(f"{version}: schema by `voorop migrate` in {migrate_seconds:.1f} s", flush=True)
        dataset = build(connection, persons=args.persons, seed=args.seed)
        print(
            f"built {dataset.persons:,} persons, {dataset.families:,} family systems, "
            f"{dataset.memberships:,} memberships, {dataset.involvements:,} involvements "
            f"({len(dataset.organisation_ids)} partner organisations) in {dataset.seconds:.1f} s; "
            f"database size {database_size(connection)}",
            flush=True,
        )
        person_ids = dataset.person_ids()
        timings = [
            time_api(person_ids, requests=args.requests, seed=args.seed),
            time_api(
                bsn_sample(connection, dataset, args.requests, args.seed),
                requests=args.requests,
                seed=args.seed,
                param="bsn",
            ),
            time_selector(person_ids, requests=args.requests, seed=args.seed),
        ]
        if cluster is not None:
            import psycopg

            with psycopg.connect(cluster.url, autocommit=True) as raw:
                timings.append(
                    time_raw(
                        lambda sql, params: raw.execute(sql, params).fetchall(),
                        person_ids,
                        requests=args.requests,
                        seed=args.seed,
                        label="raw SQL via psycopg (floor)",
                    )
                )
        else:
            import sqlite3

            raw = sqlite3.connect(connection.settings_dict["NAME"])
            timings.append(
                time_raw(
                    lambda sql, params: raw.execute(sql, params).fetchall(),
                    person_ids,
                    requests=args.requests,
                    seed=args.seed,
                    placeholder="?",
                    label="raw SQL via sqlite3 (floor)",
                )
            )
            raw.close()
        print()
        print(HEADER)
        for timing in timings:
            print(timing.row())
        p95 = percentile(timings[0].values_ms, 95)
        verdict = "meets" if p95 < TARGET_P95_MS else "MISSES"
        print(f"\nAPI p95 {p95:.2f} ms {verdict} the target of {TARGET_P95_MS:.0f} ms.")
        sys.stdout.flush()
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
