"""Writes of intake: route advice, the 24-hour rule's tracking, idempotency keys.

Called by ``voorop.meldingen.services`` inside the transaction that records a melding; none of
these functions opens a transaction of its own or writes the access log (the recording does).

The 24-hour rule (routekaart: "Politie meldt bij VT binnen 24u"):

- A police report of (suspected) HG/KM opens a ``VtReferral``: a melding recorded by a police
  organisation, of kind politie-incident, aangifte or aanhouding, carrying any HG/KM label
  (huiselijk geweld, kindermishandeling, ex-partnerstalking, eergerelateerd geweld,
  ouderenmishandeling) — unless it follows from a police melding that already has a referral
  (the aangifte or arrest of an incident that is already being reported: one incident, one
  report to Veilig Thuis), or from a Veilig Thuis melding (Veilig Thuis reported it to the
  police, as in samenwerken bij strafbare kindermishandeling: Veilig Thuis knows).
- It is due 24 hours after the police received the report (``received_at``).
- It closes when Veilig Thuis knows: the police report it through voorop, or Veilig Thuis
  records a melding that follows from it; ``vt_known_at`` is the earliest such moment, and the
  status says whether that was on time.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Q
from django.utils import timezone

from voorop.intake import routes
from voorop.intake.models import (
    IDEMPOTENCY_TTL,
    VT_REFERRAL_DEADLINE,
    IdempotencyKey,
    ReferralStatus,
    RouteAdvice,
    VtReferral,
)
from voorop.meldingen.models import Melding, MeldingKind
from voorop.organisations.models import OrganisationKind

#: Police meldingen that fall under the 24-hour rule (when labelled HG/KM).
REFERRAL_KINDS = frozenset(
    {MeldingKind.POLITIE_INCIDENT, MeldingKind.AANGIFTE, MeldingKind.AANHOUDING}
)
#: How far back along ``follows_from`` a referral of the same incident is looked for.
FOLLOW_DEPTH = 10


def facts_of(melding: Melding) -> routes.Facts:
    return routes.Facts(
        is_acute=melding.is_acute,
        suspect_arrested=melding.suspect_arrested,
        child_injury_suspected=melding.child_injury_suspected,
        labels=frozenset(str(label) for label in melding.labels),
    )


def route_advice_record(*, melding: Melding) -> list[RouteAdvice]:
    """Store the route advice for a new melding (``voorop.intake.routes``)."""
    advice = [
        RouteAdvice(
            melding=melding,
            position=position,
            route=item.route,
            rule=item.rule,
            reason=item.reason[:300],
        )
        for position, item in enumerate(routes.advise(facts_of(melding)), start=1)
    ]
    RouteAdvice.objects.bulk_create(advice)
    return advice


# -- the 24-hour rule -----------------------------------------------------------------------------


def _referral_of_incident(melding: Melding) -> VtReferral | None:
    """The referral of an earlier police melding this one follows from (same incident)."""
    current = melding.follows_from
    for _step in range(FOLLOW_DEPTH):
        if current is None:
            return None
        referral = VtReferral.objects.filter(police_melding=current).first()
        if referral is not None:
            return referral
        current = current.follows_from
    return None


def needs_vt_referral(melding: Melding) -> bool:
    """Does this melding open a referral under the 24-hour rule? (See the module docstring.)"""
    earlier = melding.follows_from
    return (
        melding.source_organisation.kind == OrganisationKind.POLITIE
        and melding.kind in REFERRAL_KINDS
        and bool(melding.labels)
        and not (earlier is not None and earlier.source_organisation.kind == OrganisationKind.VT)
        and _referral_of_incident(melding) is None
    )


def vt_referral_open(*, melding: Melding) -> VtReferral:
    referral = VtReferral(
        police_melding=melding,
        due_at=melding.received_at + VT_REFERRAL_DEADLINE,
        status=ReferralStatus.OPEN,
    )
    referral.full_clean(exclude=["police_melding"])
    referral.save()
    return referral


def vt_referral_known(
    *, referral: VtReferral, known_at, vt_melding: Melding | None = None
) -> VtReferral:
    """Veilig Thuis knows about the police report as of ``known_at`` (the earliest moment
    counts); ``vt_melding`` is its melding about it, if any."""
    locked = VtReferral.objects.select_for_update().get(pk=referral.pk)
    changed = []
    if locked.vt_known_at is None or known_at < locked.vt_known_at:
        locked.vt_known_at = known_at
        locked.status = (
            ReferralStatus.OP_TIJD if known_at <= locked.due_at else ReferralStatus.TE_LAAT
        )
        changed += ["vt_known_at", "status"]
    if vt_melding is not None and locked.vt_melding_id is None:
        locked.vt_melding = vt_melding
        changed.append("vt_melding")
    if changed:
        locked.full_clean(exclude=["police_melding", "vt_melding"])
        locked.save(update_fields=changed)
    return locked


def referral_followed_by(melding: Melding) -> VtReferral | None:
    """The referral a Veilig Thuis melding answers: that of the police melding it follows from
    (or of the incident that one belongs to)."""
    if melding.source_organisation.kind != OrganisationKind.VT or melding.follows_from is None:
        return None
    referral = VtReferral.objects.filter(police_melding=melding.follows_from).first()
    return referral or _referral_of_incident(melding.follows_from)


# -- idempotency ----------------------------------------------------------------------------------


def idempotency_fingerprint(data: Any) -> str:
    """SHA-256 of the request body in canonical JSON (sorted keys, no insignificant space), so
    that a retry that spells the same JSON differently is still the same request."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def idempotency_purge_expired(*, organisation) -> int:
    """Forget this organisation's expired keys (done at every keyed submission)."""
    deleted, _ = IdempotencyKey.objects.filter(
        Q(organisation=organisation) & Q(expires_at__lte=timezone.now())
    ).delete()
    return deleted


def idempotency_remember(
    *, user, key: str, fingerprint: str, status: int, melding: Melding, links: list[dict]
) -> IdempotencyKey:
    """Remember a successful keyed submission. Raises IntegrityError when a concurrent request
    with the same key got there first (the caller then answers as for a repeat)."""
    now = timezone.now()
    return IdempotencyKey.objects.create(
        organisation=user.organisation,
        key=key,
        user=user,
        fingerprint=fingerprint,
        response_status=status,
        melding=melding,
        links=links,
        created_at=now,
        expires_at=now + IDEMPOTENCY_TTL,
    )
