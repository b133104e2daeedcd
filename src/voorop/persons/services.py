"""Writes of persons and family systems. Each is one transaction with its audit record."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.persons.models import FamilySystem, OrganisationInvolvement


def involvement_touch(*, family_system: FamilySystem, organisation, at: datetime) -> None:
    """Record that ``organisation`` is (still) involved in ``family_system`` as of ``at``.

    Keeps ``since`` at the earliest and ``last_activity_at`` at the latest moment seen, so the
    index stays correct whatever order records arrive in."""
    involvement, created = OrganisationInvolvement.objects.select_for_update().get_or_create(
        family_system=family_system,
        organisation=organisation,
        defaults={"since": at, "last_activity_at": at},
    )
    if created:
        return
    changed = []
    if at < involvement.since:
        involvement.since = at
        changed.append("since")
    if at > involvement.last_activity_at:
        involvement.last_activity_at = at
        changed.append("last_activity_at")
    if changed:
        involvement.save(update_fields=changed)


def family_system_create(*, user, name: str, reference: str) -> FamilySystem:
    """Open a family system on behalf of the user's organisation, which becomes involved in it."""
    with transaction.atomic():
        family = FamilySystem(name=name, reference=reference, recorded_by=user.organisation)
        family.full_clean()
        family.save()
        involvement_touch(
            family_system=family, organisation=user.organisation, at=family.created_at
        )
        access_log_write(
            user=user, action=AccessAction.CREATE, object_type="gezinssysteem", object_id=family.pk
        )
    return family


# --- Family formation (linkage) -------------------------------------------------------------

#: Roles whose persons belong to the family system of the melding (not a reporting neighbour).
FAMILY_ROLES = ("SLACHTOFFER", "VERDACHTE", "KIND_AANWEZIG")


def family_form(*, melding, relations=(), user=None) -> FamilySystem | None:
    """Put the linked persons of ``melding`` in one family system and record stated relations.

    The family system is the melding's own when set; otherwise the one most of its persons
    already belong to (the oldest on a tie), so a family stays one family across years, house
    moves and new partners; otherwise a new one. Members are the victims, suspects and children
    present, any person named in a stated relation (``relations``: (mention_a, mention_b,
    RelationKind) triples), and persons in the report who live at the address of one of those
    members (co-residence). Nothing is taken out of a family here: corrections are by hand."""
    from collections import Counter

    from voorop.linkage.normalise import house_number as norm_hn
    from voorop.linkage.normalise import postcode as norm_pc
    from voorop.meldingen.models import MeldingPerson
    from voorop.persons.models import FamilyMembership, Relation

    mentions = list(MeldingPerson.objects.filter(melding=melding, person__isnull=False))
    stated = {m.pk for pair in relations for m in pair[:2]}
    core = [m for m in mentions if m.role in FAMILY_ROLES or m.pk in stated]
    if not core:
        return None
    addresses = {(norm_pc(m.postcode), norm_hn(m.house_number)) for m in core if m.postcode}
    members: set[int] = {m.person_id for m in core if m.person_id is not None}
    members |= {
        m.person_id
        for m in mentions
        if m.person_id is not None
        and m.postcode
        and (norm_pc(m.postcode), norm_hn(m.house_number)) in addresses
    }
    with transaction.atomic():
        family = melding.family_system
        if family is None:
            current = Counter(
                FamilyMembership.objects.filter(
                    person_id__in=members, until__isnull=True
                ).values_list("family_system_id", flat=True)
            )
            if current:
                top = max(current.values())
                family_id = min(fid for fid, n in current.items() if n == top)
                family = FamilySystem.objects.get(pk=family_id)
            else:
                first = (
                    next(m for m in core if m.role in FAMILY_ROLES)
                    if any(m.role in FAMILY_ROLES for m in core)
                    else core[0]
                )
                family = FamilySystem.objects.create(
                    name=_family_name(first),
                    reference=f"GS-L{melding.pk:08d}",
                    recorded_by=melding.source_organisation,
                )
            melding.family_system = family
            melding.save(update_fields=["family_system"])
        existing = set(
            FamilyMembership.objects.filter(family_system=family).values_list(
                "person_id", flat=True
            )
        )
        since = melding.occurred_at.date()
        FamilyMembership.objects.bulk_create(
            [
                FamilyMembership(family_system=family, person_id=pk, since=since)
                for pk in sorted(members - existing)
            ]
        )
        for a, b, kind in relations:
            if a.person_id and b.person_id and a.person_id != b.person_id:
                Relation.objects.get_or_create(
                    family_system=family,
                    person_a_id=a.person_id,
                    person_b_id=b.person_id,
                    kind=kind,
                    defaults={"valid_from": since, "recorded_by": melding.source_organisation},
                )
        involvement_touch(
            family_system=family, organisation=melding.source_organisation, at=melding.received_at
        )
        access_log_write(
            user=user,
            action=AccessAction.UPDATE,
            object_type="gezinssysteem",
            object_id=family.pk,
            person_ids=sorted(members),
            channel="SYSTEEM" if user is None else "WEB",
        )
    return family


def _family_name(mention) -> str:
    name = " ".join(p for p in (mention.prefix, mention.surname) if p) or "?"
    return f"Gezin {name}"[:200]


def family_membership_add(*, family_system: FamilySystem, person, user, since=None):
    """Add ``person`` to ``family_system`` by hand (a correction or a new insight)."""
    from voorop.persons.models import FamilyMembership

    with transaction.atomic():
        membership, _created = FamilyMembership.objects.get_or_create(
            family_system=family_system, person=person, defaults={"since": since}
        )
        access_log_write(
            user=user,
            action=AccessAction.UPDATE,
            object_type="gezinssysteem",
            object_id=family_system.pk,
            person_ids=[person.pk],
        )
    return membership


def family_membership_remove(*, family_system: FamilySystem, person, user) -> None:
    """Take ``person`` out of ``family_system`` (a wrong membership); the person and every
    report about them stay."""
    from voorop.persons.models import FamilyMembership

    with transaction.atomic():
        FamilyMembership.objects.filter(family_system=family_system, person=person).delete()
        access_log_write(
            user=user,
            action=AccessAction.UPDATE,
            object_type="gezinssysteem",
            object_id=family_system.pk,
            person_ids=[person.pk],
        )


def family_person_move(*, person, from_family: FamilySystem, to_family: FamilySystem, user):
    """Move ``person`` from one family system to another by hand."""
    with transaction.atomic():
        family_membership_remove(family_system=from_family, person=person, user=user)
        return family_membership_add(family_system=to_family, person=person, user=user)
