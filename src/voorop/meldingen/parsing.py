"""Reading dates, times and yes/no from text, the same way in the API, the web form and the CSV
import, with the codes of ``voorop.meldingen.validation``.

- A date is ``DD-MM-JJJJ`` or ``JJJJ-MM-DD``; a date that does not exist (31-02-2026) is refused
  as such, not as a typo.
- A moment is a date with a time (``DD-MM-JJJJ UU:MM``, ``JJJJ-MM-DDTUU:MM``, seconds optional)
  or ISO 8601 with an offset (``2026-03-14T21:40:00+01:00``, ``…Z``). Without an offset it is
  Dutch time (Europe/Amsterdam). A time that does not exist there — the hour skipped when summer
  time starts — is refused; in the hour that occurs twice when it ends, the first (summer time)
  is meant.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from voorop.meldingen.validation import Code

_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH_MOMENT = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
_ISO_MOMENT = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?"
    r"(Z|[+-]\d{2}:?\d{2})?$"
)

TRUE_WORDS = frozenset({"ja", "j", "true", "waar", "1", "yes", "y"})
FALSE_WORDS = frozenset({"nee", "n", "false", "onwaar", "0", "no", ""})


class ParseError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(
            Code.INVALID_DATE, _("%(text)s is geen bestaande datum.") % {"text": text}
        ) from None


def parse_date(text: str) -> dt.date:
    value = (text or "").strip()
    if match := _DUTCH_DATE.match(value):
        day, month, year = (int(g) for g in match.groups())
        return _date(year, month, day, value)
    if match := _ISO_DATE.match(value):
        year, month, day = (int(g) for g in match.groups())
        return _date(year, month, day, value)
    raise ParseError(
        Code.INVALID_DATE,
        _("„%(text)s” is geen datum; gebruik DD-MM-JJJJ, bijvoorbeeld 14-03-1988.")
        % {"text": value[:40]},
    )


def local_moment(naive: dt.datetime) -> dt.datetime:
    """A wall-clock time in Dutch time as an aware datetime; ParseError if it does not exist."""
    zone = _zone()
    aware = naive.replace(tzinfo=zone, fold=0)
    if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise ParseError(
            Code.NONEXISTENT_TIME,
            _("%(when)s bestaat niet in Nederlandse tijd (de klok ging die nacht een uur vooruit).")
            % {"when": naive.strftime("%d-%m-%Y %H:%M")},
        )
    # In UTC: an ambiguous wall-clock time compares unequal to everything else (PEP 495).
    return aware.astimezone(dt.UTC)


def parse_moment(text: str) -> dt.datetime:
    value = (text or "").strip()
    offset = None
    if match := _DUTCH_MOMENT.match(value):
        day, month, year, hour, minute = (int(g) for g in match.groups()[:5])
        second = int(match.group(6) or 0)
    elif match := _ISO_MOMENT.match(value):
        year, month, day, hour, minute = (int(g) for g in match.groups()[:5])
        second = int(match.group(6) or 0)
        offset = match.group(7)
    else:
        raise ParseError(
            Code.INVALID,
            _(
                "„%(text)s” is geen datum met tijd; gebruik DD-MM-JJJJ UU:MM, bijvoorbeeld "
                "14-03-2026 21:40."
            )
            % {"text": value[:40]},
        )
    date_part = value.split("T")[0].split(" ")[0]
    day_value = _date(year, month, day, date_part)
    if hour > 23 or minute > 59 or second > 59:
        raise ParseError(
            Code.INVALID_DATE,
            _("%(text)s is geen bestaande tijd.") % {"text": value[:40]},
        )
    naive = dt.datetime.combine(day_value, dt.time(hour, minute, second))
    if offset is None:
        return local_moment(naive)
    if offset == "Z":
        return naive.replace(tzinfo=dt.UTC)
    sign = 1 if offset[0] == "+" else -1
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        raise ParseError(
            Code.INVALID, _("„%(text)s” heeft een ongeldige tijdzone.") % {"text": value[:40]}
        )
    return naive.replace(tzinfo=dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes)))


def parse_bool(text: str) -> bool:
    value = (text or "").strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ParseError(Code.INVALID, _("„%(text)s” is geen ja of nee.") % {"text": value[:20]})
