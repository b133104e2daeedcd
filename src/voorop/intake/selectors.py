"""Reads of intake data. What a user sees starts from ``voorop.authz.policy``: an
organisation sees the route advice and the 24-hour tracking of the meldingen it recorded."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from voorop.authz import policy
from voorop.intake.models import (
    VT_REFERRAL_WARNING,
    IdempotencyKey,
    ReferralStatus,
    RouteAdvice,
    VtReferral,
)
from voorop.meldingen.models import Melding


def route_advice_for(*, melding: Melding) -> list[RouteAdvice]:
    """The stored advice of a melding the caller already obtained through the policy."""
    return list(RouteAdvice.objects.filter(melding=melding).order_by("position"))


def referral_of(*, melding: Melding) -> VtReferral | None:
    """The 24-hour tracking of a police melding the caller obtained through the policy."""
    return (
        VtReferral.objects.select_related("vt_organisation", "vt_melding", "police_melding")
        .filter(police_melding=melding)
        .first()
    )


def referrals_answered_by(*, melding: Melding) -> list[VtReferral]:
    """The police reports a Veilig Thuis melding answers (usually one)."""
    return list(VtReferral.objects.select_related("police_melding").filter(vt_melding=melding))


def referral_deadlines(*, user) -> QuerySet[VtReferral]:
    """Open referrals of the user's own organisation's meldingen, least time left first: the
    werkvoorraad's "Doormelden aan Veilig Thuis"."""
    return (
        VtReferral.objects.filter(
            status=ReferralStatus.OPEN, police_melding__in=policy.own_meldingen_for(user)
        )
        .select_related("police_melding", "police_melding__family_system")
        .order_by("due_at", "id")
    )


def referrals_due(
    *, now: datetime | None = None, within: timedelta = VT_REFERRAL_WARNING, organisation=None
) -> QuerySet[VtReferral]:
    """For ``voorop deadlines`` (a system check, no user): open referrals that are overdue or
    due within ``within``, of every police organisation or of one."""
    now = now or timezone.now()
    qs = VtReferral.objects.filter(status=ReferralStatus.OPEN, due_at__lte=now + within)
    if organisation is not None:
        qs = qs.filter(police_melding__source_organisation=organisation)
    return qs.select_related("police_melding", "police_melding__source_organisation").order_by(
        "due_at", "id"
    )


@dataclass(frozen=True)
class Timeliness:
    """How fast police reports reached Veilig Thuis over a period (monitoring)."""

    total: int
    on_time: int
    late: int
    open_overdue: int
    open_in_time: int
    median_incident_to_vt: timedelta | None

    @property
    def on_time_share(self) -> float | None:
        known = self.on_time + self.late
        return self.on_time / known if known else None


def referral_timeliness(
    *, since: datetime, now: datetime | None = None, organisation=None
) -> Timeliness:
    """Referrals opened since ``since``: on time, late, still open; median time from the
    incident to Veilig Thuis knowing."""
    now = now or timezone.now()
    qs = VtReferral.objects.filter(police_melding__received_at__gte=since)
    if organisation is not None:
        qs = qs.filter(police_melding__source_organisation=organisation)
    rows = list(qs.values_list("status", "due_at", "vt_known_at", "police_melding__occurred_at"))
    durations = sorted(
        (known - occurred).total_seconds() for _s, _d, known, occurred in rows if known is not None
    )
    return Timeliness(
        total=len(rows),
        on_time=sum(1 for s, *_ in rows if s == ReferralStatus.OP_TIJD),
        late=sum(1 for s, *_ in rows if s == ReferralStatus.TE_LAAT),
        open_overdue=sum(1 for s, due, *_ in rows if s == ReferralStatus.OPEN and due < now),
        open_in_time=sum(1 for s, due, *_ in rows if s == ReferralStatus.OPEN and due >= now),
        median_incident_to_vt=(
            timedelta(seconds=statistics.median(durations)) if durations else None
        ),
    )


def idempotency_key_get(*, organisation, key: str) -> IdempotencyKey | None:
    """A remembered, unexpired key of this organisation."""
    return (
        IdempotencyKey.objects.filter(
            organisation=organisation, key=key, expires_at__gt=timezone.now()
        )
        .select_related("melding")
        .first()
    )
