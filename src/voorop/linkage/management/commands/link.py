"""``voorop link --input persons.csv --output links.csv [--engine duckdb|spark] [--model PATH]``

Links a CSV of reported identities (see ``voorop.linkage.batch``); writes record_id,person_id.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from voorop.linkage import batch
from voorop.linkage.model import LINK_THRESHOLD


class Command(BaseCommand):
    help = _("Koppel personen uit een CSV-bestand aan elkaar (batch).")
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path, help=_("invoer-CSV (UTF-8)"))
        parser.add_argument("--output", required=True, type=Path, help=_("uitvoer-CSV"))
        parser.add_argument("--engine", choices=batch.ENGINES, default="duckdb")
        parser.add_argument("--model", type=Path, default=None, help=_("getraind model (JSON)"))
        train = parser.add_mutually_exclusive_group()
        train.add_argument(
            "--train", action="store_true", default=None, help=_("train op de invoer")
        )
        train.add_argument("--no-train", dest="train", action="store_false", help=_("train niet"))
        parser.add_argument("--save-model", type=Path, default=None, help=_("bewaar het model"))
        parser.add_argument("--threshold", type=float, default=LINK_THRESHOLD)
        parser.add_argument("--threads", type=int, default=None)

    def handle(self, *args, **options):
        def say(message: str) -> None:
            self.stdout.write(message)

        try:
            result = batch.run_batch(
                Path(options["input"]),
                Path(options["output"]),
                engine=options["engine"],
                model_path=Path(options["model"]) if options["model"] else None,
                train=options["train"],
                threshold=options["threshold"],
                threads=options["threads"],
                say=say,
                save_model=Path(options["save_model"]) if options["save_model"] else None,
            )
        except batch.LinkInputError as exc:
            raise CommandError(f"[{exc.code}] {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("%(records)d records, %(persons)d personen; %(refused)s")
                % {
                    "records": result.records,
                    "persons": result.persons,
                    "refused": json.dumps(result.refused, ensure_ascii=False),
                }
            )
        )
