"""Seed benchmark: ``voorop seed`` against the naive way of making the same rows.

Creates a fresh SQLite database in a temporary directory (or uses --database-url), migrates,
and times ``voorop seed --families N``. Side by side it times the reference: family systems
built row by row with the factory_boy factories of ``voorop.core.testing.factories`` (Faker
per attribute, one INSERT per row, all in one transaction to be fair to it), with the same
average number of rows per model per family as the seed produced, for a smaller sample
(--sample, default 200) whose rate is extrapolated to N.

    .venv/bin/python benchmarks/seed_benchmark.py --families 10000
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="voorop-seed-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorop.conf.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from voorop.cases.models import Case
    from voorop.core.testing import factories as f
    from voorop.meldingen.models import Melding, MeldingPerson
    from voorop.organisations.models import OrganisationKind
    from voorop.persons.models import (
        Address,
        FamilyMembership,
        FamilySystem,
        OrganisationInvolvement,
        Person,
        Relation,
        RelationKind,
    )

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")

    started = time.perf_counter()
    call_command("seed", families=args.families, seed=args.seed, stdout=io.StringIO())
    seed_seconds = time.perf_counter() - started
    models = (
        FamilySystem,
        Person,
        Address,
        FamilyMembership,
        Relation,
        Case,
        Melding,
        MeldingPerson,
        OrganisationInvolvement,
    )
    counts = {m.__name__: m._default_manager.count() for m in models}
    per_family = {name: n / args.families for name, n in counts.items()}

    # The reference: the same shape of family, made the naive way.
    rng = random.Random(args.seed)

    def how_many(name: str) -> int:
        whole = int(per_family[name])
        return whole + (1 if rng.random() < per_family[name] - whole else 0)

    vt = f.OrganisationFactory(code="bench-vt", kind=OrganisationKind.VT)
    politie = f.OrganisationFactory(code="bench-politie", kind=OrganisationKind.POLITIE)
    om = f.OrganisationFactory(code="bench-om", kind=OrganisationKind.OM)
    orgs = [vt, politie, om]
    started = time.perf_counter()
    with transaction.atomic():
        for _ in range(args.sample):
            family = f.FamilySystemFactory(recorded_by=vt)
            persons = [f.PersonFactory(recorded_by=vt) for _ in range(max(2, how_many("Person")))]
            for person in persons:
                f.FamilyMembershipFactory(family_system=family, person=person)
            for _ in range(how_many("Address")):
                f.AddressFactory(person=rng.choice(persons))
            for _ in range(how_many("Relation")):
                a, b = rng.sample(persons, 2)
                f.RelationFactory(
                    family_system=family, person_a=a, person_b=b, kind=RelationKind.PARTNER
                )
            f.CaseFactory(family_system=family)
            for _ in range(max(1, how_many("Melding"))):
                melding = f.MeldingFactory(family_system=family, source_organisation=vt)
                mentions = how_many("MeldingPerson") / max(per_family["Melding"], 1)
                for _ in range(max(1, round(mentions))):
                    f.MeldingPersonFactory(melding=melding, person=rng.choice(persons))
            for org in orgs[: max(1, min(len(orgs), how_many("OrganisationInvolvement")))]:
                f.InvolvementFactory(family_system=family, organisation=org)
    naive_seconds = time.perf_counter() - started
    naive_rate = args.sample / naive_seconds
    seed_rate = args.families / seed_seconds

    print()
    print(f"rows per family (from the seed): {sum(per_family.values()):.1f}")
    for name, n in counts.items():
        print(f"  {name:<24} {n:>9}  ({per_family[name]:.2f} per family)")
    print()
    header = f"{'method':<44} {'families':>9} {'seconds':>9} {'families/s':>11}"
    print(header)
    print("-" * len(header))
    print(f"{'voorop seed (bulk)':<44} {args.families:>9} {seed_seconds:>9.1f} {seed_rate:>11.0f}")
    print(
        f"{'factory_boy, row by row (measured sample)':<44} {args.sample:>9} "
        f"{naive_seconds:>9.1f} {naive_rate:>11.1f}"
    )
    print(
        f"{'factory_boy, row by row (extrapolated)':<44} {args.families:>9} "
        f"{args.families / naive_rate:>9.0f} {naive_rate:>11.1f}"
    )
    print(f"\nspeed-up: {seed_rate / naive_rate:.0f}x")
    connection.close()
    if args.keep:
        print(f"database kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
