"""Fixtures of the actieoverleg tests.

- ``ao``: ``family_scenario`` (VT and POLITIE involved in ``family``, which has VT meldingen;
  ``politie_only_family`` has no VT melding; ``vt_only_family`` has one) plus: RECLASSERING
  was involved in ``family`` (so 3RO is invited), RVDK in none; users ``ao.users[kind]`` per
  partner kind, ``ao.chair`` (VT, VOORZITTER_ACTIEOVERLEG); the interventiepalet and the
  sharing rules seeded.
- ``ao.meeting()`` plans a meeting (police and OM standing); ``ao.schedule(family)`` submits
  the family (by police) and puts it on the meeting's agenda; ``ao.running()`` a started
  meeting with ``family`` on it.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.actieoverleg import services
from voorop.actieoverleg.models import CRITERIA
from voorop.core.testing import factories as f

ALL_MET = dict.fromkeys(CRITERIA, True)


@dataclass
class AO:
    scenario: Any
    users: dict[str, Any]
    chair: Any
    catalogue: dict[str, Any]
    bases: dict[str, Any]

    @property
    def orgs(self) -> dict[str, Any]:
        return self.scenario.organisations

    @property
    def family(self):
        return self.scenario.family

    def meeting(self, *, days: int = 2):
        start = (timezone.now() + dt.timedelta(days=days)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        return services.meeting_create(
            user=self.chair,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            standing_organisations=[self.orgs["POLITIE"], self.orgs["OM"]],
            location="Veilig Thuis, zaal 2",
        )

    def submit(self, family=None, *, by: str = "POLITIE"):
        return services.submission_create(
            user=self.users[by] if by != "CHAIR" else self.chair,
            family_system=family or self.family,
            reason="Samenloop straf en zorg; aangifte loopt.",
        )

    def schedule(self, meeting, family=None, *, by: str = "POLITIE", position: int = 0):
        submission = self.submit(family, by=by)
        start = meeting.starts_at + dt.timedelta(minutes=20 * position)
        return services.submission_schedule(
            user=self.chair,
            submission=submission,
            meeting=meeting,
            criteria=ALL_MET,
            slot_start=start,
            slot_end=start + dt.timedelta(minutes=20),
        )

    def running(self):
        meeting = self.meeting()
        item = self.schedule(meeting)
        meeting = services.meeting_start(user=self.chair, meeting=meeting)
        item.refresh_from_db()
        return meeting, item


@pytest.fixture
def ao(family_scenario, user_for) -> AO:
    plan_migration = importlib.import_module("voorop.safetyplan.migrations.0002_interventiepalet")
    plan_migration.seed(apps, None)
    sharing_migration = importlib.import_module(
        "voorop.sharing.migrations.0002_legal_bases_and_rules"
    )
    sharing_migration.seed(apps, None)
    from voorop.safetyplan.models import Intervention
    from voorop.sharing.models import LegalBasis

    users = {
        kind: user_for(kind, username=f"{kind.lower()}.ao")
        for kind in family_scenario.organisations
    }
    chair = user_for(
        "VT", roles=[RoleCode.VT_MEDEWERKER, RoleCode.VOORZITTER_ACTIEOVERLEG], username="vt.chair"
    )
    f.InvolvementFactory(
        family_system=family_scenario.family,
        organisation=family_scenario.organisations["RECLASSERING"],
        since=timezone.now() - dt.timedelta(days=400),
        last_activity_at=timezone.now() - dt.timedelta(days=200),
    )
    return AO(
        scenario=family_scenario,
        users=users,
        chair=chair,
        catalogue={i.code: i for i in Intervention.objects.all()},
        bases={b.code: b for b in LegalBasis.objects.all()},
    )
