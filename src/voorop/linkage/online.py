"""Online linkage: linking the persons of one new report to the person index, inside the
transaction that records the report.

Contract (used by intake, ``voorop.meldingen.services``): ``link_melding_persons(melding=...)``
links every ``MeldingPerson`` of the melding that has no person yet and returns one
``LinkOutcome`` per mention, in mention order. ``method`` is one of:

- ``"BSN"``: a valid BSN (elfproef) equal to the BSN of a person in the index;
- ``"PROBABILISTISCH"``: the trained Fellegi–Sunter model (``scoring``) gives one candidate a
  match probability ≥ ``LINK_THRESHOLD`` and no other candidate ≥ ``REVIEW_THRESHOLD``;
- ``"BEOORDELEN"``: a candidate between the thresholds, or two candidates that both could be the
  one (the household case): the mention stays unlinked and each candidate goes to the review
  queue (``LinkReview``) — a wrong merge of two family members is worse than a missed match;
- ``"NIEUW"``: no candidate reaches the review threshold: a new person enters the index;
- ``"GEEN"``: nothing could be done (no name and no BSN): the mention stays unlinked.

Candidates come from ``PersonKey``, an indexed table of blocking keys of every identity known for
a person (its own and each linked mention's), so no batch run is needed. Candidates that cannot
be the same person (same report, another valid BSN, other sex, other first name or date of
birth, ``clustering.conflict``) are left out before scoring. Each link is stored as a
``PersonLink`` with its score and per-field explanation.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from voorop.linkage.clustering import RecordFacts, facts_conflict
from voorop.linkage.model import LINK_THRESHOLD, REVIEW_THRESHOLD
from voorop.linkage.models import (
    LinkIdentity,
    LinkMethod,
    LinkReview,
    PersonKey,
    PersonLink,
)
from voorop.linkage.normalise import Identity, normalise
from voorop.linkage.scoring import Score, default_model
from voorop.meldingen.models import Melding, MeldingPerson
from voorop.persons.models import Person

#: At most this many candidate identities are scored per mention.
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class LinkOutcome:
    mention_id: int
    person_id: int | None
    method: str  # "BSN", "PROBABILISTISCH", "BEOORDELEN", "NIEUW", "GEEN"
    score: float | None
    explanation: str


def link_melding_persons(*, melding: Melding, user=None) -> list[LinkOutcome]:
    """Link the unlinked mentions of ``melding``; see the module docstring. Runs inside the
    caller's transaction: when recording the melding fails, its links roll back with it."""
    taken = set(
        MeldingPerson.objects.filter(melding=melding, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    outcomes = []
    mentions = MeldingPerson.objects.filter(melding=melding, person__isnull=True).select_related(
        "melding"
    )
    for mention in mentions.order_by("id"):
        outcome = link_mention(mention=mention, exclude=taken, user=user)
        if outcome.person_id is not None:
            taken.add(outcome.person_id)
        outcomes.append(outcome)
    return outcomes


def identity_of_mention(mention: MeldingPerson) -> Identity:
    return normalise(
        given_names=mention.given_names,
        prefix=mention.prefix,
        surname=mention.surname,
        date_of_birth=mention.date_of_birth,
        sex=mention.sex,
        postcode_value=mention.postcode,
        house_number_value=mention.house_number,
        bsn=mention.bsn,
    )


def identity_of_person(person: Person) -> Identity:
    address = person.addresses.filter(valid_to__isnull=True).first()
    return normalise(
        given_names=person.given_names,
        prefix=person.prefix,
        surname=person.surname,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        postcode_value=address.postcode if address else "",
        house_number_value=address.house_number if address else "",
        bsn=person.bsn or "",
    )


def index_keys(row: dict[str, Any]) -> list[str]:
    """The blocking keys under which an identity is stored (mirrors ``model.blocking_rules``)."""
    keys = []
    if row["bsn"]:
        keys.append(f"bsn:{row['bsn']}")
    if row["surname"] and row["dob"]:
        keys.append(f"sd:{row['surname']}|{row['dob']}")
    if row["given1"] and row["dob"]:
        keys.append(f"gd:{row['given1']}|{row['dob']}")
    if row["given1"] and row["surname"]:
        keys.append(f"gs:{row['given1']}|{row['surname']}")
    if row["surname_phon"] and row["given_phon"]:
        keys.append(f"pp:{row['surname_phon']}|{row['given_phon']}")
    if row["pc_hn"] and row["initials"]:
        keys.append(f"ad:{row['pc_hn']}|{row['initials'][:1]}")
    return [k[:120] for k in keys]


def query_keys(row: dict[str, Any]) -> list[str]:
    """The keys to look up for a new identity: its own, and its date with day and month swapped."""
    keys = index_keys(row)
    if row["dob_swap"]:
        if row["surname"]:
            keys.append(f"sd:{row['surname']}|{row['dob_swap']}"[:120])
        if row["given1"]:
            keys.append(f"gd:{row['given1']}|{row['dob_swap']}"[:120])
    return keys


def model_row(identity: Identity) -> dict[str, Any]:
    row = identity.as_row()
    row["birth_year"] = identity.birth_year
    return row


def facts_of(row: dict[str, Any], source: str = "") -> RecordFacts:
    return RecordFacts(
        source=source,
        bsn=row.get("bsn") or "",
        sex=row.get("sex") or "",
        given1=row.get("given1") or "",
        initial=(row.get("initials") or "")[:1],
        dob=row.get("dob") or "",
    )


def index_identity(*, person: Person, row: dict[str, Any], mention: MeldingPerson | None) -> None:
    """Store an identity of ``person`` and its blocking keys in the online index."""
    identity = LinkIdentity.objects.create(person=person, mention=mention, profile=row)
    PersonKey.objects.bulk_create(
        [PersonKey(identity=identity, person=person, key=key) for key in index_keys(row)]
    )


def index_person(person: Person) -> None:
    """(Re)build the index entries of ``person``: its own record and every linked mention."""
    LinkIdentity.objects.filter(person=person).delete()
    index_identity(person=person, row=model_row(identity_of_person(person)), mention=None)
    for mention in MeldingPerson.objects.filter(person=person):
        index_identity(person=person, row=model_row(identity_of_mention(mention)), mention=mention)


@dataclass
class Candidate:
    person_id: int
    score: Score


def candidates_for(
    row: dict[str, Any],
    *,
    exclude: Collection[int] = frozenset(),
) -> tuple[list[Candidate], dict[int, str]]:
    """Scored candidate persons, best first, and the persons left out with the reason."""
    keys = query_keys(row)
    if not keys:
        return [], {}
    identities = (
        LinkIdentity.objects.filter(
            pk__in=PersonKey.objects.filter(key__in=keys).values("identity")
        )
        .exclude(person_id__in=exclude)
        .values_list("person_id", "profile")[:MAX_CANDIDATES]
    )
    model = default_model()
    facts = facts_of(row)
    best: dict[int, Score] = {}
    refused: dict[int, str] = {}
    for person_id, profile in identities:
        reason = facts_conflict(facts, facts_of(profile))
        if reason:
            refused[person_id] = reason
            continue
        score = model.score(row, profile)
        if person_id not in best or score.probability > best[person_id].probability:
            best[person_id] = score
    ranked = [
        Candidate(person_id, score) for person_id, score in best.items() if person_id not in refused
    ]
    ranked.sort(key=lambda c: (-c.score.probability, c.person_id))
    return ranked, refused


def _link(
    mention: MeldingPerson,
    person: Person | int,
    *,
    method: str,
    score: float | None,
    explanation: dict[str, Any],
    row: dict[str, Any],
    user=None,
) -> PersonLink:
    person_id = person if isinstance(person, int) else person.pk
    mention.person_id = person_id
    mention.save(update_fields=["person"])
    link = PersonLink.objects.create(
        mention=mention,
        person_id=person_id,
        method=method,
        score=score,
        explanation=explanation,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    LinkIdentity.objects.filter(mention=mention).delete()
    index_identity(person=Person(pk=person_id), row=row, mention=mention)
    return link


def person_from_mention(mention: MeldingPerson) -> Person:
    """A new person-index entry with the identity as reported (the best the network knows)."""
    from voorop.persons.bsn import is_valid_bsn

    bsn = mention.bsn if is_valid_bsn(mention.bsn) else None
    if bsn and Person.objects.filter(bsn=bsn).exists():
        bsn = None
    return Person.objects.create(
        given_names=mention.given_names,
        prefix=mention.prefix,
        surname=mention.surname or "?",
        date_of_birth=mention.date_of_birth,
        sex=mention.sex,
        bsn=bsn,
        recorded_by_id=mention.melding.source_organisation_id,
    )


def link_mention(
    *,
    mention: MeldingPerson,
    exclude: Collection[int] = frozenset(),
    user=None,
) -> LinkOutcome:
    """Link one mention (see the module docstring for the decision)."""
    identity = identity_of_mention(mention)
    row = model_row(identity)
    if identity.bsn:
        person_id = (
            Person.objects.filter(bsn=identity.bsn).values_list("pk", flat=True).first()
            or PersonKey.objects.filter(key=f"bsn:{identity.bsn}")
            .values_list("person_id", flat=True)
            .first()
        )
        if person_id is not None and person_id not in exclude:
            explanation = {"kans": 1.0, "regel": _("BSN gelijk (elfproef geldig)"), "velden": []}
            _link(
                mention,
                person_id,
                method=LinkMethod.BSN,
                score=1.0,
                explanation=explanation,
                row=row,
                user=user,
            )
            return LinkOutcome(mention.pk, person_id, "BSN", 1.0, _("BSN gelijk (elfproef geldig)"))
    if not identity.surname and not identity.given1 and not identity.bsn:
        return LinkOutcome(
            mention.pk, None, "GEEN", None, _("Geen naam en geen BSN: niet gekoppeld")
        )
    ranked, refused = candidates_for(row, exclude=exclude)
    best = ranked[0] if ranked else None
    runner_up = ranked[1] if len(ranked) > 1 else None
    if (
        best is not None
        and best.score.probability >= LINK_THRESHOLD
        and (runner_up is None or runner_up.score.probability < REVIEW_THRESHOLD)
    ):
        explanation = best.score.explanation()
        _link(
            mention,
            best.person_id,
            method=LinkMethod.PROBABILISTISCH,
            score=best.score.probability,
            explanation=explanation,
            row=row,
            user=user,
        )
        return LinkOutcome(
            mention.pk,
            best.person_id,
            "PROBABILISTISCH",
            best.score.probability,
            _describe(best.score),
        )
    reviewable = [c for c in ranked if c.score.probability >= REVIEW_THRESHOLD]
    if reviewable:
        reason = (
            _("Meer dan één persoon komt in aanmerking")
            if len(reviewable) > 1
            else _("Score tussen de drempels")
        )
        for candidate in reviewable:
            LinkReview.objects.get_or_create(
                mention=mention,
                candidate_id=candidate.person_id,
                defaults={
                    "score": candidate.score.probability,
                    "explanation": candidate.score.explanation(),
                    "reason": reason,
                },
            )
        return LinkOutcome(
            mention.pk, None, "BEOORDELEN", reviewable[0].score.probability, str(reason)
        )
    person = person_from_mention(mention)
    explanation = {
        "kans": best.score.probability if best else None,
        "regel": _("Geen kandidaat boven de beoordelingsdrempel: nieuwe persoon"),
        "velden": best.score.explanation()["velden"] if best else [],
        "uitgesloten": len(refused),
    }
    _link(
        mention,
        person,
        method=LinkMethod.NIEUW,
        score=None,
        explanation=explanation,
        row=row,
        user=user,
    )
    return LinkOutcome(mention.pk, person.pk, "NIEUW", None, _("Nieuwe persoon in de index"))


def _describe(score: Score) -> str:
    agreeing = [f"{f.field}: {f.level}" for f in score.fields if f.weight > 0]
    return _("Kans %(p).3f; overeenkomst: %(fields)s") % {
        "p": score.probability,
        "fields": "; ".join(agreeing) or "–",
    }
