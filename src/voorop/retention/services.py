"""Applying the retention rules: what is past its term (report) and removing it (apply).

Per record kind:

* ``MELDING``: a melding is past its term when it was received (``received_at``) longer ago
  than the term of the organisation that recorded it (its own rule, else the default). It goes
  together with the persons as reported in it (``MeldingPerson``) and its items in disclosures
  (``DisclosureItem``: the disclosure record itself stays); the removal is recorded in
  the access log (action RETENTION, on behalf of that organisation, with the persons concerned).
* ``ACCESS_LOG``: the log is one hash chain for all organisations, so one cut-off holds for all
  of it: the longest access-log term of any rule. Only the oldest run of records goes
  (``voorop.audit.services.access_log_purge``), so the rest still verifies.

Without any rule for a kind nothing of that kind is removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_expired, access_log_purge, access_log_write
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.organisations.models import Organisation
from voorop.retention.models import RecordKind, RetentionRule
from voorop.sharing.models import DisclosureItem


@dataclass(frozen=True)
class RetentionLine:
    """One organisation's records of one kind that are past their term."""

    record_kind: str
    organisation_code: str  # "" for records of no organisation (the system's own log records)
    organisation_name: str
    keep_days: int | None  # None: no rule, nothing is removed
    cutoff: dt.datetime | None
    count: int
    oldest: dt.datetime | None
    default_rule: bool = False


def _rules() -> dict[str, dict[int | None, RetentionRule]]:
    rules: dict[str, dict[int | None, RetentionRule]] = {}
    for rule in RetentionRule.objects.all():
        rules.setdefault(rule.record_kind, {})[rule.organisation_id] = rule
    return rules


def _melding_lines(rules: dict[int | None, RetentionRule], now: dt.datetime) -> list[RetentionLine]:
    lines = []
    organisations = Organisation.objects.filter(meldingen__isnull=False).distinct().order_by("code")
    for org in organisations:
        rule = rules.get(org.pk) or rules.get(None)
        if rule is None:
            lines.append(RetentionLine(RecordKind.MELDING, org.code, org.name, None, None, 0, None))
            continue
        cutoff = now - dt.timedelta(days=rule.keep_days)
        totals = Melding.objects.filter(source_organisation=org, received_at__lt=cutoff).aggregate(
            n=Count("pk"), oldest=Min("received_at")
        )
        lines.append(
            RetentionLine(
                RecordKind.MELDING,
                org.code,
                org.name,
                rule.keep_days,
                cutoff,
                totals["n"],
                totals["oldest"],
                default_rule=rule.organisation_id is None,
            )
        )
    return lines


def access_log_keep_days(rules: dict[int | None, RetentionRule]) -> int | None:
    """The one term for the whole access log: the longest of all access-log rules."""
    return max((rule.keep_days for rule in rules.values()), default=None)


def _access_log_lines(
    rules: dict[int | None, RetentionRule], now: dt.datetime
) -> list[RetentionLine]:
    keep_days = access_log_keep_days(rules)
    if keep_days is None:
        return [RetentionLine(RecordKind.ACCESS_LOG, "", "", None, None, 0, None)]
    cutoff = now - dt.timedelta(days=keep_days)
    expired = access_log_expired(before=cutoff)
    names = dict(
        Organisation.objects.filter(code__in=list(expired.by_organisation)).values_list(
            "code", "name"
        )
    )
    return [
        RetentionLine(
            RecordKind.ACCESS_LOG, code, names.get(code, code), keep_days, cutoff, n, oldest
        )
        for code, (n, oldest) in sorted(expired.by_organisation.items())
    ] or [RetentionLine(RecordKind.ACCESS_LOG, "", "", keep_days, cutoff, 0, None)]


def retention_report(*, now: dt.datetime | None = None) -> list[RetentionLine]:
    """Per organisation and record kind: how many records are past their term, the oldest."""
    now = now or timezone.now()
    rules = _rules()
    return _melding_lines(rules.get(RecordKind.MELDING, {}), now) + _access_log_lines(
        rules.get(RecordKind.ACCESS_LOG, {}), now
    )


def retention_apply() -> list[RetentionLine]:
    """Remove everything past its term, in one transaction; returns what was removed."""
    now = timezone.now()
    rules = _rules()
    with transaction.atomic():
        lines = _melding_lines(rules.get(RecordKind.MELDING, {}), now)
        for line in lines:
            if line.count and line.cutoff is not None:
                _purge_meldingen(line)
        log_rules = rules.get(RecordKind.ACCESS_LOG, {})
        log_lines = _access_log_lines(log_rules, now)
        keep_days = access_log_keep_days(log_rules)
        if keep_days is not None and any(line.count for line in log_lines):
            access_log_purge(before=now - dt.timedelta(days=keep_days), keep_days=keep_days)
    return lines + log_lines


def _purge_meldingen(line: RetentionLine) -> None:
    expired = Melding.objects.filter(
        source_organisation__code=line.organisation_code, received_at__lt=line.cutoff
    )
    ids = sorted(expired.values_list("pk", flat=True))
    mentions = MeldingPerson.objects.filter(melding__in=expired)
    person_ids = set(mentions.exclude(person=None).values_list("person_id", flat=True))
    mentions.delete()
    # What was shared of an expired melding goes with it; the disclosure itself (who shared
    # with whom, when, on which basis) stays in the register, and the access log keeps the fact.
    DisclosureItem.objects.filter(melding__in=expired).delete()
    expired.delete()
    access_log_write(
        user=None,
        action=AccessAction.RETENTION,
        object_type="melding",
        object_id=",".join(str(pk) for pk in ids),
        person_ids=person_ids,
        on_behalf_of=line.organisation_code,
        purpose=f"bewaartermijn meldingen {line.keep_days} dagen: {len(ids)} verwijderd",
        channel="CLI",
    )
