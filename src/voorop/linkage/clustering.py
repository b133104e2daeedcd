"""Clustering scored pairs into persons, refusing merges that cannot be right.

Splink scores pairs; a plain pipeline then takes connected components of the pairs above a
threshold, so one wrong edge joins two whole clusters — mother and daughter, the twins, the
suspect and the victim. Here the edges are processed from the most to the least probable with a
union–find whose clusters carry what their records say, and a merge is refused when it would
put into one person:

- two mentions from the same report (``source``): one report never names a person twice;
- two different valid BSNs;
- a man and a woman;
- two first given names that are not spelling variants of each other (not equal, no shared
  phonetic key, Jaro–Winkler < 0.88 and more than one edit apart), or initials that do not fit;
- two dates of birth that are not typing variants of each other (not equal, not day/month
  swapped, more than two characters apart and not the same day and month within ten years).

The check runs on the whole clusters, not only on the two records of the edge, so a chain
Jan — J. — Joost cannot join Jan and Joost. Pairs that share a valid BSN are merged first and
only refused on the report and BSN rules: a valid BSN outweighs a spelling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import jellyfish

from voorop.linkage.normalise import phonetic


@dataclass(slots=True)
class RecordFacts:
    """What one record says that a cluster must not contradict (empty = unknown)."""

    source: str = ""
    bsn: str = ""
    sex: str = ""
    given1: str = ""
    initial: str = ""
    dob: str = ""


@dataclass(slots=True)
class _Cluster:
    sources: set[str] = field(default_factory=set)
    bsn: str = ""
    sex: str = ""
    givens: set[str] = field(default_factory=set)
    initials: set[str] = field(default_factory=set)
    dobs: set[str] = field(default_factory=set)
    size: int = 1


@lru_cache(maxsize=500_000)
def given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if phonetic(a) == phonetic(b):
        return True
    if jellyfish.jaro_winkler_similarity(a, b) >= 0.88:
        return True
    return jellyfish.damerau_levenshtein_distance(a, b) <= 1


@lru_cache(maxsize=500_000)
def dob_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return True
    if a[5:] == b[5:] and abs(int(a[:4]) - int(b[:4])) <= 10:
        return True
    return jellyfish.levenshtein_distance(a, b) <= 2


def _cluster_of(facts: RecordFacts) -> _Cluster:
    return _Cluster(
        sources={facts.source} if facts.source else set(),
        bsn=facts.bsn or "",
        sex=facts.sex if facts.sex in ("M", "V") else "",
        givens={facts.given1} if facts.given1 else set(),
        initials={facts.initial} if facts.initial and not facts.given1 else set(),
        dobs={facts.dob} if facts.dob else set(),
    )


@dataclass(slots=True)
class FactColumns:
    """The facts of records ``0..n-1`` column by column (None or "" = unknown)."""

    source: Sequence[str | None]
    bsn: Sequence[str | None]
    sex: Sequence[str | None]
    given1: Sequence[str | None]
    initial: Sequence[str | None]
    dob: Sequence[str | None]

    def __len__(self) -> int:
        return len(self.source)

    def record(self, i: int) -> RecordFacts:
        return RecordFacts(
            source=self.source[i] or "",
            bsn=self.bsn[i] or "",
            sex=self.sex[i] or "",
            given1=self.given1[i] or "",
            initial=self.initial[i] or "",
            dob=self.dob[i] or "",
        )


def conflict(a: _Cluster, b: _Cluster, *, identity_rules: bool = True) -> str:
    """The reason why ``a`` and ``b`` cannot be one person, or ``""``."""
    if a.sources and b.sources and not a.sources.isdisjoint(b.sources):
        return "zelfde melding"
    if a.bsn and b.bsn and a.bsn != b.bsn:
        return "ander BSN"
    if not identity_rules:
        return ""
    if a.sex and b.sex and a.sex != b.sex:
        return "ander geslacht"
    for x in a.givens:
        for y in b.givens:
            if not given_compatible(x, y):
                return "andere voornaam"
    if a.initials or b.initials:
        a_first = {g[0] for g in a.givens} | a.initials
        b_first = {g[0] for g in b.givens} | b.initials
        if a_first and b_first and a_first.isdisjoint(b_first):
            return "andere voorletter"
    for x in a.dobs:
        for y in b.dobs:
            if not dob_compatible(x, y):
                return "andere geboortedatum"
    return ""


def facts_conflict(a: RecordFacts, b: RecordFacts) -> str:
    """The reason two single records cannot be one person, or ``""`` (used online)."""
    return conflict(_cluster_of(a), _cluster_of(b))


@dataclass
class ClusterResult:
    labels: list[int]
    merges: int
    refused: dict[str, int]


def cluster(
    facts: FactColumns,
    *,
    must_links: Sequence[tuple[int, int]] = (),
    edges_left: Sequence[int],
    edges_right: Sequence[int],
    edges_probability: Sequence[float],
    threshold: float,
) -> ClusterResult:
    """Cluster records ``0..n-1``; the edges must be sorted by probability, highest first.

    Returns per record the index of its cluster's representative record."""
    n = len(facts)
    parent = list(range(n))
    state: dict[int, _Cluster] = {}
    refused: dict[str, int] = {}
    merges = 0

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def state_of(root: int) -> _Cluster:
        found = state.get(root)
        if found is None:
            found = state[root] = _cluster_of(facts.record(root))
        return found

    def union(a: int, b: int, identity_rules: bool) -> None:
        nonlocal merges
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        ca, cb = state_of(ra), state_of(rb)
        reason = conflict(ca, cb, identity_rules=identity_rules)
        if reason:
            refused[reason] = refused.get(reason, 0) + 1
            return
        if ca.size < cb.size:
            ra, rb, ca, cb = rb, ra, cb, ca
        parent[rb] = ra
        ca.sources |= cb.sources
        ca.bsn = ca.bsn or cb.bsn
        ca.sex = ca.sex or cb.sex
        ca.givens |= cb.givens
        ca.initials |= cb.initials
        ca.dobs |= cb.dobs
        ca.size += cb.size
        del state[rb]
        merges += 1

    for a, b in must_links:
        union(a, b, identity_rules=False)
    for a, b, p in zip(edges_left, edges_right, edges_probability, strict=True):
        if p < threshold:
            break
        # Inline find for the common case: both records already in the same cluster.
        ra = a
        while parent[ra] != ra:
            ra = parent[ra]
        rb = b
        while parent[rb] != rb:
            rb = parent[rb]
        if ra != rb:
            union(ra, rb, identity_rules=True)
    return ClusterResult(labels=[find(i) for i in range(n)], merges=merges, refused=refused)
