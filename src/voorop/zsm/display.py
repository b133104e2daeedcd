"""The 9-hour clock as the pages show it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from voorop.zsm.models import ZsmCase

#: Below this much time left the clock turns orange.
WARNING = dt.timedelta(hours=2)


@dataclass(frozen=True)
class Clock:
    running: bool
    left: dt.timedelta
    text: str
    state: str  # "ok", "warning", "overdue", "stopped"


def _hm(delta: dt.timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def clock(case: ZsmCase, now: dt.datetime) -> Clock:
    left = case.time_left(now)
    if not case.in_queue:
        return Clock(False, left, _("klok gestopt"), "stopped")
    if left < dt.timedelta(0):
        return Clock(True, left, _("%(t)s over tijd") % {"t": _hm(left)}, "overdue")
    state = "warning" if left < WARNING else "ok"
    return Clock(True, left, _("nog %(t)s") % {"t": _hm(left)}, state)
