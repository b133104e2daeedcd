"""Fixtures shared by every app's tests.

- ``organisations``: one partner organisation per kind, keyed by kind ("VT", "POLITIE", "OM",
  "RECLASSERING", "RVDK"), with codes "vt-test", "politie-test", …
- ``user_for``: ``user_for("VT", roles=[RoleCode.VERTROUWENSARTS])`` → a user of that
  organisation (default: the first role of its kind). Password: ``factories.TEST_PASSWORD``.
- ``family_scenario``: a family system both VT and POLITIE are involved in (each with meldingen
  and the persons in them), one only POLITIE is involved in and one only VT is.
- ``api_client``: DRF's ``APIClient``; ``api_client.force_authenticate(user=...)`` to log in.
- Browser tests: ``page`` (Playwright on the live server) and ``login(page, live_server, user)``
  from ``voorop.core.testing.browser``.

All fixtures are function-scoped and use the ``db`` fixture. Passwords are hashed with MD5
in tests (Argon2 costs ~100 ms per user); a test about hashing overrides PASSWORD_HASHERS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest

pytest_plugins = ["voorop.core.testing.browser"]

FAST_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

PARTNER_ORGANISATIONS = {
    "VT": ("vt-test", "Veilig Thuis Testregio"),
    "POLITIE": ("politie-test", "Politie Eenheid Test"),
    "OM": ("om-test", "Openbaar Ministerie Arrondissement Test"),
    "RECLASSERING": ("reclassering-test", "Reclassering Test"),
    "RVDK": ("rvdk-test", "Raad voor de Kinderbescherming Test"),
}


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True, scope="session")
def _audit_maintenance_for_flush():
    """The access log refuses DELETE and TRUNCATE (``voorop.audit.maintenance``), but after a
    transactional test (``transactional_db``, ``live_server``: the browser tests) Django empties
    every table. That flush — and only that, not the test itself — runs in maintenance mode.

    Wraps ``TransactionTestCase._fixture_teardown`` (the flush; ``TestCase`` rolls back instead)
    for the session rather than switching maintenance on per test: pytest-django tears the
    database down after every fixture of the test, so a per-test fixture would end too early."""
    from django.test import TransactionTestCase

    from voorop.audit.maintenance import audit_maintenance

    original = TransactionTestCase._fixture_teardown

    def fixture_teardown(self):
        with audit_maintenance():
            return original(self)

    TransactionTestCase._fixture_teardown = fixture_teardown  # type: ignore[method-assign]
    yield
    TransactionTestCase._fixture_teardown = original  # type: ignore[method-assign]


@pytest.fixture
def organisations(db) -> dict[str, Any]:
    """{"VT": Organisation, "POLITIE": …, "OM": …, "RECLASSERING": …, "RVDK": …}"""
    from voorop.core.testing.factories import OrganisationFactory

    return {
        kind: OrganisationFactory(
            code=code,
            name=name,
            kind=kind,
            contact_email=f"team@{code}.example.nl",
        )
        for kind, (code, name) in PARTNER_ORGANISATIONS.items()
    }


@pytest.fixture
def user_for(organisations) -> Callable[..., Any]:
    """Factory: ``user_for("POLITIE", roles=["AGENT"], username="agent1")`` → a saved user.

    The first argument is an organisation kind (a key of ``organisations``) or an Organisation.
    Without ``roles`` the user gets the first role its organisation's kind can hand out."""
    from voorop.accounts.models import roles_for_kind
    from voorop.core.testing.factories import UserFactory

    def make(organisation: Any = "VT", roles: Iterable[str] | None = None, **kwargs: Any):
        org = organisations[str(organisation)] if isinstance(organisation, str) else organisation
        if roles is None:
            roles = roles_for_kind(org.kind)[:1]
        return UserFactory(organisation=org, roles=list(roles), **kwargs)

    return make


@dataclass
class FamilyScenario:
    """What ``family_scenario`` made. ``meldingen[kind]`` are the meldingen of that
    organisation in ``family``; ``persons`` are the members of ``family`` by role."""

    organisations: dict[str, Any]
    family: Any  # VT and POLITIE involved
    politie_only_family: Any
    vt_only_family: Any
    persons: dict[str, Any] = field(default_factory=dict)
    meldingen: dict[str, list[Any]] = field(default_factory=dict)
    other_meldingen: dict[str, list[Any]] = field(default_factory=dict)
    melding_persons: list[Any] = field(default_factory=list)

    @property
    def families(self) -> list[Any]:
        return [self.family, self.politie_only_family, self.vt_only_family]


