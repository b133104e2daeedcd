"""The authorization matrix of issue #3, continued: Samenwerken bij strafbare kindermishandeling
(HSSK, issue #8, ADR 0013).

Read ``voorop.core.testing.matrix`` first (and ``matrix_workflows`` for the style): this module
builds on its principals, world, oracle, route table and runner, and is imported at its end
(import ``matrix``, never this module on its own). The same order:

1. **Object classes** (``HSSK_CLASSES``), relative to the asking principal's organisation X: an
   anonymous case X takes part in as the initiator, as the police or as the OM; an identified
   case X takes part in (at the interventions; X possibly invited for them); an identified case
   in its evaluation; an identified case X takes part in although the family was never shared
   with it (the OM, when the initiator did not share the melding with it); a case X takes no
   part in; a missing one. For the start page: X's own melding about a child without a case,
   X's melding its case was started from, X's own melding without a child, another
   organisation's melding, a missing one.
2. **The world** (``build``): four cases made through ``hssk.services`` the way Veilig Thuis,
   the Raad, the police and the OM would, a sentinel for every text (circumstances, questions,
   views, decision reasons and necessity, investigative acts and their outcome, invitation
   reasons, agreements in the veiligheidsplan, evaluations). What the ADR says an action does
   — the decision to proceed shares the melding with the police (and the OM) and involves them,
   an invitation shares a record with the invited organisation and involves it — is written
   into the world's families and disclosures, so the base oracle sees the consequences.
3. **The oracle** (``hssk_sight``), from ADR 0013, not from the app's selectors: participants
   only (the initiator — Veilig Thuis or the Raad —, the police, the OM when taking part,
   invited organisations after identification); once identified, only through the family
   systems the user may see (``Sight.families``); the decision page only for the initiator while
   the consultation runs; monitoring for any partner user but over its own cases only; writes by
   professionals of participants with the right role. **The anonymous phase** is checked on
   every answer about an anonymous case, whoever asks — the initiator too: no family, person or
   melding content of the case (``Route.hides``; the decision page shows the initiator its own
   melding's reference, nothing more), and every access-log record of it has no person ids.
4. **Access-log expectations, bodies and the rows** (``HSSK_ROUTES``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from voorop.accounts.models import COMMON_ROLES, RoleCode
from voorop.core.testing.matrix import (
    GET_POST,
    KERN,
    LOCATIE,
    PARTNERS,
    PERSONEN,
    POST,
    POSTED,
    TOELICHTING,
    Build,
    Cell,
    K,
    Log,
    Missing,
    Principal,
    Rec,
    Route,
    Sight,
    T,
    WDisclosure,
    WFamily,
    Who,
    WMelding,
    World,
    _api,
    _denied,
    _nested,
    keys,
)

# --- 1. object classes ----------------------------------------------------------------------

HSSK_CLASSES: dict[T, tuple[K, ...]] = {
    T.HSSK: (
        K.ANON_INITIATOR,
        K.ANON_POLICE,
        K.ANON_OM,
        K.IDENTIFIED,
        K.EVALUATION,
        K.UNSHARED,
        K.NOT_TAKING_PART,
        K.MISSING,
    ),
    T.HSSK_MELDING: (K.SIGNAL, K.STARTED, K.OWN, K.IN_OTHER, K.MISSING),
}
#: Who starts a case (ADR 0013): Veilig Thuis or the Raad.
INITIATORS = ("VT", "RVDK")
#: Casework roles: everyone but the privacy officer and the functioneel beheerder.
CASEWORK = frozenset(RoleCode) - frozenset(COMMON_ROLES)
#: The police unit of the Raad's case: no principal's organisation.
ELDERS = "POLITIE-ELDERS"
INITIATOR, POLITIE, OM, INVITED = "INITIATOR", "POLITIE", "OM", "UITGENODIGD"
#: The statuses of the anonymous phase, and the open ones (``hssk.choices``).
ANONYMOUS = ("OVERLEG", "GEEN_VERVOLG")
OPEN = ("OVERLEG", "ONDERZOEKSPLAN", "INTERVENTIES", "EVALUATIE")


# --- 2. the world ---------------------------------------------------------------------------


@dataclass(eq=False)
class WHssk:
    """An HSSK case. ``participants``: organisation kind → role (the Raad's police unit is
    ``ELDERS``). ``notes``: everything its participants read on it (the anonymous facts, the
    views, the decision's reason, and once identified the acts, invitations, agreements and
    evaluations)."""

    pk: int
    reference: str
    family: WFamily
    melding: WMelding
    status: str
    participants: dict[str, str]
    #: its texts by what they are: "feit" (circumstances, question, views, the decision's
    #: reason), "handeling", "uitkomst", "uitnodiging", "afspraak", "werkte", "beter"
    notes: dict[str, list[str]] = field(default_factory=dict)
    act_pk: int = 0
    #: organisations that gave their view (an OVERLEG case waits for the others)
    viewed: set[str] = field(default_factory=set)
    confirmed: set[str] = field(default_factory=set)
    evaluated: set[str] = field(default_factory=set)

    @property
    def anonymous(self) -> bool:
        return self.status in ANONYMOUS

    def note(self, what: str, text: str) -> None:
        self.notes.setdefault(what, []).append(text)

    def texts(self, *what: str) -> list[str]:
        """Its texts of the kinds ``what`` (none: all)."""
        return [t for kind, ts in self.notes.items() if not what or kind in what for t in ts]

    @property
    def initiator(self) -> str:
        return next(k for k, role in self.participants.items() if role == INITIATOR)

    def identity(self) -> list[str]:
        """What identifies whom the case is about: the family's name, its members, the
        initiator's melding (reference, places, narrative, medical details, persons as
        reported)."""
        return [
            self.family.name,
            *(t for p in self.family.members for t in p.texts),
            *self.melding.all_texts,
        ]


@dataclass
class HsskWorld:
    cases: list[WHssk] = field(default_factory=list)
    #: X's own meldingen about a child that have no case yet (the list's signals)
    signals: dict[str, WMelding] = field(default_factory=dict)


def build(b: Any) -> None:
    """Add the HSSK cases to the world ``b`` (``matrix._Builder``) is building (after the
    workflows: it reuses their police unit elsewhere)."""
    b.world.hssk = HsskWorld()
    _Hssk(b).build()


class _Hssk:
    """The steps of ``build``, each through ``hssk.services``."""

    def __init__(self, b: Any) -> None:
        from voorop.core.testing.factories import OrganisationFactory, UserFactory

        self.b = b
        self.world: World = b.world
        self.hssk: HsskWorld = b.world.hssk
        self.orgs = dict(b.world.orgs)
        self.orgs[ELDERS] = OrganisationFactory(
            code="politie-matrix-elders", name="Politie Elders", kind="POLITIE"
        )
        self.users = dict(b.helpers)
        self.users[ELDERS] = UserFactory(
            username="matrix-helper-politie-elders",
            organisation=self.orgs[ELDERS],
            roles=[RoleCode.AGENT],
        )

    def text(self, tag: str, what: str) -> str:
        return self.b.sentinel(tag, what)

    def melding(self, kind: str, wf: WFamily, tag: str) -> WMelding:
        """A melding of ``kind`` about the family (every member named; the last one a child)
        with (suspected) injury of the child."""
        from voorop.meldingen.models import Melding

        wm = self.b.melding(kind, wf, tag, range(len(wf.members)), hg=False)
        Melding.objects.filter(pk=wm.pk).update(child_injury_suspected=True, label_km=True)
        return wm

    def start(self, kind: str, tag: str, *, police: str, om: bool) -> tuple[Any, WHssk]:
        from voorop.hssk import services
        from voorop.meldingen.models import Melding
        from voorop.persons.models import Person

        wf = self.b.family(tag, [kind], 3, minors=1)
        wm = self.melding(kind, wf, f"letsel kind in {tag}")
        circumstances = self.text("OMSTANDIGHEDEN", f"omstandigheden {tag}")
        question = self.text("HSSKVRAAG", f"vraag aan de partners {tag}")
        case = services.case_start(
            user=self.users[kind],
            melding=Melding.objects.get(pk=wm.pk),
            child=Person.objects.get(pk=wf.members[-1].pk),
            mode="ANONIEM",
            police_organisation=self.orgs[police],
            om_organisation=self.orgs["OM"] if om else None,
            injury_kinds=["BLAUWE_PLEKKEN"],
            certainty="VERMOEDEN",
            reporter_kind="ZIEKENHUIS",
            circumstances=f"Omstandigheden: {circumstances}",
            question=f"Vraag: {question}",
        )
        participants = {kind: INITIATOR, police: POLITIE, **({"OM": OM} if om else {})}
        wc = WHssk(case.pk, case.reference, wf, wm, case.status, participants)
        wc.note("feit", circumstances)
        wc.note("feit", question)
        self.hssk.cases.append(wc)
        return case, wc

    def view(self, case: Any, wc: WHssk, kind: str) -> None:
        from voorop.hssk import services

        text = self.text("ZIENSWIJZE", f"zienswijze {kind} over {wc.family.tag}")
        services.view_give(
            user=self.users[kind], case=case, position="STRAFBAAR", text=f"Zienswijze: {text}"
        )
        wc.note("feit", text)
        wc.viewed.add(kind)

    def decide(self, case: Any, wc: WHssk, decision: str, *, share_with_om: bool = True) -> None:
        """The initiator's decision. To proceed shares the melding with the police (and the OM)
        on the matrix's basis and makes them involved in the family (ADR 0013)."""
        from voorop.hssk import services
        from voorop.sharing.models import Disclosure

        reason = self.text("BESLUITREDEN", f"motivering besluit {wc.family.tag}")
        necessity = self.text("NOODZAAK", f"noodzaak melding aan de politie {wc.family.tag}")
        services.case_decide(
            user=self.users[wc.initiator],
            case=case,
            decision=decision,
            reason=f"Motivering: {reason}",
            legal_basis=self.b.basis,
            necessity=f"Nodig: {necessity}",
            share_with_om=share_with_om,
        )
        wc.note("feit", reason)
        wc.status = case.status
        if decision != "DOORZETTEN":
            return
        groups = frozenset({KERN, LOCATIE, TOELICHTING, PERSONEN})  # never the medical details
        shared_with = [k for k, r in wc.participants.items() if r == POLITIE]
        if share_with_om and "OM" in wc.participants:
            shared_with.append("OM")
        for kind in shared_with:
            disclosure = Disclosure.objects.get(
                family_system_id=wc.family.pk, to_organisation=self.orgs[kind]
            )
            self.world.disclosures.append(
                WDisclosure(
                    disclosure.pk, wc.family, wc.initiator, kind, [(wc.melding, groups)], necessity
                )
            )
            wc.family.involved.add(kind)

    def plan(self, case: Any, wc: WHssk, *, invite: str) -> None:
        """Step 3 and 4: a forensic examination by the police with the child (its outcome
        recorded), both agree, ``invite`` is invited (a register disclosure; involved), an
        agreement into the veiligheidsplan."""
        from voorop.hssk import services
        from voorop.hssk.models import HsskAct
        from voorop.organisations.models import Organisation
        from voorop.persons.models import Person

        initiator, police = self.users[wc.initiator], self.users["POLITIE"]
        what = self.text("HANDELING", f"toelichting onderzoekshandeling {wc.family.tag}")
        act = services.act_add(
            user=police,
            case=case,
            act="FORENSISCH_MEDISCH",
            by_organisation=self.orgs["POLITIE"],
            with_whom=[Person.objects.get(pk=wc.family.members[-1].pk)],
            description=f"Toelichting: {what}",
        )
        outcome = self.text("UITKOMST", f"uitkomst onderzoekshandeling {wc.family.tag}")
        services.act_update(
            user=police,
            case=case,
            act=act,
            status="UITGEVOERD",
            outcome=f"Uitkomst: {outcome}",
        )
        wc.act_pk = act.pk
        wc.note("handeling", what)
        wc.note("uitkomst", outcome)
        for user in (initiator, police):
            services.plan_confirm(user=user, case=case)
        reason = self.text("UITNODIGING", f"reden uitnodiging {invite} in {wc.family.tag}")
        participant = services.participant_invite(
            user=initiator,
            case=case,
            organisation=Organisation.objects.get(pk=self.orgs[invite].pk),
            reason=f"Reden: {reason}",
            legal_basis=self.b.basis,
        )
        wc.participants[invite] = INVITED
        wc.family.involved.add(invite)
        wc.note("uitnodiging", reason)
        assert participant.disclosure_id is not None
        self.world.disclosures.append(
            WDisclosure(
                participant.disclosure_id, wc.family, wc.initiator, invite, [], f"Reden: {reason}"
            )
        )
        agreed = self.text("HSSKAFSPRAAK", f"afspraak veiligheidsplan {wc.family.tag}")
        services.agreement_add(
            user=initiator,
            case=case,
            topic="OVERLEG",
            description=f"Afspraak: {agreed}",
            owner_organisation=self.orgs["POLITIE"],
        )
        wc.note("afspraak", agreed)
        wc.status = case.status
        assert HsskAct.objects.filter(case_id=case.pk).count() == 1

    def build(self) -> None:
        """H-VT (anonymous, open): Veilig Thuis with the police and the OM; the OM gave its
        view, the police not yet. H-RAAD (anonymous for good): the Raad with a police unit
        elsewhere, no OM; the police's view, then not to proceed. H-ID (identified, at the
        interventions): Veilig Thuis, the police and the OM gave their views, proceeded
        (shared with both), the plan agreed, the reclassering invited, an agreement in the
        veiligheidsplan. H-EVAL (identified, in its evaluation): as H-ID, but proceeded without
        sharing with the OM (a participant that never sees the family), the Raad invited, the
        police evaluated. One signal per initiator without a case: SIGNAAL (Veilig Thuis and
        the Raad involved)."""
        from voorop.hssk import services

        world, hssk = self.world, self.hssk
        vt = self.users["VT"]
        h1, w1 = self.start("VT", "HSSK-ANONIEM-VT", police="POLITIE", om=True)
        self.view(h1, w1, "OM")

        h2, w2 = self.start("RVDK", "HSSK-ANONIEM-RAAD", police=ELDERS, om=False)
        self.view(h2, w2, ELDERS)
        self.decide(h2, w2, "NIET_DOORZETTEN")

        h3, w3 = self.start("VT", "HSSK-GEIDENTIFICEERD", police="POLITIE", om=True)
        self.view(h3, w3, "POLITIE")
        self.view(h3, w3, "OM")
        self.decide(h3, w3, "DOORZETTEN")
        self.plan(h3, w3, invite="RECLASSERING")
        w3.confirmed = {"VT", "POLITIE"}

        h4, w4 = self.start("VT", "HSSK-EVALUATIE", police="POLITIE", om=True)
        self.view(h4, w4, "POLITIE")
        self.decide(h4, w4, "DOORZETTEN", share_with_om=False)
        self.plan(h4, w4, invite="RVDK")
        w4.confirmed = {"VT", "POLITIE"}
        services.case_transition(user=vt, case=h4, transition="evalueren")
        well = self.text("EVALUATIE", "wat werkte goed in HSSK-EVALUATIE")
        better = self.text("EVALUATIE", "wat kan beter in HSSK-EVALUATIE")
        services.evaluation_give(
            user=self.users["POLITIE"],
            case=h4,
            worked_well=f"Goed: {well}",
            to_improve=f"Beter: {better}",
            collaboration_score=4,
        )
        w4.note("werkte", well)
        w4.note("beter", better)
        w4.evaluated.add("POLITIE")
        w4.status = h4.status
        assert (w1.status, w2.status, w3.status, w4.status) == (
            "OVERLEG",
            "GEEN_VERVOLG",
            "INTERVENTIES",
            "EVALUATIE",
        )

        signal_family = self.b.family("HSSK-SIGNAAL", ["VT", "RVDK"], 3, minors=1)
        for kind in INITIATORS:
            hssk.signals[kind] = self.melding(kind, signal_family, f"signaal van {kind}")

        cases = {
            "VT": {K.ANON_INITIATOR: w1, K.IDENTIFIED: w3, K.EVALUATION: w4, K.NOT_TAKING_PART: w2},
            "POLITIE": {
                K.ANON_POLICE: w1,
                K.IDENTIFIED: w3,
                K.EVALUATION: w4,
                K.NOT_TAKING_PART: w2,
            },
            "OM": {K.ANON_OM: w1, K.IDENTIFIED: w3, K.UNSHARED: w4, K.NOT_TAKING_PART: w2},
            "RECLASSERING": {K.IDENTIFIED: w3, K.NOT_TAKING_PART: w1},
            "RVDK": {K.ANON_INITIATOR: w2, K.EVALUATION: w4, K.NOT_TAKING_PART: w1},
        }
        meldingen = {
            kind: {
                K.OWN: world.obj(T.MELDING, K.OWN, kind),  # no child in it
                K.IN_OTHER: hssk.signals["RVDK" if kind == "VT" else "VT"],
            }
            for kind in PARTNERS
        }
        meldingen["VT"] |= {K.SIGNAL: hssk.signals["VT"], K.STARTED: w1.melding}
        meldingen["RVDK"] |= {K.SIGNAL: hssk.signals["RVDK"], K.STARTED: w2.melding}
        for kind in PARTNERS:
            for typ, per_class in ((T.HSSK, cases[kind]), (T.HSSK_MELDING, meldingen[kind])):
                for cls, obj in per_class.items():
                    world.objects[(typ, cls, kind)] = obj
                world.objects[(typ, K.MISSING, kind)] = Missing(world.missing_pk)


