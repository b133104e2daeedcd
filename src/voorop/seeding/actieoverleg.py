"""An actieoverleg for the demo, so that the chair, the police and the OM find one planned
(``voorop demo``).

Veilig Thuis Rijnveen plans its weekly actieoverleg on the next working day, with a police
unit and the OM as standing participants. The police (Rijnveen Centrum) submit three families
that have a VT melding at Veilig Thuis Rijnveen; the chair puts two of them on the agenda
(3RO and the Raad are invited where dat-informatie shows them involved) and leaves the third
waiting for a decision.

Like the demo's HSSK cases these go through the actieoverleg services as the demo users, so
the invitations, involvement and access log are what the users' own actions make. Created
once: nothing happens when any actieoverleg exists.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from voorop.accounts.models import RoleCode, User
from voorop.actieoverleg import selectors, services
from voorop.actieoverleg.models import CRITERIA, Meeting
from voorop.authz import policy
from voorop.organisations.models import Organisation
from voorop.seeding.demo import demo_username
from voorop.seeding.region import OM, POLITIE_CENTRUM, VT

REASONS = (
    "Derde incident dit jaar; aangifte van mishandeling loopt en de kinderen waren erbij. "
    "Samenloop straf en zorg: afstemmen wie wat doet.",
    "Ex-partner blijft ondanks een contactverbod langskomen; de moeder is bang. Graag samen "
    "een veiligheidsplan.",
    "Zorgen over de jongste: melding van school over blauwe plekken; ouders houden hulp af.",
)
SLOT = dt.timedelta(minutes=20)


def _user(organisation: Organisation, role: str) -> User | None:
    return User.objects.filter(username=demo_username(organisation.code, role)).first()


def _next_working_day_at_ten() -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def ensure_demo_actieoverleg(organisations: dict[str, Organisation]) -> int:
    """Plan the demo's actieoverleg and its submissions; return how many were submitted."""
    vt, om, police = organisations[VT], organisations[OM], organisations[POLITIE_CENTRUM]
    chair = _user(vt, RoleCode.VOORZITTER_ACTIEOVERLEG)
    police_user = _user(police, RoleCode.CASUSREGISSEUR)
    if chair is None or police_user is None or Meeting.objects.exists():
        return 0
    candidates = (
        policy.family_systems_for(police_user)
        .filter(meldingen__source_organisation=vt)
        .distinct()
        .order_by("-pk")[:60]
    )
    families = []
    for family in candidates:
        melding = selectors.latest_vt_melding(family)
        if melding is not None and melding.source_organisation_id == vt.pk:
            families.append(family)
        if len(families) == len(REASONS):
            break
    start = _next_working_day_at_ten()
    with transaction.atomic():
        meeting = services.meeting_create(
            user=chair,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            standing_organisations=[police, om],
            location="Veilig Thuis Rijnveen, overlegruimte 2",
        )
        for n, (family, reason) in enumerate(zip(families, REASONS, strict=False)):
            submission = services.submission_create(
                user=police_user, family_system=family, reason=reason
            )
            if n < 2:  # the third waits for the chair's decision
                services.submission_schedule(
                    user=chair,
                    submission=submission,
                    meeting=meeting,
                    criteria=dict.fromkeys(CRITERIA, True),
                    slot_start=start + SLOT * n,
                    slot_end=start + SLOT * (n + 1),
                )
    return len(families)
