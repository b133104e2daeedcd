"""``voorop retention``: report (default) or apply (``--apply``) the retention rules.

The report lists per organisation and kind of record how many records are past their term and
the oldest of them. ``--apply`` removes them in one transaction and records each removal in the
access log. On PostgreSQL, run ``--apply`` as the role that owns the tables (the one that runs
the migrations): the application role may not delete from the access log.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.retention.models import RecordKind
from voorop.retention.services import RetentionLine, retention_apply, retention_report


def _date(value: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("Geen geldige datum; gebruik JJJJ-MM-DD.")) from exc
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class Command(BaseCommand):
    help = "Bewaartermijnen: laat zien wat verlopen is (proefdraai) of verwijder het (--apply)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Verwijder wat over de bewaartermijn is (zonder: alleen een overzicht).",
        )
        parser.add_argument(
            "--peildatum",
            help="Overzicht alsof het nu deze datum is (JJJJ-MM-DD); niet samen met --apply.",
        )

    def handle(self, *args, **options) -> None:
        if options["apply"] and options["peildatum"]:
            raise CommandError(_("--peildatum kan alleen bij een proefdraai, niet met --apply."))
        if options["apply"]:
            try:
                lines = retention_apply()
            except ProtectedError as exc:
                raise CommandError(
                    _("Niets verwijderd: een record wordt nog gebruikt (%(error)s).")
                    % {"error": exc.args[0]}
                ) from exc
            except DatabaseError as exc:
                raise CommandError(
                    _("Niets verwijderd: de database weigerde (%(error)s).") % {"error": exc}
                ) from exc
            self.stdout.write(_("Verwijderd:"))
        else:
            now = _date(options["peildatum"]) if options["peildatum"] else None
            lines = retention_report(now=now)
            self.stdout.write(_("Proefdraai: er wordt niets verwijderd (gebruik --apply)."))
        self.write_table(lines)

    def write_table(self, lines: list[RetentionLine]) -> None:
        kinds = dict(RecordKind.choices)
        header = (
            _("soort"),
            _("organisatie"),
            _("termijn (dagen)"),
            _("ouder dan"),
            _("aantal"),
            _("oudste"),
        )
        rows = [header] + [
            (
                str(kinds.get(line.record_kind, line.record_kind)),
                line.organisation_code or "–",
                (
                    str(line.keep_days) + (" " + _("(standaard)") if line.default_rule else "")
                    if line.keep_days is not None
                    else _("geen regel")
                ),
                line.cutoff.date().isoformat() if line.cutoff else "–",
                str(line.count),
                line.oldest.date().isoformat() if line.oldest else "–",
            )
            for line in lines
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        for row in rows:
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