# --- 3. the oracle --------------------------------------------------------------------------


@dataclass
class HsskSight:
    """What one principal may see and do in HSSK (``Sight.hssk``)."""

    professional: bool = False
    may_start: bool = False
    cases: set[int] = field(default_factory=set)  # cases it reads
    roles: dict[int, str] = field(default_factory=dict)  # case → its organisation's role
    writes: set[int] = field(default_factory=set)  # cases it may write in (by role: below)
    startable: set[int] = field(default_factory=set)  # meldingen it may start a case from
    signals: set[int] = field(default_factory=set)  # own meldingen about a child, no case
    waiting: set[int] = field(default_factory=set)  # open cases waiting for its organisation
    #: the references of the cases its organisation takes part in (monitoring counts these)
    monitored: list[str] = field(default_factory=list)

    def role(self, wc: WHssk) -> str:
        return self.roles.get(wc.pk, "")


def hssk_sight(world: World, p: Principal, s: Sight) -> HsskSight:
    """The rules of ADR 0013 for ``p`` over the world as built; adds what ``p`` may read to
    ``s.texts``."""
    h = HsskSight()
    hw: HsskWorld = world.hssk
    if not p.partner:
        return h  # participants are partner organisations; anyone else sees nothing
    x = str(p.kind)
    h.professional = any(r in CASEWORK for r in p.roles)
    h.may_start = x in INITIATORS and h.professional
    for wc in hw.cases:
        role = wc.participants.get(x)
        if role is None:
            continue
        # Participants only; an identified case only through a family system the user sees.
        if not wc.anonymous and wc.family.pk not in s.families:
            continue
        h.cases.add(wc.pk)
        h.roles[wc.pk] = role
        h.monitored.append(wc.reference)
        s.texts.update(wc.texts())
        # Writes: professionals of a participant; once identified, involved in the family.
        if h.professional and (wc.anonymous or wc.family.pk in s.involved):
            h.writes.add(wc.pk)
        if wc.status in OPEN and _waits_for(wc, x, role):
            h.waiting.add(wc.pk)
    if h.may_start:
        signal = hw.signals.get(x)
        if signal is not None:
            h.startable.add(signal.pk)
            h.signals.add(signal.pk)
        # Its meldingen with a case: the start page leads to the case.
        h.startable |= {wc.melding.pk for wc in hw.cases if wc.initiator == x}
    return h


