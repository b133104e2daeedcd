"""voorop deadlines [--organisation CODE] [--within HOURS] [--stats DAYS] [--json]

The 24-hour rule for monitoring (cron, a monitoring check): lists the police reports of
(suspected) HG/KM that have not reached Veilig Thuis and are overdue or due within --within
hours (default 4), least time left first — kenmerk, organisation, deadline, time left — never
names. Exit status 0: nothing due; 1: something due within the warning time; 2: something
overdue (the Nagios convention). --stats adds how fast reports reached Veilig Thuis over the
last DAYS days. The run is written to the access log (LIST doormelding, channel CLI)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.intake import display, selectors
from voorop.intake.models import VT_REFERRAL_WARNING
from voorop.organisations.models import Organisation

OK, WARNING, CRITICAL = 0, 1, 2


class Command(BaseCommand):
    help = _(
        "Toon politiemeldingen die binnen 24 uur bij Veilig Thuis moeten zijn en dat nog niet "
        "zijn: te laat of bijna te laat. Exitstatus 0 niets, 1 bijna, 2 te laat."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--organisation", help=_("Alleen deze politieorganisatie (code)."))
        parser.add_argument(
            "--within",
            type=float,
            default=VT_REFERRAL_WARNING.total_seconds() / 3600,
            help=_("Waarschuw zoveel uur voor de termijn verstrijkt (standaard 4)."),
        )
        parser.add_argument(
            "--stats",
            type=int,
            metavar="DAGEN",
            help=_("Ook de tijdigheid over de afgelopen DAGEN dagen."),
        )
        parser.add_argument("--json", action="store_true", help=_("Uitvoer als JSON."))

    def handle(self, *args, **options) -> None:
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(code=options["organisation"]).first()
            if organisation is None:
                raise CommandError(
                    _("Er is geen organisatie met code %(c)s.") % {"c": options["organisation"]}
                )
        if options["within"] < 0:
            raise CommandError(_("--within kan niet negatief zijn."))
        now = timezone.now()
        due = list(
            selectors.referrals_due(
                now=now, within=timedelta(hours=options["within"]), organisation=organisation
            )
        )
        overdue = [r for r in due if r.is_overdue(now)]
        with transaction.atomic():
            access_log_write(
                user=None,
                action=AccessAction.LIST,
                object_type="doormelding",
                object_id=",".join(str(r.pk) for r in due),
                purpose=_("bewaking 24-uursregel (voorop deadlines)"),
                channel="CLI",
            )
        rows = [
            {
                "kenmerk": r.police_melding.reference,
                "organisatie": r.police_melding.source_organisation.code,
                "uiterlijk": timezone.localtime(r.due_at).isoformat(timespec="minutes"),
                "te_laat": r.is_overdue(now),
                "termijn": display.deadline(r, now).text,
            }
            for r in due
        ]
        stats = None
        if options["stats"]:
            t = selectors.referral_timeliness(
                since=now - timedelta(days=options["stats"]), now=now, organisation=organisation
            )
            stats = {
                "dagen": options["stats"],
                "totaal": t.total,
                "op_tijd": t.on_time,
                "te_laat": t.late,
                "open_te_laat": t.open_overdue,
                "open_binnen_termijn": t.open_in_time,
                "aandeel_op_tijd": round(t.on_time_share, 3)
                if t.on_time_share is not None
                else None,
                "mediaan_uren_voorval_tot_vt": (
                    round(t.median_incident_to_vt.total_seconds() / 3600, 1)
                    if t.median_incident_to_vt is not None
                    else None
                ),
            }
        if options["json"]:
            self.stdout.write(
                json.dumps({"doormeldingen": rows, "tijdigheid": stats}, ensure_ascii=False)
            )
        else:
            self._text(rows, overdue=len(overdue), within=options["within"], stats=stats)
        status = CRITICAL if overdue else WARNING if due else OK
        if status:
            raise SystemExit(status)

    def _text(self, rows, *, overdue: int, within: float, stats) -> None:
        if not rows:
            self.stdout.write(
                _(
                    "Geen doormeldingen aan Veilig Thuis die te laat zijn of binnen %(h)s uur "
                    "verlopen."
                )
                % {"h": f"{within:g}"}
            )
        else:
            self.stdout.write(
                _("%(n)d doormelding(en) aan Veilig Thuis vragen aandacht, waarvan %(o)d te laat:")
                % {"n": len(rows), "o": overdue}
            )
            for row in rows:
                self.stdout.write(
                    f"- {row['kenmerk']} ({row['organisatie']}): "
                    + _("uiterlijk %(when)s, %(left)s")
                    % {
                        "when": datetime.fromisoformat(row["uiterlijk"]).strftime("%d-%m-%Y %H:%M"),
                        "left": row["termijn"],
                    }
                )
        if stats is not None:
            share = stats["aandeel_op_tijd"]
            self.stdout.write(
                _(
                    "Tijdigheid afgelopen %(d)d dagen: %(total)d politiemeldingen, %(on)d op tijd, "
                    "%(late)d te laat bij Veilig Thuis, %(open)d nog open en te laat; op tijd: "
                    "%(share)s; mediaan van voorval tot Veilig Thuis het wist: %(median)s uur."
                )
                % {
                    "d": stats["dagen"],
                    "total": stats["totaal"],
                    "on": stats["op_tijd"],
                    "late": stats["te_laat"],
                    "open": stats["open_te_laat"],
                    "share": f"{share:.0%}" if share is not None else "–",
                    "median": stats["mediaan_uren_voorval_tot_vt"]
                    if stats["mediaan_uren_voorval_tot_vt"] is not None
                    else "–",
                }
            )
