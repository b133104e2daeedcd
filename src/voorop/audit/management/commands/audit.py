"""``voorop audit``: maintenance of the access log.

``voorop audit verify`` walks the hash chain and reports the first broken link (exit status 1)
or ``OK: N regels, keten intact``. ``voorop audit grant-app-role ROLE`` gives a PostgreSQL role
SELECT and INSERT on the log and nothing more (for a role made after the migrations ran).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from voorop.audit.privileges import InvalidRoleName, apply_privileges
from voorop.audit.verification import DEFAULT_BATCH_SIZE, verify_chain


class Command(BaseCommand):
    help = "Onderhoud van het toegangslog: de hashketen controleren, rechten zetten."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{verify,grant-app-role}"
        )
        verify = sub.add_parser("verify", help="Controleer de hashketen van het toegangslog.")
        verify.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Regels per keer (standaard {DEFAULT_BATCH_SIZE}).",
        )
        grant = sub.add_parser(
            "grant-app-role",
            help="Geef een PostgreSQL-rol alleen SELECT en INSERT op het toegangslog.",
        )
        grant.add_argument("role")

    def handle(self, *args, **options) -> None:
        if options["subcommand"] == "verify":
            self.verify(batch_size=max(1, options["batch_size"]), verbosity=options["verbosity"])
        else:
            self.grant(options["role"])

    def verify(self, *, batch_size: int, verbosity: int) -> None:
        def progress(checked: int, total: int) -> None:
            if total > batch_size:  # only a chain of more than one batch takes a while
                self.stderr.write(
                    _("… %(checked)d van %(total)d regels gecontroleerd")
                    % {"checked": checked, "total": total}
                )

        result = verify_chain(batch_size=batch_size, progress=progress if verbosity else None)
        if result.anchor is not None:
            self.stdout.write(
                _(
                    "Let op: de regels vóór seq %(seq)d zijn verwijderd door de bewaartermijn "
                    "(RETENTION-regel seq %(retention)d); de keten begint bij het anker %(anchor)s…"
                )
                % {
                    "seq": result.anchor.first_seq,
                    "retention": result.anchor.retention_seq,
                    "anchor": result.anchor.prev_hash[:16],
                }
            )
        if result.broken is not None:
            link = result.broken
            raise CommandError(
                _(
                    "GEBROKEN: eerste gebroken schakel bij seq %(seq)d (event_id %(event)s) "
                    "[%(code)s]: %(detail)s. %(checked)d regels daarvoor zijn in orde."
                )
                % {
                    "seq": link.seq,
                    "event": link.event_id,
                    "code": link.code,
                    "detail": link.detail,
                    "checked": result.checked,
                },
                returncode=1,
            )
        self.stdout.write(_("OK: %(n)d regels, keten intact") % {"n": result.checked})

    def grant(self, role: str) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            raise CommandError(_("Rollen en rechten bestaan alleen op PostgreSQL."))
        try:
            statements = apply_privileges(connection, role)
        except InvalidRoleName:
            raise CommandError(_("„%(role)s” is geen geldige rolnaam.") % {"role": role}) from None
        for sql in statements:
            self.stdout.write(sql)
