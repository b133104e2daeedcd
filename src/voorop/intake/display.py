"""How the 24-hour rule reads for people: "nog 5 uur", "te laat, sinds 3 uur", "op tijd"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voorop.intake.models import ReferralStatus, VtReferral


@dataclass(frozen=True)
class Deadline:
    text: str
    #: ``danger`` (overdue or late), ``warning`` (due within the warning time), ``neutral``
    #: (open, time enough) or ``safe`` (on time): the status badge's modifier.
    level: str


def duration_text(delta: timedelta) -> str:
    """'5 uur', '1 uur en 20 minuten', '45 minuten', '2 dagen en 3 uur'."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = ngettext("%(n)d dag", "%(n)d dagen", days) % {"n": days}
        return text + (" " + _("en %(n)d uur") % {"n": hours} if hours else "")
    if hours >= 2:
        return _("%(n)d uur") % {"n": hours}
    if hours == 1:
        return _("1 uur en %(m)d minuten") % {"m": minutes} if minutes else _("1 uur")
    return ngettext("%(n)d minuut", "%(n)d minuten", minutes) % {"n": minutes}


def deadline(referral: VtReferral, now: datetime | None = None) -> Deadline:
    now = now or timezone.now()
    if referral.status == ReferralStatus.OP_TIJD:
        return Deadline(_("op tijd bij Veilig Thuis"), "safe")
    if referral.status == ReferralStatus.TE_LAAT:
        return Deadline(_("te laat bij Veilig Thuis"), "danger")
    left = referral.time_left(now)
    if left < timedelta(0):
        return Deadline(_("te laat, sinds %(d)s") % {"d": duration_text(-left)}, "danger")
    level = "warning" if referral.is_due_soon(now) else "neutral"
    return Deadline(_("nog %(d)s") % {"d": duration_text(left)}, level)
