"""Reads of the access log, for privacy officers.

Who may read what:

* only users with the role privacy officer, in an organisation, read the log at all;
* a privacy officer sees the records made by users of their own organisation, and the records
  about persons in family systems their organisation is involved in (``policy.persons_for``),
  whoever made them — so they can answer "who looked at our clients?" and an inzageverzoek;
* the access overview for an inzageverzoek covers one person the organisation is involved
  with, and then every organisation's accesses to that person.

Every read of the log is itself logged by the views (action ``AUDIT_READ``, ``EXPORT`` or
``PRINT``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.audit.models import AccessAction, AccessLogEntry, AccessLogPerson, AccessOutcome
from voorop.authz import policy
from voorop.organisations.models import Organisation
from voorop.persons.models import Person

#: Object types under which the log records reads of the log itself. The access overview for
#: an inzageverzoek leaves them out: it answers who looked at the person's case data.
LOG_OBJECT_TYPES = ("toegangslog", "inzageoverzicht")


def is_privacy_officer(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.organisation_id
        and user.has_role(RoleCode.PRIVACY_OFFICER)
    )


def access_log_for(user) -> QuerySet[AccessLogEntry]:
    """The records this privacy officer may read (see the module docstring); none for anyone
    else."""
    if not is_privacy_officer(user):
        return AccessLogEntry.objects.none()
    about_our_persons = AccessLogPerson.objects.filter(
        person_id__in=policy.persons_for(user).values("pk")
    ).values("entry_id")
    return AccessLogEntry.objects.filter(
        Q(organisation_code=user.organisation.code) | Q(pk__in=about_our_persons)
    )


@dataclass(frozen=True)
class LogFilter:
    person_id: int | None = None
    username: str = ""
    organisation_code: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    action: str = ""
    outcome: str = ""

    def describe(self) -> str:
        """The filter in a few words, for the log record of this read."""
        parts = [
            f"{name}={value}"
            for name, value in (
                ("persoon", self.person_id),
                ("gebruiker", self.username),
                ("organisatie", self.organisation_code),
                ("van", self.date_from),
                ("tot", self.date_to),
                ("actie", self.action),
                ("uitkomst", self.outcome),
            )
            if value not in (None, "")
        ]
        return "filter: " + (", ".join(parts) if parts else "geen")


def _start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the local time zone (the dates people type)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def access_log_list(*, user, filters: LogFilter) -> QuerySet[AccessLogEntry]:
    """The records this privacy officer may read that match ``filters``, newest first.
    ``date_to`` is inclusive."""
    qs = access_log_for(user)
    if filters.person_id is not None:
        qs = qs.filter(
            pk__in=AccessLogPerson.objects.filter(person_id=filters.person_id).values("entry_id")
        )
    if filters.username:
        qs = qs.filter(username=filters.username)
    if filters.organisation_code:
        qs = qs.filter(organisation_code=filters.organisation_code)
    if filters.date_from:
        qs = qs.filter(occurred_at__gte=_start_of_day(filters.date_from))
    if filters.date_to:
        qs = qs.filter(occurred_at__lt=_start_of_day(filters.date_to + dt.timedelta(days=1)))
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    return qs.order_by("-seq")


def organisation_names(codes) -> dict[str, str]:
    return dict(Organisation.objects.filter(code__in=set(codes)).values_list("code", "name"))


def inzage_person_get(*, user, pk: int) -> Person:
    """A person for whom this privacy officer may draw up the access overview: one in a family
    system their organisation is involved in. Anything else raises Http404."""
    if not is_privacy_officer(user):
        raise Http404
    try:
        return policy.persons_for(user).get(pk=pk)
    except Person.DoesNotExist:
        raise Http404 from None


@dataclass
class OrganisationAccess:
    """One organisation's accesses to one person's data."""

    organisation_code: str
    organisation_name: str
    first_at: dt.datetime
    last_at: dt.datetime
    count: int
    actions: list[str] = field(default_factory=list)


def access_overview(*, person: Person) -> list[OrganisationAccess]:
    """Per organisation: first and last access, number of accesses and the kinds of access to
    ``person``'s data — allowed accesses only (a refused one showed nothing), reads of the log
    itself left out. Earliest first access first."""
    entries = AccessLogEntry.objects.filter(
        pk__in=AccessLogPerson.objects.filter(person_id=person.pk).values("entry_id"),
        outcome=AccessOutcome.OK,
    ).exclude(object_type__in=LOG_OBJECT_TYPES)
    totals = list(
        entries.values("organisation_code")
        .annotate(first_at=Min("occurred_at"), last_at=Max("occurred_at"), count=Count("pk"))
        .order_by("first_at", "organisation_code")
    )
    actions: dict[str, set[str]] = defaultdict(set)
    for code, action in entries.values_list("organisation_code", "action").distinct():
        actions[code].add(action)
    labels = dict(AccessAction.choices)
    names = organisation_names(row["organisation_code"] for row in totals)
    return [
        OrganisationAccess(
            organisation_code=row["organisation_code"],
            organisation_name=names.get(row["organisation_code"], row["organisation_code"]),
            first_at=row["first_at"],
            last_at=row["last_at"],
            count=row["count"],
            actions=sorted(str(labels.get(a, a)) for a in actions[row["organisation_code"]]),
        )
        for row in totals
    ]
