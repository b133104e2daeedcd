"""Page timings of the family-system page on a seeded region.

Seeds a fresh database (SQLite in a temp dir by default, or the one --database-url names), then
requests the family-system page of randomly chosen family systems as a logged-in user of the
police and of VT, through Django's full request stack (middleware, auth, audit log, templates).
Side by side it times the reference: the same data read with plain ORM queries and no rendering
(what the page costs at least), so the figure shows what the page itself adds.

    .venv/bin/python benchmarks/page_timings.py --families 10000 --requests 200
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="voorop-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorop.conf.settings")
    os.environ.setdefault("VOOROP_DEBUG", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from voorop.accounts.models import User
    from voorop.organisations.models import Organisation, OrganisationKind
    from voorop.persons import selectors

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed", families=args.families, seed=args.seed, verbosity=0)
    seed_seconds = time.perf_counter() - started
    print(f"seeded {args.families} families in {seed_seconds:.1f} s ({connection.vendor})")

    rng = random.Random(args.seed)
    rows = []
    for kind in (OrganisationKind.POLITIE, OrganisationKind.VT):
        org = Organisation.objects.filter(kind=kind).order_by("pk").first()
        if org is None:
            continue
        user, _ = User.objects.get_or_create(username=f"bench.{kind.lower()}", organisation=org)
        family_ids = list(selectors.family_system_list(user=user).values_list("pk", flat=True))
        if not family_ids:
            continue
        sample = [rng.choice(family_ids) for _ in range(args.requests)]
        client = Client()
        client.force_login(user)
        client.get(f"/gezinssystemen/{sample[0]}/")  # warm up
        page_ms, orm_ms = [], []
        for pk in sample:
            t0 = time.perf_counter()
            response = client.get(f"/gezinssystemen/{pk}/")
            page_ms.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
            t0 = time.perf_counter()
            family = selectors.family_system_get(user=user, pk=pk)
            selectors.family_members(family_system=family)
            selectors.family_relations(family_system=family)
            list(selectors.family_timeline(user=user, family_system=family)[:20])
            orm_ms.append((time.perf_counter() - t0) * 1000)
        rows.append((kind.label, len(family_ids), page_ms, orm_ms))

    print()
    print(
        f"{'organisation':<12} {'visible':>8} {'what':<28} {'p50 ms':>8} {'p95 ms':>8} {'mean':>8}"
    )
    for label, visible, page_ms, orm_ms in rows:
        for what, values in (
            ("family page (voorop)", page_ms),
            ("ORM reads only (reference)", orm_ms),
        ):
            print(
                f"{label:<12} {visible:>8} {what:<28} {percentile(values, 50):>8.1f} "
                f"{percentile(values, 95):>8.1f} {statistics.fmean(values):>8.1f}"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
