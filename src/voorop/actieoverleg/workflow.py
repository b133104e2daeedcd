"""The states of the actieoverleg, as tables. Each transition is one service in
``voorop.actieoverleg.services``.

Aanmelding (``Submission``):

===========  ===========  ===========================  ========================================
from         to           service                      when
===========  ===========  ===========================  ========================================
Ingediend    Geagendeerd  submission_schedule          the chair finds the criteria met and
                                                       puts it on a meeting's agenda
Ingediend    Afgewezen    submission_reject            the chair finds a criterion not met
                                                       (the check is stored with the decision)
Geagendeerd  Besproken    item_mark_discussed          the meeting discussed it
Geagendeerd  Ingediend    meeting_finish               not reached in the meeting: back on the
                                                       chair's list for a next agenda
===========  ===========  ===========================  ========================================

Actieoverleg (``Meeting``):

========  ========  ==============  ==========================================================
from      to        service         when
========  ========  ==============  ==========================================================
Gepland   Bezig     meeting_start   the chair opens the meeting (starts with last week's
                                    open agreements)
Bezig     Afgerond  meeting_finish  the chair closes it; items not discussed go back to the
                                    chair's list (their submission Geagendeerd → Ingediend)
========  ========  ==============  ==========================================================

Agendapunt (``AgendaItem``): Gepland → Besproken (``item_mark_discussed``, only while the
meeting is Bezig). Information shared (step 1) and the plan (step 2: investigative acts,
agreements, interventions) are recorded only while the meeting is Bezig; the OM's decision,
disagreements and the escalation to MDA++ also afterwards (the OM may decide later);
participants respond to their invitation until the meeting is Afgerond.

Verschil van inzicht (``Disagreement``): Open → Opgelost (``disagreement_resolve``) or
Open → Geëscaleerd (``disagreement_escalate``); both final.
"""

from __future__ import annotations

from voorop.actieoverleg.models import (
    DisagreementStatus,
    ItemStatus,
    MeetingStatus,
    SubmissionStatus,
)

SUBMISSION: tuple[tuple[str, str], ...] = (
    (SubmissionStatus.INGEDIEND, SubmissionStatus.GEAGENDEERD),
    (SubmissionStatus.INGEDIEND, SubmissionStatus.AFGEWEZEN),
    (SubmissionStatus.GEAGENDEERD, SubmissionStatus.BESPROKEN),
    (SubmissionStatus.GEAGENDEERD, SubmissionStatus.INGEDIEND),
)

MEETING: tuple[tuple[str, str], ...] = (
    (MeetingStatus.GEPLAND, MeetingStatus.BEZIG),
    (MeetingStatus.BEZIG, MeetingStatus.AFGEROND),
)

ITEM: tuple[tuple[str, str], ...] = ((ItemStatus.GEPLAND, ItemStatus.BESPROKEN),)

DISAGREEMENT: tuple[tuple[str, str], ...] = (
    (DisagreementStatus.OPEN, DisagreementStatus.OPGELOST),
    (DisagreementStatus.OPEN, DisagreementStatus.GEESCALEERD),
)


def allowed(table: tuple[tuple[str, str], ...], source: str, target: str) -> bool:
    return (source, target) in table