def _waits_for(wc: WHssk, x: str, role: str) -> bool:
    """Whether an open case waits for X on the werkvoorraad: a view from the police or the OM,
    the initiator's decision once consulted, an agreement to the plan, an evaluation."""
    if wc.status == "OVERLEG":
        if role in (POLITIE, OM):
            return x not in wc.viewed
        police = next(k for k, r in wc.participants.items() if r == POLITIE)
        return role == INITIATOR and police in wc.viewed
    if wc.status == "ONDERZOEKSPLAN":
        return role in (INITIATOR, POLITIE) and x not in wc.confirmed
    return wc.status == "EVALUATIE" and x not in wc.evaluated


def snapshot_counts() -> list[str]:
    """What an HSSK write could change, as expressions for ``matrix.snapshot_sql``: the rows of
    every table and a fingerprint of the columns a write changes in place (see
    ``matrix_workflows.snapshot_counts``)."""
    from voorop.hssk import models as hssk

    counted = [
        hssk.HsskCase,
        hssk.HsskIdentification,
        hssk.HsskParticipant,
        hssk.HsskStatusChange,
        hssk.HsskView,
        hssk.HsskAct,
        hssk.HsskPlanConfirmation,
        hssk.HsskEvaluation,
    ]
    sql = [f"(SELECT COUNT(*) FROM {m._meta.db_table})" for m in counted]  # noqa: S608
    case, act = hssk.HsskCase._meta.db_table, hssk.HsskAct._meta.db_table
    for table, expression in (
        (case, "SUM(id * LENGTH(status))"),
        (case, "SUM(id * (LENGTH(circumstances) + LENGTH(question)))"),
        (case, "SUM(id * (LENGTH(decision) + LENGTH(no_interventions_reason)))"),
        (case, "SUM(CASE WHEN grey_area THEN id ELSE 0 END)"),
        (case, "SUM(COALESCE(om_organisation_id, 0) + COALESCE(family_system_id, 0))"),
        (act, "SUM(id * (LENGTH(status) + LENGTH(outcome) + LENGTH(repeat_reason)))"),
    ):
        sql.append(f"(SELECT COALESCE({expression}, 0) FROM {table})")  # noqa: S608
    return sql


