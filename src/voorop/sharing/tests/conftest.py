"""Fixtures of the sharing tests.

- ``sharing_rules``: the legal bases and rules of Bijlage 1 as the data migration seeds them
  (seeded again, idempotently: a transactional test before this one may have flushed them).
- ``bases``: ``{code: LegalBasis}``.
- ``world``: ``family_scenario`` plus users of every partner kind and meldingen with known
  narrative, location and medical details.
- ``share``: ``share(world.users["POLITIE"], to="VT", groups=["PERSONEN"])`` → a Disclosure made
  through the service (default: the police incident of ``world.family``, art. 18 Wpg, Samen op
  in acuut).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps

from voorop.accounts.models import RoleCode
from voorop.sharing import services
from voorop.sharing.models import CoordinationMoment, LegalBasis

WPG_18 = "politie-wpg-18-bpg-4-2"
WPG_16 = "politie-wpg-16-1-a"
VITAL = "avg-6-1-d-vitaal-belang"
VT_WMO = "vt-avg-6-1-e-wmo-4-1-1"
NECESSITY = "Nodig om vanavond de veiligheid van moeder en kind in te schatten."
NARRATIVE = "Verdachte sloeg met een stoel; kind zat boven te huilen."
LOCATION = "Dorpsstraat 12"
MEDICAL = "Gekneusde rib, röntgenfoto op de SEH."
VT_NARRATIVE = "Buurvrouw belt: al weken geschreeuw en gegil."


@pytest.fixture
def sharing_rules(db) -> None:
    migration = importlib.import_module("voorop.sharing.migrations.0002_legal_bases_and_rules")
    migration.seed(apps, None)


@pytest.fixture
def bases(sharing_rules) -> dict[str, LegalBasis]:
    return {basis.code: basis for basis in LegalBasis.objects.all()}


@dataclass
class World:
    scenario: Any
    users: dict[str, Any]
    bases: dict[str, LegalBasis]

    @property
    def orgs(self) -> dict[str, Any]:
        return self.scenario.organisations

    @property
    def family(self):
        return self.scenario.family

    @property
    def incident(self):
        """The police incident in ``family`` (VT and POLITIE involved)."""
        return self.scenario.meldingen["POLITIE"][0]

    @property
    def aangifte(self):
        return self.scenario.meldingen["POLITIE"][1]

    @property
    def vt_melding(self):
        return self.scenario.meldingen["VT"][0]

    @property
    def persons(self) -> dict[str, Any]:
        return self.scenario.persons


@pytest.fixture
def world(family_scenario, user_for, bases) -> World:
    incident = family_scenario.meldingen["POLITIE"][0]
    incident.narrative = NARRATIVE
    incident.location = LOCATION
    incident.city = "Utrecht"
    incident.save(update_fields=["narrative", "location", "city"])
    vt_melding = family_scenario.meldingen["VT"][0]
    vt_melding.narrative = VT_NARRATIVE
    vt_melding.medical_details = MEDICAL
    vt_melding.save(update_fields=["narrative", "medical_details"])
    users = {
        kind: user_for(kind, username=f"{kind.lower()}.medewerker")
        for kind in family_scenario.organisations
    }
    users["VERTROUWENSARTS"] = user_for("VT", roles=[RoleCode.VERTROUWENSARTS], username="arts")
    return World(scenario=family_scenario, users=users, bases=bases)


@pytest.fixture
def share(world):
    def make(
        user=None,
        *,
        to: str = "VT",
        groups=(),
        meldingen=None,
        basis: str = WPG_18,
        moment: str = CoordinationMoment.SAMEN_OP_IN_ACUUT,
        family=None,
        necessity: str = NECESSITY,
        channel: str = "WEB",
    ):
        user = user or world.users["POLITIE"]
        meldingen = [world.incident] if meldingen is None else meldingen
        return services.disclosure_create(
            user=user,
            family_system=family or world.family,
            to_organisation=world.orgs[to],
            legal_basis=world.bases[basis],
            moment=moment,
            necessity=necessity,
            items=[(m, list(groups)) for m in meldingen],
            channel=channel,
        )

    return make
