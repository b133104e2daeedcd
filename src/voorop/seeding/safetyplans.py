"""A few veiligheidsplannen for the demo, so that the plan, its printout and the werkvoorraad's
"verlopen" block have something to show.

For up to three open family systems that Veilig Thuis and a police team are involved in (acute
ones first): a tijdelijk huisverbod started nine days ago (owned by Veilig Thuis, so its advice
on extension — day 8 — is overdue on VT's werkvoorraad), a contactverbod owned by the OM and an
agreement of the police ("who calls whom when the unsafety changes").

Like ``voorop seed`` (ADR 2), this writes rows directly and no access log: it is not a user
action and only runs on synthetic data (``voorop demo``). Created once: family systems that
already have a plan are left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from voorop.accounts.models import User
from voorop.cases.models import CaseStatus, Phase
from voorop.organisations.models import Organisation
from voorop.persons.models import FamilySystem
from voorop.persons.services import involvement_touch
from voorop.safetyplan.models import (
    AgreementTopic,
    Intervention,
    PlanItem,
    PlanItemChange,
    PlanItemKind,
    PlanItemStatus,
    SafetyPlan,
)
from voorop.seeding.generator import seeded_families
from voorop.seeding.region import OM, VT
from voorop.sharing.models import CoordinationMoment

PLANS = 3


def ensure_demo_plans(organisations: dict[str, Organisation]) -> int:
    """Give up to ``PLANS`` seeded open family systems a plan; return how many were made."""
    vt, om = organisations[VT], organisations[OM]
    vt_user = User.objects.filter(organisation=vt, username__endswith=".medewerker").first()
    catalogue = {i.code: i for i in Intervention.objects.filter(active=True)}
    needed = {"tijdelijk-huisverbod", "contactverbod"}
    if vt_user is None or not needed <= set(catalogue) or SafetyPlan.objects.exists():
        return 0
    families = list(
        seeded_families()
        .filter(case__status=CaseStatus.OPEN, involvements__organisation=vt)
        .filter(involvements__organisation__kind="POLITIE")
        .distinct()
        .order_by("case__phase", "-case__phase_changed_at", "pk")[:PLANS]
    )
    today = timezone.localdate()
    with transaction.atomic():
        for family in families:
            _plan(family, vt_user=vt_user, om=om, catalogue=catalogue, today=today)
    return len(families)


def _plan(family: FamilySystem, *, vt_user, om, catalogue, today: dt.date) -> None:
    police = (
        family.involvements.filter(organisation__kind="POLITIE")
        .select_related("organisation")
        .first()
    )
    plan = SafetyPlan.objects.create(
        family_system=family, contact_organisation=vt_user.organisation, created_by=vt_user
    )
    huisverbod = catalogue["tijdelijk-huisverbod"]
    start = today - dt.timedelta(days=9)
    derived = huisverbod.derived_dates(start)
    items = [
        PlanItem(
            kind=PlanItemKind.INTERVENTION,
            intervention=huisverbod,
            description="Huisverbod voor de pleger; VT begeleidt de achterblijvers.",
            phase=Phase.ACUUT,
            owner_organisation=vt_user.organisation,
            starts_on=start,
            ends_on=derived.ends_on,
            reassess_on=derived.reassess_on,
            status=PlanItemStatus.ACTIVE,
            moment=CoordinationMoment.SAMEN_OP_IN_ACUUT,
        ),
        PlanItem(
            kind=PlanItemKind.INTERVENTION,
            intervention=catalogue["contactverbod"],
            description="Geen contact met het slachtoffer en de kinderen.",
            phase=Phase.ACUUT,
            owner_organisation=om,
            starts_on=start,
            ends_on=catalogue["contactverbod"].derived_dates(start).ends_on,
            status=PlanItemStatus.ACTIVE,
            moment=CoordinationMoment.ZSM,
        ),
    ]
    if police is not None:
        items.append(
            PlanItem(
                kind=PlanItemKind.AGREEMENT,
                topic=AgreementTopic.ESCALATIE,
                description="De politie belt Veilig Thuis direct als de pleger toch thuiskomt.",
                phase=Phase.ACUUT,
                owner_organisation=police.organisation,
                starts_on=start,
                reassess_on=today + dt.timedelta(days=5),
                status=PlanItemStatus.ACTIVE,
                moment=CoordinationMoment.SAMEN_OP_IN_ACUUT,
            )
        )
    now = timezone.now()
    for item in items:
        item.plan = plan
        item.recorded_by = vt_user.organisation
        item.created_by = vt_user
        item.full_clean()
        item.save()
        PlanItemChange.objects.create(
            item=item, user=vt_user, organisation=vt_user.organisation, action="CREATE"
        )
        if item.owner_organisation.is_partner:
            involvement_touch(family_system=family, organisation=item.owner_organisation, at=now)
