"""Time windows in local time: weekdays are the day a window starts, a window whose end is at
or before its start runs past midnight, equal times are a whole day, validity dates count for
the day a window starts; coverage chains windows that follow each other without a gap."""

from __future__ import annotations

import datetime as dt

import pytest

from voorop.reachability import windows
from voorop.reachability.models import Channel, ReachabilityArrangement
from voorop.reachability.tests.conftest import AMSTERDAM, at


def arrangement(days, start, end, *, channel=Channel.TER_PLAATSE, **extra):
    """An unsaved arrangement: the window logic needs no database."""
    return ReachabilityArrangement(
        channel=channel,
        weekdays=list(days),
        time_from=dt.time(*start),
        time_until=dt.time(*end),
        **extra,
    )


OFFICE = arrangement(range(5), (9, 0), (17, 0))
FRIDAY_NIGHT = arrangement([4], (17, 0), (2, 0), channel=Channel.PIKET)
ALWAYS = arrangement(range(7), (0, 0), (0, 0), channel=Channel.TELEFOON)


@pytest.mark.parametrize(
    ("moment", "running"),
    [
        ("2026-03-10 08:59", False),  # Tuesday, before the office opens
        ("2026-03-10 09:00", True),
        ("2026-03-10 16:59", True),
        ("2026-03-10 17:00", False),  # the end is not part of the window
        ("2026-03-14 10:00", False),  # Saturday
    ],
)
def test_office_hours(moment, running):
    assert bool(windows.active_windows([OFFICE], at(moment))) is running


@pytest.mark.parametrize(
    ("moment", "running"),
    [
        ("2026-03-13 16:59", False),  # Friday afternoon
        ("2026-03-13 17:00", True),
        ("2026-03-13 23:59", True),
        ("2026-03-14 00:00", True),  # Saturday: still Friday's window
        ("2026-03-14 01:59", True),
        ("2026-03-14 02:00", False),
        ("2026-03-14 17:30", False),  # Saturday evening: Saturday is not a start day
        ("2026-03-12 23:30", False),  # Thursday night
    ],
)
def test_a_window_crossing_midnight_belongs_to_the_day_it_starts(moment, running):
    assert bool(windows.active_windows([FRIDAY_NIGHT], at(moment))) is running


def test_equal_times_are_a_whole_day_and_every_day_is_24_7():
    assert windows.active_windows([ALWAYS], at("2026-03-15 03:17"))
    cover = windows.coverage([ALWAYS], at("2026-03-15 03:17"))
    assert cover is not None and cover.until is None
    assert ALWAYS.is_24_7 and ALWAYS.hours_display == "hele dag"


def test_validity_counts_for_the_day_the_window_starts():
    limited = arrangement(
        [4], (17, 0), (2, 0), valid_from=dt.date(2026, 3, 13), valid_until=dt.date(2026, 3, 13)
    )
    assert windows.active_windows([limited], at("2026-03-14 01:00"))  # started on the 13th
    assert not windows.active_windows([limited], at("2026-03-06 18:00"))  # before valid_from
    assert not windows.active_windows([limited], at("2026-03-20 18:00"))  # after valid_until


def test_coverage_chains_windows_without_a_gap():
    evening = arrangement(range(4), (17, 0), (22, 0), channel=Channel.PIKET)
    cover = windows.coverage([OFFICE, evening], at("2026-03-10 10:00"))
    assert cover is not None
    assert cover.until == at("2026-03-10 22:00")
    assert [w.arrangement.channel for w in cover.windows] == [Channel.TER_PLAATSE, Channel.PIKET]


def test_a_gap_ends_coverage_and_the_next_start_is_found():
    late = arrangement(range(5), (18, 0), (22, 0))
    moment = at("2026-03-10 10:00")
    cover = windows.coverage([OFFICE, late], moment)
    assert cover is not None and cover.until == at("2026-03-10 17:00")
    assert windows.next_start([OFFICE, late], at("2026-03-10 17:30")) == at("2026-03-10 18:00")
    assert windows.next_start([OFFICE], at("2026-03-13 17:30")) == at("2026-03-16 09:00")
    assert windows.next_start([], moment) is None


def test_a_utc_moment_is_read_in_amsterdam_time():
    # 2026-07-01 20:30 UTC is 22:30 in Amsterdam (summer time): the evening window is over.
    evening = arrangement(range(7), (17, 0), (22, 0))
    utc = dt.datetime(2026, 7, 1, 20, 30, tzinfo=dt.UTC)
    assert windows.to_local(utc).hour == 22
    assert not windows.active_windows([evening], windows.to_local(utc))
    assert windows.to_local(dt.datetime(2026, 7, 1, 21, 0)).tzinfo == AMSTERDAM
