"""Fixtures of the ZSM tests.

``zsm``: ``family_scenario`` (mother Eva the victim, father Mark the suspect, child Noor; VT and
POLITIE involved) plus a ZSM location with the five partners registered, users per partner kind
("VT", "POLITIE", "OM", "OM2" — a second officier —, "RECLASSERING", "RVDK"), a user of an
organisation at another location ("OTHER_OM"), the sharing rules, and an arrest of the father
(``zsm.arrest``; labelled HG unless ``zsm.arrest_melding(label_hg=False)``).
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.assessment import services as assessment_services
from voorop.assessment.choices import Context, FactorAnswer, RiskFactor
from voorop.core.testing import factories as f
from voorop.meldingen.models import Channel, InvolvementRole, MeldingKind
from voorop.organisations.models import OrganisationKind, RegionKind
from voorop.sharing.models import LegalBasis
from voorop.zsm import services
from voorop.zsm.models import ZsmPartner

VT_BASIS = "vt-avg-6-1-e-wmo-4-1-1"
ALL_FACTORS = {factor.value: (FactorAnswer.NEE.value, "") for factor in RiskFactor}


@dataclass
class Zsm:
    scenario: Any
    location: Any
    other_location: Any
    users: dict[str, Any]
    bases: dict[str, LegalBasis]
    counter: list[int] = field(default_factory=lambda: [0])

    @property
    def orgs(self) -> dict[str, Any]:
        return self.scenario.organisations

    @property
    def family(self):
        return self.scenario.family

    @property
    def persons(self) -> dict[str, Any]:
        return self.scenario.persons

    def arrest_melding(
        self,
        *,
        label_hg: bool = True,
        acute: bool = False,
        victim="mother",
        suspect="father",
        family=None,
    ):
        self.counter[0] += 1
        now = timezone.now()
        melding = f.MeldingFactory(
            reference=f"AH-TEST-{self.counter[0]:04d}",
            source_organisation=self.orgs["POLITIE"],
            family_system=family if family is not None else self.family,
            kind=MeldingKind.AANHOUDING,
            channel=Channel.SURVEILLANCE,
            occurred_at=now - dt.timedelta(hours=2),
            received_at=now - dt.timedelta(hours=1),
            is_acute=acute,
            label_hg=label_hg,
            suspect_arrested=True,
        )
        persons = self.persons
        f.MeldingPersonFactory(
            melding=melding, person=persons[suspect], role=InvolvementRole.VERDACHTE
        )
        f.MeldingPersonFactory(
            melding=melding, person=persons[victim], role=InvolvementRole.SLACHTOFFER
        )
        return melding

    def case(self, **kwargs):
        return services.zsm_case_inflow(
            melding=self.arrest_melding(**kwargs),
            location=self.location,
            user=self.users["POLITIE"],
        )

    def part_a(self, *, level: str = "HOOG"):
        vt = self.users["VT"]
        b = assessment_services.beoordeling_start(
            user=vt, family_system=self.family, context=Context.ZSM
        )
        assessment_services.beoordeling_part_a_save(
            user=vt,
            beoordeling=b,
            acute_level=level,
            acute_rationale="Moeder is bang, vader dreigde vanavond met een mes.",
            risk_factors=ALL_FACTORS,
        )
        b = assessment_services.beoordeling_part_a_complete(user=vt, beoordeling=b)
        return b


@pytest.fixture
def sharing_rules(db) -> dict[str, LegalBasis]:
    migration = importlib.import_module("voorop.sharing.migrations.0002_legal_bases_and_rules")
    migration.seed(apps, None)
    return {basis.code: basis for basis in LegalBasis.objects.all()}


@pytest.fixture
def zsm(family_scenario, user_for, sharing_rules) -> Zsm:
    location = f.RegionFactory(code="zsm-test", name="ZSM Test", kind=RegionKind.ZSM_LOCATIE)
    other_location = f.RegionFactory(
        code="zsm-elders", name="ZSM Elders", kind=RegionKind.ZSM_LOCATIE
    )
    for organisation in family_scenario.organisations.values():
        ZsmPartner.objects.create(location=location, organisation=organisation)
    other_om = f.OrganisationFactory(code="om-elders", name="OM Elders", kind=OrganisationKind.OM)
    ZsmPartner.objects.create(location=other_location, organisation=other_om)
    users = {
        kind: user_for(kind, username=f"zsm.{kind.lower()}")
        for kind in family_scenario.organisations
    }
    users["OM"] = user_for(
        "OM",
        roles=[RoleCode.OFFICIER],
        username="zsm.officier1",
        first_name="Olga",
        last_name="Officier",
    )
    users["OM2"] = user_for(
        "OM",
        roles=[RoleCode.OFFICIER],
        username="zsm.officier2",
        first_name="Otto",
        last_name="Dienst",
    )
    users["OTHER_OM"] = user_for(other_om, roles=[RoleCode.OFFICIER], username="zsm.elders")
    return Zsm(
        scenario=family_scenario,
        location=location,
        other_location=other_location,
        users=users,
        bases=sharing_rules,
    )
