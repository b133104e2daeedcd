"""Reads of persons and family systems. Every query starts from ``voorop.authz.policy``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from voorop.authz import policy
from voorop.cases.models import CaseStatus
from voorop.meldingen.models import Melding
from voorop.persons.models import (
    Address,
    FamilyMembership,
    FamilySystem,
    OrganisationInvolvement,
    Person,
    Relation,
)

POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")


def normalise_postcode(value: str) -> str | None:
    """'1234 ab' → '1234AB'; None if the value is not a Dutch postcode."""
    match = POSTCODE_RE.match(value or "")
    return f"{match.group(1)}{match.group(2).upper()}" if match else None


def family_system_list(
    *, user, query: str = "", phase: str = "", only_open: bool = False
) -> QuerySet[FamilySystem]:
    """The family systems the user's organisation is involved in, most recent activity first."""
    qs = (
        policy.family_systems_for(user)
        .select_related("case")
        .annotate(
            member_count=Count("memberships", distinct=True),
        )
    )
    org_id = user.organisation_id
    qs = qs.annotate(
        last_activity_at=Max(
            "involvements__last_activity_at", filter=Q(involvements__organisation_id=org_id)
        )
    )
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(reference__iexact=query.strip()))
    if phase:
        qs = qs.filter(case__phase=phase)
    if only_open:
        qs = qs.filter(case__status=CaseStatus.OPEN)
    return qs.order_by("-last_activity_at", "-id")


def family_system_get(*, user, pk: int) -> FamilySystem:
    """One family system the user may see; a forbidden and a missing one both raise Http404."""
    try:
        return (
            policy.family_systems_for(user)
            .select_related("case", "case__first_contact_organisation", "recorded_by")
            .get(pk=pk)
        )
    except FamilySystem.DoesNotExist:
        raise Http404 from None


def family_members(*, user, family_system: FamilySystem) -> list[FamilyMembership]:
    """The members of the family the user may see (all of them, unless the family is known to
    the user's organisation only through a disclosure)."""
    return list(
        FamilyMembership.objects.filter(
            family_system=family_system, person__in=policy.persons_for(user)
        )
        .select_related("person")
        .order_by("person__date_of_birth", "person__surname")
    )


def family_relations(*, user, family_system: FamilySystem) -> list[Relation]:
    visible = policy.persons_for(user)
    return list(
        Relation.objects.filter(
            family_system=family_system, person_a__in=visible, person_b__in=visible
        )
        .select_related("person_a", "person_b")
        .order_by("kind", "valid_from")
    )


@dataclass(frozen=True)
class TimelineFilter:
    organisation_id: int | None = None
    kind: str = ""
    person_id: int | None = None
    newest_first: bool = True


def family_timeline(
    *, user, family_system: FamilySystem, filters: TimelineFilter | None = None
) -> QuerySet[Melding]:
    """Everything the user may see that happened to this family, ordered in time."""
    filters = filters or TimelineFilter()
    qs = (
        policy.meldingen_for(user)
        .filter(family_system=family_system)
        .select_related("source_organisation")
        .prefetch_related("persons__person")
    )
    if filters.organisation_id:
        qs = qs.filter(source_organisation_id=filters.organisation_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.person_id:
        qs = qs.filter(persons__person_id=filters.person_id).distinct()
    order = ("-occurred_at", "-id") if filters.newest_first else ("occurred_at", "id")
    return qs.order_by(*order)


def person_get(*, user, pk: int) -> Person:
    try:
        return (
            policy.persons_for(user)
            .prefetch_related(
                Prefetch("addresses", queryset=Address.objects.order_by("-valid_from")),
            )
            .get(pk=pk)
        )
    except Person.DoesNotExist:
        raise Http404 from None


def person_family_systems(*, user, person: Person) -> QuerySet[FamilySystem]:
    return policy.family_systems_for(user).filter(memberships__person=person).distinct()


def person_meldingen(*, user, person: Person) -> QuerySet[Melding]:
    return (
        policy.meldingen_for(user)
        .filter(persons__person=person)
        .select_related("source_organisation", "family_system")
        .distinct()
        .order_by("-occurred_at", "-id")
    )


@dataclass(frozen=True)
class PersonSearch:
    name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name.strip() or self.date_of_birth or self.postcode.strip())


def person_search(*, user, criteria: PersonSearch) -> QuerySet[Person]:
    """Persons the user may see matching every given criterion. Name words match given names,
    tussenvoegsel or surname (case-insensitive, part of a word); postcode matches any address."""
    qs = policy.persons_for(user)
    if criteria.is_empty:
        return qs.none()
    for word in criteria.name.split():
        qs = qs.filter(
            Q(surname__icontains=word) | Q(given_names__icontains=word) | Q(prefix__iexact=word)
        )
    if criteria.date_of_birth:
        qs = qs.filter(date_of_birth=criteria.date_of_birth)
    if criteria.postcode:
        postcode = normalise_postcode(criteria.postcode) or criteria.postcode.replace(" ", "")
        qs = qs.filter(pk__in=Address.objects.filter(postcode__iexact=postcode).values("person_id"))
    return qs.order_by("surname", "given_names", "id")


def timeline_organisations(*, user, family_system: FamilySystem):
    """The organisations whose records on this family's timeline the user may see."""
    from voorop.organisations.models import Organisation

    return Organisation.objects.filter(
        pk__in=policy.meldingen_for(user)
        .filter(family_system=family_system)
        .values("source_organisation_id")
    ).order_by("name")


def own_involvement(*, user, family_system: FamilySystem):
    return family_system.involvements.filter(organisation_id=user.organisation_id).first()


def family_involvements(*, user, family_system: FamilySystem) -> list[OrganisationInvolvement]:
    """The involvements of organisations in this family system that the user may see.

    For now that is only the user's own organisation's involvement: that another organisation
    is involved too (dat-informatie) is shared under the sharing policy, which will widen this
    function rather than its callers."""
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return []
    return list(
        OrganisationInvolvement.objects.filter(family_system=family_system, organisation_id=org_id)
        .select_related("organisation")
        .order_by("since", "id")
    )
