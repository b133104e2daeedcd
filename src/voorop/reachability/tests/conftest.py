"""Fixtures of the reachability tests.

- ``region``: the synthetic region as ``voorop seed`` creates it (``seeding.region``), with the
  reachability of Rijnveen and Dommelvliet (``seeding.reachability``); returns the
  organisations by code.
- ``at``: ``at("2026-03-10 19:30")`` → that moment in Amsterdam time (an aware datetime).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def region(db):
    from voorop.seeding.region import ensure_region

    return ensure_region()


def at(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=AMSTERDAM)
