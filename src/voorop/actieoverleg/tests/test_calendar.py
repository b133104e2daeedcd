"""The .ics invitation per meeting: valid iCalendar (checked with the icalendar library), the
slots of the items the reader sees and no other, references only, times in UTC."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from voorop.actieoverleg import calendar, services
from voorop.audit.models import AccessAction, AccessLogEntry

from .ics import assert_valid_ics, ics_problems

pytestmark = pytest.mark.django_db

VALID = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//NL\r\nBEGIN:VEVENT\r\n"
    b"UID:a@b\r\nDTSTAMP:20300101T090000Z\r\nDTSTART:20300101T100000Z\r\n"
    b"DTEND:20300101T110000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (VALID.replace(b"UID:a@b\r\n", b""), "UID is required"),
        (VALID.replace(b"PRODID:-//x//y//NL\r\n", b""), "PRODID is required"),
        (VALID.replace(b"DTEND:20300101T110000Z", b"DTEND:20300101T080000Z"), "ends before"),
        (
            VALID.replace(
                b"DTSTART:20300101T100000Z", b"DTSTART;TZID=Europe/Amsterdam:20300101T100000"
            ),
            "without a VTIMEZONE",
        ),
        (VALID.replace(b"\r\n", b"\n"), "CRLF"),
        (VALID.replace(b"SUMMARY:x", b"SUMMARY:" + b"x" * 80), "longer than 75"),
        (VALID.replace(b"DTSTART:20300101T100000Z", b"DTSTART:2030x"), "DTSTART"),
        (VALID.replace(b"SUMMARY:x\r\n", b"SUMMARY:x\r\nDURATION:PT1H\r\n"), "only one of"),
    ],
)
def test_the_checker_finds_what_calendars_refuse(broken, problem):
    assert ics_problems(VALID) == []
    assert any(problem in p for p in ics_problems(broken)), ics_problems(broken)


def test_invitation_of_a_meeting_with_three_cases_is_valid(client, ao):
    meeting = ao.meeting()
    items = [ao.schedule(meeting, position=2)]  # the De Vries family at 10:40
    items.append(ao.schedule(meeting, ao.scenario.vt_only_family, by="CHAIR", position=0))
    client.force_login(ao.users["OM"])
    response = client.get(reverse("actieoverleg:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{meeting.reference}.ics"'
    parsed = assert_valid_ics(response.content)
    events = parsed.walk("VEVENT")
    assert [str(e["UID"]).split("@")[0] for e in events] == [
        meeting.reference,
        items[1].reference,  # in the order of the time slots
        items[0].reference,
    ]
    assert events[0].decoded("DTSTART") == meeting.starts_at
    assert events[0].decoded("DTSTART").utcoffset() == dt.timedelta(0)
    # The agenda in the description follows the time slots.
    description = str(events[0]["DESCRIPTION"])
    assert description.index(items[1].reference) < description.index(items[0].reference)
    for family in (ao.family, ao.scenario.vt_only_family):
        assert family.name.encode() not in response.content
    entry = AccessLogEntry.objects.latest("seq")
    assert (entry.action, entry.object_id) == (AccessAction.EXPORT, str(meeting.pk))


def test_an_invited_3ro_gets_only_its_own_slot(client, ao):
    meeting = ao.meeting()
    own = ao.schedule(meeting)
    other = ao.schedule(meeting, ao.scenario.vt_only_family, by="CHAIR", position=1)
    client.force_login(ao.users["RECLASSERING"])
    body = client.get(reverse("actieoverleg:meeting_ics", args=[meeting.pk])).content
    parsed = assert_valid_ics(body)
    assert len(parsed.walk("VEVENT")) == 2
    assert own.reference.encode() in body
    assert other.reference.encode() not in body


def test_times_are_utc_even_for_a_meeting_planned_in_local_time(ao):
    """A TZID without a VTIMEZONE is what calendars refuse: the invitation carries UTC."""
    start = timezone.localtime(timezone.now() + dt.timedelta(days=4)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    meeting = services.meeting_create(
        user=ao.chair,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        standing_organisations=[ao.orgs["POLITIE"], ao.orgs["OM"]],
    )
    assert meeting.starts_at.utcoffset() != dt.timedelta(0)  # Europe/Amsterdam, as planned
    body = calendar.meeting_invitation(meeting=meeting, items=[], host="voorop.test")
    parsed = assert_valid_ics(body)
    assert b"TZID" not in body
    assert "Agenda volgt." in str(parsed.walk("VEVENT")[0]["DESCRIPTION"])
