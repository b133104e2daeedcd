"""Reads of the actieoverleg. Every list and lookup starts from what the user may see.

Who sees what:

- The VT organisation that chairs a meeting (``Meeting.vt_organisation``) sees the meeting,
  every agenda item and every record of it, and the submissions made to it.
- The standing participants of a meeting (police and OM, ``standing_organisations``) see the
  meeting and all its items, so they can prepare (step 0).
- Any other organisation (3RO, RvdK) sees only the items it takes part in
  (``Participation``), and the meeting only as the frame of those items.
- An organisation that submitted a case sees its own submission and its status.
- A VT organisation an item was handed over to (the family moved; ``RegionHandover``) sees
  that item and its minutes while the disclosure is not withdrawn.
- Nobody else sees anything: a forbidden meeting, item or submission gives the same 404 as a
  missing one. Users outside the five partner organisations see nothing.
- The OM decision is recorded only by a user of an OM organisation taking part in the item;
  the chair's actions (deciding on submissions, planning, walking the agenda) need the role
  VOORZITTER_ACTIEOVERLEG in the chairing VT organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.actieoverleg.models import (
    AgendaItem,
    Disagreement,
    Meeting,
    MeetingStatus,
    Participation,
    RegionHandover,
    Submission,
    SubmissionStatus,
)
from voorop.assessment import selectors as assessment_selectors
from voorop.meldingen.models import Melding, MeldingKind
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import FamilyMembership, FamilySystem
from voorop.safetyplan.models import OPEN_STATUSES, PlanItem
from voorop.sharing.models import CoordinationMoment
from voorop.sharing.records import SharedRecord


def today() -> dt.date:
    return timezone.localdate()


def _organisation(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    organisation = getattr(user, "organisation", None)
    if organisation is None or not organisation.is_partner:
        return None
    return organisation


def is_chair(user, *, vt_organisation_id: int) -> bool:
    organisation = _organisation(user)
    return (
        organisation is not None
        and organisation.kind == OrganisationKind.VT
        and organisation.pk == vt_organisation_id
        and user.has_role(RoleCode.VOORZITTER_ACTIEOVERLEG)
    )


def may_chair(user) -> bool:
    """The user chairs actieoverleggen of their own VT organisation."""
    organisation = _organisation(user)
    return organisation is not None and is_chair(user, vt_organisation_id=organisation.pk)


# --- visibility -------------------------------------------------------------------------------


def meetings_for(user) -> QuerySet[Meeting]:
    organisation = _organisation(user)
    if organisation is None:
        return Meeting.objects.none()
    invited = Participation.objects.filter(organisation=organisation).values("item__meeting_id")
    handed = _handed_over(organisation.pk).values("item__meeting_id")
    return Meeting.objects.filter(
        Q(vt_organisation=organisation)
        | Q(standing_organisations=organisation)
        | Q(pk__in=invited)
        | Q(pk__in=handed)
    ).distinct()


def _handed_over(organisation_id: int) -> QuerySet[RegionHandover]:
    return RegionHandover.objects.filter(
        to_organisation_id=organisation_id, disclosure__withdrawn_at__isnull=True
    )


def items_for(user) -> QuerySet[AgendaItem]:
    organisation = _organisation(user)
    if organisation is None:
        return AgendaItem.objects.none()
    standing = Meeting.objects.filter(
        Q(vt_organisation=organisation) | Q(standing_organisations=organisation)
    ).values("pk")
    invited = Participation.objects.filter(organisation=organisation).values("item_id")
    handed = _handed_over(organisation.pk).values("item_id")
    return AgendaItem.objects.filter(
        Q(meeting_id__in=standing) | Q(pk__in=invited) | Q(pk__in=handed)
    ).distinct()


def submissions_for(user) -> QuerySet[Submission]:
    organisation = _organisation(user)
    if organisation is None:
        return Submission.objects.none()
    return Submission.objects.filter(
        Q(vt_organisation=organisation) | Q(submitted_by_organisation=organisation)
    )


def meeting_get(*, user, pk: int) -> Meeting:
    meeting = meetings_for(user).select_related("vt_organisation", "chair", "region").filter(pk=pk)
    found = meeting.first()
    if found is None:
        raise Http404
    return found


def item_get(*, user, pk: int) -> AgendaItem:
    found = (
        items_for(user)
        .select_related(
            "meeting__vt_organisation", "submission__family_system", "submission__vt_organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def submission_get(*, user, pk: int) -> Submission:
    found = submissions_for(user).select_related("family_system").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def meeting_items(*, user, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items of the meeting this user sees, in agenda order (by time slot)."""
    return (
        items_for(user)
        .filter(meeting=meeting)
        .select_related("submission__family_system", "submission__submitted_by_organisation")
        .prefetch_related("participations__organisation")
        .order_by("slot_start", "position")
    )


