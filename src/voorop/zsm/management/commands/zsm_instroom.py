"""``voorop zsm_instroom --locatie zsm-rijnveen-delta [--partners] [--sinds 2026-10-01]``: put the
arrests (meldingen with a suspect heard or arrested) that are not yet at ZSM into the queue of a
ZSM location, as the intake would. ``--partners`` first registers the partner organisations of
the location's arrondissement and the VT organisations as ZSM partners (for a seeded demo)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.meldingen.models import Melding
from voorop.organisations.models import Organisation, OrganisationKind, Region, RegionKind
from voorop.zsm import services
from voorop.zsm.models import ZsmCase, ZsmPartner


class Command(BaseCommand):
    help = _("Zet aanhoudingen die nog niet op ZSM zijn in de werkvoorraad van een ZSM-locatie.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--locatie", required=True, help=_("code van de ZSM-locatie"))
        parser.add_argument("--sinds", help=_("alleen meldingen ontvangen vanaf JJJJ-MM-DD"))
        parser.add_argument(
            "--partners", action="store_true", help=_("registreer eerst de ZSM-partners")
        )

    def handle(self, *args, **options) -> None:
        location = Region.objects.filter(
            code=options["locatie"], kind=RegionKind.ZSM_LOCATIE
        ).first()
        if location is None:
            raise CommandError(_("Onbekende ZSM-locatie: %s") % options["locatie"])
        if options["partners"]:
            regions = [location.pk] + ([location.parent_id] if location.parent_id else [])
            for organisation in Organisation.objects.filter(region_id__in=regions) | (
                Organisation.objects.filter(kind=OrganisationKind.VT)
            ):
                ZsmPartner.objects.get_or_create(location=location, organisation=organisation)
        qs = Melding.objects.filter(suspect_arrested=True).exclude(
            pk__in=ZsmCase.objects.values("melding_id")
        )
        if options.get("sinds"):
            try:
                since = dt.date.fromisoformat(options["sinds"])
            except ValueError as error:
                raise CommandError(_("Datum als JJJJ-MM-DD.")) from error
            qs = qs.filter(received_at__date__gte=since)
        made = skipped = 0
        for melding in qs.order_by("received_at", "pk"):
            try:
                services.zsm_case_inflow(
                    melding=melding, location=location, at=max(melding.received_at, timezone.now())
                )
                made += 1
            except ValidationError:  # e.g. no suspect linked to the person index
                skipped += 1
        self.stdout.write(
            _("%(made)s zaken ingestroomd, %(skipped)s overgeslagen.")
            % {"made": made, "skipped": skipped}
        )
