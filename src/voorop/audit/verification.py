"""Checking the access log's hash chain (``voorop audit verify``).

The chain is intact when, walking the records in ``seq`` order:

* the sequence numbers follow each other without a gap (a gap is a removed record);
* each record's ``prev_hash`` is the previous record's ``hash``;
* each record's ``hash`` is what ``voorop.audit.chain.entry_hash`` computes from its fields;
* each record's persons (``AccessLogPerson``) are exactly those in its ``person_ids``;
* the first record starts at the genesis hash — or, once retention removed the oldest records,
  at the anchor a RETENTION record names: that record says which records it removed and what
  the hash of the last of them was, so an unexplained missing beginning is still found.

The first broken link is reported; the walk stops there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from voorop.audit.chain import HASHED_FIELDS, entry_hash
from voorop.audit.models import (
    GENESIS_HASH,
    AccessAction,
    AccessLogEntry,
    AccessLogPerson,
)

DEFAULT_BATCH_SIZE = 2000

#: ``object_id`` of the RETENTION record that removed the oldest records of the log:
#: ``seq:<first removed>-<last removed>;anker:<hash of the last removed record>``.
RETENTION_OBJECT_TYPE = "toegangslog"
_RETENTION_ID_RE = re.compile(r"seq:(\d+)-(\d+);anker:([0-9a-f]{64})")


def retention_object_id(*, first_seq: int, last_seq: int, anchor: str) -> str:
    return f"seq:{first_seq}-{last_seq};anker:{anchor}"


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    event_id: str
    #: seq_gat, vorige_hash_wijkt_af, hash_wijkt_af, personen_wijken_af or anker_onbekend
    code: str
    detail: str


@dataclass(frozen=True)
class Anchor:
    """The chain starts after records removed by retention."""

    first_seq: int
    prev_hash: str
    retention_seq: int


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken: BrokenLink | None
    anchor: Anchor | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def _retention_anchor(first: dict) -> Anchor | None:
    """The RETENTION record that explains why the chain starts at ``first``, if any."""
    candidates = AccessLogEntry.objects.filter(
        action=AccessAction.RETENTION,
        object_type=RETENTION_OBJECT_TYPE,
        object_id__endswith=f"-{first['seq'] - 1};anker:{first['prev_hash']}",
        seq__gte=first["seq"],
    ).values_list("seq", "object_id")
    for seq, object_id in candidates:
        match = _RETENTION_ID_RE.fullmatch(object_id)
        if match and int(match.group(2)) == first["seq"] - 1:
            return Anchor(first_seq=first["seq"], prev_hash=first["prev_hash"], retention_seq=seq)
    return None


def verify_chain(
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> VerifyResult:
    """Walk the whole chain in batches (see the module docstring). ``progress(checked, total)``
    is called after each batch when given."""
    total = AccessLogEntry.objects.count() if progress else 0
    fields = ("id", *HASHED_FIELDS, "prev_hash", "hash")
    checked = 0
    anchor: Anchor | None = None
    expected_seq: int | None = None
    expected_prev: str | None = None
    last_seq = 0  # seq starts at 1; keyset pagination on the unique seq index

    def broken(row: dict, code: str, detail: str) -> VerifyResult:
        link = BrokenLink(seq=row["seq"], event_id=str(row["event_id"]), code=code, detail=detail)
        return VerifyResult(checked=checked, broken=link, anchor=anchor)

    while True:
        rows = list(
            AccessLogEntry.objects.filter(seq__gt=last_seq)
            .order_by("seq")
            .values(*fields)[:batch_size]
        )
        if not rows:
            break
        persons: dict[int, list[int]] = defaultdict(list)
        for entry_id, person_id in AccessLogPerson.objects.filter(
            entry_id__in=[row["id"] for row in rows]
        ).values_list("entry_id", "person_id"):
            persons[entry_id].append(person_id)

        for row in rows:
            if expected_seq is None:
                if row["prev_hash"] != GENESIS_HASH:
                    anchor = _retention_anchor(row)
                    if anchor is None:
                        return broken(
                            row,
                            "anker_onbekend",
                            _(
                                "de keten begint bij seq %(seq)d met prev_hash %(prev)s…, maar "
                                "geen RETENTION-regel heeft de regels daarvoor verwijderd: er "
                                "ontbreken regels"
                            )
                            % {"seq": row["seq"], "prev": row["prev_hash"][:16]},
                        )
                elif row["seq"] != 1:
                    return broken(
                        row,
                        "seq_gat",
                        _("de eerste regel heeft seq %(seq)d in plaats van 1")
                        % {"seq": row["seq"]},
                    )
            else:
                if row["seq"] != expected_seq:
                    return broken(
                        row,
                        "seq_gat",
                        _(
                            "seq %(expected)d verwacht, seq %(seq)d gevonden: "
                            "%(n)d regel(s) ontbreken"
                        )
                        % {
                            "expected": expected_seq,
                            "seq": row["seq"],
                            "n": row["seq"] - expected_seq,
                        },
                    )
                if row["prev_hash"] != expected_prev:
                    return broken(
                        row,
                        "vorige_hash_wijkt_af",
                        _(
                            "prev_hash %(prev)s… is niet de hash van seq %(before)d "
                            "(%(expected)s…): die regel is gewijzigd of vervangen"
                        )
                        % {
                            "prev": row["prev_hash"][:16],
                            "before": row["seq"] - 1,
                            "expected": (expected_prev or "")[:16],
                        },
                    )
            computed = entry_hash(row["prev_hash"], row)
            if computed != row["hash"]:
                return broken(
                    row,
                    "hash_wijkt_af",
                    _(
                        "opgeslagen hash %(stored)s… wijkt af van de berekende %(computed)s…: "
                        "de velden van deze regel zijn gewijzigd"
                    )
                    % {"stored": row["hash"][:16], "computed": computed[:16]},
                )
            listed = sorted(int(pk) for pk in row["person_ids"].split(",") if pk)
            if sorted(persons.get(row["id"], [])) != listed:
                return broken(
                    row,
                    "personen_wijken_af",
                    _("de persoonsregels %(rows)s wijken af van person_ids %(listed)s")
                    % {"rows": sorted(persons.get(row["id"], [])), "listed": listed},
                )
            checked += 1
            expected_seq, expected_prev = row["seq"] + 1, row["hash"]
        last_seq = rows[-1]["seq"]
        if progress:
            progress(checked, total)
    return VerifyResult(checked=checked, broken=None, anchor=anchor)