# --- 4. access-log expectations, bodies and the rows -----------------------------------------

HSSK = "hssk"
ACT = "hssk-onderzoekshandeling"
MONITORING = "hssk-monitoring"


def hs(c: Cell) -> HsskSight:
    return c.sight.hssk


def sees_case(c: Cell) -> bool:
    return c.obj.pk in hs(c).cases


def _role(c: Cell) -> str:
    return hs(c).roles.get(c.obj.pk, "")


def _writer(*roles: str):
    """A professional of a participant (involved, once identified) whose role in the case is
    one of ``roles`` (none: any role)."""
    return lambda c: c.obj.pk in hs(c).writes and (not roles or _role(c) in roles)


def sees_decision(c: Cell) -> bool:
    """The decision page: the initiator's organisation, while the consultation runs."""
    return sees_case(c) and _role(c) == INITIATOR and c.obj.status == "OVERLEG"


def _persons(wc: WHssk) -> frozenset[int]:
    """Whose data a record of the case concerns: nobody while it is anonymous (ADR 0013), the
    family's members once identified."""
    return frozenset() if wc.anonymous else wc.family.member_ids


def log_case(action: str = "VIEW") -> Log:
    """The case page, its print view and every form posted to it (a refused or invalid form
    shows the case page again): refused as a missing case, else ``action`` on the case."""

    def log(c: Cell) -> list[Rec]:
        if not sees_case(c):
            return [_denied("VIEW", HSSK, c.obj.pk)]
        return [Rec(action, HSSK, str(c.obj.pk), _persons(c.obj), purpose="")]

    return log


