"""The authorization matrix of issue #3: every principal × every URL pattern and HTTP method ×
every class of object, with the expected answer, what the answer may contain and what the
access log must record.

Read it top to bottom:

1. **Principals** (``PRINCIPALS``): every role of every partner organisation, an operator
   without organisation (superuser, staff: operator rights must not reveal case data), a user of
   a non-partner organisation (gemeente) and a deactivated user.
2. **Object classes** (``K``), always relative to the organisation of the principal asking:
   in scope (involved), shared with it (a disclosure: KERN only, KERN+PERSONEN+TOELICHTING,
   withdrawn), emergency access (doorbraak), hit-only (other partners are involved: only
   dat-informatie answers), out of scope (no partner involved at all) and missing.
3. **The world** (``build_world``): per partner organisation X one family system of each class
   (``IN[X]``, ``SHARED[X]``, ``HIT[X]``, ``EMERG[X]``; one ``OUT`` for all). Every text that
   is case content (narratives, locations, names, addresses, medical details, melding
   references, family names, disclosure necessity, withdrawal reasons, emergency reasons) is a
   distinct *sentinel* ("QZ0042NARRATIEFQZ"), so a leak is found by searching the answer.
4. **The oracle** (``sight``): what a principal may see, computed from the world as built — not
   from ``voorop.authz.policy`` — so the policy is checked against an independent statement of
   the rules (docs/adr, the policy module's docstring).
5. **The route table** (``ROUTES``): for every URL pattern (by name; DRF's ``.json`` suffix
   patterns inherit their base's entry) which objects it names, who it is for, which object
   classes it answers, which methods it accepts, how to fill its kwargs, which JSON keys its
   answer may have and which access-log records each request must write. A pattern that is not
   in the table fails ``test_every_url_pattern_is_classified``: whoever adds a URL adds a row.
6. **Cells and the runner**: ``cells_for(world, principal)`` yields every request, ``Runner``
   makes it, ``judge_status`` and ``check_response`` judge the answer and ``compare_records``
   the access-log records it wrote (``expected_records``; audit completeness).
7. **The workflows** — Samen op in acuut, the actieoverleg, ZSM and the veiligheidsbeoordeling
   — have their classes, world, oracle and rows in ``matrix_workflows``, in the same order;
   their rows say who passes the gate from the oracle (``Route.sees``) and who may make a write
   (``Route.writer``). HSSK (samenwerken bij strafbare kindermishandeling) has its own module,
   ``matrix_hssk``, in the same style; its rows also say what an answer may not show although
   the principal may see it elsewhere (``Route.hides``: the anonymous phase).

Writes are tried with two bodies: a principal who may not write gets the most dangerous *valid*
request (a complete disclosure, a confirmed withdrawal, a correct password) and must be refused
without any change in the database; a principal who may write gets a request that passes the
authorization gate but cannot commit (a missing reason, an empty form), so the world stays as
built for the next cell.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern
from django.utils.regex_helper import normalize

from voorop.accounts.models import RoleCode, roles_for_kind

PARTNERS: tuple[str, ...] = ("VT", "POLITIE", "OM", "RECLASSERING", "RVDK")
PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105 - factories.TEST_PASSWORD
EMERGENCY_PURPOSE = "noodtoegang: art. 6 lid 1 sub d AVG"
DISCLOSURE_PURPOSE = "verstrekking"
#: Field groups of a melding (``voorop.sharing.fields``) plus the medical details.
KERN, LOCATIE, TOELICHTING, PERSONEN, MEDISCH = (
    "KERN",
    "LOCATIE",
    "TOELICHTING",
    "PERSONEN",
    "MEDISCH",
)
ALL_GROUPS = frozenset({KERN, LOCATIE, TOELICHTING, PERSONEN})


def _next(kind: str, step: int = 1) -> str:
    return PARTNERS[(PARTNERS.index(kind) + step) % len(PARTNERS)]


# --- 1. principals --------------------------------------------------------------------------


@dataclass(frozen=True)
class Principal:
    key: str
    kind: str | None  # organisation kind; None: no organisation
    roles: tuple[str, ...] = ()
    active: bool = True
    staff: bool = False

    @property
    def username(self) -> str:
        return "matrix-" + re.sub(r"[^a-z0-9]+", "-", self.key.lower()).strip("-")

    @property
    def member(self) -> bool:
        return self.active and self.kind is not None

    @property
    def partner(self) -> bool:
        return self.active and self.kind in PARTNERS

    @property
    def viewpoint(self) -> str:
        """Whose objects the principal is shown: its own organisation's, or (for a principal
        outside the partners) those of VT — none of which are in scope for it."""
        return self.kind if self.kind in PARTNERS else "VT"

    def has(self, role: str) -> bool:
        return role in self.roles


PRINCIPALS: tuple[Principal, ...] = (
    *(
        Principal(f"{kind}/{role}", kind, (str(role),))
        for kind in PARTNERS
        for role in roles_for_kind(kind)
    ),
    Principal("operator zonder organisatie (superuser)", None, staff=True),
    Principal("zonder organisatie (geen beheerder)", None),
    Principal("GEMEENTE/PRIVACY_OFFICER (geen partner)", "GEMEENTE", (RoleCode.PRIVACY_OFFICER,)),
    Principal("VT/VT_MEDEWERKER (gedeactiveerd)", "VT", (RoleCode.VT_MEDEWERKER,), active=False),
)
ANONYMOUS = Principal("anoniem", None, active=False)


class Who(StrEnum):
    """Who a URL is for, before looking at any object."""

    PUBLIC = "iedereen"
    SIGNED_IN = "ingelogd"
    MEMBER = "lid van een organisatie"
    PARTNER = "partnerorganisatie"
    PARTNER_PO = "privacy officer van een partner"
    PO = "privacy officer"
    RECORDER = "legt meldingen vast (partner, niet alleen PO)"
    STAFF = "beheerder (is_staff)"
    NOBODY = "niemand"


def admits(who: Who, p: Principal) -> bool:
    return {
        Who.PUBLIC: True,
        Who.SIGNED_IN: p.active,
        Who.MEMBER: p.member,
        Who.PARTNER: p.partner,
        Who.PARTNER_PO: p.partner and p.has(RoleCode.PRIVACY_OFFICER),
        Who.PO: p.member and p.has(RoleCode.PRIVACY_OFFICER),
        Who.RECORDER: p.partner and any(r != RoleCode.PRIVACY_OFFICER for r in p.roles),
        Who.STAFF: p.active and p.staff,
        Who.NOBODY: False,
    }[who]


# --- 2. object classes ----------------------------------------------------------------------


class K(StrEnum):
    """Classes of objects, relative to the asking principal's organisation X."""

    NONE = "-"  # a collection: no object in the URL
    IN = "in scope"  # X is involved (a family, its members)
    OWN = "own"  # a melding X recorded
    IN_OTHER = "in scope, other org's, not shared"  # another partner's melding in IN[X]
    SHARED = "shared"  # a family X received a disclosure about
    SHARED_KERN = "shared: KERN"
    SHARED_FULL = "shared: KERN+PERSONEN+TOELICHTING"
    SHARED_PERSON = "shared: person in a PERSONEN item"
    SHARED_HIDDEN = "shared family, not shared itself"
    WITHDRAWN = "shared, disclosure withdrawn"
    EMERGENCY = "emergency access"
    HIT = "hit-only"  # other partners are involved; X is not
    OUT = "out of scope"  # no partner involved
    MISSING = "missing"
    MADE = "made by X"  # a disclosure
    RECEIVED = "received by X"
    OTHERS = "between two others"
    REVIEWABLE = "reviewable by X"  # an emergency access
    OWN_ORG = "by X's own colleague"
    NOT_INVOLVED = "X not involved"
    # Workflows (``matrix_workflows``): Samen op in acuut, actieoverleg, ZSM, assessments.
    STARTED = "started by X"  # an acute episode
    CALLED = "X was called in"
    BYSTANDER = "X involved in the family, not taking part"
    ADDRESSED = "addressed to X"  # a consultation (or its episode)
    REQUESTED = "asked by X"
    PARTICIPANT = "of an episode X takes part in, asked by the other"
    CHAIR = "chaired by X"  # an actieoverleg meeting or agenda item
    STANDING = "X standing participant"
    INVITED = "X invited for the case"
    NOT_INVITED = "X not invited"
    TO_X = "submitted to X"  # a submission
    BY_X = "submitted by X"
    AT_LOCATION = "X is ZSM partner at its location"
    ELSEWHERE = "at a location where X is no ZSM partner"
    DRAFT = "X's or VT's draft"  # a veiligheidsbeoordeling
    NOT_SHARED = "in a family X sees, not shared with X"
    # HSSK (``matrix_hssk``): a case, and the melding it is started from.
    ANON_INITIATOR = "anonymous, X the initiator"
    ANON_POLICE = "anonymous, X the police"
    ANON_OM = "anonymous, X the OM"
    IDENTIFIED = "identified, X takes part"
    EVALUATION = "identified, in its evaluation, X takes part"
    UNSHARED = "X takes part, the family never shared with X"
    NOT_TAKING_PART = "X takes no part"
    SIGNAL = "X's own melding about a child, no case yet"


class T(StrEnum):
    """Types of objects a URL can name."""

    FAMILY = "gezinssysteem"
    PERSON = "persoon"
    MELDING = "melding"
    DISCLOSURE = "verstrekking"
    ACCESS = "noodtoegang"
    REVIEW = "koppeling"  # a pair (reported mention, candidate person) in the review queue
    ADMIN = "beheerobject"
    # Workflows (``matrix_workflows``).
    EPISODE = "samen op in acuut"
    CONSULTATION = "raadpleging"
    MEETING = "actieoverleg"
    ITEM = "agendapunt"
    SUBMISSION = "aanmelding"
    ZSM_CASE = "zsm-zaak"
    ZSM_LOCATION = "zsm-locatie"
    BEOORDELING = "veiligheidsbeoordeling"
    RESULT = "risico-inschatting"
    ASSESSED_FAMILY = "gezinssysteem met beoordelingen"
    # HSSK (``matrix_hssk``).
    HSSK = "hssk-casus"
    HSSK_MELDING = "melding (hssk starten)"


CLASSES: dict[T, tuple[K, ...]] = {
    T.FAMILY: (K.IN, K.SHARED, K.EMERGENCY, K.HIT, K.OUT, K.MISSING),
    T.PERSON: (
        K.IN,
        K.SHARED_PERSON,
        K.SHARED_HIDDEN,
        K.EMERGENCY,
        K.HIT,
        K.OUT,
        K.MISSING,
    ),
    T.MELDING: (
        K.OWN,
        K.IN_OTHER,
        K.SHARED_KERN,
        K.SHARED_FULL,
        K.SHARED_HIDDEN,
        K.WITHDRAWN,
        K.EMERGENCY,
        K.HIT,
        K.OUT,
        K.MISSING,
    ),
    T.DISCLOSURE: (K.MADE, K.RECEIVED, K.WITHDRAWN, K.OTHERS, K.MISSING),
    T.ACCESS: (K.REVIEWABLE, K.OWN_ORG, K.NOT_INVOLVED, K.MISSING),
    T.REVIEW: (K.OWN, K.SHARED_KERN, K.SHARED_FULL, K.EMERGENCY, K.HIT, K.MISSING),
    T.ADMIN: (K.NONE,),
    # The workflow types' classes are in ``matrix_workflows.FLOW_CLASSES`` and HSSK's in
    # ``matrix_hssk.HSSK_CLASSES`` (added at the end).
}
#: "Answers for every class": dat-informatie, search and the emergency-access form.
ANY = frozenset(K)


# --- 3. the world ---------------------------------------------------------------------------


@dataclass(eq=False)
class WPerson:
    pk: int
    surname: str
    street: str
    bsn: str
    search: str  # a search term that finds only this person (part of the surname)

    @property
    def texts(self) -> tuple[str, ...]:
        return (self.surname, self.street)


@dataclass(eq=False)
class WMention:
    person: WPerson
    given_names: str
    street: str
    pk: int = 0
    melding: Any = None  # WMelding


@dataclass(eq=False)
class WReview:
    """A pair in the linkage review queue: a mention (as reported) and a candidate person."""

    pk: int
    mention: WMention
    candidate: WPerson


@dataclass(eq=False)
class WMelding:
    pk: int
    owner: str
    family: WFamily
    reference: str
    narrative: str
    location: str
    city: str
    medical: str
    mentions: list[WMention]

    def texts(self, groups: frozenset[str]) -> list[str]:
        shown = [self.reference]  # KERN always travels with a visible melding
        if LOCATIE in groups:
            shown += [self.location, self.city]
        if TOELICHTING in groups:
            shown.append(self.narrative)
        if PERSONEN in groups:
            shown += [t for m in self.mentions for t in (m.given_names, m.street)]
        if MEDISCH in groups and self.medical:
            shown.append(self.medical)
        return shown

    @property
    def all_texts(self) -> list[str]:
        return self.texts(ALL_GROUPS | {MEDISCH})


@dataclass(eq=False)
class WFamily:
    pk: int
    tag: str
    name: str
    involved: set[str]  # organisation kinds (partners and others)
    members: list[WPerson] = field(default_factory=list)
    meldingen: list[WMelding] = field(default_factory=list)
    has_case: bool = False
    item: WPlanItem | None = None  # the one item of its veiligheidsplan

    @property
    def item_pk(self) -> int:
        return self.item.pk if self.item else 0

    @property
    def member_ids(self) -> frozenset[int]:
        return frozenset(p.pk for p in self.members)

    @property
    def partners_involved(self) -> frozenset[str]:
        return frozenset(self.involved) & frozenset(PARTNERS)


@dataclass(eq=False)
class WPlanItem:
    """An item of a family's veiligheidsplan: its description is read by every reader of the
    plan, its internal note only by its owner and recorder organisation (or under emergency
    access, or once disclosed)."""

    pk: int
    owner: str
    recorder: str
    description: str
    note: str


@dataclass(eq=False)
class WDisclosure:
    pk: int
    family: WFamily
    from_kind: str
    to_kind: str
    items: list[tuple[WMelding, frozenset[str]]]
    necessity: str
    withdrawal_reason: str = ""

    @property
    def active(self) -> bool:
        return not self.withdrawal_reason


@dataclass(eq=False)
class WAccess:
    pk: int
    holder: str  # username
    kind: str  # the holder's organisation
    family: WFamily
    reason: str


@dataclass(eq=False)
class Missing:
    """An object that does not exist (a primary key no table uses)."""

    pk: int
    family: Any = None  # for a disclosure: the (visible) family named beside it
    item_pk: int = 0
    search: str = "ONBEKENDEZOEKTERM"
    bsn: str = ""
    members: tuple = ()
    member_ids: frozenset[int] = frozenset()
    partners_involved: frozenset[str] = frozenset()


