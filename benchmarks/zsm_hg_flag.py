"""The 'mogelijk huiselijk geweld' flag on a seeded region, against the seed's ground truth.

Seeds N families into a throwaway SQLite database (``voorop migrate``, ``voorop seed --truth``),
then runs the detector (``voorop.zsm.detector``) over the meldingen that would enter ZSM without
the HG label — the arrests (``AANHOUDING``), and separately the aangiften — and compares with the
truth files. A melding is *truly HG* when its family is truly HG (``<truth>.families.csv``) and
its suspect and a victim are both members of that family (``<truth>.csv``: ``true_person_id``
"P<family><n>"); the seed's arrests of a family member for an offence against a stranger (victim
"E...") are not, even in a family where huiselijk geweld goes on. Reported: how many unlabelled
meldingen the flag finds, how many of those are truly HG (precision), and how many of the truly
HG ones it finds (recall) — and the same for a naive rule beside it, "the suspect is known as
suspect of an earlier HG-labelled melding", which the stranger arrests are there to catch out.

    .venv/bin/python benchmarks/zsm_hg_flag.py                  # 2,000 families, seed 1
    .venv/bin/python benchmarks/zsm_hg_flag.py --families 500 --seed 7

Not part of ``make test``; ``src/voorop/zsm/tests/test_benchmark.py`` runs it at toy size.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _voorop(*args: str, env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and command, fixed arguments
        [sys.executable, "-m", "voorop", *args], check=True, env=env, stdout=subprocess.DEVNULL
    )


def build(directory: Path, families: int, seed: int) -> tuple[str, Path]:
    db = directory / "zsm.sqlite3"
    truth = directory / "truth.csv"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    _voorop("migrate", "--no-input", env=env)
    _voorop(
        "seed", "--families", str(families), "--seed", str(seed), "--truth", str(truth), env=env
    )
    return f"sqlite:///{db}", truth


def truly_hg_meldingen(truth: Path) -> set[str]:
    """References of the meldingen that are truly huiselijk geweld (see the module docstring)."""
    families_csv = truth.with_name(truth.name.removesuffix(".csv") + ".families.csv")
    with families_csv.open(encoding="utf-8") as handle:
        hg_families = {row["true_family_id"] for row in csv.DictReader(handle) if row["hg"] == "1"}
    roles: dict[str, dict[str, set[str]]] = {}
    with truth.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            person = row["true_person_id"]
            if person.startswith("P") and "F" + person[1:7] in hg_families:
                family = "F" + person[1:7]
                roles.setdefault(row["melding_reference"], {}).setdefault(row["role"], set()).add(
                    family
                )
    return {
        reference
        for reference, by_role in roles.items()
        if by_role.get("VERDACHTE", set()) & by_role.get("SLACHTOFFER", set())
    }


def naive_flags(melding_ids: list[int]) -> set[int]:
    """The naive rule: the melding's suspect was the suspect of an earlier HG-labelled melding."""
    from voorop.meldingen.models import InvolvementRole, MeldingPerson

    found: set[int] = set()
    for start in range(0, len(melding_ids), 2000):
        chunk = melding_ids[start : start + 2000]
        suspects = list(
            MeldingPerson.objects.filter(
                melding_id__in=chunk, role=InvolvementRole.VERDACHTE, person__isnull=False
            ).values_list("melding_id", "person_id", "melding__received_at")
        )
        earlier = {}
        for person_id, received_at in MeldingPerson.objects.filter(
            person_id__in={p for _, p, _ in suspects},
            role=InvolvementRole.VERDACHTE,
            melding__label_hg=True,
        ).values_list("person_id", "melding__received_at"):
            earlier[person_id] = min(received_at, earlier.get(person_id, received_at))
        found |= {m for m, p, at in suspects if p in earlier and earlier[p] < at}
    return found


def measure(truth: Path) -> dict[str, dict[str, int]]:
    """Run inside a configured Django: per melding kind, the counts of the flag."""
    from voorop.meldingen.models import Melding, MeldingKind
    from voorop.zsm import detector

    truly_hg = truly_hg_meldingen(truth)
    report: dict[str, dict[str, int]] = {}
    for kind in (MeldingKind.AANHOUDING, MeldingKind.AANGIFTE):
        qs = Melding.objects.filter(kind=kind, label_hg=False)
        rows = [(m.pk, m.reference, bool(m.labels)) for m in qs]
        flagged = detector.flag_unlabelled(qs)
        naive = naive_flags([pk for pk, _, _ in rows])
        counts: Counter[str] = Counter()
        for pk, reference, other_label in rows:
            hg = reference in truly_hg
            counts["unlabelled"] += 1
            counts["unlabelled_truly_hg"] += hg
            counts["no_label_at_all"] += not other_label
            if pk in flagged:
                counts["flagged"] += 1
                counts["flagged_truly_hg"] += hg
                counts[f"rule: {flagged[pk]}"] += 1
            if pk in naive:
                counts["naive_flagged"] += 1
                counts["naive_flagged_truly_hg"] += hg
        counts["all"] = Melding.objects.filter(kind=kind).count()
        report[str(kind)] = dict(counts)
    return report


def _line(name: str, flagged: int, hits: int, truly: int) -> str:
    precision = f"{hits / flagged:.1%}" if flagged else "-"
    recall = f"{hits / truly:.1%}" if truly else "-"
    return (
        f"    {name}: flagged {flagged}, of which truly HG {hits} "
        f"(precision {precision}, recall {recall})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url, truth = build(Path(tmp), args.families, args.seed)
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorop.conf.settings")
        import django

        django.setup()
        report = measure(truth)
    print(f"{args.families} families, seed {args.seed}")
    for kind, c in report.items():
        truly = c.get("unlabelled_truly_hg", 0)
        print(
            f"{kind}: {c['all']} in total, {c.get('unlabelled', 0)} without HG label, of which "
            f"{truly} truly HG and {c.get('unlabelled', 0) - truly} not (e.g. strangers); "
            f"{c.get('no_label_at_all', 0)} carry no label at all"
        )
        print(
            _line("flag (relation rule)", c.get("flagged", 0), c.get("flagged_truly_hg", 0), truly)
        )
        for key, n in sorted(c.items()):
            if key.startswith("rule: "):
                print(f"        {key}: {n}")
        print(
            _line(
                "naive (suspect of an earlier HG melding)",
                c.get("naive_flagged", 0),
                c.get("naive_flagged_truly_hg", 0),
                truly,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
