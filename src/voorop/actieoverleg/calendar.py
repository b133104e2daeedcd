"""The iCalendar (RFC 5545) invitation of a meeting, made with the ``icalendar`` package."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from icalendar import Calendar, Event, vText

from voorop.actieoverleg.models import AgendaItem, Meeting, MeetingStatus


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
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", vText(f"Actieoverleg {meeting.vt_organisation.name}"))
    if meeting.location:
        event.add("location", vText(meeting.location))
    agenda = "\n".join(
        f"{i.position}. {timezone.localtime(i.slot_start):%H:%M}–"
        f"{timezone.localtime(i.slot_end):%H:%M} {i.reference}"
        for i in items
    )
    event.add("description", vText(f"Agenda:\n{agenda}" if agenda else "Agenda volgt."))
    event.add(
        "status",
        "CANCELLED" if meeting.status == MeetingStatus.AFGEROND and not items else "CONFIRMED",
    )
    cal.add_component(event)
    for item in items:
        slot = Event()
        slot.add("uid", f"{item.reference}@{host}")
        slot.add("dtstamp", now)
        slot.add("dtstart", item.slot_start)
        slot.add("dtend", item.slot_end)
        slot.add("summary", vText(f"Actieoverleg: casus {item.reference}"))
        if meeting.location:
            slot.add("location", vText(meeting.location))
        cal.add_component(slot)
    return cal.to_ical()