def log_decision(c: Cell) -> list[Rec]:
    if not sees_case(c):
        return [_denied("VIEW", HSSK, c.obj.pk)]
    if not c.allow:  # a participant, but not the initiator (or decided): 404, on record
        return [Rec("VIEW", HSSK, str(c.obj.pk), outcome="DENIED", purpose="besluit")]
    return [Rec("VIEW", HSSK, str(c.obj.pk), _persons(c.obj), purpose="besluit")]


def _cases_seen(c: Cell) -> list[WHssk]:
    return [wc for wc in c.world.hssk.cases if wc.pk in hs(c).cases]


def log_list(c: Cell) -> list[Rec]:
    """/hssk/?status=alle: LIST of the cases shown (no persons), and for an initiator's
    professional LIST of its own signals without a case."""
    recs = [Rec("LIST", HSSK, frozenset(wc.pk for wc in _cases_seen(c)))]
    if hs(c).signals:
        recs.append(
            Rec(
                "LIST",
                "melding",
                frozenset(hs(c).signals),
                purpose="signalen letsel kind zonder HSSK-casus",
            )
        )
    return recs


def log_werkvoorraad(c: Cell) -> list[Rec]:
    """The werkvoorraad's HSSK block (``matrix.log_home``): LIST of the open cases waiting for
    the organisation, when there are any, without persons."""
    waiting = hs(c).waiting
    return [Rec("LIST", HSSK, frozenset(waiting))] if waiting else []