@dataclass(eq=False)
class AdminObject:
    pk: Any
    app_label: str = ""
    content_type_id: int = 0


@dataclass
class World:
    orgs: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)  # principal key → User
    tokens: dict[str, str] = field(default_factory=dict)
    families: list[WFamily] = field(default_factory=list)
    persons: list[WPerson] = field(default_factory=list)
    meldingen: list[WMelding] = field(default_factory=list)
    disclosures: list[WDisclosure] = field(default_factory=list)
    accesses: list[WAccess] = field(default_factory=list)
    reviews: list[WReview] = field(default_factory=list)
    #: (type, class, viewpoint kind) → object
    objects: dict[tuple[T, K, str], Any] = field(default_factory=dict)
    admin_objects: dict[str, AdminObject] = field(default_factory=dict)
    #: every sentinel → what it is ("narratief van melding SHARED_FULL[OM]")
    sentinels: dict[str, str] = field(default_factory=dict)
    #: texts that must never be in the access log besides the sentinels (BSNs, posted texts)
    log_forbidden: dict[str, str] = field(default_factory=dict)
    basis_code: str = ""
    missing_pk: int = 0
    unknown_bsn: str = ""
    #: the workflows' objects (``matrix_workflows.Flows``)
    flows: Any = None
    #: the HSSK cases (``matrix_hssk.HsskWorld``)
    hssk: Any = None

    def obj(self, typ: T, cls: K, kind: str) -> Any:
        return self.objects[(typ, cls, kind)]


class Sentinels:
    def __init__(self, world: World) -> None:
        self.world = world
        self.counter = itertools.count(1)

    def __call__(self, tag: str, what: str) -> str:
        value = f"QZ{next(self.counter):04d}{tag}QZ"
        self.world.sentinels[value] = what
        return value


def _bsns() -> Iterator[str]:
    from voorop.persons.bsn import is_valid_bsn

    for n in itertools.count(271_000_000):
        if is_valid_bsn(str(n)):
            yield str(n)


def build_world() -> World:
    """Build the world of the module docstring: per partner X the family systems IN[X],
    SHARED[X], HIT[X] and EMERG[X], one OUT, the principals with API tokens, disclosures and
    withdrawals through the sharing service, emergency accesses through the authz service."""
    from django.utils import timezone

    builder = _Builder(timezone.now())
    builder.organisations_and_rules()
    builder.users()
    builder.families()
    builder.emergency_accesses()
    builder.reviews()
    builder.safety_plans()
    matrix_workflows.build(builder)  # Samen op in acuut, actieoverleg, ZSM, assessments
    matrix_hssk.build(builder)  # HSSK
    builder.admin_objects()
    return builder.world


class _Builder:
    """The steps of ``build_world``."""

    def __init__(self, now: dt.datetime) -> None:
        self.world = World()
        self.sentinel = Sentinels(self.world)
        self.now = now
        self.bsns = _bsns()
        self.births = (dt.date(1960, 1, 1) + dt.timedelta(days=97 * n) for n in itertools.count())
        self.days = itertools.count(1)
        self.records: dict[int, Any] = {}  # person pk → Person
        self.family_records: dict[int, Any] = {}  # family pk → FamilySystem
        self.helpers: dict[str, Any] = {}  # kind → a user who shares and asks emergency access
        self.basis: Any = None

    # organisations, the legal basis and rules of the test, users ----------------------------

    def organisations_and_rules(self) -> None:
        from voorop.core.testing.factories import OrganisationFactory
        from voorop.sharing.models import LegalBasis, SharingRule

        for kind in (*PARTNERS, "ZIEKENHUIS", "GEMEENTE"):
            self.world.orgs[kind] = OrganisationFactory(
                code=f"{kind.lower()}-matrix",
                name=f"{kind.title()} Matrix",
                kind=kind,
                contact_phone="088-0000000",
            )
        self.basis = LegalBasis.objects.create(
            code="matrix-toetsgrondslag",
            short_label="toetsgrondslag matrix",
            citation="Grondslag voor de autorisatiematrix (test)",
            active=True,
        )
        self.world.basis_code = self.basis.code
        SharingRule.objects.bulk_create(
            SharingRule(
                from_kind=a,
                to_kind=b,
                legal_basis=self.basis,
                moments=[],
                field_groups=sorted(ALL_GROUPS),
            )
            for a, b in itertools.permutations(PARTNERS, 2)
        )

    def _user(self, username: str, kind: str | None, roles: Iterable[str], **extra: Any) -> Any:
        from voorop.core.testing.factories import UserFactory

        organisation = self.world.orgs[kind] if kind else None
        return UserFactory(username=username, organisation=organisation, roles=list(roles), **extra)

    def users(self) -> None:
        from rest_framework.authtoken.models import Token

        for principal in PRINCIPALS:
            user = self._user(
                principal.username,
                principal.kind,
                principal.roles,
                is_active=principal.active,
                is_staff=principal.staff,
                is_superuser=principal.staff,
            )
            self.world.users[principal.key] = user
            self.world.tokens[principal.key] = Token.objects.create(user=user).key
        for kind in PARTNERS:
            roles = roles_for_kind(kind)[:1]
            self.helpers[kind] = self._user(f"matrix-helper-{kind.lower()}", kind, roles)

    # persons, family systems, meldingen, disclosures ------------------------------------------

    def person(self, owner: str, tag: str, born: dt.date | None = None) -> WPerson:
        from voorop.persons.models import Address, Person

        surname = self.sentinel("ACHTERNAAM", f"achternaam ({tag})")
        street = self.sentinel("STRAAT", f"straat ({tag})")
        bsn = next(self.bsns)
        self.world.log_forbidden[bsn] = f"BSN ({tag})"
        record = Person.objects.create(
            given_names="Eva",
            surname=surname,
            date_of_birth=born or next(self.births),
            bsn=bsn,
            recorded_by=self.world.orgs[owner],
        )
        Address.objects.create(
            person=record,
            street=street,
            house_number="1",
            postcode="3511AB",
            city="Utrecht",
            valid_from=dt.date(2020, 1, 1),
        )
        self.records[record.pk] = record
        wp = WPerson(pk=record.pk, surname=surname, street=street, bsn=bsn, search=surname[2:-2])
        self.world.persons.append(wp)
        return wp

    def family(
        self, tag: str, owners: list[str], members: int, case: bool = False, minors: int = 0
    ) -> WFamily:
        """A family system; its last ``minors`` members are children (ten years old)."""
        from voorop.cases.models import Case
        from voorop.persons.models import (
            FamilyMembership,
            FamilySystem,
            OrganisationInvolvement,
            Relation,
            RelationKind,
        )

        first = self.world.orgs[owners[0]]
        name = self.sentinel("GEZIN", f"naam gezinssysteem {tag}")
        record = FamilySystem.objects.create(
            reference=f"GS-{tag}", name=f"Gezin {name}", recorded_by=first
        )
        self.family_records[record.pk] = record
        wf = WFamily(pk=record.pk, tag=tag, name=name, involved=set(owners), has_case=case)
        for n in range(members):
            child = n >= members - minors
            born = self.now.date() - dt.timedelta(days=3650 + n) if child else None
            wp = self.person(owners[0], f"lid {n + 1} van {tag}", born)
            FamilyMembership.objects.create(family_system=record, person=self.records[wp.pk])
            wf.members.append(wp)
        Relation.objects.create(
            family_system=record,
            person_a=self.records[wf.members[0].pk],
            person_b=self.records[wf.members[1].pk],
            kind=RelationKind.OUDER_KIND,
            recorded_by=first,
        )
        for kind in owners:
            days = PARTNERS.index(kind) + 1 if kind in PARTNERS else 0
            OrganisationInvolvement.objects.create(
                family_system=record,
                organisation=self.world.orgs[kind],
                since=self.now - dt.timedelta(days=60),
                last_activity_at=self.now - dt.timedelta(days=days),
                reference=f"{kind.lower()}-{tag}",
            )
        if case:
            Case.objects.create(
                family_system=record,
                reference=f"Z-{tag}",
                recorded_by=first,
                first_contact_organisation=first,
                opened_at=self.now,
                phase_changed_at=self.now,
            )
        self.world.families.append(wf)
        return wf

    def melding(
        self, owner: str, wf: WFamily, tag: str, mentioned: Iterable[int], *, hg: bool = True
    ) -> WMelding:
        from voorop.linkage.models import PersonLink
        from voorop.meldingen.models import InvolvementRole, Melding, MeldingPerson

        what = f"melding {tag}"
        received = self.now - dt.timedelta(days=next(self.days) % 12, hours=1)
        record = Melding.objects.create(
            reference=self.sentinel("KENMERK", f"kenmerk {what}"),
            source_organisation=self.world.orgs[owner],
            kind=MELDING_KINDS[owner],
            channel="TELEFOON",
            occurred_at=received - dt.timedelta(hours=2),
            received_at=received,
            is_acute=True,
            label_hg=hg,
            location=self.sentinel("LOCATIE", f"locatie {what}"),
            city=self.sentinel("PLAATS", f"plaats {what}"),
            narrative=self.sentinel("NARRATIEF", f"toelichting {what}"),
            medical_details=(
                self.sentinel("MEDISCH", f"medische gegevens {what}") if owner == "VT" else ""
            ),
            family_system=self.family_records[wf.pk],
        )
        wm = WMelding(
            pk=record.pk,
            owner=owner,
            family=wf,
            reference=record.reference,
            narrative=record.narrative,
            location=record.location,
            city=record.city,
            medical=record.medical_details,
            mentions=[],
        )
        for index in mentioned:
            wp = wf.members[index]
            given = self.sentinel("GEMELD", f"voornaam zoals gemeld in {what}")
            street = self.sentinel("GEMELDSTRAAT", f"straat zoals gemeld in {what}")
            mention = MeldingPerson.objects.create(
                melding=record,
                person=self.records[wp.pk],
                role=InvolvementRole.SLACHTOFFER if index == 0 else InvolvementRole.VERDACHTE,
                given_names=given,
                surname=wp.surname,
                street=street,
                house_number="2",
                postcode="1234AB",
            )
            PersonLink.objects.create(
                mention=mention, person=self.records[wp.pk], method="SEED", score=1.0
            )
            wm.mentions.append(WMention(wp, given, street, mention.pk, wm))
        wf.meldingen.append(wm)
        self.world.meldingen.append(wm)
        return wm

    def disclose(
        self, wf: WFamily, sharer: str, recipient: str, wm: WMelding, groups: frozenset[str]
    ) -> WDisclosure:
        from voorop.meldingen.models import Melding
        from voorop.sharing import services
        from voorop.sharing.models import CoordinationMoment

        tag = f"{sharer}→{recipient} ({'+'.join(sorted(groups))})"
        necessity = self.sentinel("NOODZAAK", f"noodzaak {tag}")
        disclosure = services.disclosure_create(
            user=self.helpers[sharer],
            family_system=self.family_records[wf.pk],
            to_organisation=self.world.orgs[recipient],
            legal_basis=self.basis,
            moment=CoordinationMoment.SAMEN_OP_IN_ACUUT,
            necessity=f"Nodig voor de veiligheid: {necessity}",
            items=[(Melding.objects.get(pk=wm.pk), sorted(groups - {KERN}))],
        )
        wd = WDisclosure(
            pk=disclosure.pk,
            family=wf,
            from_kind=sharer,
            to_kind=recipient,
            items=[(wm, groups | {KERN})],
            necessity=necessity,
        )
        self.world.disclosures.append(wd)
        return wd

    def withdraw(self, wd: WDisclosure) -> None:
        from voorop.sharing import services
        from voorop.sharing.models import Disclosure

        reason = self.sentinel("INTREKKING", f"reden intrekking {wd.from_kind}→{wd.to_kind}")
        services.disclosure_withdraw(
            user=self.helpers[wd.from_kind],
            disclosure=Disclosure.objects.get(pk=wd.pk),
            reason=f"Onterecht gedeeld: {reason}",
        )
        wd.withdrawal_reason = reason

    def families(self) -> None:
        world, objects = self.world, self.world.objects
        for x in PARTNERS:
            nxt, two_on = _next(x), _next(x, 2)
            # IN[X]: X and the next partner are involved, each with a melding of its own.
            wi = self.family(f"IN-{x}", [x, nxt], 3, case=True)
            own = self.melding(x, wi, f"eigen van {x} in IN[{x}]", [0, 1, 2])
            other = self.melding(nxt, wi, f"van {nxt} in IN[{x}], niet gedeeld", [0, 1])
            # SHARED[X]: only the next partner is involved. It shares one melding KERN-only
            # (naming persons 0 and 1), one with PERSONEN and TOELICHTING (persons 1 and 2:
            # so person 1 is visible, and also named in a melding whose persons were not
            # shared), shares a third and withdraws that; a fourth is never shared.
            ws = self.family(f"SHARED-{x}", [nxt], 3)
            kern = self.melding(nxt, ws, f"KERN gedeeld met {x}", [0, 1])
            full = self.melding(nxt, ws, f"volledig gedeeld met {x}", [1, 2])
            hidden = self.melding(nxt, ws, f"niet gedeeld met {x}", [0])
            gone = self.melding(nxt, ws, f"ingetrokken voor {x}", [0, 2])
            self.disclose(ws, nxt, x, kern, frozenset({KERN}))
            d_full = self.disclose(ws, nxt, x, full, frozenset({KERN, PERSONEN, TOELICHTING}))
            d_gone = self.disclose(ws, nxt, x, gone, ALL_GROUPS)
            self.withdraw(d_gone)
            # HIT[X]: the partner two steps on is involved; X only gets dat-informatie.
            wh = self.family(f"HIT-{x}", [two_on], 2)
            hit = self.melding(two_on, wh, f"in HIT[{x}]", [0, 1])
            # EMERG[X]: X's principals hold an emergency access to it. VT (for VT: POLITIE) is
            # involved, so there are medical details to withhold.
            owner = "VT" if x != "VT" else "POLITIE"
            we = self.family(f"EMERG-{x}", [owner], 2)
            emerg = self.melding(owner, we, f"in EMERG[{x}]", [0, 1])

            for cls, obj in ((K.IN, wi), (K.SHARED, ws), (K.HIT, wh), (K.EMERGENCY, we)):
                objects[(T.FAMILY, cls, x)] = obj
            for cls, person in (
                (K.IN, wi.members[0]),
                (K.SHARED_PERSON, ws.members[1]),
                (K.SHARED_HIDDEN, ws.members[0]),
                (K.EMERGENCY, we.members[0]),
                (K.HIT, wh.members[0]),
            ):
                objects[(T.PERSON, cls, x)] = person
            for cls, wm in (
                (K.OWN, own),
                (K.IN_OTHER, other),
                (K.SHARED_KERN, kern),
                (K.SHARED_FULL, full),
                (K.SHARED_HIDDEN, hidden),
                (K.WITHDRAWN, gone),
                (K.EMERGENCY, emerg),
                (K.HIT, hit),
            ):
                objects[(T.MELDING, cls, x)] = wm
            objects[(T.DISCLOSURE, K.RECEIVED, x)] = d_full
            objects[(T.DISCLOSURE, K.WITHDRAWN, x)] = d_gone
        for x in PARTNERS:
            # X made the disclosures of SHARED[previous partner]; two steps on, X is party to
            # neither side.
            objects[(T.DISCLOSURE, K.MADE, x)] = world.obj(T.DISCLOSURE, K.RECEIVED, _next(x, -1))
            objects[(T.DISCLOSURE, K.OTHERS, x)] = world.obj(T.DISCLOSURE, K.RECEIVED, _next(x, 2))

        # OUT: only a hospital (no partner) is involved: no partner may see it, and
        # dat-informatie answers "no partner involved".
        wo = self.family("OUT", ["ZIEKENHUIS"], 2)
        self.melding("ZIEKENHUIS", wo, "OUT (ziekenhuis)", [0, 1])
        pks = [w.pk for w in world.families] + [w.pk for w in world.persons]
        pks += [w.pk for w in world.meldingen] + [w.pk for w in world.disclosures]
        world.missing_pk = max(pks) + 100_000
        world.unknown_bsn = next(self.bsns)
        for x in PARTNERS:
            objects[(T.FAMILY, K.OUT, x)] = wo
            objects[(T.PERSON, K.OUT, x)] = wo.members[0]
            objects[(T.MELDING, K.OUT, x)] = wo.meldingen[0]
            missing = Missing(world.missing_pk)
            for typ in (T.FAMILY, T.MELDING, T.ACCESS):
                objects[(typ, K.MISSING, x)] = missing
            objects[(T.PERSON, K.MISSING, x)] = Missing(world.missing_pk, bsn=world.unknown_bsn)
            objects[(T.DISCLOSURE, K.MISSING, x)] = Missing(
                world.missing_pk, family=world.obj(T.FAMILY, K.IN, x)
            )

    # emergency accesses -----------------------------------------------------------------------

    def emergency_accesses(self) -> None:
        """Every active partner principal holds one to EMERG[its organisation] (through the
        service: reason, password and all). Per partner X, the previous partner's helper holds
        one to IN[X] (X's privacy officer reviews it) and X's own helper one too (X's privacy
        officer may not review a colleague's; made directly: the service refuses a family the
        user can already see)."""
        from voorop.authz import services
        from voorop.authz.models import EmergencyAccess

        world = self.world

        def reason(who: str) -> str:
            return self.sentinel("NOODREDEN", f"reden noodtoegang van {who}")

        for principal in PRINCIPALS:
            if not principal.partner:
                continue
            we = world.obj(T.FAMILY, K.EMERGENCY, str(principal.kind))
            why = reason(principal.key)
            access = services.emergency_access_request(
                user=world.users[principal.key],
                family_system=self.family_records[we.pk],
                reason=f"Acuut gevaar voor moeder en kind: {why}",
                password=PASSWORD,
            )
            world.accesses.append(
                WAccess(access.pk, principal.username, str(principal.kind), we, why)
            )
        for x in PARTNERS:
            wi = world.obj(T.FAMILY, K.IN, x)
            prev = _next(x, -1)
            why = reason(f"helper {prev} tot IN[{x}]")
            access = services.emergency_access_request(
                user=self.helpers[prev],
                family_system=self.family_records[wi.pk],
                reason=f"Acuut gevaar voor moeder en kind: {why}",
                password=PASSWORD,
            )
            reviewable = WAccess(access.pk, self.helpers[prev].username, prev, wi, why)
            why = reason(f"helper {x} tot IN[{x}]")
            access = EmergencyAccess.objects.create(
                user=self.helpers[x],
                organisation=world.orgs[x],
                family_system=self.family_records[wi.pk],
                reason=f"Acuut gevaar voor moeder en kind: {why}",
                granted_at=self.now,
                expires_at=self.now + dt.timedelta(hours=4),
            )
            colleague = WAccess(access.pk, self.helpers[x].username, x, wi, why)
            world.accesses += [reviewable, colleague]
            world.objects[(T.ACCESS, K.REVIEWABLE, x)] = reviewable
            world.objects[(T.ACCESS, K.OWN_ORG, x)] = colleague
        for x in PARTNERS:
            world.objects[(T.ACCESS, K.NOT_INVOLVED, x)] = world.obj(
                T.ACCESS, K.REVIEWABLE, _next(x, 2)
            )

    # the linkage review queue -----------------------------------------------------------------

    def reviews(self) -> None:
        """Per partner X, pairs whose mention is in a melding X recorded, in one shared with X
        KERN-only, one shared with PERSONEN, one X reads under emergency access and one of a
        hit-only family, each against a candidate person X can see (the last: one it cannot)."""
        from voorop.linkage.models import LinkReview

        world = self.world
        for x in PARTNERS:
            wi = world.obj(T.FAMILY, K.IN, x)
            we = world.obj(T.FAMILY, K.EMERGENCY, x)
            wh = world.obj(T.FAMILY, K.HIT, x)
            pairs = {
                K.OWN: (world.obj(T.MELDING, K.OWN, x).mentions[0], wi.members[1]),
                K.SHARED_KERN: (world.obj(T.MELDING, K.SHARED_KERN, x).mentions[0], wi.members[0]),
                K.SHARED_FULL: (world.obj(T.MELDING, K.SHARED_FULL, x).mentions[0], wi.members[0]),
                K.EMERGENCY: (world.obj(T.MELDING, K.EMERGENCY, x).mentions[0], we.members[1]),
                K.HIT: (world.obj(T.MELDING, K.HIT, x).mentions[0], wh.members[1]),
            }
            for cls, (mention, candidate) in pairs.items():
                record = LinkReview.objects.create(
                    mention_id=mention.pk, candidate=self.records[candidate.pk], score=0.8
                )
                review = WReview(record.pk, mention, candidate)
                world.reviews.append(review)
                world.objects[(T.REVIEW, cls, x)] = review
            world.objects[(T.REVIEW, K.MISSING, x)] = Missing(world.missing_pk)

    # veiligheidsplannen -----------------------------------------------------------------------

    def safety_plans(self) -> None:
        """One agreement in the plan of every family system, recorded and owned by the partner
        the family's first involvement names (for IN[X]: the next partner, so X reads the item
        but not its note); the hospital's (OUT) made directly."""
        from voorop.safetyplan import services
        from voorop.safetyplan.models import AgreementTopic, PlanItem, PlanItemKind, SafetyPlan

        world = self.world
        for wf in world.families:
            owner = sorted(wf.involved, key=lambda k: (k != wf.tag.split("-")[-1], k))[0]
            if wf.tag.startswith("IN-"):
                owner = _next(wf.tag.removeprefix("IN-"))
            description = self.sentinel("AFSPRAAK", f"afspraak in het veiligheidsplan {wf.tag}")
            note = self.sentinel("PLANNOTITIE", f"interne notitie afspraak {wf.tag}")
            family = self.family_records[wf.pk]
            if owner in PARTNERS:
                item = services.plan_add_agreement(
                    user=self.helpers[owner],
                    family_system=family,
                    topic=AgreementTopic.OVERLEG,
                    description=f"Afspraak: {description}",
                    owner_organisation=world.orgs[owner],
                    note=f"Notitie: {note}",
                )
            else:
                hospital = self._user("matrix-helper-ziekenhuis", "ZIEKENHUIS", ())
                plan = SafetyPlan.objects.create(family_system=family, created_by=hospital)
                item = PlanItem.objects.create(
                    plan=plan,
                    kind=PlanItemKind.AGREEMENT,
                    topic=AgreementTopic.OVERLEG,
                    description=f"Afspraak: {description}",
                    phase="ACUUT",
                    owner_organisation=world.orgs[owner],
                    starts_on=self.now.date(),
                    status="LOPEND",
                    moment="VEILIGHEIDSPLAN",
                    note=f"Notitie: {note}",
                    recorded_by=world.orgs[owner],
                    created_by=hospital,
                )
            wf.item = WPlanItem(item.pk, owner, owner, description, note)

    # objects of the admin (beheer) pages ------------------------------------------------------

    def admin_objects(self) -> None:
        from django.contrib.auth.models import Group
        from django.contrib.contenttypes.models import ContentType

        from voorop.retention.models import RecordKind, RetentionRule
        from voorop.sharing.models import SharingRule

        world = self.world
        group = Group.objects.create(name="matrix-groep")
        rule = RetentionRule.objects.create(
            organisation=world.orgs["GEMEENTE"], record_kind=RecordKind.MELDING, keep_days=7305
        )
        sharing_rule = SharingRule.objects.filter(legal_basis=self.basis).first()
        assert sharing_rule is not None
        melding_type = ContentType.objects.get(app_label="meldingen", model="melding")
        world.admin_objects |= {
            "auth.group": AdminObject(group.pk),
            "authtoken.tokenproxy": AdminObject(world.users[PRINCIPALS[0].key].pk),
            "sharing.legalbasis": AdminObject(self.basis.pk),
            "sharing.sharingrule": AdminObject(sharing_rule.pk),
            "retention.retentionrule": AdminObject(rule.pk),
            "view_on_site": AdminObject(world.meldingen[0].pk, content_type_id=melding_type.pk),
        }
        from django.apps import apps

        for model in ADMIN_MODELS:
            if model not in world.admin_objects:
                first = apps.get_model(model).objects.order_by("pk").first()
                world.admin_objects[model] = AdminObject(first.pk if first else world.missing_pk)


