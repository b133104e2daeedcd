"""Recording a melding: the report, the persons as reported, and the organisation's
involvement in the family system — one transaction, with its audit record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.persons.services import involvement_touch


def melding_record(
    *, user, melding: dict[str, Any], persons: Sequence[dict[str, Any]] = ()
) -> Melding:
    """Store one melding recorded by the user's organisation.

    ``melding`` holds the Melding fields, ``persons`` one dict of MeldingPerson fields per person
    mentioned. Nothing is stored unless everything validates."""
    with transaction.atomic():
        record = Melding(source_organisation=user.organisation, **melding)
        record.full_clean()
        record.save()
        mentions = [MeldingPerson(melding=record, **fields) for fields in persons]
        for mention in mentions:
            mention.full_clean(exclude=["melding"])
        MeldingPerson.objects.bulk_create(mentions)
        if record.family_system is not None:
            involvement_touch(
                family_system=record.family_system,
                organisation=user.organisation,
                at=record.received_at,
            )
        access_log_write(
            user=user,
            action=AccessAction.CREATE,
            object_type="melding",
            object_id=record.pk,
            person_ids=[m.person_id for m in mentions if m.person_id],
        )
    return record