def log_start(c: Cell) -> list[Rec]:
    wm = c.obj
    if not c.allow:
        return [_denied("VIEW", "melding", wm.pk)]
    if c.cls == K.STARTED:
        return []  # its case exists: a redirect to it
    persons = frozenset(m.person.pk for m in wm.mentions)
    return [Rec("VIEW", "melding", str(wm.pk), persons, purpose="HSSK starten")]


def log_monitoring(c: Cell) -> list[Rec]:
    if not c.allow:
        return [Rec("LIST", MONITORING, "", outcome="DENIED")]
    return [Rec("LIST", MONITORING, "", purpose=f"{len(hs(c).monitored)} casussen")]


def log_monitoring_csv(c: Cell) -> list[Rec]:
    if not c.allow:
        return [Rec("EXPORT", MONITORING, "", outcome="DENIED")]
    return [Rec("EXPORT", MONITORING, ",".join(hs(c).monitored), purpose="export")]


@_api("LIST", HSSK)
def log_api_list(c: Cell) -> list[Rec]:
    return [Rec("LIST", HSSK, frozenset(hs(c).cases))]


@_api("VIEW", HSSK, detail=True)
def log_api_case(c: Cell) -> list[Rec]:
    if not c.allow:
        return [_denied("VIEW", HSSK, c.obj.pk)]
    return [Rec("VIEW", HSSK, str(c.obj.pk), _persons(c.obj))]


# What an answer must show, and what it must not.


def _shows(*what: str):
    """The case's texts of the kinds ``what`` (none: all) and, once identified, its family."""

    def shows(c: Cell) -> list[str]:
        wc = c.obj
        return [*wc.texts(*what), *([] if wc.anonymous else [wc.family.name])]

    return shows


shows_case = _shows()
#: the print view: the facts, the acts, what worked (not outcomes, invitations, agreements)
shows_printed = _shows("feit", "handeling", "werkte")
#: the API's document: all but the invitations' reasons
shows_document = _shows("feit", "handeling", "uitkomst", "afspraak", "werkte", "beter")


def hides_case(c: Cell) -> list[str]:
    """The anonymous phase: nothing of whom the case is about, for anyone (the initiator, who
    knows, included)."""
    wc = c.obj
    return wc.identity() if isinstance(wc, WHssk) and wc.anonymous else []


def hides_on_decision(c: Cell) -> list[str]:
    """The decision page names the initiator's own melding by its reference — nothing more."""
    return [t for t in hides_case(c) if t != c.obj.melding.reference]


def hides_anonymous_cases(c: Cell) -> list[str]:
    """A list of cases: nothing of whom any anonymous case is about."""
    return [t for wc in c.world.hssk.cases if wc.anonymous for t in wc.identity()]


def hides_everything(c: Cell) -> list[str]:
    """Monitoring: figures and references only — never a person, a family or a text."""
    return list(c.world.sentinels)


def shows_list(c: Cell) -> list[str]:
    """The identified cases with their family's name, and the own signals' references."""
    signals = [wm.reference for wm in c.world.hssk.signals.values() if wm.pk in hs(c).signals]
    return [wc.family.name for wc in _cases_seen(c) if not wc.anonymous] + signals


# Request bodies: the harmless one (cannot commit) and the dangerous one (valid, must be refused).


def _org(c: Cell, kind: str) -> int:
    return c.world.orgs[kind].pk


def start_body(c: Cell) -> dict[str, Any]:
    wm = c.obj
    family = getattr(wm, "family", None)
    child = family.members[-1].pk if family else c.world.missing_pk
    return {
        "child": child,
        "mode": "ANONIEM",
        "police_organisation": _org(c, "POLITIE"),
        "injury_kinds": ["BLAUWE_PLEKKEN"],
        "certainty": "VERMOEDEN",
        "reporter_kind": "ZIEKENHUIS",
        "circumstances": "Letsel bij een kind, gestart door wie dat niet mag " + POSTED,
        "question": "Is dit strafbaar? " + POSTED,
    }


