"""The workflow of a veiligheidsbeoordeling, as tables you can read.

States (``Status``)::

    DRAFT ──deel A afronden──▶ PART_A_DONE ──afronden──▶ COMPLETED

- DRAFT: part A (acute unsafety and the checklist of risk factors) is being filled in.
- PART_A_DONE: part A stands. This is a valid resting state: at ZSM, VT does at least part A
  within hours and shares it with the veiligheidsvoorwaarden; part B may follow days later.
- COMPLETED: part B is done and the outcome chosen. Nothing but the status of a
  veiligheidsvoorwaarde changes any more; a new situation is a new assessment.

``TRANSITIONS`` are the only status changes; each has its service. ``EDITS`` say what may be
changed in which status. Everything else is refused with a Dutch message and a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voorop.assessment.choices import Status


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    name: str
    label: str | Promise
    service: str


TRANSITIONS: tuple[Transition, ...] = (
    #          from                 to                  name               service
    Transition(
        Status.DRAFT,
        Status.PART_A_DONE,
        "deel_a_afronden",
        gettext_lazy("Deel A (acute onveiligheid) afronden"),
        "beoordeling_part_a_complete",
    ),
    Transition(
        Status.PART_A_DONE,
        Status.COMPLETED,
        "afronden",
        gettext_lazy("Veiligheidsbeoordeling afronden"),
        "beoordeling_complete",
    ),
)


class Edit:
    """What can be changed, by name."""

    PART_A = "deel_a"
    PART_B = "deel_b"
    CONDITIONS = "voorwaarden"
    CONDITION_STATUS = "voorwaarde_status"
    INSTRUMENT = "instrument"
    SHARE = "delen"


#: In which statuses each kind of change is allowed.
EDITS: dict[str, frozenset[str]] = {
    Edit.PART_A: frozenset({Status.DRAFT}),
    Edit.PART_B: frozenset({Status.PART_A_DONE}),
    Edit.CONDITIONS: frozenset({Status.DRAFT, Status.PART_A_DONE}),
    Edit.CONDITION_STATUS: frozenset({Status.DRAFT, Status.PART_A_DONE, Status.COMPLETED}),
    Edit.INSTRUMENT: frozenset({Status.DRAFT, Status.PART_A_DONE}),
    Edit.SHARE: frozenset({Status.PART_A_DONE, Status.COMPLETED}),
}

_EDIT_REFUSALS = {
    Edit.PART_A: gettext_lazy("Deel A is al afgerond en kan niet meer worden gewijzigd."),
    Edit.PART_B: gettext_lazy(
        "Deel B kan alleen worden ingevuld als deel A is afgerond en de beoordeling nog niet is "
        "afgerond."
    ),
    Edit.CONDITIONS: gettext_lazy(
        "De veiligheidsbeoordeling is afgerond: voorwaarden kunnen niet meer worden toegevoegd "
        "of gewijzigd, alleen hun status."
    ),
    Edit.CONDITION_STATUS: gettext_lazy("De status van deze voorwaarde kan niet worden gewijzigd."),
    Edit.INSTRUMENT: gettext_lazy(
        "Aan een afgeronde veiligheidsbeoordeling kunnen geen risico-inschattingen meer worden "
        "gekoppeld."
    ),
    Edit.SHARE: gettext_lazy(
        "Een concept wordt niet gedeeld. Rond eerst deel A af; daarna kunt u de beoordeling met "
        "de veiligheidsvoorwaarden delen."
    ),
}


class ErrorCode:
    ILLEGAL_TRANSITION = "overgang_niet_toegestaan"
    NOT_IN_THIS_STATUS = "niet_in_deze_status"


def transition_for(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)


def transition_check(source: str, target: str) -> Transition:
    """The transition from ``source`` to ``target``; a Dutch ValidationError if the table has
    none."""
    found = transition_for(source, target)
    if found is not None:
        return found
    labels = dict(Status.choices)
    message = _("Een veiligheidsbeoordeling met status ‘%(from)s’ kan niet naar ‘%(to)s’.") % {
        "from": labels.get(source, source),
        "to": labels.get(target, target),
    }
    hints: dict[tuple[str, str], str] = {
        (Status.DRAFT, Status.COMPLETED): _("Rond eerst deel A af."),
        (Status.COMPLETED, Status.PART_A_DONE): _(
            "Een afgeronde beoordeling gaat niet terug; begin zo nodig een nieuwe beoordeling."
        ),
        (Status.COMPLETED, Status.DRAFT): _(
            "Een afgeronde beoordeling gaat niet terug; begin zo nodig een nieuwe beoordeling."
        ),
        (Status.PART_A_DONE, Status.DRAFT): _(
            "Deel A is afgerond en mogelijk al gedeeld; het gaat niet terug naar concept."
        ),
    }
    hint = hints.get((source, target), "")
    raise ValidationError(f"{message} {hint}".strip(), code=ErrorCode.ILLEGAL_TRANSITION)


def may_edit(status: str, edit: str) -> bool:
    return status in EDITS[edit]


def edit_check(status: str, edit: str) -> None:
    if not may_edit(status, edit):
        raise ValidationError(str(_EDIT_REFUSALS[edit]), code=ErrorCode.NOT_IN_THIS_STATUS)


def next_transition(status: str) -> Transition | None:
    """The step forward from ``status`` (for the page's main button)."""
    return next((t for t in TRANSITIONS if t.source == status), None)
