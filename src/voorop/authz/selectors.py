"""Reads around emergency access (doorbraak): what a user may break into, and the review queue
of the privacy officers.

Who reviews: a privacy officer of an organisation that is involved in the family system
(``OrganisationInvolvement``) — the organisations whose records were opened — other than the
organisation of the user who broke the glass (no one judges their own colleague's access).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from voorop.accounts.models import COMMON_ROLES, RoleCode
from voorop.authz import policy
from voorop.authz.models import EmergencyAccess, ReviewOutcome
from voorop.organisations.models import PARTNER_KINDS
from voorop.persons.models import FamilySystem, OrganisationInvolvement, Person


def is_partner_user(user) -> bool:
    """An active user of one of the five partner organisations."""
    organisation = getattr(user, "organisation", None) if user is not None else None
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and organisation is not None
        and organisation.kind in PARTNER_KINDS
    )


def is_professional(user) -> bool:
    """A user of a partner organisation in a casework role — not only privacy officer or
    functioneel beheerder, who read (as the policy allows) but do not work on cases."""
    return is_partner_user(user) and bool(user.role_codes - set(COMMON_ROLES))


def is_privacy_officer(user) -> bool:
    return is_partner_user(user) and user.has_role(RoleCode.PRIVACY_OFFICER)


def emergency_target_get(*, user, pk: int) -> FamilySystem:
    """A family system a partner user may ask emergency access to: any that exists. Whether
    the user can already see it is for the caller to tell (``can_see_family``)."""
    if not is_partner_user(user):
        raise Http404
    try:
        return FamilySystem.objects.only("pk", "reference").get(pk=pk)
    except FamilySystem.DoesNotExist:
        raise Http404 from None


def can_see_family(*, user, family_system_id: int) -> bool:
    return policy.family_systems_for(user).filter(pk=family_system_id).exists()


def visible_family_ids(*, user, family_system_ids: Iterable[int]) -> set[int]:
    return set(
        policy.family_systems_for(user)
        .filter(pk__in=list(family_system_ids))
        .values_list("pk", flat=True)
    )


def visible_persons(*, user, person_ids: Iterable[int]) -> dict[int, Person]:
    """Those of these persons the user may see anyway, by id."""
    return {p.pk: p for p in policy.persons_for(user).filter(pk__in=list(person_ids))}


def active_emergency_access(*, user, family_system_id: int) -> EmergencyAccess | None:
    """The user's emergency access to this family system that runs longest, if any runs."""
    if not is_partner_user(user):
        return None
    return (
        EmergencyAccess.objects.filter(
            user_id=user.pk,
            organisation_id=user.organisation_id,
            family_system_id=family_system_id,
            expires_at__gt=timezone.now(),
        )
        .order_by("-expires_at")
        .first()
    )


class QueueStatus:
    OPEN = "open"
    REVIEWED = "beoordeeld"
    JUSTIFIED = "terecht"
    UNJUSTIFIED = "onterecht"


def emergency_review_queue(*, user, status: str = "") -> QuerySet[EmergencyAccess]:
    """The emergency accesses this privacy officer reviews (see the module docstring): those
    waiting for a review first, then the reviewed ones, newest first within each."""
    if not is_privacy_officer(user):
        return EmergencyAccess.objects.none()
    involved = OrganisationInvolvement.objects.filter(organisation_id=user.organisation_id).values(
        "family_system_id"
    )
    qs = EmergencyAccess.objects.filter(family_system_id__in=involved).exclude(
        organisation_id=user.organisation_id
    )
    if status == QueueStatus.OPEN:
        qs = qs.filter(review_outcome="")
    elif status == QueueStatus.REVIEWED:
        qs = qs.exclude(review_outcome="")
    elif status == QueueStatus.JUSTIFIED:
        qs = qs.filter(review_outcome=ReviewOutcome.JUSTIFIED)
    elif status == QueueStatus.UNJUSTIFIED:
        qs = qs.filter(review_outcome=ReviewOutcome.UNJUSTIFIED)
    return (
        qs.select_related("user", "organisation", "family_system", "reviewed_by")
        .annotate(
            pending_first=Case(
                When(review_outcome="", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("pending_first", "-granted_at", "-pk")
    )


def emergency_review_get(*, user, pk: int) -> EmergencyAccess:
    """One emergency access from this privacy officer's queue; any other is a 404."""
    try:
        return emergency_review_queue(user=user).get(pk=pk)
    except EmergencyAccess.DoesNotExist:
        raise Http404 from None


def emergency_reviews_pending_count(*, user) -> int:
    """How many emergency accesses wait for this privacy officer's review (0 for others)."""
    if not is_privacy_officer(user):
        return 0
    return emergency_review_queue(user=user, status=QueueStatus.OPEN).order_by().count()


def may_review(*, user, access: EmergencyAccess) -> bool:
    return (
        is_privacy_officer(user)
        and access.organisation_id != user.organisation_id
        and OrganisationInvolvement.objects.filter(
            organisation_id=user.organisation_id, family_system_id=access.family_system_id
        ).exists()
    )