def _act(c: Cell) -> int:
    return getattr(c.obj, "act_pk", 0) or c.world.missing_pk


def log_act_update(c: Cell) -> list[Rec]:
    """An act named with a case it does not belong to (here: a missing one) is missing too:
    404, logged as a refused act, whatever the form says."""
    if sees_case(c) and not getattr(c.obj, "act_pk", 0):
        return [_denied("VIEW", ACT, c.world.missing_pk)]
    return log_case()(c)


FORMS: dict[str, tuple[Build, Build, tuple[str, ...]]] = {
    # name: (harmless body, dangerous body, the roles that may write)
    "hssk:consultation": (
        lambda c: {"circumstances": ""},
        lambda c: {
            "circumstances": "Aangevuld door wie dat niet mag " + POSTED,
            "question": "Wat vindt u ervan? " + POSTED,
        },
        (INITIATOR,),
    ),
    "hssk:view": (
        lambda c: {"position": ""},
        lambda c: {"position": "STRAFBAAR", "text": "Zienswijze van wie dat niet mag " + POSTED},
        (POLITIE, OM),
    ),
    "hssk:act": (
        lambda c: {"act": ""},
        lambda c: {
            "act": "HOREN_OUDERS",
            "by_organisation": _org(c, "POLITIE"),
            "description": POSTED,
        },
        (),
    ),
    "hssk:confirm": (lambda c: {}, lambda c: {}, (INITIATOR, POLITIE, OM)),
    "hssk:invite": (
        lambda c: {"reason": ""},
        lambda c: {
            "organisation": _org(c, "RVDK"),
            "reason": "Uitgenodigd door wie dat niet mag " + POSTED,
            "legal_basis": _basis(c),
        },
        (INITIATOR, POLITIE),
    ),
    "hssk:intervention": (
        lambda c: {"intervention": ""},
        lambda c: {
            "intervention": c.world.admin_objects["safetyplan.intervention"].pk,
            "owner_organisation": _org(c, "POLITIE"),
            "description": POSTED,
        },
        (),
    ),
    "hssk:agreement": (
        lambda c: {"description": ""},
        lambda c: {
            "topic": "OVERLEG",
            "description": "Afspraak van wie dat niet mag " + POSTED,
            "owner_organisation": _org(c, "POLITIE"),
        },
        (),
    ),
    "hssk:no_interventions": (
        lambda c: {"reason": ""},
        lambda c: {"reason": "Geen interventies nodig " + POSTED},
        (),
    ),
    "hssk:transition": (
        lambda c: {"overgang": "onbekend"},
        lambda c: {"overgang": "evalueren"},
        (INITIATOR, POLITIE),
    ),
    "hssk:evaluation": (
        lambda c: {"worked_well": ""},
        lambda c: {"worked_well": "Goed samengewerkt " + POSTED, "collaboration_score": "4"},
        (),
    ),
}


def _basis(c: Cell) -> int:
    from voorop.sharing.models import LegalBasis

    return LegalBasis.objects.get(code=c.world.basis_code).pk


def _hssk_rows() -> dict[str, tuple[Route, ...]]:
    case: dict[str, Any] = dict(
        who=Who.SIGNED_IN, obj=T.HSSK, sees=sees_case, kwargs=lambda c: {"pk": c.obj.pk}
    )
    form = dict(case, methods=POST, log=log_case(), hides=hides_case)
    return {
        "hssk:list": (
            Route(
                Who.SIGNED_IN,
                query=lambda c: {"status": "alle"},
                log=log_list,
                shows=shows_list,
                hides=hides_anonymous_cases,
                note="every case: ?status=alle",
            ),
        ),
        "hssk:monitoring": (Route(Who.PARTNER, log=log_monitoring, hides=hides_everything),),
        "hssk:monitoring_csv": (
            Route(Who.PARTNER, log=log_monitoring_csv, hides=hides_everything),
        ),
        "hssk:start": (
            Route(
                Who.SIGNED_IN,
                T.HSSK_MELDING,
                methods=GET_POST,
                sees=lambda c: c.obj.pk in hs(c).startable,
                kwargs=lambda c: {"pk": c.obj.pk},
                body_ok=lambda c: {},
                body_denied=start_body,
                log=log_start,
                shows=lambda c: [c.obj.reference] if c.cls == K.SIGNAL else [],
                note="Veilig Thuis and the Raad (professionals), their own melding about a child; "
                "one with a case leads to it",
            ),
        ),
        "hssk:detail": (Route(**case, log=log_case(), shows=shows_case, hides=hides_case),),
        "hssk:print": (
            Route(**case, log=log_case("PRINT"), shows=shows_printed, hides=hides_case),
        ),
        "hssk:decide": (
            Route(
                **{**case, "sees": sees_decision},
                methods=GET_POST,
                writer=_writer(INITIATOR),
                body_ok=lambda c: {"decision": ""},
                body_denied=lambda c: {
                    "decision": "DOORZETTEN",
                    "reason": "Doorgezet door wie dat niet mag " + POSTED,
                    "legal_basis": _basis(c),
                },
                log=log_decision,
                shows=lambda c: [c.obj.melding.reference],
                hides=hides_on_decision,
                note="the initiator, while the consultation runs",
            ),
        ),
        **{
            name: (Route(**form, writer=_writer(*roles), body_ok=ok, body_denied=bad),)
            for name, (ok, bad, roles) in FORMS.items()
        },
        "hssk:act_update": (
            Route(
                **{
                    **form,
                    "kwargs": lambda c: {"pk": c.obj.pk, "act_pk": _act(c)},
                    "sees": lambda c: sees_case(c) and bool(c.obj.act_pk),
                    "log": log_act_update,
                },
                writer=_writer(),
                body_ok=lambda c: {f"h{_act(c)}-status": ""},
                body_denied=lambda c: {
                    f"h{_act(c)}-status": "UITGEVOERD",
                    f"h{_act(c)}-outcome": "Andere uitkomst " + POSTED,
                },
                note="the act of the case; another case's (here: missing) is missing too",
            ),
        ),
        "hssk-list": (
            Route(
                Who.MEMBER,
                keys=K_CASES,
                log=log_api_list,
                hides=hides_anonymous_cases,
            ),
        ),
        "hssk-detail": (
            Route(
                Who.MEMBER,
                T.HSSK,
                sees=sees_case,
                kwargs=lambda c: {"pk": c.obj.pk},
                keys=K_CASE,
                log=log_api_case,
                shows=shows_document,
                hides=hides_case,
            ),
        ),
    }


