"""``voorop demo``: a ready-to-click demo on the embedded database.

Migrates, seeds the synthetic region once (when no seeded family systems exist yet), creates
one demo user per role per partner organisation with a printed password and API token, gives a
few seeded family systems a veiligheidsplan (``seeding/safetyplans.py``), puts recent seeded
arrests in the ZSM queue (``seeding/zsm.py``), three HSSK cases in different steps
(``seeding/hssk.py``), an actieoverleg with two cases on its agenda and one waiting
(``seeding/actieoverleg.py``), and serves the application on 127.0.0.1. Runs
only in demo mode (``VOOROP_ENV=demo``), so the well-known demo credentials can never end up in
a production database.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.accounts.models import RoleCode, User
from voorop.seeding.actieoverleg import ensure_demo_actieoverleg
from voorop.seeding.demo import DEMO_PASSWORD, DemoAccount, demo_username, ensure_demo_users
from voorop.seeding.generator import SeedingError, SeedOptions, seed_region, seeded_families
from voorop.seeding.hssk import ensure_demo_hssk
from voorop.seeding.management.commands.seed import parse_int
from voorop.seeding.region import OM, ensure_region
from voorop.seeding.safetyplans import ensure_demo_plans
from voorop.seeding.timing import Window, add_years
from voorop.seeding.zsm import ensure_demo_zsm_queue

DEMO_SEED = 2026


class Command(BaseCommand):
    help = _(
        "Start een demo op de ingebouwde database: migreren, een synthetische regio, "
        "demo-gebruikers per rol en de ontwikkelserver. Alleen in demo-modus (VOOROP_ENV=demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--families", default=300, help=_("aantal gezinssystemen (standaard 300)")
        )
        parser.add_argument("--port", default=8000, help=_("poort van de server (standaard 8000)"))
        parser.add_argument(
            "--no-serve",
            action="store_true",
            dest="no_serve",
            help=_("alleen klaarzetten, de server niet starten"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                _(
                    "voorop demo draait alleen in demo-modus. Start het met VOOROP_ENV=demo "
                    "(bijvoorbeeld: make demo); de demo-wachtwoorden horen nooit in een andere "
                    "omgeving."
                )
            )
        families = parse_int(options["families"], "--families", 1, 100_000)
        port = parse_int(options["port"], "--port", 1, 65535)
        verbosity = int(options.get("verbosity", 1))

        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        organisations = ensure_region()
        existing = seeded_families().count()
        if existing:
            self.stdout.write(
                _("Demoregio al aanwezig: %(count)d gezinssystemen.") % {"count": existing}
            )
        else:
            self.stdout.write(
                _("Demoregio aanmaken: %(count)d gezinssystemen ...") % {"count": families}
            )
            try:
                result = seed_region(
                    SeedOptions(
                        seed=DEMO_SEED,
                        families=families,
                        # The demo's five years end today, so "recent" means recent to a visitor.
                        window=Window(add_years(timezone.localdate(), -5), timezone.localdate()),
                    )
                )
            except SeedingError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                ", ".join(f"{count} {label}" for label, count in result.counts.items())
            )
        accounts = ensure_demo_users(organisations)
        ensure_demo_plans(organisations)
        ensure_demo_hssk(organisations)
        ensure_demo_actieoverleg(organisations)
        queued = ensure_demo_zsm_queue(
            officier=User.objects.filter(username=demo_username(OM, RoleCode.OFFICIER)).first()
        )
        if queued:
            self.stdout.write(
                _("ZSM-werkvoorraad: %(count)d aanhoudingen ingestroomd.") % {"count": len(queued)}
            )
        self.print_accounts(accounts)
        if options.get("no_serve"):
            return
        address = f"127.0.0.1:{port}"
        self.stdout.write(_("Demo op http://%(address)s/ (stoppen: Ctrl+C)") % {"address": address})
        call_command("runserver", address, use_reloader=False)

    def print_accounts(self, accounts: list[DemoAccount]) -> None:
        headers = (_("gebruikersnaam"), _("organisatie"), _("rol"), _("API-token"))
        rows = [(a.username, a.organisation, a.role, a.token) for a in accounts]
        widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

        def line(values: tuple[str, ...]) -> str:
            return "  ".join(str(v).ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(
                _("Demo-wachtwoord voor alle gebruikers: %(password)s")
                % {"password": DEMO_PASSWORD}
            )
        )
        self.stdout.write(line(headers))
        self.stdout.write(line(tuple("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write("")
        self.stdout.write(
            _("API: Authorization: Token <token> (bijvoorbeeld curl -H 'Authorization: Token ...')")
        )
