"""The iCalendar (RFC 5545) invitation of a meeting, made with the ``icalendar`` package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from voorop.actieoverleg.models import AgendaItem, Meeting


def _utc(value: dt.datetime) -> dt.datetime:
    """Times in UTC ("Z"): a TZID would need a VTIMEZONE that some calendars cannot read."""
    return value.astimezone(dt.UTC)


def meeting_invitation(*, meeting: Meeting, items: Sequence[AgendaItem], host: str) -> bytes:
    """One VEVENT for the meeting, and one per agenda item the reader sees (its time slot).
    Only references: no names or case content, since calendars travel through mail servers."""
    cal = Calendar()
    cal.add("prodid", "-//voorop//actieoverleg//NL")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    now = timezone.now()

    event = Event()
    event.add("uid", f"{meeting.reference}@{host}")
    event.add("dtstamp", _utc(now))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", vText(_("Actieoverleg %(vt)s") % {"vt": meeting.vt_organisation.name}))
    if meeting.location:
        event.add("location", vText(meeting.location))
    agenda = "\n".join(
        f"{n}. {timezone.localtime(i.slot_start):%H:%M}–"
        f"{timezone.localtime(i.slot_end):%H:%M} {i.reference}"
        for n, i in enumerate(items, start=1)
    )
    event.add(
        "description",
        vText(_("Agenda:\n%(agenda)s") % {"agenda": agenda} if agenda else _("Agenda volgt.")),
    )
    event.add("status", "CONFIRMED")
    cal.add_component(event)
    for item in items:
        slot = Event()
        slot.add("uid", f"{item.reference}@{host}")
        slot.add("dtstamp", _utc(now))
        slot.add("dtstart", _utc(item.slot_start))
        slot.add("dtend", _utc(item.slot_end))
        slot.add("summary", vText(_("Actieoverleg: casus %(ref)s") % {"ref": item.reference}))
        if meeting.location:
            slot.add("location", vText(meeting.location))
        cal.add_component(slot)
    return cal.to_ical()