MELDING_KINDS = {
    "VT": "VT_MELDING",
    "POLITIE": "POLITIE_INCIDENT",
    "OM": "OVERIG",
    "RECLASSERING": "OVERIG",
    "RVDK": "OVERIG",
    "ZIEKENHUIS": "ZIEKENHUISMELDING",
}


# --- 4. the oracle --------------------------------------------------------------------------


@dataclass
class Sight:
    """What one principal may see, from the world as built."""

    families: set[int] = field(default_factory=set)
    involved: set[int] = field(default_factory=set)
    received: set[int] = field(default_factory=set)
    emergency: set[int] = field(default_factory=set)
    persons: set[int] = field(default_factory=set)
    groups: dict[int, frozenset[str]] = field(default_factory=dict)  # melding → groups
    disclosures: set[int] = field(default_factory=set)
    reviewable: set[int] = field(default_factory=set)
    reviews: set[int] = field(default_factory=set)  # linkage pairs it may see
    plans: set[int] = field(default_factory=set)  # families whose veiligheidsplan it reads
    texts: set[str] = field(default_factory=set)
    #: what it may see and do in the workflows (``matrix_workflows.FlowSight``)
    flows: Any = None
    #: what it may see and do in HSSK (``matrix_hssk.HsskSight``)
    hssk: Any = None

    def purpose(self, family_pk: int) -> str:
        if family_pk in self.involved:
            return ""
        if family_pk in self.received:
            return DISCLOSURE_PURPOSE
        return EMERGENCY_PURPOSE if family_pk in self.emergency else ""

    def shown_members(self, wf: WFamily) -> frozenset[int]:
        return frozenset(p.pk for p in wf.members if p.pk in self.persons)

    def linked_persons(self, wm: WMelding) -> frozenset[int]:
        if PERSONEN not in self.groups.get(wm.pk, frozenset()):
            return frozenset()
        return frozenset(m.person.pk for m in wm.mentions)


def sight(world: World, p: Principal) -> Sight:
    s = Sight(flows=matrix_workflows.FlowSight(), hssk=matrix_hssk.HsskSight())
    if not p.member:
        return s
    x = p.kind
    for wf in world.families:
        if x in wf.involved:
            s.involved.add(wf.pk)
    s.emergency = {a.family.pk for a in world.accesses if a.holder == p.username}
    active_received = [d for d in world.disclosures if d.to_kind == x and d.active]
    s.received = {d.family.pk for d in active_received}
    s.families = s.involved | s.received | s.emergency
    own_right = [wf for wf in world.families if wf.pk in s.involved | s.emergency]
    s.persons = {wp.pk for wf in own_right for wp in wf.members}
    for wm in world.meldingen:
        if wm.owner == x:
            medical = {MEDISCH} if x == "VT" and p.has(RoleCode.VERTROUWENSARTS) else set()
            s.groups[wm.pk] = ALL_GROUPS | medical
        elif wm.family.pk in s.emergency:
            s.groups[wm.pk] = ALL_GROUPS
    for d in active_received:
        for wm, groups in d.items:
            s.groups[wm.pk] = s.groups.get(wm.pk, frozenset()) | groups
            if PERSONEN in groups:
                s.persons |= {m.person.pk for m in wm.mentions}
    s.disclosures = {d.pk for d in world.disclosures if x in (d.from_kind, d.to_kind)}
    if p.partner and p.has(RoleCode.PRIVACY_OFFICER):
        s.reviewable = {a.pk for a in world.accesses if x in a.family.involved and a.kind != x}
    by_pk = {wm.pk: wm for wm in world.meldingen}
    for pk, groups in s.groups.items():
        s.texts.update(by_pk[pk].texts(groups))
    s.texts.update(t for wp in world.persons if wp.pk in s.persons for t in wp.texts)
    s.texts.update(wf.name for wf in world.families if wf.pk in s.families)
    for d in world.disclosures:
        if d.pk in s.disclosures:
            s.texts.add(d.necessity)
            if d.from_kind == x and d.withdrawal_reason:
                s.texts.add(d.withdrawal_reason)
    s.texts.update(a.reason for a in world.accesses if a.pk in s.reviewable)
    # The veiligheidsplan: read where involved in its own right or under emergency access; the
    # note of an item by its owner and its recorder (if involved), or under emergency access.
    s.plans = s.involved | s.emergency
    for wf in world.families:
        if wf.pk in s.plans and wf.item:
            s.texts.add(wf.item.description)
            if wf.pk in s.emergency or x in (wf.item.owner, wf.item.recorder):
                s.texts.add(wf.item.note)
    # A linkage pair shows the mention as reported: only where the persons of its melding are
    # visible (own, PERSONEN shared, emergency access) — and the candidate is visible too.
    s.reviews = {
        r.pk
        for r in world.reviews
        if PERSONEN in s.groups.get(r.mention.melding.pk, frozenset())
        and r.candidate.pk in s.persons
    }
    # Samen op in acuut, actieoverleg, ZSM and the veiligheidsbeoordeling: their own rules.
    s.flows = matrix_workflows.flow_sight(world, p, s)
    # HSSK (ADR 0013): participants only, the anonymous phase.
    s.hssk = matrix_hssk.hssk_sight(world, p, s)
    return s


