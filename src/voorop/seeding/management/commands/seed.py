"""``voorop seed``: fill the database with a synthetic region (see ``voorop.seeding.generator``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from voorop.seeding.generator import (
    APPEND,
    FLUSH,
    REFUSE,
    SeedingError,
    SeedOptions,
    SeedResult,
    families_truth_path,
    seed_region,
)
from voorop.seeding.timing import Window

MAX_FAMILIES = 1_000_000
MAX_YEARS = 30


def parse_int(value: Any, option: str, minimum: int, maximum: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise CommandError(
            _("%(option)s moet een geheel getal zijn, niet %(value)r.")
            % {"option": option, "value": value}
        ) from None
    if not minimum <= number <= maximum:
        raise CommandError(
            _("%(option)s moet tussen %(min)d en %(max)d liggen (gekregen: %(value)d).")
            % {"option": option, "min": minimum, "max": maximum, "value": number}
        )
    return number


def parse_date(value: Any, option: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CommandError(
            _("%(option)s moet een datum zijn als JJJJ-MM-DD, niet %(value)r.")
            % {"option": option, "value": value}
        ) from None


class Command(BaseCommand):
    help = _(
        "Vult de database met een synthetische regio: organisaties, gezinssystemen met personen, "
        "adressen, relaties, zaken, meldingen en betrokkenheden. Deterministisch per --seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", default=1, help=_("startwaarde van het toeval (standaard 1)"))
        parser.add_argument(
            "--families", default=1000, help=_("aantal gezinssystemen (standaard 1000)")
        )
        parser.add_argument(
            "--truth",
            default=None,
            help=_(
                "schrijf de grondwaarheid naar dit CSV-bestand (en de gezinnen naar "
                "<naam>.families.csv)"
            ),
        )
        parser.add_argument(
            "--start",
            default=None,
            help=_(
                "eerste dag van de periode, JJJJ-MM-DD (standaard: zo dat de periode op "
                "2026-11-01 eindigt)"
            ),
        )
        parser.add_argument(
            "--years", default=5, help=_("lengte van de periode in jaren (standaard 5)")
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--append",
            action="store_true",
            help=_("voeg gezinnen toe aan eerder gegenereerde gegevens"),
        )
        group.add_argument(
            "--flush",
            action="store_true",
            help=_("verwijder eerst de eerder gegenereerde casusgegevens"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("append") and options.get("flush"):
            raise CommandError(_("Gebruik --append of --flush, niet allebei."))
        seed = parse_int(options["seed"], "--seed", 0, 2**31 - 1)
        families = parse_int(options["families"], "--families", 1, MAX_FAMILIES)
        years = parse_int(options["years"], "--years", 1, MAX_YEARS)
        start = parse_date(options.get("start"), "--start")
        truth = Path(options["truth"]) if options.get("truth") else None
        if truth is not None and not truth.parent.is_dir():
            raise CommandError(
                _("De map voor --truth bestaat niet: %(path)s") % {"path": truth.parent}
            )
        mode = APPEND if options.get("append") else FLUSH if options.get("flush") else REFUSE
        window = Window.from_options(start, years)
        self.stdout.write(
            _(
                "Synthetische regio: %(families)d gezinnen, seed %(seed)d, periode %(start)s "
                "tot %(end)s."
            )
            % {
                "families": families,
                "seed": seed,
                "start": window.start_date.isoformat(),
                "end": window.end_date.isoformat(),
            }
        )
        try:
            result = seed_region(
                SeedOptions(seed=seed, families=families, window=window, truth=truth, mode=mode),
                progress=self.stdout.write,
            )
        except SeedingError as exc:
            raise CommandError(str(exc)) from exc
        self.summary(result, truth)

    def summary(self, result: SeedResult, truth: Path | None) -> None:
        if result.flushed:
            self.stdout.write(
                _("Verwijderd: %(items)s")
                % {"items": ", ".join(f"{n} {label}" for label, n in result.flushed.items())}
            )
        width = max(len(label) for label in result.counts)
        self.stdout.write(
            _("Aangemaakt (gezinnen %(first)d t/m %(last)d):")
            % {
                "first": result.first_number,
                "last": result.last_number,
            }
        )
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:<{width}}  {count:>9}")
        if truth is not None:
            self.stdout.write(
                _("Grondwaarheid: %(mentions)s en %(families)s")
                % {"mentions": truth, "families": families_truth_path(truth)}
            )
        self.stdout.write(
            self.style.SUCCESS(_("Klaar in %(seconds).1f s.") % {"seconds": result.elapsed})
        )
