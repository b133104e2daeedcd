"""Records other than meldingen that a disclosure shares (a veiligheidsbeoordeling, a plan, …).

The register itself knows meldingen (``DisclosureItem``). An app that shares one of its own
records through the register:

- creates the disclosure with ``services.disclosure_create_for_record`` — the same rules as for
  meldingen (a partner organisation involved in the family system on its own account, an
  active sharing rule for the pair of organisations and the moment, a stated necessity; field
  groups are about meldingen and do not apply) — and links its record to the disclosure in a
  table of its own, in the same transaction;
- registers a provider in its ``AppConfig.ready``: ``records.register(provider)``, where
  ``provider(disclosure_ids)`` returns ``{disclosure_id: [SharedRecord, …]}`` for the
  disclosures that share one of its records, so that the register (pages and API) can say
  what was shared;
- decides itself what the recipient sees of the record, and shows it only while the disclosure
  is active (``withdrawn_at`` is empty). Withdrawing works as for meldingen.

A disclosure shares either meldingen or one other record, never both, so the register asks the
providers only about disclosures without meldingen (and a register of melding disclosures costs
no extra query).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SharedRecord:
    """What the register shows of a shared record: never its content, only what it is."""

    kind: str  # stable code, e.g. "veiligheidsbeoordeling"
    record_id: int
    label: str  # e.g. "Veiligheidsbeoordeling VB-2026-000012"
    shared: str  # what of it is shared, in words
    url: str = ""


RecordProvider = Callable[[list[int]], dict[int, list[SharedRecord]]]

_providers: list[RecordProvider] = []


def register(provider: RecordProvider) -> None:
    """Add a provider (once; registering the same function again does nothing)."""
    if provider not in _providers:
        _providers.append(provider)


def records_for(disclosure_ids: Iterable[int]) -> dict[int, list[SharedRecord]]:
    """The records each of these disclosures shares besides meldingen."""
    ids = sorted(set(disclosure_ids))
    found: dict[int, list[SharedRecord]] = {}
    if not ids:
        return found
    for provider in _providers:
        for disclosure_id, records in provider(ids).items():
            found.setdefault(disclosure_id, []).extend(records)
    return found