def forbidden_pattern(world: World, s: Sight) -> re.Pattern[str]:
    """One regular expression that finds any sentinel this principal may not see."""
    hidden = sorted(set(world.sentinels) - s.texts)
    return re.compile("|".join(map(re.escape, hidden)) or "(?!)", re.IGNORECASE)


# --- 5. URL patterns ------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """One URL pattern of the URLconf, with the chain of patterns that leads to it."""

    route: str  # "gezinssystemen/<int:pk>/", "api/v1/meldingen/(?P<pk>[^/.]+)/$"
    name: str | None  # "persons:family_detail", "melding-detail"
    parts: tuple[Any, ...]
    callback: Callable[..., Any]

    @property
    def params(self) -> tuple[str, ...]:
        names: list[str] = []
        for part in self.parts:
            if isinstance(part, RoutePattern):
                names += list(part.converters)
            else:
                names += list(part.regex.groupindex)
        return tuple(names)

    @property
    def format_suffix(self) -> bool:
        return "format" in self.params

    @property
    def api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def admin(self) -> bool:
        return self.route.startswith("beheer/")

    @property
    def key(self) -> str:
        """The key of its row in ``ROUTES``: the URL name, else the route."""
        return self.name or self.route

    def path(self, kwargs: dict[str, Any]) -> str:
        parts = []
        for part in self.parts:
            if isinstance(part, RoutePattern):

                def fill(match: re.Match[str], part: RoutePattern = part) -> str:
                    name = match.group("name")
                    return str(part.converters[name].to_url(kwargs[name]))

                parts.append(re.sub(r"<(?:[^>:]+:)?(?P<name>[^>]+)>", fill, str(part)))
            else:
                for template, names in normalize(part.regex.pattern):
                    if set(names) <= set(kwargs):
                        parts.append(template % {n: kwargs[n] for n in names})
                        break
                else:
                    raise ValueError(f"cannot fill {part} with {kwargs}")
        return "/" + "".join(parts)


