"""Which arrests enter ZSM by themselves, and at which ZSM location: the rules of the automatic
inflow from intake (``services.zsm_case_inflow_from_intake``, called by
``voorop.meldingen.services`` in the transaction that records a melding).

The routekaart sends a case to the gezamenlijke aanpak HG door VT en ZSM "als een verdachte is
gehoord of aangehouden". A melding enters a ZSM queue when all of these hold, in this order
(the first that fails is the reason it does not, with its code):

=========  ======================================================  ====================
rule       when                                                    code when not
=========  ======================================================  ====================
politie    the melding is recorded by a police organisation        ``niet_politie``
verdachte  a suspect was heard or arrested (``suspect_arrested``;  ``geen_aanhouding``
           the route advice ZSM)
recent     received by the police less than 24 hours ago (an old     ``te_oud``
           arrest, e.g. from a CSV import of history, is no ZSM case
           now; ``voorop zsm_instroom`` can still put it in)
genoemd    the melding names a suspect (role verdachte)            ``geen_verdachte``
eenmaal    neither the melding nor the incident it follows from    ``al_op_zsm``
           (``follows_from``, up to ten steps back) is at ZSM
locatie    a ZSM location is found for the police organisation     ``geen_zsm_locatie``
           (below)
=========  ======================================================  ====================

The location, first match wins:

1. **werkgebied**: a ``ZsmCatchment`` for the organisation's region or a region above it (a
   basisteam's politie-eenheid), configured by functioneel beheer;
2. **partner**: otherwise, the one ZSM location where the police organisation is registered as
   ZSM partner (not when it is partner at several: then the werkgebied must say which).

The suspect does not have to be linked to the person index yet: a suspect in custody is waiting
whatever the linkage review says, so the case enters the queue and the flag and the Raad's rule
work with what is known (``services.zsm_case_inflow``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from voorop.meldingen.models import InvolvementRole, Melding
from voorop.organisations.models import Organisation, OrganisationKind, Region
from voorop.zsm.models import ZsmCase, ZsmCatchment, ZsmPartner

#: An arrest received longer ago than this does not enter ZSM by itself.
MAX_AGE = dt.timedelta(hours=24)
#: How far back along ``follows_from`` the incident's ZSM case is looked for.
FOLLOW_DEPTH = 10
#: How far up the region tree a werkgebied is looked for (basisteam → eenheid → ...).
REGION_DEPTH = 5


class SkipCode:
    NOT_POLICE = "niet_politie"
    NOT_ARRESTED = "geen_aanhouding"
    TOO_OLD = "te_oud"
    NO_SUSPECT = "geen_verdachte"
    ALREADY = "al_op_zsm"
    NO_LOCATION = "geen_zsm_locatie"


@dataclass(frozen=True)
class Routing:
    """Where a melding goes: ``location`` and how it was found (``werkgebied`` / ``partner``),
    or ``skip`` (a ``SkipCode``) and nothing."""

    location: Region | None
    how: str = ""
    skip: str = ""


def location_for(organisation: Organisation | None) -> tuple[Region | None, str]:
    """The ZSM location of a police organisation's arrests, and which rule found it."""
    if organisation is None:
        return None, ""
    region_id = organisation.region_id
    for _step in range(REGION_DEPTH):
        if region_id is None:
            break
        catchment = (
            ZsmCatchment.objects.filter(region_id=region_id).select_related("location").first()
        )
        if catchment is not None:
            return catchment.location, "werkgebied"
        region_id = Region.objects.filter(pk=region_id).values_list("parent_id", flat=True).first()
    locations = list(
        Region.objects.filter(
            pk__in=ZsmPartner.objects.filter(organisation=organisation).values("location_id")
        )[:2]
    )
    if len(locations) == 1:
        return locations[0], "partner"
    return None, ""


def _already_at_zsm(melding: Melding) -> bool:
    current: Melding | None = melding
    for _step in range(FOLLOW_DEPTH):
        if current is None:
            return False
        if ZsmCase.objects.filter(melding=current).exists():
            return True
        current = current.follows_from
    return False


def route(melding: Melding, *, max_age: dt.timedelta | None = MAX_AGE) -> Routing:
    """Apply the table above to one melding (``max_age=None``: any age, for the command)."""
    if melding.source_organisation.kind != OrganisationKind.POLITIE:
        return Routing(None, skip=SkipCode.NOT_POLICE)
    if not melding.suspect_arrested:
        return Routing(None, skip=SkipCode.NOT_ARRESTED)
    if max_age is not None and melding.received_at < timezone.now() - max_age:
        return Routing(None, skip=SkipCode.TOO_OLD)
    if not melding.persons.filter(role=InvolvementRole.VERDACHTE).exists():
        return Routing(None, skip=SkipCode.NO_SUSPECT)
    if _already_at_zsm(melding):
        return Routing(None, skip=SkipCode.ALREADY)
    location, how = location_for(melding.source_organisation)
    if location is None:
        return Routing(None, skip=SkipCode.NO_LOCATION)
    return Routing(location, how=how)
