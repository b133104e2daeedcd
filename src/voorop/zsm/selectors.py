"""Reads of the ZSM work process, starting from what the user may see.

The queue and a case are visible to the organisations registered as ZSM partner at the case's
location, and to nobody else (a forbidden case gives the same 404 as a missing one). The content
other partners recorded follows the sharing policy: VT's veiligheidsbeoordeling and its
veiligheidsvoorwaarden are shown only to VT itself and to partners it was shared with through
the disclosure register (``voorop.assessment.selectors.summarised_beoordelingen``).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from voorop.assessment import selectors as assessment_selectors
from voorop.organisations.models import Region
from voorop.zsm.choices import QUEUE_STATUSES, Status
from voorop.zsm.models import ReclasseringAdvice, ZsmCase, ZsmPartner


def _organisation_id(user) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.organisation_id


def locations_for(user) -> QuerySet[Region]:
    org_id = _organisation_id(user)
    if org_id is None:
        return Region.objects.none()
    return Region.objects.filter(zsm_partners__organisation_id=org_id).order_by("name")


def location_get(*, user, code: str) -> Region:
    location = locations_for(user).filter(code=code).first()
    if location is None:
        raise Http404
    return location


def cases_for(user) -> QuerySet[ZsmCase]:
    org_id = _organisation_id(user)
    if org_id is None:
        return ZsmCase.objects.none()
    return ZsmCase.objects.filter(
        location__in=ZsmPartner.objects.filter(organisation_id=org_id).values("location_id")
    )


def queue(*, user, location: Region) -> QuerySet[ZsmCase]:
    """The work queue of a location: cases whose clock runs, least time left first."""
    return (
        cases_for(user)
        .filter(location=location, status__in=QUEUE_STATUSES)
        .select_related("melding", "suspect")
        .annotate(n_advices=Count("advices"))
        .order_by("due_at", "id")
    )


def delayed(*, user, location: Region) -> QuerySet[ZsmCase]:
    return (
        cases_for(user)
        .filter(location=location, status=Status.UITGESTELD)
        .select_related("melding", "suspect")
        .order_by("delayed_until", "id")
    )


def case_get(*, user, pk: int) -> ZsmCase:
    case = (
        cases_for(user)
        .select_related("melding", "suspect", "location", "family_system", "beoordeling")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def beoordeling_summary(*, user, case: ZsmCase):
    """VT's linked assessment as this user may see it (own, or shared with the organisation), or
    None."""
    if case.beoordeling_id is None:
        return None
    visible = assessment_selectors.beoordeling_list(
        user=user, family_system_id=case.family_system_id
    ).filter(pk=case.beoordeling_id)
    found = assessment_selectors.beoordeling_summaries(user, visible)
    return found[0] if found else None


def own_beoordeling(*, user, pk: int | None):
    """One of the user's organisation's own veiligheidsbeoordelingen (VT links it to a case), or
    None — another organisation's looks the same as a missing one."""
    if pk is None:
        return None
    return assessment_selectors.own_beoordelingen(user).filter(pk=pk).first()


def known_share(*, user, location: Region) -> dict[str, int]:
    """Of the cases that entered the location, how many were already known to Veilig Thuis (the
    source: 73% at ZSM Noord-Holland)."""
    totals = (
        cases_for(user)
        .filter(location=location)
        .aggregate(total=Count("id"), known=Count("id", filter=Q(known_to_vt=True)))
    )
    return {"total": totals["total"] or 0, "known": totals["known"] or 0}


def advice_share(*, user, location: Region) -> dict[str, int]:
    """How many 3RO advices at the location were coordinated with VT: the share the source puts at
    about 40% today."""
    totals = ReclasseringAdvice.objects.filter(
        case__in=cases_for(user).filter(location=location)
    ).aggregate(total=Count("id"), coordinated=Count("id", filter=Q(coordinated_with_vt=True)))
    return {"total": totals["total"] or 0, "coordinated": totals["coordinated"] or 0}