_SUMMARY = (
    "id kenmerk hssk_status stap start anoniem melder politie openbaar_ministerie gestart_op "
    "gezinssysteem"
)
K_CASES = keys(_SUMMARY, paged=True)
K_CASE = keys(
    _SUMMARY
    + " gezinssysteem_naam "
    + _nested(
        "anonieme_gegevens",
        "leeftijd_kind soort_letsel zekerheid_letsel gemeld_door omstandigheden vraag grijs_gebied",
    )
    + " "
    + _nested("deelnemers[]", "organisatie organisatie_id rol_hssk sinds")
    + " "
    + _nested("verloop[]", "van_status naar_status overgang tijdstip organisatie")
    + " "
    + _nested("zienswijzen[]", "organisatie zienswijze toelichting gegeven_op")
    + " "
    + _nested("besluit", "besluit motivering besloten_op")
    + " onderzoeksplan.vastgesteld_op "
    + _nested(
        "onderzoeksplan.handelingen[]",
        "id volgorde onderzoekshandeling door gepland_op met_wie toelichting "
        "reden_herhaald_gesprek afstemming_volgorde status_handeling uitkomst",
    )
    + " "
    + _nested("onderzoeksplan.akkoord[]", "organisatie akkoord_op")
    + " "
    + _nested(
        "interventies[]",
        "id titel soort_onderdeel interventie onderwerp omschrijving fase eigenaar_persoon "
        "start einde herbeoordeling onderdeelstatus verlopen afstemmingsmoment "
        "kenmerk_afstemmingsmoment notitie notitie_gedeeld_op vastgelegd_op gewijzigd_op",
    )
    + " "
    + _nested("interventies[].eigenaar", "id code naam soort_organisatie")
    + " "
    + _nested("interventies[].vastgelegd_door", "id code naam soort_organisatie")
    + " geen_interventies_reden "
    + _nested(
        "evaluaties[]",
        "organisatie wat_werkte wat_kan_beter ontbrekende_informatie onderzoeken_in_de_weg "
        "cijfer_samenwerking gegeven_op",
    )
    + " "
    + _nested("doorlooptijden", "naar_politie tot_besluit tot_onderzoeksplan tot_afsluiting")
)


def check_content(c: Cell, text: str, data: Any) -> list[str]:
    """The lists of HSSK against the oracle: the API's cases, the export's rows (its own cases
    only, by reference)."""
    key = c.pattern.key
    if key == "hssk-list" and isinstance(data, dict) and c.allow:
        got = {int(r["id"]) for r in data.get("results", [])}
        if got != hs(c).cases:
            return [f"list shows {sorted(got)}, expected {sorted(hs(c).cases)}"]
    if key == "hssk:monitoring_csv" and c.allow and c.method == "GET":
        rows = list(csv.DictReader(io.StringIO(text)))
        got_refs = sorted(r.get("kenmerk", "") for r in rows)
        if got_refs != sorted(hs(c).monitored):
            return [f"export has {got_refs}, expected {sorted(hs(c).monitored)}"]
    return []


#: url name → its row(s), as in ``matrix.ROUTES``.
HSSK_ROUTES: dict[str, tuple[Route, ...]] = _hssk_rows()
