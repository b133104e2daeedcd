"""The scales of the veiligheidsbeoordeling and of the risk instruments, with their order.

Two scales, kept apart on purpose:

- ``RiskLevel`` (laag / midden / hoog) is what a risk instrument yields;
- ``AcuteLevel`` (geen / laag / midden / hoog / acuut) is VT's judgement of direct danger in
  part A of the veiligheidsbeoordeling; ``StructuralLevel`` the same for structural unsafety
  (part B), without "acuut".

Comparisons go through ``rank``: the order is part of the business rules ("the professional
judgement can only raise the level, never lower it"), not of the alphabet.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    LAAG = "LAAG", _("Laag")
    MIDDEN = "MIDDEN", _("Midden")
    HOOG = "HOOG", _("Hoog")


class AcuteLevel(models.TextChoices):
    GEEN = "GEEN", _("Geen acute onveiligheid")
    LAAG = "LAAG", _("Laag")
    MIDDEN = "MIDDEN", _("Midden")
    HOOG = "HOOG", _("Hoog")
    ACUUT = "ACUUT", _("Acuut: direct gevaar")


class StructuralLevel(models.TextChoices):
    GEEN = "GEEN", _("Geen structurele onveiligheid")
    LAAG = "LAAG", _("Laag")
    MIDDEN = "MIDDEN", _("Midden")
    HOOG = "HOOG", _("Hoog")


_RISK_RANK: dict[str, int] = {RiskLevel.LAAG: 1, RiskLevel.MIDDEN: 2, RiskLevel.HOOG: 3}
_ACUTE_RANK: dict[str, int] = {
    AcuteLevel.GEEN: 0,
    AcuteLevel.LAAG: 1,
    AcuteLevel.MIDDEN: 2,
    AcuteLevel.HOOG: 3,
    AcuteLevel.ACUUT: 4,
}
_ACUTE_FLOOR: dict[str, str] = {
    RiskLevel.LAAG: AcuteLevel.LAAG,
    RiskLevel.MIDDEN: AcuteLevel.MIDDEN,
    RiskLevel.HOOG: AcuteLevel.HOOG,
}


def risk_rank(level: str) -> int:
    """LAAG 1, MIDDEN 2, HOOG 3; an empty or unknown level 0."""
    return _RISK_RANK.get(level, 0)


def acute_rank(level: str) -> int:
    """GEEN 0 … ACUUT 4; an empty or unknown level -1 (lower than any chosen level)."""
    return _ACUTE_RANK.get(level, -1)


def risk_max(*levels: str) -> str:
    """The highest of the given risk levels ("" when none is given)."""
    chosen = [level for level in levels if level]
    return max(chosen, key=risk_rank) if chosen else ""


def acute_floor(risk_level: str) -> str:
    """The lowest acute level that fits an instrument's risk level: a quick scan that says HOOG
    cannot be followed by a part A that says MIDDEN (LAAG → LAAG, MIDDEN → MIDDEN, HOOG → HOOG)."""
    return _ACUTE_FLOOR.get(risk_level, "")
