"""Fixtures of the Samen op in acuut tests.

- ``world``: ``family_scenario`` plus one professional per partner kind (``world.users["VT"]``
  …), a police privacy officer (``"POLITIE_PRIVACY"``), users of a second VT and a second police
  organisation that take part in nothing (``"VT_ANDER"``, ``"POLITIE_ANDER"``), a gemeente, the
  legal bases and sharing rules of Bijlage 1 and the interventiepalet.
  ``world.family`` is the family only the police is involved in (Gezin Jansen: Eva, Mark and
  Noor, born 2017) — Veilig Thuis becomes involved through the call in step 1;
  ``world.shared_family`` is the one both are involved in.
- ``flow``: builds episodes through the services: ``flow.start()``, ``flow.call(e)``,
  ``flow.to(e, Status.ONDERZOEK)`` (every step before it done the normal way),
  ``flow.part_a(e)`` (Veilig Thuis links and completes part A of the veiligheidsbeoordeling).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps

from voorop.accounts.models import RoleCode
from voorop.acuut import services
from voorop.acuut.choices import CallOutcome, ChildCheckOutcome, ContributionCategory, Status
from voorop.acuut.models import AcuteEpisode
from voorop.assessment.choices import FactorAnswer, RiskFactor
from voorop.core.testing import factories as f
from voorop.safetyplan.models import Intervention
from voorop.sharing.models import LegalBasis

ALL_FACTORS = {factor.value: (FactorAnswer.NEE.value, "") for factor in RiskFactor}
VITAL = "avg-6-1-d-vitaal-belang"

#: The organisations that take part in nothing (for the forbidden tests): the OM, the
#: reclassering and the Raad, a second Veilig Thuis and police organisation, and a gemeente
#: (not a partner of the network).
OUTSIDERS = ("OM", "RECLASSERING", "RVDK", "VT_ANDER", "POLITIE_ANDER", "GEMEENTE")


@dataclass
class World:
    scenario: Any
    users: dict[str, Any]
    bases: dict[str, LegalBasis]
    catalogue: dict[str, Intervention]
    gemeente: Any
    other_orgs: dict[str, Any]

    @property
    def orgs(self) -> dict[str, Any]:
        return self.scenario.organisations

    @property
    def family(self):
        """Only the police is involved (Gezin Jansen)."""
        return self.scenario.politie_only_family

    @property
    def shared_family(self):
        return self.scenario.family

    def members(self, family=None) -> dict[str, Any]:
        family = family or self.family
        people = {
            m.person.given_names: m.person for m in family.memberships.select_related("person")
        }
        return {"mother": people["Eva"], "father": people["Mark"], "child": people["Noor"]}


@pytest.fixture
def world(family_scenario, user_for, db) -> World:
    sharing = importlib.import_module("voorop.sharing.migrations.0002_legal_bases_and_rules")
    sharing.seed(apps, None)
    palet = importlib.import_module("voorop.safetyplan.migrations.0002_interventiepalet")
    palet.seed(apps, None)
    users = {
        kind: user_for(kind, username=f"{kind.lower()}.acuut")
        for kind in family_scenario.organisations
    }
    users["POLITIE_PRIVACY"] = user_for(
        "POLITIE", roles=[RoleCode.PRIVACY_OFFICER], username="politie.privacy"
    )
    other_orgs = {
        "VT_ANDER": f.OrganisationFactory(code="vt-ander", kind="VT", name="Veilig Thuis Elders"),
        "POLITIE_ANDER": f.OrganisationFactory(
            code="politie-ander", kind="POLITIE", name="Politie Eenheid Elders"
        ),
    }
    users["VT_ANDER"] = user_for(other_orgs["VT_ANDER"], username="vt.ander")
    users["POLITIE_ANDER"] = user_for(other_orgs["POLITIE_ANDER"], username="politie.ander")
    gemeente = f.OrganisationFactory(code="gemeente-test", kind="GEMEENTE", name="Gemeente Test")
    users["GEMEENTE"] = user_for(gemeente, username="gemeente.acuut")
    return World(
        scenario=family_scenario,
        users=users,
        bases={b.code: b for b in LegalBasis.objects.all()},
        catalogue={i.code: i for i in Intervention.objects.all()},
        gemeente=gemeente,
        other_orgs=other_orgs,
    )


class Flow:
    """Builds episodes through the services, the way police and Veilig Thuis would."""

    def __init__(self, world: World) -> None:
        self.world = world

    @property
    def police(self):
        return self.world.users["POLITIE"]

    @property
    def vt(self):
        return self.world.users["VT"]

    def start(self, *, by: str = "POLITIE", family=None, **kwargs) -> AcuteEpisode:
        return services.episode_start(
            user=self.world.users[by], family_system=family or self.world.family, **kwargs
        )

    def call(
        self, episode: AcuteEpisode, outcome: str = CallOutcome.ON_SITE, *, by: str = "POLITIE"
    ):
        callee = self.world.orgs["VT" if by == "POLITIE" else "POLITIE"]
        return services.episode_call_log(
            user=self.world.users[by],
            episode=episode,
            callee_organisation=callee,
            outcome=outcome,
            reason="" if outcome == CallOutcome.ON_SITE else "VT-collega is op een andere zaak.",
        )

    def contribute(self, episode: AcuteEpisode, *, by: str, **kwargs):
        kwargs.setdefault(
            "categories",
            [ContributionCategory.REGISTRATIES]
            if by == "POLITIE"
            else [ContributionCategory.EERDERE_MELDINGEN],
        )
        kwargs.setdefault("summary", f"Inbreng van {by}.")
        return services.episode_contribution_record(
            user=self.world.users[by], episode=episode, **kwargs
        )

    def part_a(self, episode: AcuteEpisode):
        from voorop.assessment import services as assessment

        beoordeling = services.episode_assessment_attach(user=self.vt, episode=episode)
        assessment.beoordeling_part_a_save(
            user=self.vt,
            beoordeling=beoordeling,
            acute_level="HOOG",
            acute_rationale="Vader dreigde met een mes; moeder en Noor zijn bang.",
            risk_factors=ALL_FACTORS,
        )
        assessment.beoordeling_part_a_complete(user=self.vt, beoordeling=beoordeling)
        episode.refresh_from_db()
        return beoordeling

    def step_4(self, episode: AcuteEpisode) -> None:
        """Measures and agreements enough to close: a huisverbod (reassessed on day 8), who calls
        whom, the first point of contact."""
        services.episode_measure_add(
            user=self.police,
            episode=episode,
            intervention=self.world.catalogue["tijdelijk-huisverbod"],
            owner_organisation=self.world.orgs["VT"],
            description="Tijdelijk huisverbod voor Mark.",
        )
        services.episode_agreement_add(
            user=self.vt,
            episode=episode,
            topic="ESCALATIE",
            description="De politie belt VT direct als Mark toch thuiskomt.",
            owner_organisation=self.world.orgs["POLITIE"],
        )
        services.episode_contact_set(
            user=self.vt, episode=episode, organisation=self.world.orgs["VT"]
        )

    def to(self, episode: AcuteEpisode, status: str) -> AcuteEpisode:
        """Advance ``episode`` (started by the police) along the usual path up to ``status``."""
        order = [
            Status.GESTART,
            Status.TER_PLAATSE,
            Status.MOTORKAPOVERLEG,
            Status.ONDERZOEK,
            Status.MAATREGELEN,
            Status.AFGESLOTEN,
        ]
        while order.index(episode.status) < order.index(status):
            current = episode.status
            if current == Status.GESTART:
                self.call(episode)
                services.episode_transition(
                    user=self.police, episode=episode, to_status=Status.TER_PLAATSE
                )
            elif current == Status.TER_PLAATSE:
                services.episode_arrival_record(
                    user=self.vt, episode=episode, organisation=self.world.orgs["VT"]
                )
                services.episode_transition(
                    user=self.vt, episode=episode, to_status=Status.MOTORKAPOVERLEG
                )
            elif current == Status.MOTORKAPOVERLEG:
                self.contribute(episode, by="POLITIE")
                self.contribute(episode, by="VT")
                services.episode_transition(
                    user=self.police, episode=episode, to_status=Status.ONDERZOEK
                )
            elif current == Status.ONDERZOEK:
                services.episode_investigation_agreement_add(
                    user=self.police,
                    episode=episode,
                    act="GESPREK_SLACHTOFFER",
                    by_organisation=self.world.orgs["POLITIE"],
                    joint=True,
                    persons=[self.world.members(episode.family_system)["mother"]],
                )
                services.episode_child_check_record(
                    user=self.police,
                    episode=episode,
                    child=self.world.members(episode.family_system)["child"],
                    outcome=ChildCheckOutcome.AANWEZIG_VEILIG,
                )
                services.episode_transition(
                    user=self.police, episode=episode, to_status=Status.MAATREGELEN
                )
            elif current == Status.MAATREGELEN:
                self.step_4(episode)
                self.part_a(episode)
                services.episode_close(
                    user=self.vt,
                    episode=episode,
                    investigation_done=True,
                    everyone_safe=True,
                    handover_route="ACTIEOVERLEG",
                )
            episode.refresh_from_db()
        return episode


@pytest.fixture
def flow(world) -> Flow:
    return Flow(world)
