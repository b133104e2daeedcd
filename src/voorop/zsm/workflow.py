"""The life of a ZSM case, as a table.

==============  ==============  ===========  ================================================
from            to              verb         when / by whom
==============  ==============  ===========  ================================================
Instroom        In behandeling  oppakken     a ZSM partner at the location takes the case up
In behandeling  Besloten        besluiten    the OM records a disposal or route
In behandeling  Uitgesteld      uitstellen   the OM delays it to the HG-spreekuur or the
                                             verdiepingstafel, with a new date
Uitgesteld      Instroom        terugzetten  the new date has come: back into a ZSM queue with
                                             its history and a new 9-hour clock; whichever
                                             officier is on duty picks it up (handover note)
==============  ==============  ===========  ================================================

Besloten is final. Each transition is one service in ``voorop.zsm.services``, checked against
this table with the row locked; a transition not in the table is refused with the Dutch message
and the stable code ``ErrorCode.TRANSITION``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from voorop.zsm.choices import Status


class ErrorCode:
    TRANSITION = "zsm_overgang_niet_toegestaan"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    verb: Promise | str


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.INSTROOM, Status.IN_BEHANDELING, _("oppakken")),
    Transition(Status.IN_BEHANDELING, Status.BESLOTEN, _("besluiten")),
    Transition(Status.IN_BEHANDELING, Status.UITGESTELD, _("uitstellen")),
    Transition(Status.UITGESTELD, Status.INSTROOM, _("terugzetten")),
)


def allowed(source: str, target: str) -> bool:
    return any(t.source == source and t.target == target for t in TRANSITIONS)


def transitions_from(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == source]


def transition_check(source: str, target: str) -> None:
    if not allowed(source, target):
        raise ValidationError(
            gettext("Een zaak met status %(source)s kan niet naar %(target)s.")
            % {"source": Status(source).label, "target": Status(target).label},
            code=ErrorCode.TRANSITION,
        )
