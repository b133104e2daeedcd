"""Template filters for the 24-hour rule: ``{{ referral|deadline_text }}``,
``{{ referral|deadline_level }}`` and ``{{ timedelta|duration }}``."""

from __future__ import annotations

from datetime import timedelta

from django import template

from voorop.intake import display
from voorop.intake.models import VtReferral

register = template.Library()


@register.filter
def deadline_text(referral: VtReferral) -> str:
    return display.deadline(referral).text


@register.filter
def deadline_level(referral: VtReferral) -> str:
    return display.deadline(referral).level


@register.filter
def duration(delta: timedelta | None) -> str:
    return display.duration_text(delta) if delta is not None else "–"
