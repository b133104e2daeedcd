"""Time windows of reachability arrangements, in local (Europe/Amsterdam) time.

An arrangement is a weekly pattern: on its weekdays, from ``time_from`` to ``time_until``.
The weekday is the day a window starts, so a Friday 17:00–02:00 window runs until Saturday
02:00; equal times mean a whole day from that time. All arithmetic is done on local wall-clock
time (aware datetimes in the one zone compare by wall clock), which is what the arrangements
describe: "until 22:00" stays 22:00 on the day the clocks change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

#: How far ahead an answer looks ("VT can come on site again from Monday 09:00").
HORIZON_DAYS = 8


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def to_local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in local time; a naive moment is taken to be local time already."""
    zone = local_zone()
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


@dataclass(frozen=True)
class Window:
    """One occurrence of an arrangement: [start, end) in local time."""

    arrangement: object
    start: dt.datetime
    end: dt.datetime

    def contains(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end


def occurrences(
    arrangement, around: dt.datetime, *, days_after: int = HORIZON_DAYS
) -> Iterator[Window]:
    """The windows of ``arrangement`` that start from the day before ``around`` (a window that
    began yesterday evening may still be running) up to ``days_after`` days later."""
    zone = local_zone()
    weekdays = set(arrangement.weekdays or ())
    crosses = arrangement.time_until <= arrangement.time_from
    for offset in range(-1, days_after + 1):
        day = around.date() + dt.timedelta(days=offset)
        if day.weekday() not in weekdays or not arrangement.valid_on(day):
            continue
        start = dt.datetime.combine(day, arrangement.time_from, tzinfo=zone)
        end_day = day + dt.timedelta(days=1) if crosses else day
        yield Window(arrangement, start, dt.datetime.combine(end_day, arrangement.time_until, zone))


def active_windows(arrangements: Iterable, moment: dt.datetime) -> list[Window]:
    """The windows running at ``moment`` (local), one per arrangement at most."""
    found = []
    for arrangement in arrangements:
        for window in occurrences(arrangement, moment, days_after=0):
            if window.contains(moment):
                found.append(window)
                break
    return found


@dataclass(frozen=True)
class Coverage:
    """Continuous coverage from a moment on: the windows chained one after the other, and
    when it ends (``None``: beyond the horizon — day and night)."""

    windows: list[Window]
    until: dt.datetime | None


def coverage(arrangements: Iterable, moment: dt.datetime) -> Coverage | None:
    """How long, from ``moment``, at least one of ``arrangements`` keeps running without a gap
    (a window that starts exactly when another ends continues it). None if none runs now."""
    windows = sorted(
        (w for a in arrangements for w in occurrences(a, moment)), key=lambda w: (w.start, w.end)
    )
    current = [w for w in windows if w.contains(moment)]
    if not current:
        return None
    horizon = moment + dt.timedelta(days=HORIZON_DAYS - 1)
    chain = [max(current, key=lambda w: w.end)]
    end = chain[0].end
    while end < horizon:
        following = [w for w in windows if w.start <= end < w.end]
        if not following:
            break
        step = max(following, key=lambda w: w.end)
        chain.append(step)
        end = step.end
    return Coverage(windows=chain, until=None if end >= horizon else end)


def next_start(arrangements: Iterable, moment: dt.datetime) -> dt.datetime | None:
    """The first moment after ``moment`` at which one of ``arrangements`` starts a window."""
    starts = [w.start for a in arrangements for w in occurrences(a, moment) if w.start > moment]
    return min(starts) if starts else None