@pytest.fixture
def family_scenario(organisations) -> FamilyScenario:
    """Three family systems:

    - ``family`` (mother, father, child): VT and POLITIE are involved, each with two
      meldingen naming the persons (``MeldingPerson`` linked to the person index);
    - ``politie_only_family``: only POLITIE, one melding;
    - ``vt_only_family``: only VT, one melding.
    OM, RECLASSERING and RVDK are involved in none of them.
    """
    from django.utils import timezone

    from voorop.core.testing import factories as f
    from voorop.meldingen.models import Channel, InvolvementRole, MeldingKind
    from voorop.persons.models import RelationKind, Sex

    vt, politie = organisations["VT"], organisations["POLITIE"]
    now = timezone.now()

    def family_with_members(recorded_by, surname: str, reference: str):
        family = f.FamilySystemFactory(
            recorded_by=recorded_by, reference=reference, name=f"Gezin {surname}"
        )
        mother = f.PersonFactory(
            given_names="Eva",
            surname=surname,
            sex=Sex.VROUW,
            date_of_birth=dt.date(1988, 3, 14),
            recorded_by=recorded_by,
        )
        father = f.PersonFactory(
            given_names="Mark",
            surname=f"{surname}-Bakker",
            sex=Sex.MAN,
            date_of_birth=dt.date(1985, 11, 2),
            recorded_by=recorded_by,
        )
        child = f.PersonFactory(
            given_names="Noor",
            surname=surname,
            sex=Sex.VROUW,
            date_of_birth=dt.date(2017, 6, 30),
            recorded_by=recorded_by,
        )
        for person in (mother, father, child):
            f.FamilyMembershipFactory(family_system=family, person=person)
            f.AddressFactory(person=person, city="Utrecht")
        f.RelationFactory(
            family_system=family, person_a=mother, person_b=father, kind=RelationKind.PARTNER
        )
        f.RelationFactory(
            family_system=family, person_a=mother, person_b=child, kind=RelationKind.OUDER_KIND
        )
        f.RelationFactory(
            family_system=family, person_a=father, person_b=child, kind=RelationKind.OUDER_KIND
        )
        return family, {"mother": mother, "father": father, "child": child}

    def melding(org, family, kind, days_ago: int, persons: dict[str, Any], mentions):
        received = now - dt.timedelta(days=days_ago)
        record = f.MeldingFactory(
            source_organisation=org,
            family_system=family,
            kind=kind,
            channel=Channel.TELEFOON if org.kind == "VT" else Channel.NOODNUMMER,
            occurred_at=received - dt.timedelta(hours=3),
            received_at=received,
        )
        made = [
            f.MeldingPersonFactory(melding=record, person=persons[who], role=role)
            for who, role in mentions
        ]
        return record, made

    def involve(family, org, meldingen):
        times = [m.received_at for m in meldingen]
        f.InvolvementFactory(
            family_system=family,
            organisation=org,
            since=min(times),
            last_activity_at=max(times),
            reference=f"{org.code}-{family.reference}",
        )

    victim_suspect = [
        ("mother", InvolvementRole.SLACHTOFFER),
        ("father", InvolvementRole.VERDACHTE),
        ("child", InvolvementRole.KIND_AANWEZIG),
    ]
    family, persons = family_with_members(vt, "de Vries", "GS-TEST-001")
    scenario = FamilyScenario(
        organisations=organisations,
        family=family,
        politie_only_family=None,
        vt_only_family=None,
        persons=persons,
    )
    for org, kinds in (
        (vt, [MeldingKind.VT_MELDING, MeldingKind.VT_MELDING]),
        (politie, [MeldingKind.POLITIE_INCIDENT, MeldingKind.AANGIFTE]),
    ):
        records = []
        for n, kind in enumerate(kinds):
            record, mentions = melding(org, family, kind, 30 - 10 * n, persons, victim_suspect)
            records.append(record)
            scenario.melding_persons += mentions
        scenario.meldingen[org.kind] = records
        involve(family, org, records)

    for attr, org, surname, reference, kind in (
        ("politie_only_family", politie, "Jansen", "GS-TEST-002", MeldingKind.POLITIE_INCIDENT),
        ("vt_only_family", vt, "El Amrani", "GS-TEST-003", MeldingKind.VT_MELDING),
    ):
        other, other_persons = family_with_members(org, surname, reference)
        record, mentions = melding(org, other, kind, 5, other_persons, victim_suspect)
        involve(other, org, [record])
        setattr(scenario, attr, other)
        scenario.other_meldingen.setdefault(org.kind, []).append(record)
        scenario.melding_persons += mentions
    return scenario


@pytest.fixture
def api_client():
    """An unauthenticated DRF test client."""
    from rest_framework.test import APIClient

    return APIClient()
