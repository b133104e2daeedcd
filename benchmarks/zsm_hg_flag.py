"""The 'mogelijk huiselijk geweld' flag on a seeded region, against the seed's ground truth.

Seeds N families into a throwaway SQLite database (``voorop migrate``, ``voorop seed --truth``),
then runs the detector (``voorop.zsm.detector``) over the meldingen that would enter ZSM without
the HG label — the arrests (``AANHOUDING``), and separately the aangiften — and compares with
``<truth>.families.csv``: how many are flagged, and how many of those are in a family that is
truly HG (precision). Also: of the unlabelled ZSM meldingen in truly HG families, how many the
flag finds (recall).

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


def measure(truth: Path) -> dict[str, dict[str, int]]:
    """Run inside a configured Django: per melding kind, the counts of the flag."""
    from voorop.meldingen.models import Melding, MeldingKind
    from voorop.zsm import detector

    families_csv = truth.with_name(truth.name.removesuffix(".csv") + ".families.csv")
    with families_csv.open(encoding="utf-8") as handle:
        truly_hg = {row["family_reference"]: row["hg"] == "1" for row in csv.DictReader(handle)}
    report: dict[str, dict[str, int]] = {}
    for kind in (MeldingKind.AANHOUDING, MeldingKind.AANGIFTE):
        qs = Melding.objects.filter(kind=kind, label_hg=False)
        rows = [
            (m.pk, m.family_system.reference if m.family_system else "", bool(m.labels))
            for m in qs.select_related("family_system")
        ]
        flagged = detector.flag_unlabelled(qs)
        counts: Counter[str] = Counter()
        for pk, family_reference, other_label in rows:
            hg = truly_hg.get(family_reference or "", False)
            counts["unlabelled"] += 1
            counts["unlabelled_truly_hg"] += hg
            counts["no_label_at_all"] += not other_label
            if pk in flagged:
                counts["flagged"] += 1
                counts["flagged_truly_hg"] += hg
                counts[f"rule: {flagged[pk]}"] += 1
        counts["all"] = Melding.objects.filter(kind=kind).count()
        report[str(kind)] = dict(counts)
    return report


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
        flagged, hits = c.get("flagged", 0), c.get("flagged_truly_hg", 0)
        precision = hits / flagged if flagged else 0.0
        recall = hits / c["unlabelled_truly_hg"] if c.get("unlabelled_truly_hg") else 0.0
        print(
            f"{kind}: {c['all']} in total, {c.get('unlabelled', 0)} without HG label "
            f"({c.get('unlabelled_truly_hg', 0)} truly HG); flagged {flagged}, "
            f"of which truly HG {hits} (precision {precision:.1%}, recall {recall:.1%}); "
            f"{c.get('no_label_at_all', 0)} carry no label at all"
        )
        for key, n in sorted(c.items()):
            if key.startswith("rule: "):
                print(f"    {key}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
