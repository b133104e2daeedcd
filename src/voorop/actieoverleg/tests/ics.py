"""Checks that an .ics body is what calendar applications accept, using the icalendar
library's own knowledge of RFC 5545: it parses without errors, every component has its
required properties (and singletons at most once, DTEND and DURATION not both), every TZID
has its VTIMEZONE, lines end in CRLF and are folded at 75 octets, and events end after they
start."""

from __future__ import annotations

from icalendar import Calendar, Component


def _check(component: Component, problems: list[str]) -> None:
    name = component.name
    problems += [f"{name}: {prop}: {error}" for prop, error in getattr(component, "errors", [])]
    for prop in component.required:
        if prop not in component:
            problems.append(f"{name}: {prop} is required")
    for prop in component.singletons:
        values = component.get(prop)
        if isinstance(values, list) and len(values) > 1:
            problems.append(f"{name}: {prop} may occur once")
    exclusive = [p for p in component.exclusive if p in component]
    if len(exclusive) > 1:
        problems.append(f"{name}: only one of {', '.join(exclusive)}")
    if name == "VEVENT" and "DTEND" in component and "DTSTART" in component:
        start, end = component.decoded("DTSTART"), component.decoded("DTEND")
        if type(start) is type(end) and end <= start:
            problems.append(f"VEVENT {component.get('UID')}: ends before it starts")
    for sub in component.subcomponents:
        _check(sub, problems)


def ics_problems(body: bytes) -> list[str]:
    """What keeps ``body`` from being a valid iCalendar object (empty: nothing)."""
    problems: list[str] = []
    if not body.endswith(b"\r\n") or b"\n" in body.replace(b"\r\n", b""):
        problems.append("lines must end in CRLF")
    problems += [
        f"line longer than 75 octets: {line[:30]!r}…"
        for line in body.split(b"\r\n")
        if len(line) > 75
    ]
    try:
        calendar = Calendar.from_ical(body)
    except ValueError as error:
        return [*problems, f"does not parse: {error}"]
    if calendar.name != "VCALENDAR":
        problems.append("not a VCALENDAR")
    _check(calendar, problems)
    timezones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for event in calendar.walk("VEVENT"):
        for prop in ("DTSTART", "DTEND", "DTSTAMP"):
            tzid = event[prop].params.get("TZID") if prop in event else None
            if tzid and tzid not in timezones:
                problems.append(f"{prop} names TZID {tzid} without a VTIMEZONE")
        for prop in ("UID", "DTSTART", "SUMMARY"):
            if prop not in event:
                problems.append(f"VEVENT without {prop}")
    if not calendar.walk("VEVENT"):
        problems.append("no VEVENT")
    return problems


def assert_valid_ics(body: bytes) -> Calendar:
    problems = ics_problems(body)
    assert problems == [], "\n".join(problems)
    return Calendar.from_ical(body)
