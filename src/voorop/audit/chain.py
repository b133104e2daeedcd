"""The access log's hash chain: what is hashed, and how.

Each record's ``hash`` is ``sha256(prev_hash + canonical JSON)`` in lower-case hex, where the
canonical JSON holds every logged field (``HASHED_FIELDS``) — including ``seq`` and
``occurred_at`` as ISO 8601 UTC with microseconds — with sorted keys, no whitespace and UTF-8.
``prev_hash`` is the previous record's ``hash`` (``GENESIS_HASH`` for the first record ever).
Changing, inserting or removing a record therefore changes a hash that a later record depends
on, which ``voorop audit verify`` finds.

This is the log's storage format: the data migration that chained the records written before
the chain existed uses it too. Changing it means a new format version that ``verify`` still
reads, never an edit of this function.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import uuid
from collections.abc import Mapping
from typing import Any

HASHED_FIELDS: tuple[str, ...] = (
    "seq",
    "event_id",
    "occurred_at",
    "action",
    "outcome",
    "user_id",
    "username",
    "roles",
    "acting_role",
    "organisation_code",
    "on_behalf_of",
    "purpose",
    "object_type",
    "object_id",
    "person_ids",
    "client_address",
    "channel",
)


def canonical_address(value: object) -> str | None:
    """An IP address in one spelling whatever the database hands back (PostgreSQL's ``inet``
    and SQLite's text may spell IPv6 differently); None for anything that is no address."""
    if value in (None, ""):
        return None
    try:
        return ipaddress.ip_address(str(value).split("/")[0]).exploded
    except ValueError:
        return None


def canonical_time(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical_json(values: Mapping[str, Any]) -> str:
    """The logged fields of one record as canonical JSON (see the module docstring)."""
    data: dict[str, Any] = {}
    for name in HASHED_FIELDS:
        value = values[name]
        if name == "occurred_at":
            value = canonical_time(value)
        elif name == "event_id":
            value = str(uuid.UUID(str(value)))
        elif name == "client_address":
            value = canonical_address(value)
        elif name in {"seq", "user_id"}:
            value = None if value is None else int(value)
        else:
            value = "" if value is None else str(value)
        data[name] = value
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, values: Mapping[str, Any]) -> str:
    payload = (prev_hash + canonical_json(values)).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()
