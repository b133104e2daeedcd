"""Fixtures of the assessment tests.

- ``instruments``: the example instruments of ``fixtures/risk_instruments.yaml`` as the data
  migration loads them (again, idempotently: a transactional test may have flushed them), by
  code: ``instruments["quickscan-acute-onveiligheid"]``, ``instruments[STALKING]``.
- ``sharing_rules``: the legal bases and sharing rules of Bijlage 1 (sharing's data migration).
- ``world``: ``family_scenario`` plus users: "VT" (VT-medewerker), "ARTS" (vertrouwensarts),
  "VT_PRIVACY" (privacy officer of VT), "POLITIE" (agent), "OM", "RECLASSERING", "RVDK".
- ``make``: builds assessments through the services: ``make.draft()``, ``make.part_a_done()``,
  ``make.completed()``, ``make.condition(b)``, ``make.result(user, code, answers)``,
  ``make.share(b, to="POLITIE")``.
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
from voorop.assessment import services
from voorop.assessment.choices import Context, FactorAnswer, Outcome, RiskFactor
from voorop.assessment.definitions import seed as seed_instruments
from voorop.assessment.models import RiskInstrument
from voorop.sharing.models import CoordinationMoment, LegalBasis

QUICKSCAN = "quickscan-acute-onveiligheid"
STALKING = "screening-ex-partnerstalking"
VT_BASIS = "vt-avg-6-1-e-wmo-4-1-1"
RATIONALE = "Moeder is bang, vader dreigde vanavond met een mes."
FINDINGS = "Al twee jaar spanningen, schulden, vader drinkt; moeder staat er alleen voor."
OUTCOME_RATIONALE = "Structureel onveilig: patroon van geweld en dreiging sinds 2023."
NECESSITY = "Politie handhaaft het contactverbod en moet de voorwaarden kennen."
CONDITION = "Geen contact met Eva de Vries en de kinderen"

#: Every risk factor answered, for a part A that can be completed.
ALL_FACTORS = {factor.value: (FactorAnswer.NEE.value, "") for factor in RiskFactor}

#: Answers to the quick scan that score 0 (LAAG) and that score high.
QUICKSCAN_LOW = {
    "kinderen": "NEE",
    "eerder-geweld": "NEE",
    "toename": "NEE",
    "angst": "0",
    "dreiging": "geen",
    "letsel": "NEE",
    "wapens": "NEE",
    "middelen": "NEE",
    "zelfredzaamheid": "NEE",
}
QUICKSCAN_HIGH = {**QUICKSCAN_LOW, "kinderen": "JA", "eerder-geweld": "JA", "dreiging": "dood"}
STALKING_LOW = {
    "duur": "3",
    "frequentie": "zelden",
    "voorvallen": "1",
    "opwachten": "NEE",
    "dreigen": "NEE",
    "geweld-in-relatie": "NEE",
    "wapen": "NEE",
    "afspraken": "NEE",
    "kinderen": "NEE",
    "angst": "1",
    "escalatie": "NEE",
}


@pytest.fixture
def instruments(db) -> dict[str, RiskInstrument]:
    seed_instruments(apps)
    return {i.code: i for i in RiskInstrument.objects.filter(active=True)}


@pytest.fixture
def sharing_rules(db) -> dict[str, LegalBasis]:
    migration = importlib.import_module("voorop.sharing.migrations.0002_legal_bases_and_rules")
    migration.seed(apps, None)
    return {basis.code: basis for basis in LegalBasis.objects.all()}


@dataclass
class World:
    scenario: Any
    users: dict[str, Any]
    bases: dict[str, LegalBasis]
    instruments: dict[str, RiskInstrument]

    @property
    def orgs(self) -> dict[str, Any]:
        return self.scenario.organisations

    @property
    def family(self):
        """VT and POLITIE involved; OM, RECLASSERING, RVDK not."""
        return self.scenario.family

    @property
    def persons(self) -> dict[str, Any]:
        return self.scenario.persons


@pytest.fixture
def world(family_scenario, user_for, sharing_rules, instruments) -> World:
    users = {
        kind: user_for(kind, username=f"{kind.lower()}.medewerker")
        for kind in family_scenario.organisations
    }
    users["ARTS"] = user_for("VT", roles=[RoleCode.VERTROUWENSARTS], username="vt.arts")
    users["VT_PRIVACY"] = user_for("VT", roles=[RoleCode.PRIVACY_OFFICER], username="vt.privacy")
    return World(
        scenario=family_scenario, users=users, bases=sharing_rules, instruments=instruments
    )


class Maker:
    def __init__(self, world: World) -> None:
        self.world = world

    @property
    def vt(self):
        return self.world.users["VT"]

    def draft(self, *, family=None, context: str = Context.ZSM):
        return services.beoordeling_start(
            user=self.vt, family_system=family or self.world.family, context=context
        )

    def part_a_done(self, *, family=None, level: str = "HOOG", factors=None):
        b = self.draft(family=family)
        services.beoordeling_part_a_save(
            user=self.vt,
            beoordeling=b,
            acute_level=level,
            acute_rationale=RATIONALE,
            risk_factors=factors or ALL_FACTORS,
        )
        return services.beoordeling_part_a_complete(user=self.vt, beoordeling=b)

    def completed(self, *, outcome: str = Outcome.ONVEILIG_STRUCTUREEL):
        b = self.part_a_done()
        self.condition(b)
        services.beoordeling_part_b_save(
            user=self.vt,
            beoordeling=b,
            structural_level="HOOG",
            structural_findings=FINDINGS,
            complete=True,
        )
        return services.beoordeling_complete(
            user=self.vt, beoordeling=b, outcome=outcome, outcome_rationale=OUTCOME_RATIONALE
        )

    def condition(self, b, *, text: str = CONDITION, person=None):
        return services.voorwaarde_add(
            user=self.vt,
            beoordeling=b,
            text=text,
            person=person or self.world.persons["father"],
            valid_from=timezone.localdate(),
            valid_until=timezone.localdate() + dt.timedelta(days=30),
        )

    def result(self, user=None, code: str = QUICKSCAN, answers=None, **kwargs):
        return services.instrument_result_record(
            user=user or self.vt,
            instrument=self.world.instruments[code],
            family_system=kwargs.pop("family", None) or self.world.family,
            answers=answers if answers is not None else QUICKSCAN_LOW,
            **kwargs,
        )

    def share(self, b, *, to: str = "POLITIE", moment: str = CoordinationMoment.ZSM):
        return services.beoordeling_share(
            user=self.vt,
            beoordeling=b,
            to_organisation=self.world.orgs[to],
            legal_basis=self.world.bases[VT_BASIS],
            moment=moment,
            necessity=NECESSITY,
        )


@pytest.fixture
def make(world) -> Maker:
    return Maker(world)
