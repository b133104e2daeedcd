"""Online linkage: linking the persons of one new report to the person index, inside the
transaction that records the report.

Contract (used by intake, ``voorop.meldingen.services``): ``link_melding_persons(melding=...)``
links every ``MeldingPerson`` of the melding that has no person yet and returns one
``LinkOutcome`` per mention. Deterministic on a valid BSN (elfproef); the probabilistic model
(Fellegi–Sunter, trained with Splink) is added by the linkage work. A mention that cannot be
linked with confidence stays unlinked (and, once the review queue exists, is queued) — a wrong
merge of two family members is worse than a missed match.
"""

from __future__ import annotations

from dataclasses import dataclass

from voorop.meldingen.models import Melding, MeldingPerson
from voorop.persons.bsn import is_valid_bsn
from voorop.persons.models import Person


@dataclass(frozen=True)
class LinkOutcome:
    mention_id: int
    person_id: int | None
    method: str  # "BSN", "PROBABILISTISCH", "GEEN"
    score: float | None
    explanation: str


def link_melding_persons(*, melding: Melding) -> list[LinkOutcome]:
    outcomes = []
    for mention in MeldingPerson.objects.filter(melding=melding, person__isnull=True):
        outcomes.append(_link_one(mention))
    return outcomes


def _link_one(mention: MeldingPerson) -> LinkOutcome:
    if is_valid_bsn(mention.bsn):
        person = Person.objects.filter(bsn=mention.bsn).only("pk").first()
        if person is not None:
            mention.person = person
            mention.save(update_fields=["person"])
            return LinkOutcome(mention.pk, person.pk, "BSN", 1.0, "BSN gelijk (elfproef geldig)")
    return LinkOutcome(mention.pk, None, "GEEN", None, "Geen zekere koppeling gevonden")
