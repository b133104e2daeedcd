"""The workflow of Samenwerken bij strafbare kindermishandeling, as tables you can read.

Figure 4 of the Significant report: (1) a melding from Veilig Thuis (or the Raad / a GI) to the
police, (2) an (anonymous) consultation on the case, (3) a gezamenlijk onderzoeksplan,
(4) the interventions needed, (5) an evaluation when the case closes. Step 1 is the start of
the case: anonymously (the consultation comes first, nothing identifying is shared) or directly
with the family's data on a legal basis.

Statuses (``Status``)::

    start (anoniem) ──▶ OVERLEG ──doorzetten──▶ ONDERZOEKSPLAN ──plan_vaststellen──▶ INTERVENTIES
                           │                        ▲
                           └──niet_doorzetten──▶ GEEN_VERVOLG    (stays anonymous for good)
    start (direct)  ──────────────────────────────┘
    INTERVENTIES ──evalueren──▶ EVALUATIE ──afsluiten──▶ AFGESLOTEN

==============  ==============  ================  ===============================  ==========
from            to              transition        only when (guard)                by
==============  ==============  ================  ===============================  ==========
OVERLEG         ONDERZOEKSPLAN  doorzetten        the police gave its view; in a   initiator
                                                  grey-area case the OM too
OVERLEG         GEEN_VERVOLG    niet_doorzetten   the same                         initiator
ONDERZOEKSPLAN  INTERVENTIES    plan_vaststellen  the plan holds (below) and the   (the last
                                                  initiator and the police agreed  to agree)
INTERVENTIES    EVALUATIE       evalueren         an intervention or agreement in  initiator,
                                                  the veiligheidsplan, or a reason police
                                                  why none is needed
EVALUATIE       AFGESLOTEN      afsluiten         the initiator and the police     initiator
                                                  evaluated the collaboration
==============  ==============  ================  ===============================  ==========

The onderzoeksplan holds when: it has at least one act; (suspected) physical injury has a
forensic medical examination planned (it confirms *or* rules out abuse — Toolkit, "Bij letsel
geldt"); a child is talked with once unless a reason is recorded for each further talk ("niet
vaker in gesprek gaan dan nodig"); and Veilig Thuis does not talk with the child (or the
parents) before the police's interview or hearing unless the order was agreed and recorded,
so that the evidential value of statements is kept.

``EDITS`` says which records may be added in which status. The guards are pure functions over
``Facts`` (``selectors.case_facts``), so each page shows beforehand what is still missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from voorop.hssk.choices import Act, ActStatus, Status


@dataclass(frozen=True)
class Problem:
    """Why a step cannot be taken yet: a stable code and a Dutch message."""

    code: str
    message: str


@dataclass(frozen=True)
class ActFact:
    act: str
    sequence: int
    status: str
    persons: frozenset[int]
    repeat_reason: bool
    order_note: bool
    label: str


@dataclass(frozen=True)
class Facts:
    status: str
    grey_area: bool = False
    police_view: bool = False
    om_view: bool = False
    physical_injury: bool = False
    child_id: int | None = None
    acts: tuple[ActFact, ...] = ()
    confirmed_by: frozenset[str] = frozenset()  # "INITIATOR", "POLITIE"
    plan_items: int = 0
    no_interventions_reason: bool = False
    evaluated_by: frozenset[str] = frozenset()


class Transition(StrEnum):
    DOORZETTEN = "doorzetten"
    NIET_DOORZETTEN = "niet_doorzetten"
    PLAN_VASTSTELLEN = "plan_vaststellen"
    EVALUEREN = "evalueren"
    AFSLUITEN = "afsluiten"


Guard = Callable[[Facts], list[Problem]]


def guard_consulted(facts: Facts) -> list[Problem]:
    problems = []
    if not facts.police_view:
        problems.append(
            Problem(
                "zienswijze_politie_ontbreekt",
                _("De politie heeft haar zienswijze nog niet gegeven."),
            )
        )
    if facts.grey_area and not facts.om_view:
        problems.append(
            Problem(
                "zienswijze_om_ontbreekt",
                _(
                    "Een casus in het grijze gebied wordt in elk geval met het Openbaar "
                    "Ministerie besproken: de zienswijze van het OM ontbreekt nog."
                ),
            )
        )
    return problems


def _open_acts(facts: Facts) -> list[ActFact]:
    return [a for a in facts.acts if a.status != ActStatus.VERVALLEN]


def _subjects(act: ActFact, child_id: int | None) -> frozenset[int]:
    """Whom an act is with: its persons, or (none chosen) the child the case is about."""
    if act.persons:
        return act.persons
    return frozenset({child_id}) if child_id is not None else frozenset({0})


def plan_problems(facts: Facts) -> list[Problem]:
    """The rules of the onderzoeksplan (module docstring)."""
    acts = _open_acts(facts)
    problems: list[Problem] = []
    if not acts:
        return [Problem("plan_leeg", _("Het onderzoeksplan heeft nog geen onderzoekshandeling."))]
    if facts.physical_injury and not any(a.act == Act.FORENSISCH_MEDISCH for a in acts):
        problems.append(
            Problem(
                "forensisch_onderzoek_ontbreekt",
                _(
                    "Bij (vermoeden van) lichamelijk letsel hoort een forensisch-medisch "
                    "onderzoek in het plan: het bevestigt mishandeling of sluit die uit."
                ),
            )
        )
    talks: dict[int, list[ActFact]] = defaultdict(list)
    for act in sorted(acts, key=lambda a: a.sequence):
        if act.act in (Act.VERHOOR_KIND, Act.GESPREK_KIND_VT):
            for person in _subjects(act, facts.child_id):
                talks[person].append(act)
    for person_talks in talks.values():
        for later in person_talks[1:]:
            if not later.repeat_reason:
                problems.append(
                    Problem(
                        "kind_vaker_gesproken",
                        _(
                            "%(act)s (stap %(n)s) is een volgend gesprek met hetzelfde kind: "
                            "leg vast waarom het nodig is, of laat het vervallen. Een kind "
                            "wordt niet vaker gesproken dan nodig."
                        )
                        % {"act": later.label, "n": later.sequence},
                    )
                )
    for vt_act, police_act in (
        (Act.GESPREK_KIND_VT, Act.VERHOOR_KIND),
        (Act.GESPREK_OUDERS_VT, Act.HOREN_OUDERS),
    ):
        first_police = min((a.sequence for a in acts if a.act == police_act), default=None)
        if first_police is None:
            continue
        for act in acts:
            if act.act == vt_act and act.sequence < first_police and not act.order_note:
                problems.append(
                    Problem(
                        "volgorde_niet_afgestemd",
                        _(
                            "%(act)s (stap %(n)s) komt vóór het politieverhoor: leg vast hoe "
                            "de volgorde is afgestemd, zodat de waarde van de verklaringen "
                            "niet wordt aangetast."
                        )
                        % {"act": act.label, "n": act.sequence},
                    )
                )
    # One message per rule and act is enough.
    unique: list[Problem] = []
    for problem in problems:
        if problem not in unique:
            unique.append(problem)
    return unique


def guard_plan(facts: Facts) -> list[Problem]:
    problems = plan_problems(facts)
    missing = [
        label
        for key, label in (("INITIATOR", _("de melder")), ("POLITIE", _("de politie")))
        if key not in facts.confirmed_by
    ]
    if missing:
        problems.append(
            Problem(
                "akkoord_ontbreekt",
                _("Nog niet akkoord met het onderzoeksplan: %(who)s.")
                % {"who": ", ".join(str(m) for m in missing)},
            )
        )
    return problems


def guard_interventions(facts: Facts) -> list[Problem]:
    if facts.plan_items or facts.no_interventions_reason:
        return []
    return [
        Problem(
            "geen_interventies",
            _(
                "Zet eerst de benodigde interventies in het veiligheidsplan, of leg vast "
                "waarom er geen nodig zijn."
            ),
        )
    ]


def guard_evaluated(facts: Facts) -> list[Problem]:
    missing = [
        label
        for key, label in (("INITIATOR", _("de melder")), ("POLITIE", _("de politie")))
        if key not in facts.evaluated_by
    ]
    if not missing:
        return []
    return [
        Problem(
            "evaluatie_ontbreekt",
            _("De evaluatie van de samenwerking ontbreekt nog van: %(who)s.")
            % {"who": ", ".join(str(m) for m in missing)},
        )
    ]


@dataclass(frozen=True)
class Row:
    source: str
    target: str
    transition: Transition
    guards: tuple[Guard, ...]
    by: frozenset[str] = field(default_factory=frozenset)  # participant roles that may


INITIATOR = "INITIATOR"
POLITIE = "POLITIE"

TABLE: tuple[Row, ...] = (
    Row(Status.OVERLEG, Status.ONDERZOEKSPLAN, Transition.DOORZETTEN, (guard_consulted,),
        frozenset({INITIATOR})),
    Row(Status.OVERLEG, Status.GEEN_VERVOLG, Transition.NIET_DOORZETTEN, (guard_consulted,),
        frozenset({INITIATOR})),
    Row(Status.ONDERZOEKSPLAN, Status.INTERVENTIES, Transition.PLAN_VASTSTELLEN, (guard_plan,),
        frozenset({INITIATOR, POLITIE})),
    Row(Status.INTERVENTIES, Status.EVALUATIE, Transition.EVALUEREN, (guard_interventions,),
        frozenset({INITIATOR, POLITIE})),
    Row(Status.EVALUATIE, Status.AFGESLOTEN, Transition.AFSLUITEN, (guard_evaluated,),
        frozenset({INITIATOR})),
)  # fmt: skip


def row_for(status: str, transition: str) -> Row | None:
    for row in TABLE:
        if row.source == status and row.transition == transition:
            return row
    return None


def rows_from(status: str) -> list[Row]:
    return [row for row in TABLE if row.source == status]


def check(row: Row, facts: Facts) -> list[Problem]:
    problems: list[Problem] = []
    for guard in row.guards:
        problems += guard(facts)
    return problems


class Edit(StrEnum):
    """What may be recorded in which status."""

    VIEW = "zienswijze"
    ACT_ADD = "onderzoekshandeling"
    ACT_UPDATE = "onderzoekshandeling bijwerken"
    CONFIRM = "akkoord onderzoeksplan"
    INVITE = "uitnodigen"
    PLAN_ITEM = "interventie"
    NO_INTERVENTIONS = "geen interventies"
    EVALUATE = "evaluatie"


EDITS: dict[Edit, frozenset[str]] = {
    Edit.VIEW: frozenset({Status.OVERLEG}),
    Edit.ACT_ADD: frozenset({Status.ONDERZOEKSPLAN, Status.INTERVENTIES}),
    Edit.ACT_UPDATE: frozenset({Status.ONDERZOEKSPLAN, Status.INTERVENTIES, Status.EVALUATIE}),
    Edit.CONFIRM: frozenset({Status.ONDERZOEKSPLAN}),
    Edit.INVITE: frozenset({Status.ONDERZOEKSPLAN, Status.INTERVENTIES}),
    Edit.PLAN_ITEM: frozenset({Status.ONDERZOEKSPLAN, Status.INTERVENTIES}),
    Edit.NO_INTERVENTIONS: frozenset({Status.INTERVENTIES}),
    Edit.EVALUATE: frozenset({Status.EVALUATIE}),
}


def may_edit(status: str, edit: Edit) -> bool:
    return status in EDITS[edit]


def edit_check(status: str, edit: Edit) -> None:
    if not may_edit(status, edit):
        raise ValidationError(
            _("Dit kan niet meer in deze fase (%(status)s).") % {"status": Status(status).label},
            code="niet_in_deze_fase",
        )
