"""When things happen: the reporting window and the daily and weekly rhythm of reports.

Domestic violence peaks in the evening and at the weekend; professionals report in office
hours. All moments are built as Amsterdam wall-clock times and converted to UTC at once, so
that adding minutes never runs backwards across a daylight-saving change.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

#: Relative frequency of incidents per hour of the day (0-23) and per weekday (Monday first).
INCIDENT_HOURS = (5, 4, 3, 2, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7)
INCIDENT_WEEKDAYS = (12, 12, 12, 12, 15, 19, 18)
#: Office hours of professionals and of the police desk.
OFFICE_HOURS = (8, 9, 10, 11, 12, 13, 14, 15, 16, 17)
OFFICE_WEIGHTS = (4, 10, 10, 10, 6, 9, 10, 10, 8, 3)

_HOURS = tuple(range(24))
_WEEKDAYS = tuple(range(7))
_HOUR_CUM = tuple(accumulate(INCIDENT_HOURS))
_WEEKDAY_CUM = tuple(accumulate(INCIDENT_WEEKDAYS))
_OFFICE_CUM = tuple(accumulate(OFFICE_WEIGHTS))

DEFAULT_END = date(2026, 11, 1)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def local(day: date, hour: int, minute: int) -> datetime:
    """An Amsterdam wall-clock moment, as an aware UTC datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM).astimezone(UTC)


def local_date(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


@dataclass(frozen=True, slots=True)
class Window:
    """The simulated period. ``now`` is the fixed reference moment: nothing happens after it,
    and phases ("acute in the last 30 days") are judged against it, never the wall clock."""

    start_date: date
    end_date: date

    @classmethod
    def from_options(cls, start: date | None, years: int) -> Window:
        if start is None:
            return cls(add_years(DEFAULT_END, -years), DEFAULT_END)
        return cls(start, add_years(start, years))

    @property
    def start(self) -> datetime:
        return local(self.start_date, 0, 0)

    @property
    def now(self) -> datetime:
        return local(self.end_date, 0, 0)

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days

    def day(self, rng: random.Random, lo: float = 0.0, hi: float = 1.0) -> date:
        """A random day between fractions ``lo`` and ``hi`` of the window."""
        return self.start_date + timedelta(days=int(self.days * rng.uniform(lo, hi)))


def incident_time(rng: random.Random, around: date, window: Window) -> datetime:
    """A moment in the week of ``around`` following the evening and weekend peak."""
    monday = around - timedelta(days=around.weekday())
    weekday = rng.choices(_WEEKDAYS, cum_weights=_WEEKDAY_CUM)[0]
    hour = rng.choices(_HOURS, cum_weights=_HOUR_CUM)[0]
    day = monday + timedelta(days=weekday)
    if day < window.start_date:
        day += timedelta(days=7)
    elif day >= window.end_date:
        day -= timedelta(days=7)
    return local(day, hour, rng.randrange(60))


def daytime(rng: random.Random, around: date) -> datetime:
    """A weekday moment in office hours on or just after ``around`` (professionals observe)."""
    day = around
    while day.weekday() >= 5:
        day += timedelta(days=1)
    hour = rng.choices(OFFICE_HOURS, cum_weights=_OFFICE_CUM)[0]
    return local(day, hour, rng.randrange(60))


def office_after(rng: random.Random, after: datetime, min_days: int, max_days: int) -> datetime:
    """The first office-hours moment at least ``min_days`` (up to ``max_days``) after ``after``."""
    day = local_date(after) + timedelta(days=rng.randint(min_days, max_days))
    for _ in range(21):
        if day.weekday() < 5:
            moment = local(day, rng.choices(OFFICE_HOURS, cum_weights=_OFFICE_CUM)[0], 0)
            moment += timedelta(minutes=rng.randrange(60))
            if moment > after:
                return moment
        day += timedelta(days=1)
    return after + timedelta(days=1)


def minutes(rng: random.Random, lo: int, hi: int) -> timedelta:
    return timedelta(minutes=rng.randint(lo, hi))


def hours(rng: random.Random, lo: float, hi: float) -> timedelta:
    return timedelta(minutes=int(rng.uniform(lo, hi) * 60))
