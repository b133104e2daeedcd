"""Fixtures of the HSSK tests.

- ``world``: the five partner organisations with one professional each (``world.users["VT"]``
  …), a Veilig Thuis privacy officer, users of a second VT and a second police organisation
  (``"VT_ANDER"``, ``"POLITIE_ANDER"``) and of a gemeente, the legal bases and sharing rules of
  Bijlage 1 and the interventiepalet. ``world.family`` is a family only Veilig Thuis is involved
  in, with a hospital melding about a toddler's injury (``world.melding``). Every identifying
  value of that family is a **sentinel** (``world.sentinels``): a name, BSN, date of birth,
  street, postcode or reference nobody else uses, so that a leak is found by searching an
  answer for it.
- ``flow``: builds cases through the services: ``flow.start()``, ``flow.view(case)``,
  ``flow.proceed(case)``, ``flow.plan(case)``, ``flow.to(case, Status.AFGESLOTEN)``.
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
from voorop.core.testing import factories as f
from voorop.hssk import services
from voorop.hssk.choices import Act, Certainty, Decision, InjuryKind, Position, ReporterKind, Status
from voorop.hssk.models import HsskCase
from voorop.meldingen.models import Channel, InvolvementRole, MeldingKind
from voorop.persons.models import RelationKind, Sex
from voorop.safetyplan.models import Intervention
from voorop.sharing.models import LegalBasis

VT_BASIS = "vt-avg-6-1-e-wmo-4-1-1"

#: Organisations that take part in nothing (for the forbidden tests).
OUTSIDERS = ("RVDK", "RECLASSERING", "VT_ANDER", "POLITIE_ANDER", "GEMEENTE")

SENTINELS = {
    "mother_given": "Qwendolyn",
    "father_given": "Bastiaanus",
    "child_given": "Yaralinde",
    "surname": "Zarvoortel",
    "father_surname": "Klimperbos",
    "child_bsn": "111222333",
    "mother_bsn": "123456782",
    "child_dob": dt.date(2024, 5, 17),
    "street": "Vlinderhofkade",
    "postcode": "9876QX",
    "melding_reference": "M-SENTINEL-4711",
    "family_reference": "GS-SENT-0042",
    "family_name": "Gezin Zarvoortel",
}


def sentinel_strings() -> list[str]:
    """Every identifying value, as text in the forms an answer could carry it."""
    s = SENTINELS
    dob: dt.date = s["child_dob"]  # type: ignore[assignment]
    return [
        str(s[k])
        for k in (
            "mother_given",
            "father_given",
            "child_given",
            "surname",
            "father_surname",
            "child_bsn",
            "mother_bsn",
            "street",
            "postcode",
            "melding_reference",
            "family_reference",
        )
    ] + [dob.isoformat(), dob.strftime("%d-%m-%Y"), "9876 QX"]


@dataclass
class World:
    orgs: dict[str, Any]
    users: dict[str, Any]
    family: Any
    members: dict[str, Any]
    melding: Any
    bases: dict[str, LegalBasis]
    catalogue: dict[str, Intervention]
    sentinels: dict[str, Any]


@pytest.fixture
def world(organisations, user_for, db) -> World:
    sharing = importlib.import_module("voorop.sharing.migrations.0002_legal_bases_and_rules")
    sharing.seed(apps, None)
    palet = importlib.import_module("voorop.safetyplan.migrations.0002_interventiepalet")
    palet.seed(apps, None)
    users = {kind: user_for(kind, username=f"{kind.lower()}.hssk") for kind in organisations}
    users["VT_PRIVACY"] = user_for("VT", roles=[RoleCode.PRIVACY_OFFICER], username="vt.privacy")
    users["VT_ARTS"] = user_for("VT", roles=[RoleCode.VERTROUWENSARTS], username="vt.arts")
    other = {
        "VT_ANDER": f.OrganisationFactory(code="vt-ander", kind="VT", name="Veilig Thuis Elders"),
        "POLITIE_ANDER": f.OrganisationFactory(
            code="politie-ander", kind="POLITIE", name="Politie Eenheid Elders"
        ),
        "GEMEENTE": f.OrganisationFactory(code="gemeente", kind="GEMEENTE", name="Gemeente T"),
    }
    users["VT_ANDER"] = user_for(other["VT_ANDER"], username="vt.ander")
    users["POLITIE_ANDER"] = user_for(other["POLITIE_ANDER"], username="politie.ander")
    users["GEMEENTE"] = user_for(
        other["GEMEENTE"], roles=[RoleCode.PRIVACY_OFFICER], username="gemeente.po"
    )
    hospital = f.OrganisationFactory(code="ziekenhuis", kind="ZIEKENHUIS", name="Ziekenhuis T")

    s = SENTINELS
    vt = organisations["VT"]
    family = f.FamilySystemFactory(
        recorded_by=vt, reference=s["family_reference"], name=s["family_name"]
    )
    mother = f.PersonFactory(
        given_names=s["mother_given"],
        surname=s["surname"],
        sex=Sex.VROUW,
        date_of_birth=dt.date(1994, 8, 1),
        bsn=s["mother_bsn"],
        recorded_by=vt,
    )
    father = f.PersonFactory(
        given_names=s["father_given"],
        surname=s["father_surname"],
        sex=Sex.MAN,
        date_of_birth=dt.date(1990, 1, 9),
        recorded_by=vt,
    )
    child = f.PersonFactory(
        given_names=s["child_given"],
        surname=s["surname"],
        sex=Sex.VROUW,
        date_of_birth=s["child_dob"],
        bsn=s["child_bsn"],
        recorded_by=vt,
    )
    for person in (mother, father, child):
        f.FamilyMembershipFactory(family_system=family, person=person)
        f.AddressFactory(
            person=person, street=s["street"], house_number="77", postcode=s["postcode"]
        )
    f.RelationFactory(
        family_system=family, person_a=mother, person_b=father, kind=RelationKind.PARTNER
    )
    f.RelationFactory(
        family_system=family, person_a=mother, person_b=child, kind=RelationKind.OUDER_KIND
    )
    f.RelationFactory(
        family_system=family, person_a=father, person_b=child, kind=RelationKind.OUDER_KIND
    )
    received = timezone.now() - dt.timedelta(days=1)
    melding = f.MeldingFactory(
        reference=s["melding_reference"],
        source_organisation=vt,
        family_system=family,
        kind=MeldingKind.ZIEKENHUISMELDING,
        channel=Channel.PROFESSIONAL,
        occurred_at=received - dt.timedelta(hours=5),
        received_at=received,
        label_hg=False,
        label_km=True,
        child_injury_suspected=True,
        reporter_organisation=hospital,
        narrative="Peuter met blauwe plekken op beide wangen op de SEH.",
    )
    for person, role in (
        (child, InvolvementRole.SLACHTOFFER),
        (mother, InvolvementRole.GETUIGE),
        (father, InvolvementRole.GETUIGE),
    ):
        f.MeldingPersonFactory(
            melding=melding,
            person=person,
            role=role,
            bsn=person.bsn or "",
            street=s["street"],
            house_number="77",
            postcode=s["postcode"],
        )
    f.InvolvementFactory(
        family_system=family,
        organisation=vt,
        since=received,
        last_activity_at=received,
        reference=f"{vt.code}-{family.reference}",
    )
    return World(
        orgs={**organisations, **other, "ZIEKENHUIS": hospital},
        users=users,
        family=family,
        members={"mother": mother, "father": father, "child": child},
        melding=melding,
        bases={b.code: b for b in LegalBasis.objects.all()},
        catalogue={i.code: i for i in Intervention.objects.all()},
        sentinels=s,
    )


class Flow:
    """Builds cases through the services, the way Veilig Thuis, the police and the OM would."""

    def __init__(self, world: World) -> None:
        self.world = world

    def user(self, key: str):
        return self.world.users[key]

    def start(self, *, mode: str = "ANONIEM", with_om: bool = True, **kwargs) -> HsskCase:
        w = self.world
        values: dict[str, Any] = {
            "user": w.users["VT"],
            "melding": w.melding,
            "child": w.members["child"],
            "mode": mode,
            "police_organisation": w.orgs["POLITIE"],
            "om_organisation": w.orgs["OM"] if with_om else None,
            "injury_kinds": [InjuryKind.BLAUWE_PLEKKEN],
            "certainty": Certainty.VERMOEDEN,
            "reporter_kind": ReporterKind.ZIEKENHUIS,
            "circumstances": "Peuter met blauwe plekken op beide wangen; uitleg ouders wisselt.",
            "question": "Is er reden voor een strafrechtelijk onderzoek?",
        }
        if mode == "GEIDENTIFICEERD":
            values["legal_basis"] = w.bases[VT_BASIS]
        values.update(kwargs)
        return services.case_start(**values)

    def view(self, case: HsskCase, *, by: str = "POLITIE", position: str = Position.STRAFBAAR):
        return services.view_give(
            user=self.user(by),
            case=case,
            position=position,
            text="Letsel past niet bij de uitleg; forensisch arts inschakelen.",
        )

    def proceed(self, case: HsskCase) -> HsskCase:
        return services.case_decide(
            user=self.user("VT"),
            case=case,
            decision=Decision.DOORZETTEN,
            reason="Politie ziet aanwijzingen voor een strafbaar feit; samen onderzoeken.",
            legal_basis=self.world.bases[VT_BASIS],
        )

    def plan(self, case: HsskCase) -> None:
        """A plan that holds: forensic examination, the child heard once, the parents heard."""
        w = self.world
        services.act_add(
            user=self.user("POLITIE"),
            case=case,
            act=Act.FORENSISCH_MEDISCH,
            by_organisation=w.orgs["POLITIE"],
            with_whom=[w.members["child"]],
        )
        services.act_add(
            user=self.user("POLITIE"),
            case=case,
            act=Act.HOREN_OUDERS,
            by_organisation=w.orgs["POLITIE"],
            with_whom=[w.members["mother"], w.members["father"]],
        )
        services.act_add(
            user=self.user("VT"),
            case=case,
            act=Act.GESPREK_OUDERS_VT,
            by_organisation=w.orgs["VT"],
            with_whom=[w.members["mother"], w.members["father"]],
        )

    def to(self, case: HsskCase, status: str) -> HsskCase:
        order = [
            Status.OVERLEG,
            Status.ONDERZOEKSPLAN,
            Status.INTERVENTIES,
            Status.EVALUATIE,
            Status.AFGESLOTEN,
        ]
        while order.index(case.status) < order.index(status):
            if case.status == Status.OVERLEG:
                self.view(case)
                if case.grey_area:
                    self.view(case, by="OM")
                self.proceed(case)
            elif case.status == Status.ONDERZOEKSPLAN:
                self.plan(case)
                services.plan_confirm(user=self.user("VT"), case=case)
                services.plan_confirm(user=self.user("POLITIE"), case=case)
            elif case.status == Status.INTERVENTIES:
                services.intervention_add(
                    user=self.user("VT"),
                    case=case,
                    intervention=self.world.catalogue["traumabehandeling"],
                    owner_organisation=self.world.orgs["VT"],
                )
                services.case_transition(user=self.user("VT"), case=case, transition="evalueren")
            elif case.status == Status.EVALUATIE:
                for key in ("VT", "POLITIE"):
                    services.evaluation_give(
                        user=self.user(key),
                        case=case,
                        worked_well="Snel overleg en één verhoor van de ouders.",
                        collaboration_score=4,
                        missing_information=["MEDISCH"],
                    )
                services.case_transition(user=self.user("VT"), case=case, transition="afsluiten")
            case.refresh_from_db()
        return case


@pytest.fixture
def flow(world) -> Flow:
    return Flow(world)