def resolves_to(pattern: Pattern, path: str) -> bool:
    """Whether ``path`` reaches this very pattern (not an earlier one, not a catch-all)."""
    return resolve(path).route == pattern.route


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, walking ``get_resolver()`` (includes, DRF's router
    and its format-suffix patterns, the admin)."""
    found: list[Pattern] = []

    def walk(resolver: URLResolver, parts: tuple[Any, ...], namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, (*parts, entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                chain = (*parts, entry.pattern)
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                # Joined as Django joins ResolverMatch.route: an inner "^" is dropped.
                route = str(chain[0]) + "".join(str(p).removeprefix("^") for p in chain[1:])
                found.append(Pattern(route, name, chain, entry.callback))

    walk(get_resolver(), (), "")
    return found


# --- 6. the route table ---------------------------------------------------------------------

GET = frozenset({"GET"})
GET_POST = frozenset({"GET", "POST"})
POST = frozenset({"POST"})
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
ALL_METHODS = frozenset({"GET", *WRITE_METHODS})


@dataclass(frozen=True)
class Rec:
    """An access-log record a request must write. ``None``: not compared."""

    action: str
    object_type: str
    object_id: str | frozenset[int] | None
    person_ids: frozenset[int] = frozenset()
    outcome: str = "OK"
    purpose: str | None = None


@dataclass
class Cell:
    principal: Principal
    pattern: Pattern
    route: Route
    cls: K
    method: str
    obj: Any
    allow: bool
    sight: Sight
    world: World
    #: a write that passes the gate *and* that the principal may make (``Route.writer``):
    #: only then is the harmless body sent; a reader who may not write gets the dangerous one
    writes: bool = False

    @property
    def kind(self) -> str:
        return self.principal.viewpoint

    def __str__(self) -> str:
        return (
            f"{self.principal.key} {self.method} {self.pattern.key}"
            f"{' (.json)' if self.pattern.format_suffix else ''} [{self.cls}]"
        )


Build = Callable[[Cell], dict[str, Any]]
Log = Callable[[Cell], list[Rec]]


@dataclass(frozen=True)
class Route:
    """One row of the matrix: see the module docstring."""

    who: Who
    obj: T | None = None
    allow: frozenset[K] = frozenset({K.NONE})
    methods: frozenset[str] = GET
    kwargs: Build = lambda c: {}
    query: Build = lambda c: {}
    #: body of a write the principal may make (must not commit) / may not make (dangerous)
    body_ok: Build | None = None
    body_denied: Build = lambda c: {}
    keys: frozenset[str] | None = None  # allowed JSON key paths of an allowed answer
    error_keys: frozenset[str] = frozenset()  # those of a refusal (empty: ERROR_KEYS)
    log: Log = lambda c: []
    #: a 400 answer whose error codes are all outside these means "passed the gate"
    gate_codes: frozenset[str] = frozenset()
    relogin: bool = False  # the request ends the session (log out)
    #: sentinels an allowed answer must show (proves the leak search sees the content)
    shows: Callable[[Cell], list[str]] = lambda c: []
    #: sentinels no answer of this URL may show, although the principal may see them elsewhere
    #: (HSSK's anonymous phase: the initiator knows the family, the case does not name it)
    hides: Callable[[Cell], list[str]] = lambda c: []
    #: logging in and out: any answer is fine for authorization (both work for anybody);
    #: the cells are still checked for leaks, writes and server errors
    neutral: bool = False
    note: str = ""
    #: the workflows: whether the principal passes the gate for this object, from the oracle
    #: (``Sight.flows``) rather than from the object's class — ``allow`` then only names the
    #: classes for the table. ``None``: the class decides.
    sees: Callable[[Cell], bool] | None = None
    #: of those who pass the gate of a write, who may make it (the service refuses the others:
    #: they get the dangerous body, which must change nothing). ``None``: everyone who passes.
    writer: Callable[[Cell], bool] | None = None

    def classes(self) -> tuple[K, ...]:
        return CLASSES[self.obj] if self.obj else (K.NONE,)

    def expect_allow(self, p: Principal, cls: K, method: str, *, api: bool = False) -> bool:
        if self.neutral:
            return method in self.methods
        if api and p.kind is not None and not p.active:
            return False  # a deactivated user's token is refused (401), on every endpoint
        if method not in self.methods or not admits(self.who, p):
            return False
        if cls == K.NONE or self.allow == ANY or self.sees is not None:
            return True  # (``sees``: the oracle decides, in ``cells_for``)
        # Objects are always those of the principal's viewpoint organisation: for a principal
        # outside the partners, none of them is in scope.
        return p.partner and cls in self.allow


def keys(spec: str, *, paged: bool = False) -> frozenset[str]:
    """ "id zaak.kenmerk leden[].naam" → the paths and their parents."""
    paths: set[str] = set()
    for path in spec.split():
        if paged:
            path = f"results[].{path}"
        parts = path.split(".")
        for n in range(1, len(parts) + 1):
            paths.add(".".join(parts[:n]).removesuffix("[]"))
    if paged:
        paths |= {"count", "next", "previous", "results"}
    return frozenset(paths)


def json_paths(data: Any, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            found.add(path)
            found |= json_paths(value, path)
    elif isinstance(data, list):
        for item in data:
            found |= json_paths(item, f"{prefix}[]")
    return found


ORG = "id code naam soort_organisatie"


def _nested(prefix: str, names: str) -> str:
    """ "onderdelen[]", "id titel" → "onderdelen[].id onderdelen[].titel" """
    return " ".join(f"{prefix}.{name}" for name in names.split())


def _org(prefix: str) -> str:
    return _nested(prefix, ORG)


ERROR_KEYS = keys("detail code fouten[].veld fouten[].code fouten[].bericht parameters")
K_FAMILY_LIST = keys(
    "id kenmerk naam aantal_leden laatste_activiteit zaak.kenmerk zaak.fase zaak.status",
    paged=True,
)
K_FAMILY = keys(
    "id kenmerk naam vastgelegd_op zaak.kenmerk zaak.fase zaak.status "
    f"{_org('zaak.eerste_aanspreekpunt')} zaak.geopend_op zaak.fase_gewijzigd_op "
    "zaak.gesloten_op leden[].persoon leden[].naam leden[].geboortedatum leden[].sinds "
    "leden[].tot relaties[].soort_relatie relaties[].persoon_a relaties[].persoon_b "
    f"relaties[].vanaf relaties[].tot {_org('betrokken_organisaties[].organisatie')} "
    "betrokken_organisaties[].sinds betrokken_organisaties[].laatste_activiteit "
    "betrokken_organisaties[].kenmerk"
)
_MELDING = (
    f"id kenmerk soort kanaal voorgevallen_op ontvangen_op {_org('organisatie')} acuut labels "
    "gezinssysteem eigen noodtoegang gedeelde_gegevens herkomst[].gedeeld_door "
    "herkomst[].gedeeld_op herkomst[].grondslag herkomst[].doel herkomst[].verstrekking"
)
K_MELDING_LIST = keys(_MELDING, paged=True)
K_TIMELINE = keys(f"{_MELDING} personen[].persoon personen[].rol personen[].naam", paged=True)
_INTAKE = (
    f"verdachte_aangehouden letsel_bij_kind volgt_op {_org('gemeld_door')} routeadvies[].route "
    "routeadvies[].naam routeadvies[].regel routeadvies[].reden doormelding_vt.melding_politie "
    "doormelding_vt.uiterlijk doormelding_vt.termijn doormelding_vt.te_laat "
    "doormelding_vt.vt_bekend_op doormelding_vt.doorgemeld_op doormelding_vt.veilig_thuis "
    "doormelding_vt.melding_vt doormelding_vt.uren_voorval_tot_vt"
)
K_MELDING = keys(
    f"{_INTAKE} {_MELDING} locatie postcode plaats toelichting vastgelegd_op personen[].persoon "
    "personen[].rol personen[].naam personen[].voornamen personen[].tussenvoegsel "
    "personen[].achternaam personen[].geboortedatum personen[].geslacht personen[].straat "
    "personen[].huisnummer personen[].postcode personen[].woonplaats personen[].bronkenmerk"
)
_PERSON = "id naam voornamen tussenvoegsel achternaam geboortedatum geslacht"
K_PERSON_LIST = keys(_PERSON, paged=True)
K_PERSON = keys(
    f"{_PERSON} adressen[].straat adressen[].huisnummer adressen[].postcode "
    "adressen[].woonplaats adressen[].vanaf adressen[].tot gezinssystemen[].id "
    "gezinssystemen[].kenmerk gezinssystemen[].naam"
)
_DISCLOSURE = (
    f"id kenmerk richting gezinssysteem.id gezinssysteem.kenmerk {_org('gedeeld_door')} "
    f"{_org('gedeeld_met')} grondslag.code grondslag.korte_aanduiding grondslag.grondslag doel "
    "noodzaak gedeeld_op actief ingetrokken_op reden_intrekking items[].melding "
    "items[].kenmerk items[].soort items[].voorgevallen_op items[].gegevens "
    "andere_gegevens[].soort andere_gegevens[].id andere_gegevens[].omschrijving "
    "andere_gegevens[].gedeeld"
)
K_DISCLOSURE_LIST = keys(_DISCLOSURE, paged=True)
K_DISCLOSURE = keys(_DISCLOSURE)
K_BETROKKENHEID = keys(
    f"persoon gezinssysteem {_org('betrokken[].organisatie')} betrokken[].sinds "
    "betrokken[].contact.telefoon betrokken[].contact.email betrokken[].kenmerk"
)
K_IK = keys(f"gebruikersnaam naam {_org('organisatie')} rollen")
K_GRONDSLAGEN = keys(
    "code korte_aanduiding grondslag doel randvoorwaarden vitaal_belang in_gebruik", paged=True
)
K_DEELREGELS = keys("id van aan grondslag doelen gegevens in_gebruik", paged=True)
K_API_ROOT = keys(
    "gezinssystemen personen meldingen verstrekkingen grondslagen deelregels koppelingen"
)
K_PLAN = keys(
    f"gezinssysteem {_org('eerste_aanspreekpunt')} "
    + _nested(
        "onderdelen[]",
        "id titel soort_onderdeel interventie onderwerp omschrijving fase eigenaar_persoon "
        "start einde herbeoordeling onderdeelstatus verlopen afstemmingsmoment "
        "kenmerk_afstemmingsmoment notitie notitie_gedeeld_op vastgelegd_op gewijzigd_op",
    )
    + f" {_org('onderdelen[].eigenaar')} {_org('onderdelen[].vastgelegd_door')}"
)
K_INTERVENTIONS = keys(
    _nested(
        "[]",
        "id code naam rechtsdomein fasen uitvoerder beslist_door duur_dagen "
        "maximale_duur_dagen herbeoordeling_naam herbeoordeling_op_dag verlenging omschrijving",
    )
)
K_REACHABILITY = keys(
    "antwoord plaats moment regios lijnen eerst_bellen daarna kartrekkers anderen_ter_plaatse "
    "veilig_thuis veilig_thuis_ter_plaatse veilig_thuis_weer_ter_plaatse_vanaf "
    "veilig_thuis_beeldbellen landelijk_nummer_veilig_thuis"
)
_INSTRUMENT = (
    "id code naam versie omschrijving gericht_op te_gebruiken_door in_gebruik "
    "voorbeeldinstrument drempels[].niveau drempels[].vanaf_score drempels[].tot_en_met_score "
    "drempels[].advies "
    + _nested(
        "vragen[]",
        "code tekst toelichting soort_antwoord volgorde verplicht gewicht risicofactor minimum "
        "maximum kritiek_niveau kritiek_vanaf weet_niet_toegestaan klassen[].score "
        "klassen[].vanaf opties[].code opties[].tekst opties[].score opties[].kritiek",
    )
)
K_INSTRUMENTS = keys(_INSTRUMENT, paged=True)
K_INSTRUMENT = keys(_INSTRUMENT)
_REVIEW = (
    "id melding vermelding zoals_gemeld kandidaat kandidaat_naam score velden[].veld "
    "velden[].niveau velden[].gewicht status reden beoordeeld_op"
)
K_REVIEWS = keys(_REVIEW, paged=True)
K_REVIEW = keys(_REVIEW)
#: Error codes of the API's disclosure writes that mean "you may not": the object is not
#: visible, not your organisation's, or you are no partner.
AUTHZ_CODES = frozenset(
    {
        "gezinssysteem_onbekend",
        "melding_niet_eigen",
        "niet_betrokken",
        "geen_partnerorganisatie",
        "niet_eigen_verstrekking",
        "permission_denied",
    }
)


def _ids(values: Iterable[Any]) -> frozenset[int]:
    return frozenset(int(v.pk if hasattr(v, "pk") else v) for v in values)


def _denied(action: str, object_type: str, object_id: Any) -> Rec:
    return Rec(action, object_type, str(object_id), outcome="DENIED")


# Access-log expectations, one function per kind of view. ``c.allow`` is the expected outcome.


#: The home page's block of recent acute meldingen (``core.views``): the newest ten of the last
#: fourteen days.
HOME_RECENT_DAYS, HOME_BLOCK = 14, 10


def _home_recent_acute(c: Cell) -> list[tuple[int, int | None]]:
    """(melding, its family system) of the block, newest first. Which meldingen: those the
    principal may see (``Sight.groups``, the oracle); when each happened, whether acute and
    in which family: the rows as stored."""
    from voorop.meldingen.models import Melding

    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=HOME_RECENT_DAYS)
    rows = Melding.objects.filter(
        pk__in=c.sight.groups, is_acute=True, occurred_at__gte=since
    ).order_by("-occurred_at", "-id")
    return list(rows.values_list("pk", "family_system_id")[:HOME_BLOCK])


def log_home(c: Cell) -> list[Rec]:
    if not c.principal.member:
        return []
    shown = [f for f in c.world.families if f.pk in c.sight.families and f.has_case]
    recent = _home_recent_acute(c)
    # The Samen op in acuut block first (its own records), then the family systems the page
    # names (its blocks, and those of the recent acute meldingen), those meldingen, and the
    # HSSK cases waiting for the organisation.
    return [
        *matrix_workflows.log_werkvoorraad(c),
        Rec("LIST", "gezinssysteem", _ids(shown) | {f for _m, f in recent if f}),
        *([Rec("LIST", "melding", frozenset(m for m, _f in recent))] if recent else []),
        *matrix_hssk.log_werkvoorraad(c),
    ]


def log_family_list(c: Cell) -> list[Rec]:
    return [Rec("LIST", "gezinssysteem", frozenset(c.sight.families))]


def log_family(c: Cell) -> list[Rec]:
    f = c.obj
    if not c.allow:
        return [_denied("VIEW", "gezinssysteem", f.pk)]
    recs = [
        Rec(
            "VIEW",
            "gezinssysteem",
            str(f.pk),
            c.sight.shown_members(f),
            purpose=c.sight.purpose(f.pk),
        )
    ]
    if c.principal.partner:  # the "Ook betrokken" panel is dat-informatie
        recs.append(Rec("DAT_QUERY", "gezinssysteem", str(f.pk), f.member_ids))
    recs += matrix_workflows.log_family_card(c, f)  # the veiligheidsbeoordeling card
    if c.principal.partner and f.pk in c.sight.plans and f.item:  # the veiligheidsplan card
        recs.append(Rec("LIST", "planonderdeel", str(f.item_pk), f.member_ids))
    return recs


def log_person(c: Cell) -> list[Rec]:
    p = c.obj
    if not c.allow:
        return [_denied("VIEW", "persoon", p.pk)]
    recs = [Rec("VIEW", "persoon", str(p.pk), frozenset({p.pk}))]
    if c.principal.partner:
        recs.append(Rec("DAT_QUERY", "persoon", str(p.pk), frozenset({p.pk})))
    return recs


def log_search(c: Cell) -> list[Rec]:
    found = frozenset({c.obj.pk}) & frozenset(c.sight.persons)
    return [Rec("SEARCH", "persoon", "", found)]


def log_melding_list(c: Cell) -> list[Rec]:
    return [Rec("LIST", "melding", frozenset(c.sight.groups))]


def log_melding(c: Cell) -> list[Rec]:
    m = c.obj
    if not c.allow:
        return [_denied("VIEW", "melding", m.pk)]
    return [
        Rec(
            "VIEW",
            "melding",
            str(m.pk),
            c.sight.linked_persons(m),
            purpose=c.sight.purpose(m.family.pk),
        )
    ]


def log_lookup(c: Cell) -> list[Rec]:
    if not c.allow:
        return [_denied("DAT_QUERY", "persoon", "")]
    found = frozenset() if isinstance(c.obj, Missing) else frozenset({c.obj.pk})
    return [Rec("DAT_QUERY", "persoon", ",".join(map(str, sorted(found))), found)]


def log_emergency_request(c: Cell) -> list[Rec]:
    if not c.principal.partner or isinstance(c.obj, Missing):
        return [_denied("VIEW", "gezinssysteem", c.obj.pk)]  # also a non-partner (403)
    return []  # the form shows the reference only (or redirects to a visible family)


def log_queue(c: Cell) -> list[Rec]:
    if not c.allow:
        return [_denied("LIST", "noodtoegang", "")]
    return [Rec("LIST", "noodtoegang", frozenset(c.sight.reviewable))]


def log_review(c: Cell) -> list[Rec]:
    if not c.allow:
        return [_denied("VIEW", "noodtoegang", c.obj.pk)]  # also not a privacy officer (403)
    return [Rec("VIEW", "noodtoegang", str(c.obj.pk))]  # also a POST shown again


def _own_meldingen(c: Cell, family: Any) -> frozenset[int]:
    return frozenset(m.pk for m in family.meldingen if m.owner == c.principal.kind)


def log_share(c: Cell) -> list[Rec]:
    if not c.allow:
        return [_denied("VIEW", "gezinssysteem", c.obj.pk)]
    return [Rec("LIST", "melding", _own_meldingen(c, c.obj))]


def log_legal_bases(c: Cell) -> list[Rec]:
    return [] if c.allow else [_denied("VIEW", "gezinssysteem", c.obj.pk)]


def log_register(c: Cell) -> list[Rec]:
    if not c.allow:
        return [_denied("VIEW", "gezinssysteem", c.obj.pk)]
    return [Rec("LIST", "verstrekking", frozenset(_disclosures_of(c, c.obj)))]


def log_withdraw(c: Cell) -> list[Rec]:
    d = c.obj
    if d.family.pk not in c.sight.families:
        return [_denied("VIEW", "gezinssysteem", d.family.pk)]
    if not c.allow:
        return [_denied("VIEW", "verstrekking", d.pk)]
    return [Rec("VIEW", "verstrekking", str(d.pk))]


def log_melding_disclosures(c: Cell) -> list[Rec]:
    if not c.allow:
        return [_denied("VIEW", "melding", c.obj.pk)]
    made = {
        d.pk
        for d in c.world.disclosures
        if d.from_kind == c.principal.kind and any(m is c.obj for m, _g in d.items)
    }
    return [Rec("LIST", "verstrekking", frozenset(made))]


def log_access_log(c: Cell) -> list[Rec]:
    if not c.allow:
        return [_denied("AUDIT_READ", "toegangslog", "")]
    return [Rec("AUDIT_READ", "toegangslog", None, purpose="filter: geen; pagina 1")]


def log_access_overview(c: Cell) -> list[Rec]:
    p = c.obj
    if not c.allow:
        return [_denied("AUDIT_READ", "inzageoverzicht", p.pk)]
    return [
        Rec(
            "EXPORT",
            "inzageoverzicht",
            str(p.pk),
            frozenset({p.pk}),
            purpose="inzageverzoek (AVG art. 15)",
        )
    ]


def log_reviews(c: Cell) -> list[Rec]:
    shown = [r for r in c.world.reviews if r.pk in c.sight.reviews]
    return [Rec("LIST", "koppeling", _ids(shown), _ids(r.candidate for r in shown))]


def log_review_pair(c: Cell) -> list[Rec]:
    r = c.obj
    if not c.allow:
        return [_denied("VIEW", "koppeling", r.pk)]
    if c.method != "GET":
        return []  # the decision form was not valid: nothing decided, back to the pair
    return [Rec("VIEW", "koppeling", str(r.pk), frozenset({r.candidate.pk, r.mention.person.pk}))]


def log_person_links(c: Cell) -> list[Rec]:
    p = c.obj
    if not c.allow:
        return [_denied("VIEW", "persoon", p.pk)]
    return [Rec("VIEW", "koppeling", str(p.pk), frozenset({p.pk}))]


def _plan_view(action: str, object_type: str) -> Log:
    """A page of the veiligheidsplan: refused families are logged as a DENIED plan read; an
    allowed page logs ``action`` on the plan (the family) or the item, with every member."""

    def log(c: Cell) -> list[Rec]:
        f = c.obj
        if not c.allow:
            return [_denied("VIEW", "veiligheidsplan", f.pk)]
        if not action:
            return []
        object_id = f.pk if object_type == "veiligheidsplan" else f.item_pk
        return [
            Rec(action, object_type, str(object_id), f.member_ids, purpose=c.sight.purpose(f.pk))
        ]

    return log


def log_refer(c: Cell) -> list[Rec]:
    # Allowed: the world's meldingen have no pending referral, so the page redirects to the
    # melding without showing anything.
    return [] if c.allow else [_denied("VIEW", "melding", c.obj.pk)]


# API expectations. Permission refusals of an authenticated user are logged by
# ``CaseDataViewSet.permission_denied``; a token that does not authenticate (401) is not.


def _api(action: str, object_type: str, detail: bool = False) -> Callable[[Log], Log]:
    """Wrap an API log expectation: a member-less or non-partner principal that the view's
    permission refuses gets one DENIED record (the requested id, if any)."""

    def wrap(allowed: Log) -> Log:
        def log(c: Cell) -> list[Rec]:
            if not c.principal.active:
                return []
            if not admits(c.route.who, c.principal):
                object_id = c.obj.pk if detail and c.obj is not None else ""
                return [_denied(action, object_type, object_id)]
            return allowed(c)

        return log

    return wrap


@_api("LIST", "gezinssysteem")
def log_api_family_list(c: Cell) -> list[Rec]:
    return [Rec("LIST", "gezinssysteem", frozenset(c.sight.families))]


@_api("VIEW", "gezinssysteem", detail=True)
def log_api_family(c: Cell) -> list[Rec]:
    f = c.obj
    if not c.allow:
        return [_denied("VIEW", "gezinssysteem", f.pk)]
    return [
        Rec(
            "VIEW",
            "gezinssysteem",
            str(f.pk),
            c.sight.shown_members(f),
            purpose=c.sight.purpose(f.pk),
        )
    ]


@_api("LIST", "tijdlijn", detail=True)
def log_api_timeline(c: Cell) -> list[Rec]:
    f = c.obj
    if not c.allow:
        return [_denied("LIST", "tijdlijn", f.pk)]
    linked = frozenset().union(*(c.sight.linked_persons(m) for m in f.meldingen))
    return [Rec("LIST", "tijdlijn", str(f.pk), linked)]


@_api("SEARCH", "persoon")
def log_api_search(c: Cell) -> list[Rec]:
    return log_search(c)


@_api("VIEW", "persoon", detail=True)
def log_api_person(c: Cell) -> list[Rec]:
    p = c.obj
    if not c.allow:
        return [_denied("VIEW", "persoon", p.pk)]
    return [Rec("VIEW", "persoon", str(p.pk), frozenset({p.pk}))]


@_api("LIST", "melding")
def log_api_melding_list(c: Cell) -> list[Rec]:
    return [Rec("LIST", "melding", frozenset(c.sight.groups))]


@_api("VIEW", "melding", detail=True)
def log_api_melding(c: Cell) -> list[Rec]:
    return log_melding(c)


def log_api_melding_create(c: Cell) -> list[Rec]:
    """DRF's permission (organisation member) refuses a user without organisation, logged by
    ``CaseDataViewSet``; the intake check refuses everyone else who may not record (403, a
    write that reads nothing: not logged); an allowed, invalid body stores and logs nothing."""
    if c.principal.active and not c.principal.member:
        return [_denied("CREATE", "melding", "")]
    return []


@_api("LIST", "koppeling")
def log_api_reviews(c: Cell) -> list[Rec]:
    shown = [r for r in c.world.reviews if r.pk in c.sight.reviews]
    return [Rec("LIST", "koppeling", "", _ids(r.candidate for r in shown))]


@_api("VIEW", "koppeling", detail=True)
def log_api_review(c: Cell) -> list[Rec]:
    r = c.obj
    if not c.allow:
        return [_denied("VIEW", "koppeling", r.pk)]
    return [Rec("VIEW", "koppeling", str(r.pk), frozenset({r.candidate.pk}))]


def _api_decision(action: str) -> Log:
    @_api(action, "koppeling", detail=True)
    def log(c: Cell) -> list[Rec]:
        return [_denied(action, "koppeling", c.obj.pk)]  # an allowed decision is not tried

    return log


@_api("VIEW", "veiligheidsplan", detail=True)
def log_api_plan(c: Cell) -> list[Rec]:
    return _plan_view("VIEW", "veiligheidsplan")(c)


@_api("LIST", "verstrekking")
def log_api_disclosure_list(c: Cell) -> list[Rec]:
    return [Rec("LIST", "verstrekking", frozenset(c.sight.disclosures))]


@_api("LIST", "verstrekking")
def log_api_disclosure_list_of_family(c: Cell) -> list[Rec]:
    return [Rec("LIST", "verstrekking", frozenset(_disclosures_of(c, c.obj)))]


def _disclosures_of(c: Cell, family: Any) -> set[int]:
    return {d.pk for d in c.world.disclosures if d.family is family and d.pk in c.sight.disclosures}


@_api("VIEW", "verstrekking", detail=True)
def log_api_disclosure(c: Cell) -> list[Rec]:
    d = c.obj
    if not c.allow:
        return [_denied("VIEW", "verstrekking", d.pk)]
    return [Rec("VIEW", "verstrekking", str(d.pk))]


@_api("DISCLOSE", "verstrekking")
def log_api_disclose(c: Cell) -> list[Rec]:
    if not c.allow:  # a disclosure about a family the user may not share about
        return [Rec("DISCLOSE", "verstrekking", None, outcome="DENIED")]
    return []  # passed the gate, refused as invalid: nothing stored, nothing shown


@_api("WITHDRAW", "verstrekking", detail=True)
def log_api_withdraw(c: Cell) -> list[Rec]:
    d = c.obj
    if not c.allow:  # also the recipient, whom the service refuses (403)
        return [_denied("WITHDRAW", "verstrekking", d.pk)]
    return []  # passed the gate, refused as invalid (no reason): no record


@_api("DAT_QUERY", "persoon")
def log_api_betrokkenheid_family(c: Cell) -> list[Rec]:
    f = c.obj
    return [Rec("DAT_QUERY", "gezinssysteem", str(f.pk), frozenset(f.member_ids))]


@_api("DAT_QUERY", "persoon")
def log_api_betrokkenheid_person(c: Cell) -> list[Rec]:
    p = c.obj
    return [Rec("DAT_QUERY", "persoon", str(p.pk), frozenset({p.pk}))]


# Positive controls: what an allowed answer shows.


def shows_family(c: Cell) -> list[str]:
    f = c.obj
    return [f.name, *(p.surname for p in f.members if p.pk in c.sight.persons)]


def shows_person(c: Cell) -> list[str]:
    return [c.obj.surname, c.obj.street]


def shows_melding(c: Cell) -> list[str]:
    groups = c.sight.groups[c.obj.pk]
    if c.pattern.api:
        groups = groups - {MEDISCH}  # the API has no medical details at all
    return c.obj.texts(groups)


def shows_timeline(c: Cell) -> list[str]:
    return [m.reference for m in c.obj.meldingen if m.pk in c.sight.groups]


def shows_search(c: Cell) -> list[str]:
    return [c.obj.surname] if c.obj.pk in c.sight.persons else []


def shows_disclosure(c: Cell) -> list[str]:
    d = c.obj
    shown = [d.necessity]
    if d.from_kind == c.principal.kind and d.withdrawal_reason:
        shown.append(d.withdrawal_reason)
    return shown


def shows_review(c: Cell) -> list[str]:
    return [c.obj.reason, c.obj.family.name]


# Request builders.


def pk(c: Cell) -> dict[str, Any]:
    return {"pk": c.obj.pk}


def item(c: Cell) -> dict[str, Any]:
    return {"pk": c.obj.pk, "item_pk": c.obj.item_pk or c.world.missing_pk}


def plan_item_body(c: Cell) -> dict[str, Any]:
    return {
        "onderwerp": "OVERLEG",
        "omschrijving": "Afspraak van wie dat niet mag " + POSTED,
        "eigenaar": c.world.orgs[c.kind].pk,
        "fase": "ACUUT",
        "start": "2026-11-01",
    }


def _other_partner(c: Cell) -> Any:
    return c.world.orgs[_next(c.kind)]


def share_body(c: Cell) -> dict[str, Any]:
    """A complete, valid disclosure form for a melding of the family."""
    melding = next(iter(c.obj.meldingen), None) if hasattr(c.obj, "meldingen") else None
    melding_pk = melding.pk if melding else c.world.missing_pk
    return {
        "ontvanger": _other_partner(c).pk,
        "doel": "SAMEN_OP_IN_ACUUT",
        "grondslag": c.world.basis_code,
        "meldingen": [melding_pk],
        f"gegevens_{melding_pk}": ["TOELICHTING", "PERSONEN"],
        "noodzaak": "Nodig voor de veiligheid van moeder en kind: " + POSTED,
    }


def api_share_body(c: Cell, *, valid: bool) -> dict[str, Any]:
    family = c.obj
    meldingen = list(getattr(family, "meldingen", ()))
    own = [m for m in meldingen if m.owner == c.principal.kind]
    melding = (own or meldingen or [None])[0]
    return {
        "gezinssysteem": family.pk,
        "ontvanger": _other_partner(c).pk,
        "grondslag": c.world.basis_code,
        "doel": "SAMEN_OP_IN_ACUUT",
        "noodzaak": ("Nodig voor de veiligheid van moeder en kind: " + POSTED) if valid else "",
        "items": [
            {
                "melding": melding.pk if melding else c.world.missing_pk,
                "gegevens": ["TOELICHTING"],
            }
        ],
    }


#: Posted text that must never reach the access log (reasons, necessity typed by users).
POSTED = "QZ9999GEPOSTQZ"


def melding_form_body(c: Cell) -> dict[str, Any]:
    """A complete new melding with one person (the web form)."""
    return {
        "soort": "OVERIG",
        "kanaal": "TELEFOON",
        "voorgevallen_op": "2026-11-01T10:00",
        "ontvangen_op": "2026-11-01T11:00",
        "toelichting": "Vastgelegd door wie dat niet mag " + POSTED,
        "personen-TOTAL_FORMS": "1",
        "personen-INITIAL_FORMS": "0",
        "personen-0-rol": "SLACHTOFFER",
        "personen-0-achternaam": "Jansen",
        "personen-0-voornamen": "Piet",
    }


def api_melding_body(c: Cell) -> dict[str, Any]:
    """A complete new melding (the intake API)."""
    return {
        "soort": "OVERIG",
        "kanaal": "TELEFOON",
        "voorgevallen_op": "2026-11-01T10:00:00+01:00",
        "ontvangen_op": "2026-11-01T11:00:00+01:00",
        "toelichting": "Vastgelegd door wie dat niet mag " + POSTED,
        "personen": [{"rol": "SLACHTOFFER", "achternaam": "Jansen", "voornamen": "Piet"}],
    }


def split_body(c: Cell) -> dict[str, Any]:
    mentions = [m.pk for wm in c.world.meldingen for m in wm.mentions if m.person is c.obj]
    return {"vermeldingen": mentions[:1]}


def shows_plan_item(c: Cell) -> list[str]:
    """The item's description, and its note where this principal may read it."""
    item = c.obj.item
    return [item.description] + ([item.note] if item.note in c.sight.texts else [])


