"""Writing the access log. Call inside the same transaction as the access it records."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from voorop.audit.chain import canonical_address, entry_hash
from voorop.audit.maintenance import audit_maintenance
from voorop.audit.middleware import current_client_address
from voorop.audit.models import (
    GENESIS_HASH,
    AccessAction,
    AccessLogEntry,
    AccessLogPerson,
    AccessOutcome,
)
from voorop.audit.verification import RETENTION_OBJECT_TYPE, retention_object_id

#: Key of the PostgreSQL advisory lock that serialises appends to the chain ("VOOROPAU").
CHAIN_LOCK_KEY = 0x564F4F524F504155


def _fit(value: object, field: str) -> str:
    """The text as it will be stored: cut to the column's length, so that the hash covers
    exactly what the database keeps (SQLite would keep a longer text, PostgreSQL refuse it)."""
    text = "" if value is None else str(value)
    max_length = getattr(AccessLogEntry._meta.get_field(field), "max_length", None)
    return text[:max_length] if max_length else text


def _lock_chain(using: str) -> None:
    """Serialise appends until the transaction ends. On PostgreSQL an advisory transaction lock;
    on SQLite the write transaction itself, which ``transaction_mode: IMMEDIATE`` (settings)
    takes at BEGIN, before the last record is read. ``seq`` is unique either way, so two
    appends that did race would make one of them fail, never fork the chain."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def access_log_write(
    *,
    user,
    action: str,
    object_type: str,
    object_id: object = "",
    person_ids: Iterable[int | None] = (),
    outcome: str = AccessOutcome.OK,
    purpose: str = "",
    channel: str = "WEB",
    on_behalf_of: str = "",
    acting_role: str | None = None,
) -> AccessLogEntry:
    """Append one access to the log. Only identifiers and codes are stored, never case content.

    Joins the caller's transaction: when the caller's work rolls back, so does its log record,
    and when the record cannot be written the caller's whole transaction fails with it.
    ``user`` may be None for the system itself (``voorop retention``). ``acting_role`` is the
    role the user acted in; by default all the user's roles."""
    authenticated = bool(getattr(user, "is_authenticated", False))
    organisation = getattr(user, "organisation", None) if authenticated else None
    roles = ",".join(sorted(user.role_codes)) if authenticated else ""
    persons = sorted({int(pk) for pk in person_ids if pk is not None})
    values = {
        "event_id": uuid.uuid4(),
        "action": AccessAction(action).value,
        "outcome": AccessOutcome(outcome).value,
        "user_id": user.pk if authenticated else None,
        "username": _fit(user.get_username() if authenticated else "", "username"),
        "roles": _fit(roles, "roles"),
        "acting_role": _fit(roles if acting_role is None else acting_role, "acting_role"),
        "organisation_code": _fit(organisation.code if organisation else "", "organisation_code"),
        "on_behalf_of": _fit(on_behalf_of, "on_behalf_of"),
        "purpose": _fit(purpose, "purpose"),
        "object_type": _fit(object_type, "object_type"),
        "object_id": str(object_id),
        "person_ids": ",".join(str(pk) for pk in persons),
        "client_address": canonical_address(current_client_address()),
        "channel": _fit(channel, "channel"),
    }
    using = router.db_for_write(AccessLogEntry)
    # No savepoint of its own: a record that cannot be written fails the caller's whole
    # transaction, and an append costs two queries (three on PostgreSQL: the lock).
    with transaction.atomic(using=using, savepoint=False):
        _lock_chain(using)
        last = (
            AccessLogEntry.objects.using(using).order_by("-seq").values_list("seq", "hash").first()
        )
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        # Taken after the lock, so that time never runs backwards along the chain.
        values.update(seq=seq, occurred_at=timezone.now(), prev_hash=prev_hash)
        values["hash"] = entry_hash(prev_hash, values)
        entry = AccessLogEntry.objects.using(using).create(**values)
        AccessLogPerson.objects.using(using).bulk_create(
            AccessLogPerson(entry=entry, person_id=pk) for pk in persons
        )
    return entry


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


@dataclass(frozen=True)
class ExpiredLog:
    """The oldest records of the access log, past a cut-off: ``seq`` first..last."""

    count: int
    first_seq: int | None
    last_seq: int | None
    oldest: dt.datetime | None
    by_organisation: dict[str, tuple[int, dt.datetime]]  # code → (count, oldest)


def _expired_prefix(before: dt.datetime):
    """The records before ``before`` that can go without breaking the chain: the run of records
    from the start up to the first one that must stay (time follows ``seq``; this also holds
    should a clock ever have stepped back). The newest record always stays, so that the next
    record still links to the chain instead of starting a new one."""
    first_kept = (
        AccessLogEntry.objects.filter(occurred_at__gte=before)
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    if first_kept is None:
        first_kept = AccessLogEntry.objects.aggregate(last=Max("seq"))["last"]
    if first_kept is None:
        return AccessLogEntry.objects.none()
    return AccessLogEntry.objects.filter(seq__lt=first_kept)


def access_log_expired(*, before: dt.datetime) -> ExpiredLog:
    """What ``access_log_purge(before=...)`` would remove (for a dry run)."""
    prefix = _expired_prefix(before)
    totals = prefix.aggregate(
        n=Count("pk"), lo=Min("seq"), hi=Max("seq"), oldest=Min("occurred_at")
    )
    by_org = {
        row["organisation_code"]: (row["n"], row["oldest"])
        for row in prefix.values("organisation_code")
        .annotate(n=Count("pk"), oldest=Min("occurred_at"))
        .order_by("organisation_code")
    }
    return ExpiredLog(
        count=totals["n"],
        first_seq=totals["lo"],
        last_seq=totals["hi"],
        oldest=totals["oldest"],
        by_organisation=by_org,
    )


PURGE_BATCH = 5000


def access_log_purge(*, before: dt.datetime, keep_days: int) -> ExpiredLog:
    """Remove the access log's oldest records, older than ``before``, and record that in the log.

    Only a run from the start of the chain is removed, so what remains is still one unbroken
    chain. The RETENTION record names the removed ``seq`` range and the hash of the last removed
    record — the anchor at which ``voorop audit verify`` then starts. Runs in maintenance mode:
    on PostgreSQL as the owner role, since the application role may not delete from the log."""
    using = router.db_for_write(AccessLogEntry)
    with transaction.atomic(using=using):
        _lock_chain(using)
        expired = access_log_expired(before=before)
        if not expired.count or expired.first_seq is None or expired.last_seq is None:
            return expired
        anchor = (
            AccessLogEntry.objects.filter(seq=expired.last_seq).values_list("hash", flat=True).get()
        )
        with audit_maintenance(using):
            for low in range(expired.first_seq, expired.last_seq + 1, PURGE_BATCH):
                high = min(low + PURGE_BATCH - 1, expired.last_seq)
                AccessLogPerson.objects.filter(entry__seq__gte=low, entry__seq__lte=high).delete()
                AccessLogEntry.objects.filter(seq__gte=low, seq__lte=high).delete()
        access_log_write(
            user=None,
            action=AccessAction.RETENTION,
            object_type=RETENTION_OBJECT_TYPE,
            object_id=retention_object_id(
                first_seq=expired.first_seq, last_seq=expired.last_seq, anchor=anchor
            ),
            purpose=(
                f"bewaartermijn toegangslog {keep_days} dagen: {expired.count} regels "
                f"van vóór {before:%Y-%m-%d} verwijderd"
            ),
            channel="CLI",
        )
    return expired
