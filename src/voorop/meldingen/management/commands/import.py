"""voorop import --input FILE.csv --user USERNAME [--organisation CODE] [--dry-run]

Imports meldingen from a CSV file (docs/import.md): all or nothing. The whole file is checked
first; if anything is wrong, every problem is listed (row, column, reason, code) and nothing is
stored. A progress line goes to stderr. Exit status 0 when stored (or, with --dry-run, when the
file is fine), 1 when there are problems."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO, cast

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from voorop.meldingen.importer import MAX_REPORTED, import_file
from voorop.organisations.models import Organisation


class Command(BaseCommand):
    help = _(
        "Importeer meldingen uit een CSV-bestand (UTF-8; zie docs/import.md). Alles of niets: "
        "bij één fout wordt niets opgeslagen en volgt een lijst met rij, kolom en reden."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--input", required=True, type=Path, help=_("Het CSV-bestand."))
        parser.add_argument(
            "--user",
            required=True,
            help=_("Gebruikersnaam van de medewerker namens wie wordt vastgelegd (toegangslog)."),
        )
        parser.add_argument(
            "--organisation",
            help=_("Code van de organisatie; moet de organisatie van --user zijn."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Alleen controleren, niets opslaan."),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Geen voortgangsregel op stderr.")
        )

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("Er is geen gebruiker %(u)s.") % {"u": options["user"]})
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(code=options["organisation"]).first()
            if organisation is None:
                raise CommandError(
                    _("Er is geen organisatie met code %(c)s.") % {"c": options["organisation"]}
                )
        report = import_file(
            options["input"],
            user=user,
            organisation=organisation,
            dry_run=options["dry_run"],
            # The raw stream: the progress line rewrites itself with "\r", without a newline.
            progress=None if options["no_progress"] else cast(TextIO, self.stderr._out),
        )
        if report.problems:
            self.stdout.write(
                _("Niets opgeslagen. %(n)d probleem/problemen in %(path)s:")
                % {"n": len(report.problems), "path": report.path}
            )
            for problem in report.problems[:MAX_REPORTED]:
                self.stdout.write(f"- {problem}")
            if len(report.problems) > MAX_REPORTED:
                self.stdout.write(
                    _("… en nog %(n)d problemen.") % {"n": len(report.problems) - MAX_REPORTED}
                )
            raise CommandError(
                _("Import geweigerd: %(n)d probleem/problemen, er is niets opgeslagen.")
                % {"n": len(report.problems)}
            )
        if options["dry_run"]:
            self.stdout.write(
                _(
                    "Controle geslaagd (proefdraai, niets opgeslagen): %(rows)d rijen, "
                    "%(meldingen)d meldingen met %(persons)d personen."
                )
                % {"rows": report.rows, "meldingen": report.meldingen, "persons": report.persons}
            )
            return
        self.stdout.write(
            _("Opgeslagen: %(meldingen)d meldingen met %(persons)d personen uit %(rows)d rijen.")
            % {"rows": report.rows, "meldingen": report.meldingen, "persons": report.persons}
        )