def shows_review_pair(c: Cell) -> list[str]:
    return [c.obj.mention.given_names, c.obj.candidate.surname]


def emergency_body(c: Cell) -> dict[str, Any]:
    return {"reden": "Acuut gevaar voor het kind, politie staat voor de deur " + POSTED,
            "wachtwoord": PASSWORD}  # fmt: skip


def withdraw_body(c: Cell) -> dict[str, Any]:
    return {"reden": "Met de verkeerde organisatie gedeeld " + POSTED, "bevestigd": "on"}


def _admin_kwargs(model: str) -> Build:
    def build(c: Cell) -> dict[str, Any]:
        return {"object_id": c.world.admin_objects[model].pk}

    return build


def _admin_routes() -> dict[str, tuple[Route, ...]]:
    """The beheer (Django admin) pages, only for staff; each registered model explicitly, so
    that registering a model with case data in the admin is a new, unclassified URL."""
    # Admin views answer any method like GET and change data only on a POST: for staff the
    # writes are not tried (they would commit), for everyone else they must be refused.
    dangerous = {"post": "yes", "name": "x", "code": "x", "keep_days": "1"}
    page = Route(Who.STAFF, methods=ALL_METHODS, body_denied=lambda c: dangerous)
    rows: dict[str, tuple[Route, ...]] = {
        "admin:index": (page,),
        "admin:login": (
            Route(Who.PUBLIC, methods=ALL_METHODS, body_ok=lambda c: {}, neutral=True),
        ),
        "admin:logout": (
            Route(
                Who.PUBLIC, methods=ALL_METHODS, body_ok=lambda c: {}, relogin=True, neutral=True
            ),
        ),
        "admin:password_change": (page,),
        "admin:password_change_done": (page,),
        "admin:autocomplete": (
            Route(Who.NOBODY, note="403 without its parameters, also for staff"),
        ),
        "admin:jsi18n": (page,),
        "admin:view_on_site": (
            Route(
                Who.NOBODY,
                kwargs=lambda c: {
                    "content_type_id": c.world.admin_objects["view_on_site"].content_type_id,
                    "object_id": c.world.admin_objects["view_on_site"].pk,
                },
                note="no model with case data has get_absolute_url: 404 also for staff",
            ),
        ),
        "admin:app_list": (
            Route(
                Who.STAFF,
                methods=ALL_METHODS,
                kwargs=lambda c: {"app_label": "sharing"},
                body_denied=page.body_denied,
            ),
        ),
        "beheer/(?P<url>.*)$": (
            Route(Who.NOBODY, kwargs=lambda c: {"url": "onbekend/"}, note="catch-all: 404"),
        ),
    }
    for model in ADMIN_MODELS:
        app, name = model.split(".")
        kw = _admin_kwargs(model)
        for view in ("changelist", "add"):
            rows[f"admin:{app}_{name}_{view}"] = (page,)
        for view in ("history", "delete", "change"):
            rows[f"admin:{app}_{name}_{view}"] = (
                Route(Who.STAFF, methods=ALL_METHODS, kwargs=kw, body_denied=page.body_denied),
            )
        rows[f"beheer/{app}/{name}/<path:object_id>/"] = (
            Route(
                Who.STAFF,
                methods=ALL_METHODS,
                kwargs=kw,
                body_denied=page.body_denied,
                note="redirects to the change page",
            ),
        )
    return rows


#: The models registered in the admin (beheer). None holds case data.
ADMIN_MODELS = (
    "auth.group",
    "authtoken.tokenproxy",
    "sharing.legalbasis",
    "sharing.sharingrule",
    "retention.retentionrule",
    "zsm.zsmpartner",
    "zsm.zsmcatchment",
    "assessment.riskinstrument",
    "safetyplan.intervention",
    "reachability.contactperson",
    "reachability.coveragearea",
    "reachability.reachabilityarrangement",
)


def _r(*variants: Route) -> tuple[Route, ...]:
    return variants


F_VISIBLE = frozenset({K.IN, K.SHARED, K.EMERGENCY})
P_VISIBLE = frozenset({K.IN, K.SHARED_PERSON, K.EMERGENCY})
M_VISIBLE = frozenset({K.OWN, K.SHARED_KERN, K.SHARED_FULL, K.EMERGENCY})
D_PARTY = frozenset({K.MADE, K.RECEIVED, K.WITHDRAWN})
R_VISIBLE = frozenset({K.OWN, K.SHARED_FULL, K.EMERGENCY})
PLAN = frozenset({K.IN, K.EMERGENCY})  # a disclosure does not open the veiligheidsplan
F, P, M, D, A, R = T.FAMILY, T.PERSON, T.MELDING, T.DISCLOSURE, T.ACCESS, T.REVIEW

