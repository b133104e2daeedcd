"""Writing the access log. Call inside the same transaction as the access it records."""

from __future__ import annotations

from collections.abc import Iterable

from voorop.audit.middleware import current_client_address
from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome


def access_log_write(
    *,
    user,
    action: str,
    object_type: str,
    object_id: object = "",
    person_ids: Iterable[int] = (),
    outcome: str = AccessOutcome.OK,
    purpose: str = "",
    channel: str = "WEB",
) -> AccessLogEntry:
    """Record one access. Only identifiers and codes are stored, never case content."""
    organisation = getattr(user, "organisation", None)
    authenticated = bool(getattr(user, "is_authenticated", False))
    return AccessLogEntry.objects.create(
        action=AccessAction(action),
        outcome=AccessOutcome(outcome),
        user_id=user.pk if authenticated else None,
        username=user.get_username() if authenticated else "",
        roles=",".join(sorted(user.role_codes)) if authenticated else "",
        organisation_code=organisation.code if organisation else "",
        purpose=purpose,
        object_type=object_type,
        object_id=str(object_id),
        person_ids=",".join(str(pk) for pk in sorted(set(person_ids))),
        client_address=current_client_address(),
        channel=channel,
    )


def audited_lookup(*, user, selector, pk, object_type: str, channel: str = "WEB"):
    """Look an object up through its selector; a denied or missing object is logged as DENIED
    (in its own transaction, so the refusal is on record) before the Http404 propagates."""
    from django.http import Http404

    try:
        return selector(user=user, pk=pk)
    except Http404:
        access_log_write(
            user=user,
            action=AccessAction.VIEW,
            object_type=object_type,
            object_id=pk,
            outcome=AccessOutcome.DENIED,
            channel=channel,
        )
        raise
