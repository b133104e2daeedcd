"""``voorop zsm_instroom [--locatie zsm-rijnveen-delta] [--sinds 2026-10-01]``: put the arrests
that are not at ZSM yet into the queue of their ZSM location, by the same rules as the automatic
inflow from intake (``voorop.zsm.inflow``), whatever their age — for meldingen recorded before
the inflow was configured, imported in bulk, or written by ``voorop seed``. ``--locatie`` sends
them all to one location instead of the werkgebied's. Running it twice puts nothing in twice."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.meldingen.models import Melding
from voorop.organisations.models import OrganisationKind, Region, RegionKind
from voorop.zsm import inflow, services
from voorop.zsm.models import ZsmCase


class Command(BaseCommand):
    help = _("Zet aanhoudingen die nog niet op ZSM zijn in de werkvoorraad van hun ZSM-locatie.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--locatie", help=_("code van één ZSM-locatie voor alle zaken (standaard: werkgebied)")
        )
        parser.add_argument("--sinds", help=_("alleen meldingen ontvangen vanaf JJJJ-MM-DD"))

    def handle(self, *args, **options) -> None:
        location = None
        if options.get("locatie"):
            location = Region.objects.filter(
                code=options["locatie"], kind=RegionKind.ZSM_LOCATIE
            ).first()
            if location is None:
                raise CommandError(_("Onbekende ZSM-locatie: %s") % options["locatie"])
        qs = (
            Melding.objects.filter(
                suspect_arrested=True, source_organisation__kind=OrganisationKind.POLITIE
            )
            .exclude(pk__in=ZsmCase.objects.exclude(melding=None).values("melding_id"))
            .select_related("source_organisation")
        )
        if options.get("sinds"):
            try:
                since = dt.date.fromisoformat(options["sinds"])
            except ValueError as error:
                raise CommandError(_("Datum als JJJJ-MM-DD.")) from error
            qs = qs.filter(received_at__date__gte=since)
        made = 0
        skipped: Counter[str] = Counter()
        for melding in qs.order_by("received_at", "pk"):
            routing = inflow.route(melding, max_age=None)
            target = location or routing.location
            if target is None or (routing.skip and routing.skip != inflow.SkipCode.NO_LOCATION):
                skipped[routing.skip] += 1
                continue
            try:
                services.zsm_case_inflow(
                    melding=melding,
                    location=target,
                    at=max(melding.received_at, timezone.now()),
                    channel="CLI",
                    note=_("ingestroomd met voorop zsm_instroom"),
                )
                made += 1
            except ValidationError as error:
                skipped[",".join(services.error_codes(error))] += 1
        self.stdout.write(
            _("%(made)s zaken ingestroomd, %(skipped)s overgeslagen.")
            % {"made": made, "skipped": sum(skipped.values())}
        )
        for code, n in sorted(skipped.items()):
            self.stdout.write(f"  {code}: {n}")
