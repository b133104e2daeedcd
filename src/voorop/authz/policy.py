"""The authorization policy: the one place that decides which case data a user may see.

Rule for now (foundation): an organisation sees a family system where it is involved —
it recorded something in it (``OrganisationInvolvement``) — and within it only the records it
recorded itself. Persons are visible through the family systems they belong to. The sharing
policy (disclosures, dat-informatie, emergency access) extends these functions; callers never
filter on organisation themselves.

A user without an organisation (an operator account) sees no case data at all.
"""

from __future__ import annotations

from django.db.models import QuerySet

from voorop.meldingen.models import Melding, MeldingPerson
from voorop.persons.models import FamilySystem, Person


def _organisation_id(user) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.organisation_id


def family_systems_for(user) -> QuerySet[FamilySystem]:
    org_id = _organisation_id(user)
    if org_id is None:
        return FamilySystem.objects.none()
    return FamilySystem.objects.filter(involvements__organisation_id=org_id)


def persons_for(user) -> QuerySet[Person]:
    org_id = _organisation_id(user)
    if org_id is None:
        return Person.objects.none()
    return Person.objects.filter(
        pk__in=Person.objects.filter(
            memberships__family_system__involvements__organisation_id=org_id
        ).values("pk")
    )


def meldingen_for(user) -> QuerySet[Melding]:
    org_id = _organisation_id(user)
    if org_id is None:
        return Melding.objects.none()
    return Melding.objects.filter(source_organisation_id=org_id)


def melding_persons_for(user) -> QuerySet[MeldingPerson]:
    return MeldingPerson.objects.filter(melding__in=meldingen_for(user))