# fmt: off
#: url name → its row(s). Read a row as: "<who> may <methods> it; for objects of <obj> it answers
#: for the classes in <allow>; it must log <log>". Several rows: one URL, several uses.
ROUTES: dict[str, tuple[Route, ...]] = {
    # --- login, logout, home ------------------------------------------------------------------
    "login":                    _r(Route(Who.PUBLIC, methods=ALL_METHODS, neutral=True,
                                         body_ok=lambda c: {"username": "x", "password": "y"})),
    "logout":                   _r(Route(Who.PUBLIC, methods=ALL_METHODS, body_ok=lambda c: {},
                                         relogin=True, neutral=True)),
    "core:home":                _r(Route(Who.SIGNED_IN, log=log_home)),
    # --- family systems, persons, meldingen (pages) -------------------------------------------
    "persons:family_list":      _r(Route(Who.SIGNED_IN, log=log_family_list)),
    "persons:family_detail":    _r(Route(Who.SIGNED_IN, F, F_VISIBLE, kwargs=pk, log=log_family,
                                         shows=shows_family)),
    "persons:person_search":    _r(Route(Who.SIGNED_IN, P, ANY, log=log_search,
                                         query=lambda c: {"naam": c.obj.search},
                                         shows=shows_search)),
    "persons:person_detail":    _r(Route(Who.SIGNED_IN, P, P_VISIBLE, kwargs=pk, log=log_person,
                                         shows=shows_person)),
    "meldingen:melding_list":   _r(Route(Who.SIGNED_IN, log=log_melding_list)),
    "meldingen:melding_detail": _r(Route(Who.SIGNED_IN, M, M_VISIBLE, kwargs=pk,
                                         log=log_melding, shows=shows_melding)),
    # --- dat-informatie and emergency access (pages) ------------------------------------------
    "authz:involvement_lookup": _r(Route(Who.PARTNER, P, ANY, log=log_lookup,
                                         query=lambda c: {"bsn": c.obj.bsn})),
    "authz:emergency_request":  _r(Route(Who.PARTNER, F, ANY - {K.MISSING}, methods=GET_POST,
                                         kwargs=lambda c: {"family_pk": c.obj.pk},
                                         body_ok=lambda c: {}, body_denied=emergency_body,
                                         log=log_emergency_request,
                                         note="visible family: redirect to its page; other: "
                                              "the form (reference only)")),
    "authz:emergency_queue":    _r(Route(Who.PARTNER_PO, log=log_queue)),
    "authz:emergency_review":   _r(Route(Who.PARTNER_PO, A, frozenset({K.REVIEWABLE}),
                                         methods=GET_POST, kwargs=pk, body_ok=lambda c: {},
                                         body_denied=lambda c: {"oordeel": "TERECHT"},
                                         log=log_review, shows=shows_review)),
    # --- the disclosure register (pages) -------------------------------------------------------
    "sharing:share":            _r(Route(Who.SIGNED_IN, F, frozenset({K.IN}), methods=GET_POST,
                                         kwargs=pk, body_ok=lambda c: {}, body_denied=share_body,
                                         log=log_share)),
    "sharing:legal_basis_options": _r(Route(Who.SIGNED_IN, F, frozenset({K.IN}), kwargs=pk,
                                         query=lambda c: {"ontvanger": _other_partner(c).pk,
                                                          "doel": "SAMEN_OP_IN_ACUUT"},
                                         log=log_legal_bases)),
    "sharing:register":         _r(Route(Who.SIGNED_IN, F, F_VISIBLE, kwargs=pk,
                                         log=log_register, shows=lambda c: [c.obj.name])),
    "sharing:withdraw":         _r(Route(Who.SIGNED_IN, D, frozenset({K.MADE}), methods=GET_POST,
                                         kwargs=lambda c: {"pk": c.obj.family.pk,
                                                           "disclosure_pk": c.obj.pk},
                                         body_ok=lambda c: {"reden": "Nog niet bevestigd"},
                                         body_denied=withdraw_body, log=log_withdraw,
                                         shows=lambda c: [c.obj.family.name,
                                                          *(m.reference for m, _ in c.obj.items)])),
    "sharing:melding_disclosures": _r(Route(Who.SIGNED_IN, M, frozenset({K.OWN}), kwargs=pk,
                                         log=log_melding_disclosures)),
    # --- intake (pages) --------------------------------------------------------------------------
    "meldingen:melding_create": _r(Route(Who.RECORDER, methods=GET_POST, body_ok=lambda c: {},
                                         body_denied=melding_form_body)),
    "meldingen:person_row":     _r(Route(Who.RECORDER,
                                         query=lambda c: {"personen-TOTAL_FORMS": "1"})),
    "meldingen:melding_refer":  _r(Route(Who.SIGNED_IN, M, frozenset({K.OWN}), methods=GET_POST,
                                         kwargs=pk, body_ok=lambda c: {},
                                         body_denied=lambda c: {"veilig_thuis": c.world.orgs[
                                             "VT"].pk}, log=log_refer)),
    # --- linkage (pages) -------------------------------------------------------------------------
    "linkage:review_list":      _r(Route(Who.SIGNED_IN, log=log_reviews,
                                         query=lambda c: {"status": ""})),
    "linkage:review_detail":    _r(Route(Who.SIGNED_IN, R, R_VISIBLE, kwargs=pk,
                                         log=log_review_pair, shows=shows_review_pair)),
    "linkage:review_decide":    _r(Route(Who.SIGNED_IN, R, R_VISIBLE, methods=POST, kwargs=pk,
                                         body_ok=lambda c: {"actie": "twijfel"},
                                         body_denied=lambda c: {"actie": "bevestigen"},
                                         log=log_review_pair,
                                         note="allowed: an invalid decision, back to the pair")),
    "linkage:person_links":     _r(Route(Who.SIGNED_IN, P, P_VISIBLE, methods=GET_POST,
                                         kwargs=pk, body_ok=lambda c: {},
                                         body_denied=split_body, log=log_person_links,
                                         shows=lambda c: [c.obj.surname])),
    # --- the veiligheidsplan (pages): read where involved or under emergency access; the gate of
    #     a write is reading the plan (the service then refuses who may not change: 400) ----------
    "safetyplan:plan":          _r(Route(Who.SIGNED_IN, F, PLAN, kwargs=pk,
                                         log=_plan_view("VIEW", "veiligheidsplan"),
                                         shows=lambda c: [c.obj.item.description])),
    "safetyplan:print":         _r(Route(Who.SIGNED_IN, F, PLAN, kwargs=pk,
                                         log=_plan_view("PRINT", "veiligheidsplan"),
                                         shows=lambda c: [c.obj.item.description])),
    "safetyplan:contact":       _r(Route(Who.SIGNED_IN, F, PLAN, methods=POST, kwargs=pk,
                                         body_ok=lambda c: {}, body_denied=lambda c: {
                                             "organisatie": c.world.orgs[c.kind].pk},
                                         log=_plan_view("", ""))),
    "safetyplan:add_intervention": _r(Route(Who.SIGNED_IN, F, PLAN, methods=GET_POST,
                                         kwargs=pk, body_ok=lambda c: {},
                                         body_denied=plan_item_body, log=_plan_view("", ""),
                                         note="emergency access: redirected to the plan")),
    "safetyplan:add_agreement": _r(Route(Who.SIGNED_IN, F, PLAN, methods=GET_POST, kwargs=pk,
                                         body_ok=lambda c: {}, body_denied=plan_item_body,
                                         log=_plan_view("", ""))),
    "safetyplan:item":          _r(Route(Who.SIGNED_IN, F, PLAN, kwargs=item,
                                         log=_plan_view("VIEW", "planonderdeel"),
                                         shows=shows_plan_item)),
    **{
        f"safetyplan:{name}":   _r(Route(Who.SIGNED_IN, F, PLAN, methods=POST, kwargs=item,
                                         body_ok=lambda c: {}, body_denied=body,
                                         log=_plan_view("VIEW", "planonderdeel")))
        for name, body in (
            ("item_update", lambda c: {"omschrijving": "Gewijzigd " + POSTED,
                                       "eigenaar": c.world.orgs[c.kind].pk}),
            ("item_transition", lambda c: {"naar": "AFGEROND"}),
            ("item_extend", lambda c: {"einde": "2030-01-01"}),
            ("item_reassess", lambda c: {"volgende": "2030-01-01"}),
            ("item_disclose_note", lambda c: {"grondslag": c.world.basis_code}),
        )
    },
    # --- configuration: interventiepalet, risk instruments, reachability -------------------------
    "safetyplan:catalogue":     _r(Route(Who.SIGNED_IN)),
    "assessment:instrument_list": _r(Route(Who.SIGNED_IN)),
    "assessment:instrument_detail": _r(Route(Who.SIGNED_IN, kwargs=lambda c: {
                                         "instrument_pk": c.world.admin_objects[
                                             "assessment.riskinstrument"].pk})),
    "reachability:who_to_call": _r(Route(Who.PARTNER, query=lambda c: {"postcode": "3511AB"})),
    # --- privacy officer (pages) ---------------------------------------------------------------
    "audit:access_log":         _r(Route(Who.PO, log=log_access_log)),
    "audit:access_overview":    _r(Route(Who.PO, P, P_VISIBLE,
                                         kwargs=lambda c: {"person_id": c.obj.pk},
                                         log=log_access_overview)),
    # --- REST API ------------------------------------------------------------------------------
    "api-schema":               _r(Route(Who.PUBLIC, note="public: the interface, no data")),
    "api-docs":                 _r(Route(Who.PUBLIC, note="public: the interface, no data")),
    "api-root":                 _r(Route(Who.MEMBER, keys=K_API_ROOT)),
    "api-ik":                   _r(Route(Who.MEMBER, keys=K_IK)),
    "api-betrokkenheid":        _r(Route(Who.PARTNER, F, ANY, keys=K_BETROKKENHEID,
                                         query=lambda c: {"gezinssysteem": c.obj.pk},
                                         log=log_api_betrokkenheid_family),
                                   Route(Who.PARTNER, P, ANY, keys=K_BETROKKENHEID,
                                         query=lambda c: {"persoon": c.obj.pk},
                                         log=log_api_betrokkenheid_person)),
    "gezinssysteem-list":       _r(Route(Who.MEMBER, keys=K_FAMILY_LIST, log=log_api_family_list)),
    "gezinssysteem-detail":     _r(Route(Who.MEMBER, F, F_VISIBLE, kwargs=pk, keys=K_FAMILY,
                                         log=log_api_family, shows=shows_family)),
    "gezinssysteem-tijdlijn":   _r(Route(Who.MEMBER, F, F_VISIBLE, kwargs=pk, keys=K_TIMELINE,
                                         log=log_api_timeline, shows=shows_timeline)),
    "persoon-list":             _r(Route(Who.MEMBER, P, ANY, keys=K_PERSON_LIST,
                                         query=lambda c: {"naam": c.obj.search},
                                         log=log_api_search, shows=shows_search)),
    "persoon-detail":           _r(Route(Who.MEMBER, P, P_VISIBLE, kwargs=pk, keys=K_PERSON,
                                         log=log_api_person, shows=shows_person)),
    "melding-list":             _r(Route(Who.MEMBER, keys=K_MELDING_LIST,
                                         log=log_api_melding_list),
                                   Route(Who.RECORDER, methods=POST, body_ok=lambda c: {},
                                         body_denied=api_melding_body, log=log_api_melding_create,
                                         note="intake: allowed is tried with an empty body")),
    "melding-detail":           _r(Route(Who.MEMBER, M, M_VISIBLE, kwargs=pk, keys=K_MELDING,
                                         log=log_api_melding, shows=shows_melding)),
    "verstrekking-list":        _r(Route(Who.PARTNER, keys=K_DISCLOSURE_LIST,
                                         log=log_api_disclosure_list),
                                   Route(Who.PARTNER, F, ANY, keys=K_DISCLOSURE_LIST,
                                         query=lambda c: {"gezinssysteem": c.obj.pk},
                                         log=log_api_disclosure_list_of_family,
                                         note="a filter naming any family shows only the "
                                              "caller's own disclosures"),
                                   Route(Who.PARTNER, F, frozenset({K.IN}), methods=POST,
                                         body_ok=lambda c: api_share_body(c, valid=False),
                                         body_denied=lambda c: api_share_body(c, valid=True),
                                         gate_codes=AUTHZ_CODES, keys=K_DISCLOSURE,
                                         log=log_api_disclose)),
    "verstrekking-detail":      _r(Route(Who.PARTNER, D, D_PARTY, kwargs=pk, keys=K_DISCLOSURE,
                                         log=log_api_disclosure, shows=shows_disclosure)),
    "verstrekking-intrekken":   _r(Route(Who.PARTNER, D, frozenset({K.MADE}), methods=POST,
                                         kwargs=pk, body_ok=lambda c: {"reden": ""},
                                         body_denied=lambda c: {"reden": "Verkeerde ontvanger "
                                                                          + POSTED},
                                         gate_codes=AUTHZ_CODES, keys=K_DISCLOSURE,
                                         log=log_api_withdraw)),
    "koppeling-list":           _r(Route(Who.MEMBER, keys=K_REVIEWS, log=log_api_reviews,
                                         query=lambda c: {"status": "OPEN"})),
    "koppeling-detail":         _r(Route(Who.MEMBER, R, R_VISIBLE, kwargs=pk, keys=K_REVIEW,
                                         log=log_api_review, shows=shows_review_pair)),
    "koppeling-bevestigen":     _r(Route(Who.MEMBER, R, R_VISIBLE, methods=POST, kwargs=pk,
                                         log=_api_decision("MERGE"))),
    "koppeling-afwijzen":       _r(Route(Who.MEMBER, R, R_VISIBLE, methods=POST, kwargs=pk,
                                         log=_api_decision("UPDATE"))),
    "api-interventiepalet":     _r(Route(Who.PARTNER, keys=K_INTERVENTIONS)),
    "api-veiligheidsplan":      _r(Route(Who.PARTNER, F, PLAN, kwargs=pk, log=log_api_plan,
                                         keys=K_PLAN, shows=shows_plan_item)),
    "api-bereikbaarheid":       _r(Route(Who.PARTNER, query=lambda c: {"postcode": "3511AB"},
                                         keys=K_REACHABILITY)),
    "risico-instrument-list":   _r(Route(Who.MEMBER, keys=K_INSTRUMENTS)),
    "risico-instrument-detail": _r(Route(Who.MEMBER, keys=K_INSTRUMENT, kwargs=lambda c: {
                                         "pk": c.world.admin_objects[
                                             "assessment.riskinstrument"].pk})),
    "grondslag-list":           _r(Route(Who.PARTNER, keys=K_GRONDSLAGEN)),
    "deelregel-list":           _r(Route(Who.PARTNER, keys=K_DEELREGELS)),
    # --- beheer (Django admin) -----------------------------------------------------------------
    **_admin_routes(),
}
# fmt: on


def describe_routes() -> str:
    """The table as text, in the order of ``ROUTES`` (for the artifact)."""
    lines = [f"{'URL name':40} {'for':32} {'object':13} methods  answers for"]
    for key, variants in ROUTES.items():
        for route in variants:
            if route.neutral:
                answers = "(logging in or out: any answer)"
            elif route.sees is not None:
                classes = ", ".join(route.classes())
                answers = f"as the oracle says (Sight.flows, Sight.hssk), of {classes}"
            elif route.allow == ANY or route.obj is None:
                answers = "every object" if route.obj else "-"
            else:
                answers = ", ".join(k for k in route.classes() if k in route.allow)
            methods = "all" if route.methods == ALL_METHODS else ",".join(sorted(route.methods))
            lines.append(f"{key:40} {route.who:32} {route.obj or '-':13} {methods:8} {answers}")
    return "\n".join(lines)


#: URLs that exist but have no row yet, each with who must add it. Kept short and explicit:
#: the classification test accepts these and no others, and reports them; the anonymous walk
#: covers them like every URL. Remove an entry when its rows are in ``ROUTES``. (Empty since
#: the rows of HSSK and of ZSM's API writes and werkgebied admin were added.)
PENDING: dict[str, str] = {}


def routes_for(pattern: Pattern) -> tuple[Route, ...] | None:
    """The pattern's rows; format-suffix patterns (``/meldingen.json``) share those of their
    base pattern (same URL name)."""
    return ROUTES.get(pattern.key)


# --- 7. cells and the runner ----------------------------------------------------------------


def cells_for(world: World, p: Principal, patterns: Iterable[Pattern]) -> Iterator[Cell]:
    """Every request of one principal: each classified pattern, each of its rows, each object
    class of the row and each method (methods a URL does not accept: once, with its first
    object class). Two economies: the admin (beheer) is tried with GET and POST only — Django's
    admin answers PUT, PATCH and DELETE like GET and changes nothing on them; a DRF format-suffix
    pattern (``.json``) shares its base pattern's views and is tried with GET only.

    A workflow class that does not exist for the principal's organisation (the OM starts no
    Samen op in acuut) has no object in the world and is not tried."""
    s = sight(world, p)
    for pattern in patterns:
        variants = routes_for(pattern)
        if variants is None:
            continue
        accepted = frozenset().union(*(v.methods for v in variants))
        tried: tuple[str, ...] = ("GET", *WRITE_METHODS)
        if pattern.format_suffix:
            tried = ("GET",)
        elif pattern.admin:
            tried = ("GET", "POST")
        for index, route in enumerate(variants):
            classes = [
                c
                for c in route.classes()
                if not route.obj or (route.obj, c, p.viewpoint) in world.objects
            ]
            for cls in classes:
                obj = world.obj(route.obj, cls, p.viewpoint) if route.obj else None
                for method in tried:
                    if method in route.methods:
                        pass
                    elif method in accepted or index > 0 or cls != classes[0]:
                        continue  # another row covers it, or tried once already
                    cell = Cell(p, pattern, route, cls, method, obj, False, s, world)
                    cell.allow = route.expect_allow(p, cls, method, api=pattern.api)
                    if cell.allow and route.sees is not None and not route.neutral:
                        cell.allow = route.sees(cell)
                    cell.writes = cell.allow and (route.writer is None or route.writer(cell))
                    if cell.writes and method != "GET" and route.body_ok is None:
                        continue  # an allowed write that would commit: not tried
                    yield cell


@dataclass
class Judged:
    cell: Cell
    status: int
    allowed: bool | None  # None: neither (a server error)
    problems: list[str]


LOGIN_PATHS = ("/inloggen/", "/beheer/login/")


def judge_status(cell: Cell, response: Any) -> bool | None:
    """Was the request let through (True), refused (False) — or did it fail (None)?"""
    status = response.status_code
    if status in (401, 403, 404, 405):
        return False
    if status in (301, 302, 303):
        target = response.get("Location", "")
        return not any(target.startswith(p) for p in LOGIN_PATHS)
    if status in (200, 201, 204):
        return True
    if status == 409:
        return True  # passed the gate, refused on the object's state (already decided)
    if status == 400:
        if cell.route.gate_codes:
            codes = _error_codes(response)
            return not (codes & cell.route.gate_codes)
        return True  # the request reached the view's own validation
    return None


def _error_codes(response: Any) -> set[str]:
    try:
        data = json.loads(response.content)
    except ValueError:
        return set()
    codes = {str(data.get("code", ""))}
    codes |= {str(f.get("code", "")) for f in data.get("fouten", []) if isinstance(f, dict)}
    return codes


