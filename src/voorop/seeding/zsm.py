"""ZSM in the synthetic region: who works at ZSM Rijnveen-Delta, which police region sends its
arrests there, and (for ``voorop demo``) a queue of seeded arrests to work on.

``voorop seed`` writes meldingen in bulk, past the intake's automatic inflow
(``voorop.zsm.inflow``), so the demo puts a few recent seeded arrests into the queue itself —
with the same service the intake calls — at staggered moments, so that the 9-hour clocks differ
(one is over time), and delays one to the HG-spreekuur.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.meldingen.models import Melding
from voorop.organisations.models import Organisation, OrganisationKind, Region
from voorop.seeding.region import (
    EENHEID,
    OM,
    POLITIE_CENTRUM,
    POLITIE_OOST,
    POLITIE_WEST,
    RECLASSERING,
    RVDK,
    VT,
    ZSM,
)
from voorop.zsm import services as zsm_services
from voorop.zsm.choices import QUEUE_STATUSES, DelayTo
from voorop.zsm.models import ZsmCase, ZsmCatchment, ZsmPartner

#: The organisations that work at ZSM Rijnveen-Delta (Significant §2.2: OM, politie, RvdK, 3RO
#: and Veilig Thuis; Slachtofferhulp is not in the synthetic region).
ZSM_PARTNERS = (VT, POLITIE_CENTRUM, POLITIE_OOST, POLITIE_WEST, OM, RECLASSERING, RVDK)
#: The police regions whose arrests enter ZSM Rijnveen-Delta (its werkgebied).
ZSM_CATCHMENT = (EENHEID,)

#: Hours ago at which the demo's arrests entered the queue: the clocks run from 8:30 left to
#: half an hour over time.
DEMO_INFLOW_HOURS_AGO = (0.5, 1.5, 2.75, 4.0, 5.25, 6.5, 7.75, 9.5)


def ensure_zsm(*, regions: dict[str, Region], organisations: dict[str, Organisation]) -> None:
    """Register the ZSM partners and werkgebied of the synthetic ZSM location, once: when the
    location has neither yet. A partner or werkgebied that functioneel beheer removed later is
    not put back by seeding again."""
    location = regions[ZSM]
    with transaction.atomic():
        if not ZsmPartner.objects.filter(location=location).exists():
            ZsmPartner.objects.bulk_create(
                [ZsmPartner(location=location, organisation=organisations[c]) for c in ZSM_PARTNERS]
            )
        if not ZsmCatchment.objects.filter(location=location).exists():
            for code in ZSM_CATCHMENT:
                ZsmCatchment.objects.get_or_create(
                    region=regions[code], defaults={"location": location}
                )


def ensure_demo_zsm_queue(*, officier, count: int = len(DEMO_INFLOW_HOURS_AGO)) -> list[ZsmCase]:
    """Fill the demo's ZSM queue with the most recent seeded arrests not yet at ZSM (with the
    most recent ones without the HG label among them, so the 'mogelijk huiselijk geweld' flag
    shows), unless the queue already holds cases. One more is taken up by ``officier`` and
    delayed to the HG-spreekuur of tomorrow. Returns the cases made."""
    location = Region.objects.get(code=ZSM)
    if ZsmCase.objects.filter(location=location, status__in=QUEUE_STATUSES).exists():
        return []
    arrests = (
        Melding.objects.filter(
            suspect_arrested=True,
            source_organisation__kind=OrganisationKind.POLITIE,
            zsm_case__isnull=True,
        )
        .select_related("source_organisation")
        .order_by("-received_at", "-pk")
    )
    recent = list(arrests[: count + 1])
    unlabelled = [m for m in arrests.filter(label_hg=False)[:3] if m not in recent]
    chosen = (unlabelled + recent[: max(0, count + 1 - len(unlabelled))])[: count + 1]
    now = timezone.now()
    made: list[ZsmCase] = []
    with transaction.atomic():
        for melding, hours_ago in zip(chosen, (*DEMO_INFLOW_HOURS_AGO, 30.0), strict=False):
            made.append(
                zsm_services.zsm_case_inflow(
                    melding=melding,
                    location=location,
                    at=now - dt.timedelta(hours=hours_ago),
                    channel="CLI",
                    note=_("demo: aanhouding uit de synthetische regio"),
                )
            )
        if len(made) > count and officier is not None:
            delayed = made[-1]
            zsm_services.zsm_case_take_up(user=officier, case=delayed, channel="CLI")
            zsm_services.zsm_delay(
                user=officier,
                case=delayed,
                delay_to=DelayTo.HG_SPREEKUUR,
                delay_until=timezone.localdate() + dt.timedelta(days=1),
                note=_("Besluit na het HG-spreekuur; wacht op de veiligheidsbeoordeling van VT."),
                channel="CLI",
            )
    return made
