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
a person (its own and each linked mention's), so no batch run is needed: every person sharing a
key with the mention, with *all* its identities. A person one of whose identities cannot be the
same person (same report, another valid BSN, other sex, other first name or date of birth,
``clustering.conflict``) is left out before scoring; the others score with their best identity,
the prior corrected for the size of the index (``scoring.Model.prior_shift``). Given name and
surname written in each other's field are swapped back first (``normalise.looks_swapped``).
Each link is stored as a ``PersonLink`` with its score and per-field explanation.

Cost: a report is linked with about seven statements whatever its number of persons (its
mentions, the persons with its valid BSNs, the candidates of all its keys, then one bulk
statement per table written); p95 < 50 ms at 1,000,000 persons
(``benchmarks/linkage_online.py``, ADR 0008).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
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
    mentions = list(MeldingPerson.objects.filter(melding=melding).order_by("id"))
    for mention in mentions:
        mention.melding = melding
    taken = {m.person_id for m in mentions if m.person_id is not None}
    return _link_mentions([m for m in mentions if m.person_id is None], taken=taken, user=user)


def link_mention(
    *,
    mention: MeldingPerson,
    exclude: Collection[int] = frozenset(),
    user=None,
) -> LinkOutcome:
    """Link one mention (see the module docstring for the decision)."""
    return _link_mentions([mention], taken=set(exclude), user=user)[0]


def identity_of_mention(mention: MeldingPerson) -> Identity:
    """The mention's identity as the model compares it; given names and surname written in each
    other's field are swapped back (judged by the name frequencies shipped with the model)."""
    return normalise(
        given_names=mention.given_names,
        prefix=mention.prefix,
        surname=mention.surname,
        date_of_birth=mention.date_of_birth,
        sex=mention.sex,
        postcode_value=mention.postcode,
        house_number_value=mention.house_number,
        bsn=mention.bsn,
        name_counts=default_model().name_counts,
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
    _index_identities([(person.pk, mention, row)])


def _index_identities(items: list[tuple[int, MeldingPerson | None, dict[str, Any]]]) -> None:
    """Identities (person id, mention or None, profile) and their keys, two statements."""
    identities = LinkIdentity.objects.bulk_create(
        [
            LinkIdentity(person_id=person_id, mention=mention, profile=row)
            for person_id, mention, row in items
        ]
    )
    PersonKey.objects.bulk_create(
        [
            PersonKey(identity=identity, person_id=identity.person_id, key=key)
            for identity in identities
            for key in index_keys(identity.profile)
        ]
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


#: One identity in the index as the candidate search returns it: (person id, profile).
Profile = tuple[int, dict[str, Any]]


def fetch_profiles(keys: Collection[str]) -> list[Profile]:
    """Every identity of every person of the index that shares at least one of ``keys`` with
    one of its identities: one indexed query for all the keys of a report. A person is judged
    on all its identities (a conflict with any one of them refuses it, as batch clustering
    judges whole clusters); identical identities of one person come once."""
    if not keys:
        return []
    return list(
        LinkIdentity.objects.filter(
            person_id__in=PersonKey.objects.filter(key__in=sorted(set(keys))).values("person_id")
        )
        .values_list("person_id", "profile")
        .distinct()
    )


#: How long the size of the index is reused before it is asked again (seconds).
INDEX_SIZE_TTL = 600.0
_index_size: dict[str, float] = {}


def index_size() -> int:
    """The number of identities in the index, for ``Model.prior_shift``: PostgreSQL's own
    estimate (kept by ANALYZE and autovacuum, no count of millions of rows), else a count;
    asked at most every ``INDEX_SIZE_TTL`` seconds per process."""
    now = time.monotonic()
    if _index_size and now - _index_size["at"] < INDEX_SIZE_TTL:
        return int(_index_size["size"])
    size = -1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [LinkIdentity._meta.db_table],
            )
            found = cursor.fetchone()
            size = int(found[0]) if found else -1
    if size < 0:  # SQLite, or a table PostgreSQL has not analysed yet
        size = LinkIdentity.objects.count()
    _index_size.update(at=now, size=size)
    return size


def rank(
    row: dict[str, Any],
    profiles: Iterable[Profile],
    *,
    exclude: Collection[int] = frozenset(),
) -> tuple[list[Candidate], dict[int, str]]:
    """Score ``row`` against the identities ``profiles``: the candidate persons, best first
    (a person scores with its best identity), and the persons left out with the reason (one
    identity that cannot be the same person is enough). The prior is corrected for the size
    of the index (``Model.prior_shift``)."""
    model = default_model()
    shift = model.prior_shift(index_size())
    facts = facts_of(row)
    best: dict[int, Score] = {}
    refused: dict[int, str] = {}
    for person_id, profile in profiles:
        if person_id in exclude or person_id in refused:
            continue
        reason = facts_conflict(facts, facts_of(profile))
        if reason:
            refused[person_id] = reason
            continue
        score = model.score(row, profile, prior_shift=shift)
        if person_id not in best or score.probability > best[person_id].probability:
            best[person_id] = score
    ranked = [
        Candidate(person_id, score) for person_id, score in best.items() if person_id not in refused
    ]
    ranked.sort(key=lambda c: (-c.score.probability, c.person_id))
    return ranked, refused


def candidates_for(
    row: dict[str, Any],
    *,
    exclude: Collection[int] = frozenset(),
) -> tuple[list[Candidate], dict[int, str]]:
    """Scored candidate persons for one identity, best first, and the persons left out."""
    return rank(row, fetch_profiles(query_keys(row)), exclude=exclude)


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


def person_from_mention(
    mention: MeldingPerson, *, save: bool = True, taken_bsns: Collection[str] = ()
) -> Person:
    """A new person-index entry with the identity as reported (the best the network knows).
    The BSN only when it is valid and no other person has it (``taken_bsns``: known to be
    someone's already, no need to ask the database)."""
    from voorop.persons.bsn import is_valid_bsn

    bsn = mention.bsn if is_valid_bsn(mention.bsn) else None
    if bsn and (bsn in taken_bsns or (save and Person.objects.filter(bsn=bsn).exists())):
        bsn = None
    person = Person(
        given_names=mention.given_names,
        prefix=mention.prefix,
        surname=mention.surname or "?",
        date_of_birth=mention.date_of_birth,
        sex=mention.sex,
        bsn=bsn,
        recorded_by_id=mention.melding.source_organisation_id,
    )
    if save:
        person.save()
    return person


@dataclass
class _Decision:
    """What to do with one mention; written for all mentions of a report at once."""

    mention: MeldingPerson
    row: dict[str, Any]
    method: str = "GEEN"
    person_id: int | None = None
    score: float | None = None
    explanation: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    new_person: Person | None = None
    reviews: list[Candidate] = field(default_factory=list)
    review_reason: str = ""


def _link_mentions(
    mentions: list[MeldingPerson], *, taken: set[int], user=None
) -> list[LinkOutcome]:
    """Decide for each mention in order (a person linked to one is taken for the next: one
    report never names a person twice), then write everything in a few bulk statements.

    Reads: one query for the persons with the reported valid BSNs, one for the candidate
    identities of all the mentions' keys. Decisions do not depend on what earlier mentions of
    the same report write (their persons are taken), so the writes can wait until the end."""
    if not mentions:
        return []
    rows = [model_row(identity_of_mention(m)) for m in mentions]
    bsns = sorted({row["bsn"] for row in rows if row["bsn"]})
    person_by_bsn: dict[str, int] = {
        bsn: pk for bsn, pk in Person.objects.filter(bsn__in=bsns).values_list("bsn", "pk") if bsn
    }
    keys_of = [query_keys(row) for row in rows]
    profiles = fetch_profiles([key for keys in keys_of for key in keys])
    person_keys: dict[int, set[str]] = {}
    for person_id, profile in profiles:
        person_keys.setdefault(person_id, set()).update(index_keys(profile))
    new_bsns: set[str] = set()
    decisions = []
    for mention, row, keys in zip(mentions, rows, keys_of, strict=True):
        wanted = set(keys)
        mine = [p for p in profiles if not person_keys[p[0]].isdisjoint(wanted)]
        decision = _decide(
            mention, row, mine, person_by_bsn=person_by_bsn, taken=taken, new_bsns=new_bsns
        )
        if decision.person_id is not None:
            taken.add(decision.person_id)
        decisions.append(decision)
    _write(decisions, user=user)
    return [
        LinkOutcome(
            d.mention.pk,
            d.new_person.pk if d.new_person is not None else d.person_id,
            d.method,
            d.score,
            d.message,
        )
        for d in decisions
    ]


def _decide(
    mention: MeldingPerson,
    row: dict[str, Any],
    profiles: list[Profile],
    *,
    person_by_bsn: dict[str, int],
    taken: set[int],
    new_bsns: set[str],
) -> _Decision:
    decision = _Decision(mention=mention, row=row)
    bsn = row["bsn"]
    if bsn:
        person_id = person_by_bsn.get(bsn)
        if person_id is None:  # a person whose own record has no BSN, but a linked report has
            owners = [p for p, profile in profiles if profile.get("bsn") == bsn]
            person_id = min(owners) if owners else None
        if person_id is not None and person_id not in taken:
            decision.method = LinkMethod.BSN
            decision.person_id = person_id
            decision.score = 1.0
            decision.explanation = {
                "kans": 1.0,
                "regel": _("BSN gelijk (elfproef geldig)"),
                "velden": [],
            }
            decision.message = _("BSN gelijk (elfproef geldig)")
            return decision
    if not row["surname"] and not row["given1"] and not bsn:
        decision.message = _("Geen naam en geen BSN: niet gekoppeld")
        return decision
    ranked, refused = rank(row, profiles, exclude=taken)
    best = ranked[0] if ranked else None
    runner_up = ranked[1] if len(ranked) > 1 else None
    if (
        best is not None
        and best.score.probability >= LINK_THRESHOLD
        and (runner_up is None or runner_up.score.probability < REVIEW_THRESHOLD)
    ):
        decision.method = LinkMethod.PROBABILISTISCH
        decision.person_id = best.person_id
        decision.score = best.score.probability
        decision.explanation = best.score.explanation()
        decision.message = _describe(best.score)
        return decision
    reviewable = [c for c in ranked if c.score.probability >= REVIEW_THRESHOLD]
    if reviewable:
        decision.method = "BEOORDELEN"
        decision.reviews = reviewable
        decision.review_reason = str(
            _("Meer dan één persoon komt in aanmerking")
            if len(reviewable) > 1
            else _("Score tussen de drempels")
        )
        decision.score = reviewable[0].score.probability
        decision.message = decision.review_reason
        return decision
    decision.method = LinkMethod.NIEUW
    decision.new_person = person_from_mention(
        mention, save=False, taken_bsns=new_bsns | set(person_by_bsn)
    )
    if decision.new_person.bsn:
        new_bsns.add(decision.new_person.bsn)
    decision.explanation = {
        "kans": best.score.probability if best else None,
        "regel": _("Geen kandidaat boven de beoordelingsdrempel: nieuwe persoon"),
        "velden": best.score.explanation()["velden"] if best else [],
        "uitgesloten": len(refused),
    }
    decision.message = _("Nieuwe persoon in de index")
    return decision


def _write(decisions: list[_Decision], *, user=None) -> None:
    """The decisions' rows, in one statement per table (a report's persons at once)."""
    created = [d.new_person for d in decisions if d.new_person is not None]
    if created:
        Person.objects.bulk_create(created)
    linked: list[tuple[_Decision, int]] = []
    for d in decisions:
        if d.new_person is not None:
            d.person_id = d.new_person.pk
        if d.person_id is not None:
            d.mention.person_id = d.person_id
            linked.append((d, d.person_id))
    if linked:
        by = user if getattr(user, "is_authenticated", False) else None
        MeldingPerson.objects.bulk_update([d.mention for d, _ in linked], ["person"])
        PersonLink.objects.bulk_create(
            [
                PersonLink(
                    mention=d.mention,
                    person_id=person_id,
                    method=d.method,
                    score=d.score,
                    explanation=d.explanation,
                    created_by=by,
                )
                for d, person_id in linked
            ]
        )
        _index_identities([(person_id, d.mention, d.row) for d, person_id in linked])
    reviews = [
        LinkReview(
            mention=d.mention,
            candidate_id=c.person_id,
            score=c.score.probability,
            explanation=c.score.explanation(),
            reason=d.review_reason,
        )
        for d in decisions
        for c in d.reviews
    ]
    if reviews:  # a pair already in the queue stays as it is (the unique pair constraint)
        LinkReview.objects.bulk_create(reviews, ignore_conflicts=True)


def _describe(score: Score) -> str:
    agreeing = [f"{f.field}: {f.level}" for f in score.fields if f.weight > 0]
    return _("Kans %(p).3f; overeenkomst: %(fields)s") % {
        "p": score.probability,
        "fields": "; ".join(agreeing) or "–",
    }