def snapshot_sql() -> str:
    """One query that counts what a write could change. (Table names come from the models'
    metadata, nothing from outside: S608 does not apply.)"""
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from voorop.accounts.models import User
    from voorop.authz.models import EmergencyAccess
    from voorop.cases.models import Case
    from voorop.linkage.models import LinkReview, PersonLink
    from voorop.meldingen.models import Melding, MeldingPerson
    from voorop.persons.models import FamilySystem, OrganisationInvolvement, Person
    from voorop.retention.models import RetentionRule
    from voorop.safetyplan.models import PlanItem, PlanItemChange, SafetyPlan
    from voorop.sharing.models import Disclosure, DisclosureItem, LegalBasis, SharingRule

    counts = [
        f"(SELECT COUNT(*) FROM {m._meta.db_table})"  # noqa: S608
        for m in (
            Disclosure,
            DisclosureItem,
            EmergencyAccess,
            Group,
            LegalBasis,
            SharingRule,
            RetentionRule,
            Token,
            User,
            Melding,
            MeldingPerson,
            Person,
            FamilySystem,
            OrganisationInvolvement,
            Case,
            PersonLink,
            PlanItem,
            PlanItemChange,
        )
    ]
    for model, condition in (
        (Disclosure, "withdrawn_at IS NOT NULL"),
        (EmergencyAccess, "review_outcome <> ''"),
        (User, "is_active"),
        (LinkReview, "status <> 'OPEN'"),
        (PersonLink, "superseded_at IS NOT NULL"),
        (PlanItem, "note_disclosed_at IS NOT NULL"),
        (SafetyPlan, "contact_organisation_id IS NOT NULL"),
    ):
        counts.append(f"(SELECT COUNT(*) FROM {model._meta.db_table} WHERE {condition})")  # noqa: S608
    mentions = MeldingPerson._meta.db_table
    counts.append(f"(SELECT COALESCE(SUM(person_id), 0) FROM {mentions})")  # noqa: S608
    counts += matrix_workflows.snapshot_counts()
    counts += matrix_hssk.snapshot_counts()
    return "SELECT " + ", ".join(counts)


def snapshot() -> tuple[Any, ...]:
    from django.db import connection

    global _SNAPSHOT_SQL
    _SNAPSHOT_SQL = _SNAPSHOT_SQL or snapshot_sql()
    with connection.cursor() as cursor:
        cursor.execute(_SNAPSHOT_SQL)
        return tuple(cursor.fetchone())


_SNAPSHOT_SQL = ""


@contextmanager
def module_world(django_db_blocker: Any) -> Iterator[World]:
    """For a module-scoped fixture: the world, built once inside a transaction that is rolled
    back when the module is done (tests run in savepoints of it, through ``db``), with Django's
    request log quietened."""
    from django.db import transaction

    with django_db_blocker.unblock(), quiet_request_log(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@contextmanager
def quiet_request_log() -> Iterator[None]:
    """Django logs every 4xx/5xx answer (a traceback for each 403 and 500); the matrix makes
    thousands on purpose and records them itself."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Runner:
    """Makes the requests of one principal: pages with a session (``force_login``), the API
    with the principal's token (a deactivated user's token is refused: 401)."""

    def __init__(self, world: World, p: Principal) -> None:
        from django.test import Client

        self.world, self.principal = world, p
        self.page = Client(raise_request_exception=False)
        self.api = Client(raise_request_exception=False)
        if p is not ANONYMOUS:
            self.page.force_login(world.users[p.key])
            self.api_headers = {"Authorization": f"Token {world.tokens[p.key]}"}
        else:
            self.api_headers = {}
        self.last_path = ""

    def request(self, cell: Cell) -> Any:
        route, pattern = cell.route, cell.pattern
        kwargs = route.kwargs(cell) if cell.obj is not None or route.obj is None else {}
        if pattern.format_suffix:
            kwargs["format"] = "json"
        path = pattern.path(kwargs)
        assert resolves_to(pattern, path), f"{path} does not resolve to {pattern.route}"
        query = route.query(cell)
        client = self.api if pattern.api else self.page
        headers = self.api_headers if pattern.api else {}
        if cell.method == "GET":
            response = client.get(path, query, headers=headers)
        else:
            ok = cell.writes and route.body_ok is not None
            body = route.body_ok(cell) if ok and route.body_ok else route.body_denied(cell)
            if query:
                path = f"{path}?{_urlencode(query)}"
            if pattern.api:
                response = client.generic(
                    cell.method, path, json.dumps(body), "application/json", headers=headers
                )
            elif cell.method == "POST":
                response = client.post(path, body)
            else:
                response = client.generic(cell.method, path, _urlencode(body),
                                          "application/x-www-form-urlencoded")  # fmt: skip
        if route.relogin and self.principal is not ANONYMOUS:
            self.page.force_login(self.world.users[self.principal.key])
        self.last_path = path
        return response


def expected_records(cell: Cell) -> list[Rec]:
    """The access-log records one request must write (see the ``log_*`` functions)."""
    if cell.method not in cell.route.methods or not cell.principal.active:
        return []  # refused before any view runs (405, or no authenticated user: not logged)
    return cell.route.log(cell)


# --- 8. the access log -----------------------------------------------------------------------
# Every request of the matrix is also checked against the access log (issue #3's audit
# completeness), in the same run: the records it must write (``expected_records``, from the
# ``log_*`` functions), and no case content in any record.

#: The access log's columns that hold text.
LOG_TEXT_COLUMNS = (
    "username",
    "roles",
    "acting_role",
    "organisation_code",
    "on_behalf_of",
    "purpose",
    "object_type",
    "object_id",
    "person_ids",
    "channel",
    "prev_hash",
    "hash",
)


def log_checked(cell: Cell) -> bool:
    """Whether a request's records are compared: not for a method the URL does not accept
    (refused before any view runs: a 405, or a login redirect, cannot log), not for the admin
    (configuration only: a model with case data registered there is a new, unclassified URL)
    and not for a ``.json`` variant (its base pattern's view)."""
    return (
        cell.method in cell.route.methods
        and not cell.pattern.admin
        and not cell.pattern.format_suffix
    )


def last_seq() -> int:
    from voorop.audit.models import AccessLogEntry

    return AccessLogEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def records_after(seq: int) -> list[Any]:
    from voorop.audit.models import AccessLogEntry

    return list(AccessLogEntry.objects.filter(seq__gt=seq).order_by("seq"))


def forbidden_in_log(world: World) -> re.Pattern[str]:
    """Everything that is content: the sentinels, the search terms built from them, BSNs and
    texts users posted."""
    texts = set(world.sentinels) | set(world.log_forbidden) | {POSTED}
    texts |= {p.search for p in world.persons}
    return re.compile("|".join(map(re.escape, sorted(texts))), re.IGNORECASE)


def content_in_log(world: World, since_seq: int = 0) -> list[str]:
    from voorop.audit.models import AccessLogEntry

    pattern = forbidden_in_log(world)
    found = []
    for row in AccessLogEntry.objects.filter(seq__gt=since_seq).values("seq", *LOG_TEXT_COLUMNS):
        for column in LOG_TEXT_COLUMNS:
            hit = pattern.search(str(row[column] or ""))
            if hit:
                found.append(f"seq {row['seq']} {column}: {hit.group(0)}")
    return found


def _log_ids(text: str) -> frozenset[int]:
    return frozenset(int(x) for x in text.split(",") if x)


def compare_records(cell: Cell, expected: list[Rec], records: list[Any]) -> list[str]:
    """Differences between the expected and the written records, in order: each names the
    user, the organisation, the channel, the object, the persons shown (also as rows of the
    persons table) and the purpose."""
    from voorop.audit.models import AccessLogPerson

    if [(e.action, e.outcome) for e in expected] != [(r.action, r.outcome) for r in records]:
        return [
            "expected "
            + (", ".join(f"{e.action}/{e.outcome} {e.object_type}" for e in expected) or "none")
            + "; logged "
            + (", ".join(f"{r.action}/{r.outcome} {r.object_type}" for r in records) or "none")
        ]
    user = cell.world.users[cell.principal.key]
    organisation = user.organisation.code if user.organisation else ""
    channel = "API" if cell.pattern.api else "WEB"
    problems = []
    for e, r in zip(expected, records, strict=True):
        got_persons = frozenset(r.person_id_list)
        row_persons = frozenset(
            AccessLogPerson.objects.filter(entry=r).values_list("person_id", flat=True)
        )
        checks = [
            ("object_type", e.object_type, r.object_type),
            ("user", (user.pk, user.username), (r.user_id, r.username)),
            ("organisation", organisation, r.organisation_code),
            ("channel", channel, r.channel),
            ("persons", e.person_ids, got_persons),
            ("person rows", got_persons, row_persons),
            ("client address", "127.0.0.1", r.client_address),
        ]
        if isinstance(e.object_id, frozenset):
            checks.append(("object ids", e.object_id, _log_ids(r.object_id)))
        elif e.object_id is not None:
            checks.append(("object id", e.object_id, r.object_id))
        if e.purpose is not None:
            checks.append(("purpose", e.purpose, r.purpose))
        for what, want, got in checks:
            if want != got:
                problems.append(f"{e.action} {e.object_type}: {what} {got!r}, expected {want!r}")
    return problems


@dataclass(frozen=True)
class Gap:
    code: str
    summary: str
    applies: Callable[[Cell], bool]


#: Where the access log falls short of ``expected_records`` today (reported to the lead).
#: The log check counts these instead of failing; each has a strict xfail test asserting the
#: intended record, which fails (XPASS) once the gap is closed: then remove the row.
LOG_GAPS: tuple[Gap, ...] = (
    # G1 (page refusals by dat-informatie and emergency access), G2 (an invalid review POST),
    # G3 (the API's refused withdrawal), G4 (API lists without ids), G5 (the home page's
    # recent acute meldingen and their family systems) and G6 (the API's refused disclosure)
    # are closed; their tests in test_audit_completeness now pass.
)  # fmt: skip


def known_log_gap(cell: Cell) -> Gap | None:
    """The known gap that explains why this cell's records differ, or None."""
    return next((g for g in LOG_GAPS if g.applies(cell)), None)


@dataclass(frozen=True)
class Leak:
    code: str
    summary: str
    applies: Callable[[Cell], bool]


_LINKAGE_PAGES = (
    "linkage:review_list",
    "linkage:review_detail",
    "linkage:review_decide",
    "koppeling-list",
    "koppeling-detail",
    "koppeling-bevestigen",
    "koppeling-afwijzen",
)

#: Leaks the matrix found (reported to the lead). The matrix counts cells they explain
#: (unexpected allows included: the figure in the artifact counts them) instead of failing;
#: each has a strict xfail test in test_authorization_matrix asserting the intended
#: behaviour, which fails (XPASS) once the leak is closed: then remove the row.
#: L1 (linkage review queue) and L2 (a person's links page) showed persons from meldingen
#: shared KERN-only; closed by ``policy.meldingen_with_persons_for`` (tests below now pass).
KNOWN_LEAKS: tuple[Leak, ...] = ()


def known_leak(cell: Cell) -> Leak | None:
    return next((leak for leak in KNOWN_LEAKS if leak.applies(cell)), None)


def _urlencode(data: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


def check_response(cell: Cell, response: Any, hidden: re.Pattern[str]) -> list[str]:
    """What is wrong with an answer besides allow/deny: a sentinel the principal may not see,
    a JSON key outside the endpoint's schema, a list with objects it may not see, a
    dat-informatie answer naming other organisations than those involved — and, for an
    allowed answer, content it should show but does not (the positive control)."""
    problems = []
    text = response.content.decode("utf-8", errors="replace")
    for leak in sorted({m.group(0).upper() for m in hidden.finditer(text)}):
        problems.append(f"leak: {leak} ({cell.world.sentinels.get(leak, '?')})")
    lowered = text.lower()
    for kept in sorted({t for t in cell.route.hides(cell) if t.lower() in lowered}):
        if hidden.fullmatch(kept) is None:  # (a hidden sentinel is reported above already)
            problems.append(f"shows what it must not: {kept} ({cell.world.sentinels.get(kept)})")
    if cell.allow and response.status_code == 200 and cell.method == "GET":
        absent = [t for t in cell.route.shows(cell) if t.lower() not in text.lower()]
        if absent:
            problems.append(f"does not show {[cell.world.sentinels[t] for t in absent]}")
    is_json = response.get("Content-Type", "").startswith("application/json")
    if not is_json or not cell.pattern.api:
        return problems + matrix_hssk.check_content(cell, text, None)
    data = json.loads(text)
    allowed_keys = (
        cell.route.keys if response.status_code < 300 else cell.route.error_keys or ERROR_KEYS
    )
    if allowed_keys is not None and response.status_code < 500:
        # "antwoorden.*": a mapping whose keys are data (question codes), not schema
        free = ("parameters.", *(k.removesuffix("*") for k in allowed_keys if k.endswith(".*")))
        extra = {k for k in json_paths(data) if k not in allowed_keys and not k.startswith(free)}
        if extra:
            problems.append(f"keys outside the schema: {sorted(extra)}")
    if response.status_code != 200 or not isinstance(data, dict):
        return problems
    problems += _check_content(cell, data)
    problems += matrix_hssk.check_content(cell, text, data)
    return problems


def _check_content(cell: Cell, data: dict[str, Any]) -> list[str]:
    key, s = cell.pattern.key, cell.sight
    results = data.get("results")
    expected: set[int] | None = None
    if key == "gezinssysteem-list":
        expected = s.families
    elif key == "melding-list":
        expected = set(s.groups)
    elif key == "verstrekking-list" and cell.method == "GET":
        expected = _disclosures_of(cell, cell.obj) if cell.obj is not None else s.disclosures
    elif key == "persoon-list":
        expected = {cell.obj.pk} & s.persons
    if expected is not None and results is not None:
        got = {int(r["id"]) for r in results}
        if got != expected:
            return [f"list shows {sorted(got)}, expected {sorted(expected)}"]
    if key == "api-betrokkenheid":
        got_codes = {b["organisatie"]["code"] for b in data.get("betrokken", [])}
        families = [cell.obj]
        if isinstance(cell.obj, WPerson):
            families = [f for f in cell.world.families if cell.obj in f.members]
        want = {cell.world.orgs[k].code for f in families for k in f.partners_involved}
        if got_codes != want:
            return [f"dat-informatie names {sorted(got_codes)}, expected {sorted(want)}"]
    if key == "melding-detail":
        groups = s.groups.get(cell.obj.pk, frozenset())
        shown = set(data.get("gedeelde_gegevens", []))
        if shown != set(groups) - {MEDISCH}:
            return [f"melding shows groups {sorted(shown)}, expected {sorted(groups)}"]
    return []


# --- the workflows --------------------------------------------------------------------------
# Samen op in acuut, the actieoverleg, ZSM and the veiligheidsbeoordeling have their world,
# oracle and rows in a module of their own, in the same style; it builds on everything above
# (import it through this module, never on its own).

from voorop.core.testing import matrix_workflows  # noqa: E402

CLASSES.update(matrix_workflows.FLOW_CLASSES)
ROUTES.update(matrix_workflows.FLOW_ROUTES)
LOG_GAPS += matrix_workflows.FLOW_LOG_GAPS

# HSSK (issue #8) has its world, oracle and rows in a module of its own too.

from voorop.core.testing import matrix_hssk  # noqa: E402

CLASSES.update(matrix_hssk.HSSK_CLASSES)
ROUTES.update(matrix_hssk.HSSK_ROUTES)
