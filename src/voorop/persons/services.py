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
