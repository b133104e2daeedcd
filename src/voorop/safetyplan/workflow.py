"""The life of an item in the veiligheidsplan, as a table.

=============  =============  ===========  ==================================================
from           to             verb         when
=============  =============  ===========  ==================================================
Gepland        Lopend         starten      the measure takes effect / the agreement applies
Gepland        Afgerond       afronden     a one-off action was carried out (e.g. informing)
Gepland        Geannuleerd    annuleren    it will not happen after all
Lopend         Afgerond       afronden     it ran its course (end date reached, goal met)
Lopend         Geannuleerd    stoppen      ended early (lifted, withdrawn, no longer needed)
=============  =============  ===========  ==================================================

Afgerond and Geannuleerd are final. "Verlopen" (overdue) is not a status but a signal, derived
from the dates (``PlanItem.is_overdue``): a planned or running item whose reassessment date or
end date has passed. Extending (``plan_item_extend``) and reassessing (``plan_item_reassess``)
change dates, not the status; both are only possible while the item is open.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from voorop.safetyplan.models import PlanItemStatus


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    verb: Promise | str


TRANSITIONS: tuple[Transition, ...] = (
    Transition(PlanItemStatus.PLANNED, PlanItemStatus.ACTIVE, _("starten")),
    Transition(PlanItemStatus.PLANNED, PlanItemStatus.DONE, _("afronden")),
    Transition(PlanItemStatus.PLANNED, PlanItemStatus.CANCELLED, _("annuleren")),
    Transition(PlanItemStatus.ACTIVE, PlanItemStatus.DONE, _("afronden")),
    Transition(PlanItemStatus.ACTIVE, PlanItemStatus.CANCELLED, _("stoppen")),
)

#: Statuses an item may be created in.
INITIAL_STATUSES = (PlanItemStatus.PLANNED, PlanItemStatus.ACTIVE)


def allowed(source: str, target: str) -> bool:
    return any(t.source == source and t.target == target for t in TRANSITIONS)


def transitions_from(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == source]