def open_meetings_of(*, vt_organisation_id: int) -> QuerySet[Meeting]:
    """The chair's meetings a case can still be put on (for the chair's decision form)."""
    return Meeting.objects.filter(
        vt_organisation_id=vt_organisation_id,
        status__in=[MeetingStatus.GEPLAND, MeetingStatus.BEZIG],
    ).order_by("starts_at")


def item_disagreement_get(*, item: AgendaItem, pk: int) -> Disagreement:
    """A disagreement of an item the caller already looked up through ``item_get``."""
    found = Disagreement.objects.filter(item=item, pk=pk).first()
    if found is None:
        raise Http404
    return found


def item_participant_organisations(*, item: AgendaItem) -> QuerySet[Organisation]:
    """The chairing VT organisation and the organisations taking part in the item."""
    return Organisation.objects.filter(
        Q(pk=item.meeting.vt_organisation_id)
        | Q(pk__in=item.participations.values("organisation_id"))
    ).order_by("name")


def sees_whole_meeting(user, meeting: Meeting) -> bool:
    organisation = _organisation(user)
    return organisation is not None and (
        organisation.pk == meeting.vt_organisation_id
        or meeting.standing_organisations.filter(pk=organisation.pk).exists()
    )


def is_participant(user, meeting: Meeting) -> bool:
    """Chair's organisation, standing participant, or invited to an item: who gets the
    minutes (of the items they see)."""
    return meetings_for(user).filter(pk=meeting.pk).exists()


# --- submissions --------------------------------------------------------------------------------


def latest_vt_melding(family_system: FamilySystem) -> Melding | None:
    """The newest VT melding of the family system: a case qualifies only with one; the case
    goes to the actieoverleg of the Veilig Thuis that received it (a family that moved is
    discussed in its new region) and its waiting time counts from it (cases are expected
    within days to a week after the melding, not after the family's first melding ever)."""
    return (
        Melding.objects.filter(
            family_system=family_system,
            kind=MeldingKind.VT_MELDING,
            source_organisation__kind=OrganisationKind.VT,
        )
        .order_by("-received_at", "-pk")
        .first()
    )


def vt_assessment(*, user, family_system: FamilySystem):
    """The newest veiligheidsbeoordeling the user's own (VT) organisation made of the family
    system, or None: Veilig Thuis assesses the case before it is discussed (Significant,
    §5.5.1), so the chair sees whether it did when deciding."""
    return (
        assessment_selectors.own_beoordelingen(user)
        .filter(family_system=family_system)
        .order_by("-pk")
        .first()
    )


def waiting_days(submission: Submission, *, now: dt.datetime | None = None) -> int:
    """Days since the VT melding (cases are expected within days to a week)."""
    return ((now or timezone.now()) - submission.melding_received_at).days


def pending_submissions(*, user) -> QuerySet[Submission]:
    """Submissions to the user's VT organisation awaiting the chair's decision, longest
    waiting first."""
    organisation = _organisation(user)
    if organisation is None or organisation.kind != OrganisationKind.VT:
        return Submission.objects.none()
    return (
        Submission.objects.filter(vt_organisation=organisation, status=SubmissionStatus.INGEDIEND)
        .select_related("family_system", "submitted_by_organisation")
        .order_by("melding_received_at", "pk")
    )


# --- follow-up ------------------------------------------------------------------------------------


def _plan_items_of(references) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(
        moment=CoordinationMoment.ACTIEOVERLEG, moment_reference__in=references
    ).select_related("plan", "owner_organisation", "owner_user", "intervention")


def _of_its_family(plan_item: PlanItem, item: AgendaItem) -> bool:
    """A plan item belongs to an agenda item by its reference *and* the family's plan."""
    return plan_item.plan.family_system_id == item.submission.family_system_id


