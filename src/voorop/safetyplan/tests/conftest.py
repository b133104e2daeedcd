"""Fixtures of the safety-plan tests.

- ``catalogue``: the interventiepalet as the data migration seeds it (seeded again,
  idempotently: a transactional test before this one may have flushed it), by code.
- ``world``: ``family_scenario`` (VT and POLITIE involved in ``family``; OM, RECLASSERING and
  RVDK in none) plus one user per partner kind (``world.users["VT"]`` …), the catalogue and a
  gemeente (``world.gemeente``) to own a huisverbod.
- ``add``: ``add("tijdelijk-huisverbod", user=world.users["VT"], owner="GEMEENTE")`` → a plan
  item made through ``plan_add_intervention`` (default: VT adds for ``world.family``, owned by
  VT).
- ``TODAY``: the date the tests pretend it is (services use ``selectors.today``).
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps

from voorop.core.testing import factories as f
from voorop.safetyplan import services
from voorop.safetyplan.models import Intervention

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def catalogue(db) -> dict[str, Intervention]:
    migration = importlib.import_module("voorop.safetyplan.migrations.0002_interventiepalet")
    migration.seed(apps, None)
    return {i.code: i for i in Intervention.objects.all()}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """Freeze "today" for the plan (derived dates, overdue) at ``TODAY``."""
    from voorop.safetyplan import selectors

    monkeypatch.setattr(selectors, "today", lambda: TODAY)


@dataclass
class World:
    scenario: Any
    users: dict[str, Any]
    catalogue: dict[str, Intervention]
    gemeente: Any

    @property
    def family(self):
        return self.scenario.family

    @property
    def orgs(self) -> dict[str, Any]:
        return self.scenario.organisations


@pytest.fixture
def world(family_scenario, user_for, catalogue) -> World:
    users = {
        kind: user_for(kind, username=f"{kind.lower()}.plan")
        for kind in family_scenario.organisations
    }
    gemeente = f.OrganisationFactory(code="gemeente-test", kind="GEMEENTE", name="Gemeente Test")
    f.CaseFactory(
        family_system=family_scenario.family,
        recorded_by=family_scenario.organisations["VT"],
        first_contact_organisation=family_scenario.organisations["VT"],
    )
    return World(scenario=family_scenario, users=users, catalogue=catalogue, gemeente=gemeente)


@pytest.fixture
def add(world):
    def make(
        code: str = "tijdelijk-huisverbod", *, user=None, owner: str = "VT", family=None, **kw
    ):
        organisation = world.gemeente if owner == "GEMEENTE" else world.orgs[owner]
        kw.setdefault("starts_on", TODAY)
        return services.plan_add_intervention(
            user=user or world.users["VT"],
            family_system=family or world.family,
            intervention=world.catalogue[code],
            owner_organisation=organisation,
            **kw,
        )

    return make
