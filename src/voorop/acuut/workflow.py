"""The workflow of Samen op in acuut, as tables you can read.

States (``Status``), one per step of the Toolkit::

    GESTART ──samen_ter_plaatse──▶ TER_PLAATSE ──motorkapoverleg──▶ MOTORKAPOVERLEG
       │                                                                 ▲
       └──────────────────────overleg_op_afstand─────────────────────────┘
    MOTORKAPOVERLEG ──onderzoek──▶ ONDERZOEK ──maatregelen──▶ MAATREGELEN ──afsluiten──▶ AFGESLOTEN
    (any open state) ──afbreken──▶ AFGEBROKEN

===============  ===============  ==================  =====================================
from             to               transition          only when (guard)
===============  ===============  ==================  =====================================
GESTART          TER_PLAATSE      samen_ter_plaatse   the partner said it comes on site
GESTART          MOTORKAPOVERLEG  overleg_op_afstand  the partner was consulted by phone or
                                                      video (e.g. at the police station) —
                                                      step 1 on site is skipped
TER_PLAATSE      MOTORKAPOVERLEG  motorkapoverleg     the partner is on site, or was
                                                      consulted by phone/video after all
MOTORKAPOVERLEG  ONDERZOEK        onderzoek           both parties shared what they bring
                                                      (possibly "niets bekend")
ONDERZOEK        MAATREGELEN      maatregelen         investigation agreed; kindcheck for
                                                      every child; forensic doctor and
                                                      Forensische Opsporing for every child
                                                      with (suspected) injury
MAATREGELEN      AFGESLOTEN       afsluiten           measures with a reassessment date, the
                                                      first point of contact, who calls whom;
                                                      the closing checklist (veiligheids-
                                                      beoordeling part A done, investigation
                                                      done, everyone physically safe) and
                                                      the handover route
any open         AFGEBROKEN       afbreken            a reason (e.g. no acute unsafety after
                                                      all; Veilig Thuis not reachable)
===============  ===============  ==================  =====================================

Every transition is a service (``services.episode_transition``, ``episode_close``,
``episode_abort``) that locks the row, checks this table and the guard, records an
``EpisodeStatusChange`` and writes the access log. ``EDITS`` says which records may be added
in which status. The guards are pure functions over ``Facts`` (built by
``selectors.episode_facts``), so the page can show beforehand what is still missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voorop.acuut.choices import OPEN_STATUSES, Status


@dataclass(frozen=True)
class Problem:
    """Why a step cannot be taken yet: a stable code and a Dutch message."""

    code: str
    message: str


@dataclass(frozen=True)
class InjuryGap:
    """A child with (suspected) injury and what is not yet engaged for it."""

    name: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """What the guards look at, about one episode."""

    status: str
    partner_label: str  # "Veilig Thuis" or "de politie": whom the starter calls
    partner_coming: bool = False  # a call: "komt ter plaatse"
    remote_consultation: bool = False  # a call reached the partner by phone or video
    partner_arrived: bool = False
    has_partner: bool = False
    contributors_missing: tuple[str, ...] = ()
    investigation_agreements: int = 0
    children_unchecked: tuple[str, ...] = ()
    injury_gaps: tuple[InjuryGap, ...] = ()
    measures: int = 0
    agreement_topics: frozenset[str] = field(default_factory=frozenset)
    reassessment_set: bool = False
    contact_set: bool = False
    assessment_part_a_done: bool = False
    # The closing checklist as submitted (step 5).
    investigation_done: bool = False
    everyone_safe: bool = False
    handover_route: str = ""


Guard = Callable[[Facts], list[Problem]]


def guard_partner_coming(facts: Facts) -> list[Problem]:
    if facts.partner_coming:
        return []
    return [
        Problem(
            "partner_komt_niet",
            _(
                "Leg eerst het gesprek vast waarin %(partner)s zegt ter plaatse te komen. "
                "Overlegt u telefonisch of met beeldbellen? Kies dan 'overleg op afstand'."
            )
            % {"partner": facts.partner_label},
        )
    ]


def guard_remote_consultation(facts: Facts) -> list[Problem]:
    if facts.remote_consultation:
        return []
    return [
        Problem(
            "geen_overleg_op_afstand",
            _(
                "Overleg op afstand kan pas als een gesprek met %(partner)s is vastgelegd met "
                "de uitkomst 'telefonisch overleg' of 'beeldbellen'."
            )
            % {"partner": facts.partner_label},
        )
    ]


def guard_joint_consultation(facts: Facts) -> list[Problem]:
    if facts.partner_arrived or facts.remote_consultation:
        return []
    return [
        Problem(
            "partner_niet_ter_plaatse",
            _(
                "Het motorkapoverleg begint als %(partner)s ter plaatse is (leg de aankomst "
                "vast) of telefonisch of met beeldbellen meedoet."
            )
            % {"partner": facts.partner_label},
        )
    ]


def guard_motorkap_done(facts: Facts) -> list[Problem]:
    problems = []
    if not facts.has_partner:
        problems.append(
            Problem(
                "geen_partner",
                _("%(partner)s is nog niet bereikt: er is geen motorkapoverleg mogelijk.")
                % {"partner": facts.partner_label.capitalize()},
            )
        )
    for name in facts.contributors_missing:
        problems.append(
            Problem(
                "bijdrage_ontbreekt",
                _(
                    "%(org)s heeft nog niet gedeeld wat zij inbrengt in het motorkapoverleg "
                    "(kies 'niets bekend' als er niets is)."
                )
                % {"org": name},
            )
        )
    return problems


def guard_investigation_complete(facts: Facts) -> list[Problem]:
    problems = []
    if facts.investigation_agreements == 0:
        problems.append(
            Problem(
                "geen_onderzoeksafspraak",
                _("Leg ten minste één afspraak vast over wie welke onderzoekshandeling doet."),
            )
        )
    if facts.children_unchecked:
        problems.append(
            Problem(
                "kindcheck_ontbreekt",
                _("Doe de kindcheck voor elk kind in het huishouden. Nog niet gedaan: %(names)s.")
                % {"names": ", ".join(facts.children_unchecked)},
            )
        )
    for gap in facts.injury_gaps:
        problems.append(
            Problem(
                "forensisch_onderzoek_ontbreekt",
                _(
                    "Bij (vermoeden van) letsel bij een kind zet de politie altijd een forensisch "
                    "arts en Forensische Opsporing in. Voor %(name)s is nog niet vastgelegd: "
                    "%(missing)s."
                )
                % {"name": gap.name, "missing": ", ".join(gap.missing)},
            )
        )
    return problems


def guard_closing(facts: Facts) -> list[Problem]:
    problems = []
    if facts.measures == 0:
        problems.append(
            Problem(
                "geen_maatregel",
                _("Kies ten minste één maatregel uit het interventiepalet (stap 4)."),
            )
        )
    if not facts.reassessment_set:
        problems.append(
            Problem(
                "geen_herbeoordeling",
                _("Leg vast tot wanneer de maatregelen gelden en wanneer de herbeoordeling is."),
            )
        )
    if not facts.contact_set:
        problems.append(
            Problem(
                "geen_aanspreekpunt",
                _("Leg vast wie het eerste aanspreekpunt is voor het geheel aan maatregelen."),
            )
        )
    if "ESCALATIE" not in facts.agreement_topics:
        problems.append(
            Problem(
                "geen_escalatieafspraak",
                _("Spreek af wie wie belt als de mate van onveiligheid verandert."),
            )
        )
    if not facts.assessment_part_a_done:
        problems.append(
            Problem(
                "beoordeling_niet_gedaan",
                _("Veilig Thuis heeft de veiligheidsbeoordeling (deel A) nog niet afgerond."),
            )
        )
    if not facts.investigation_done:
        problems.append(
            Problem(
                "onderzoek_niet_gedaan",
                _("Bevestig dat het onderzoek ter plaatse is uitgevoerd."),
            )
        )
    if not facts.everyone_safe:
        problems.append(
            Problem(
                "niet_iedereen_veilig",
                _(
                    "Bevestig dat iedereen fysiek veilig is. Ga pas weg als u weet dat "
                    "iedereen veilig is."
                ),
            )
        )
    if not facts.handover_route:
        problems.append(
            Problem(
                "geen_vervolg", _("Kies waar de zaak verder gaat (of 'geen gezamenlijk vervolg').")
            )
        )
    return problems


def guard_none(facts: Facts) -> list[Problem]:
    return []


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    name: str
    label: str | Promise
    service: str
    guard: Guard


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Status.GESTART,
        Status.TER_PLAATSE,
        "samen_ter_plaatse",
        gettext_lazy("Samen ter plaatse"),
        "episode_transition",
        guard_partner_coming,
    ),
    Transition(
        Status.GESTART,
        Status.MOTORKAPOVERLEG,
        "overleg_op_afstand",
        gettext_lazy("Overleg op afstand (telefoon of beeldbellen): naar het motorkapoverleg"),
        "episode_transition",
        guard_remote_consultation,
    ),
    Transition(
        Status.TER_PLAATSE,
        Status.MOTORKAPOVERLEG,
        "motorkapoverleg",
        gettext_lazy("Naar het motorkapoverleg"),
        "episode_transition",
        guard_joint_consultation,
    ),
    Transition(
        Status.MOTORKAPOVERLEG,
        Status.ONDERZOEK,
        "onderzoek",
        gettext_lazy("Naar het (gezamenlijk) onderzoek"),
        "episode_transition",
        guard_motorkap_done,
    ),
    Transition(
        Status.ONDERZOEK,
        Status.MAATREGELEN,
        "maatregelen",
        gettext_lazy("Naar de veiligheidsmaatregelen"),
        "episode_transition",
        guard_investigation_complete,
    ),
    Transition(
        Status.MAATREGELEN,
        Status.AFGESLOTEN,
        "afsluiten",
        gettext_lazy("Niet meer acuut: afsluiten en overdragen"),
        "episode_close",
        guard_closing,
    ),
    *(
        Transition(
            source,
            Status.AFGEBROKEN,
            "afbreken",
            gettext_lazy("Afbreken"),
            "episode_abort",
            guard_none,
        )
        for source in OPEN_STATUSES
    ),
)


class Edit:
    """Which records can be added, by name."""

    STEP_1 = "stap_1"  # calls, arrivals, departures, safe to enter
    STEP_2 = "stap_2"  # contributions, consultations, the veiligheidsbeoordeling
    STEP_3 = "stap_3"  # investigation agreements, kindcheck, injuries, crime scene
    STEP_4 = "stap_4"  # measures, agreements, first point of contact


#: In which statuses each kind of record can be added. Calls and arrivals happen throughout
#: (the phone consultation before the police leaves may come during the investigation);
#: the records of a later step only once the episode got there.
EDITS: dict[str, frozenset[str]] = {
    Edit.STEP_1: frozenset(OPEN_STATUSES),
    Edit.STEP_2: frozenset({Status.MOTORKAPOVERLEG, Status.ONDERZOEK, Status.MAATREGELEN}),
    Edit.STEP_3: frozenset({Status.ONDERZOEK, Status.MAATREGELEN}),
    Edit.STEP_4: frozenset({Status.MAATREGELEN}),
}

_EDIT_REFUSALS: dict[str, Promise] = {
    Edit.STEP_1: gettext_lazy("Deze Samen op in acuut is afgesloten; er kan niets meer bij."),
    Edit.STEP_2: gettext_lazy(
        "Het motorkapoverleg is nog niet begonnen, of de Samen op in acuut is afgesloten."
    ),
    Edit.STEP_3: gettext_lazy(
        "Het onderzoek is nog niet aan de orde (eerst het motorkapoverleg), of de Samen op in "
        "acuut is afgesloten."
    ),
    Edit.STEP_4: gettext_lazy(
        "Maatregelen worden afgesproken in stap 4, na het onderzoek en vóór het afsluiten."
    ),
}


class ErrorCode:
    ILLEGAL_TRANSITION = "overgang_niet_toegestaan"
    NOT_IN_THIS_STATUS = "niet_in_deze_status"


def transition_for(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)


def transitions_from(source: str, *, include_abort: bool = False) -> list[Transition]:
    return [
        t
        for t in TRANSITIONS
        if t.source == source and (include_abort or t.target != Status.AFGEBROKEN)
    ]


def transition_check(source: str, target: str) -> Transition:
    """The transition from ``source`` to ``target``; a Dutch ValidationError if the table has
    none."""
    found = transition_for(source, target)
    if found is not None:
        return found
    labels = dict(Status.choices)
    message = _("Een Samen op in acuut met status ‘%(from)s’ kan niet naar ‘%(to)s’.") % {
        "from": labels.get(source, source),
        "to": labels.get(target, target),
    }
    hints: dict[str, str] = {
        Status.AFGESLOTEN: _("Een afgesloten Samen op in acuut gaat niet terug."),
        Status.AFGEBROKEN: _("Een afgebroken Samen op in acuut gaat niet verder."),
    }
    if source in hints:
        message = f"{message} {hints[source]}"
    elif target in (Status.ONDERZOEK, Status.MAATREGELEN, Status.AFGESLOTEN):
        message = f"{message} {_('Stappen worden niet overgeslagen.')}"
    raise ValidationError(message, code=ErrorCode.ILLEGAL_TRANSITION)


def may_edit(status: str, edit: str) -> bool:
    return status in EDITS[edit]


def edit_check(status: str, edit: str) -> None:
    if not may_edit(status, edit):
        raise ValidationError(str(_EDIT_REFUSALS[edit]), code=ErrorCode.NOT_IN_THIS_STATUS)