def item_plan_items(item: AgendaItem) -> list[PlanItem]:
    """The onderzoeks- en veiligheidsplan of this item: the plan items written for it into
    the family's veiligheidsplan."""
    return plan_items_by_item([item])[item.reference]


def plan_items_by_item(items: list[AgendaItem]) -> dict[str, list[PlanItem]]:
    """The plan items of several agenda items in one query, by item reference."""
    by_reference = {item.reference: item for item in items}
    found: dict[str, list[PlanItem]] = {reference: [] for reference in by_reference}
    for plan_item in _plan_items_of(list(by_reference)).order_by("starts_on", "pk"):
        item = by_reference[plan_item.moment_reference]
        if _of_its_family(plan_item, item):
            found[item.reference].append(plan_item)
    return found


@dataclass(frozen=True)
class OpenAgreement:
    plan_item: PlanItem
    item: AgendaItem
    overdue: bool


def open_agreements(
    *,
    user,
    organisation_id: int | None = None,
    items: QuerySet[AgendaItem] | None = None,
) -> list[OpenAgreement]:
    """Open agreements made in the actieoverleggen the user sees (narrowed to ``items`` if
    given), by owner; those whose end or reassessment date passed are overdue.
    ``organisation_id`` narrows to one owner. Costs three queries, however many there are."""
    visible = items_for(user)
    if items is not None:
        visible = visible.filter(pk__in=items.values("pk"))
    plan_items = _plan_items_of(visible.values("reference")).filter(status__in=OPEN_STATUSES)
    if organisation_id is not None:
        plan_items = plan_items.filter(owner_organisation_id=organisation_id)
    found = list(plan_items.order_by("owner_organisation__name", "ends_on", "pk"))
    by_reference = {
        i.reference: i
        for i in AgendaItem.objects.filter(
            reference__in={p.moment_reference for p in found}
        ).select_related("submission__family_system")
    }
    day = today()
    return [
        OpenAgreement(plan_item=p, item=item, overdue=p.is_overdue(day))
        for p in found
        if (item := by_reference.get(p.moment_reference)) is not None and _of_its_family(p, item)
    ]


def previous_open_agreements(*, user, meeting: Meeting) -> list[OpenAgreement]:
    """What the meeting starts with: the open agreements of the chair's earlier meetings, and
    of items another region handed over to this one before the meeting (the user sees only
    those of items it sees)."""
    earlier = AgendaItem.objects.filter(
        Q(
            meeting__vt_organisation_id=meeting.vt_organisation_id,
            meeting__starts_at__lt=meeting.starts_at,
        )
        | Q(
            pk__in=_handed_over(meeting.vt_organisation_id)
            .filter(handed_over_at__lt=meeting.starts_at)
            .values("item_id")
        )
    )
    return open_agreements(user=user, items=earlier)


def family_member_ids(family_system_id: int) -> list[int]:
    return family_member_ids_for([family_system_id])


def family_member_ids_for(family_system_ids: Iterable[int]) -> list[int]:
    """The persons of several family systems, in one query (for the access log)."""
    ids = set(family_system_ids)
    if not ids:
        return []
    return sorted(
        set(
            FamilyMembership.objects.filter(family_system_id__in=ids).values_list(
                "person_id", flat=True
            )
        )
    )


def family_submissions(*, user, family_system: FamilySystem) -> QuerySet[Submission]:
    return submissions_for(user).filter(family_system=family_system).order_by("-submitted_at")


def shared_records(disclosure_ids: list[int]) -> dict[int, list[SharedRecord]]:
    """For the disclosure register: which disclosures hand an item over to another region."""
    found: dict[int, list[SharedRecord]] = {}
    for handover in RegionHandover.objects.filter(disclosure_id__in=disclosure_ids).select_related(
        "item"
    ):
        found.setdefault(handover.disclosure_id, []).append(
            SharedRecord(
                kind="actieoverleg-agendapunt",
                record_id=handover.item_id,
                label=f"Actieoverleg {handover.item.reference}",
                shared="onderzoeks- en veiligheidsplan en verslag",
                url=reverse("actieoverleg:item", args=[handover.item_id]),
            )
        )
    return found
