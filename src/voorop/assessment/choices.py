"""The fixed vocabularies of the veiligheidsbeoordeling."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Context(models.TextChoices):
    """Where the assessment is made: on site or at the station (Samen op in acuut), at ZSM (at
    least part A, within hours), for an actieoverleg, or in VT's regular work."""

    SAMEN_OP_IN_ACUUT = "SAMEN_OP_IN_ACUUT", _("Samen op in acuut")
    ZSM = "ZSM", _("ZSM (gezamenlijke aanpak HG)")
    ACTIEOVERLEG = "ACTIEOVERLEG", _("Actieoverleg")
    REGULIER = "REGULIER", _("Reguliere beoordeling Veilig Thuis")


class Status(models.TextChoices):
    DRAFT = "DRAFT", _("Concept")
    PART_A_DONE = "PART_A_DONE", _("Deel A afgerond")
    COMPLETED = "COMPLETED", _("Afgerond")


class Outcome(models.TextChoices):
    VEILIG = "VEILIG", _("Veilig")
    ZORGEN = "ZORGEN", _("Zorgen, geen onveiligheid")
    ONVEILIG_STRUCTUREEL = "ONVEILIG_STRUCTUREEL", _("Onveilig: structureel")
    ONVEILIG_ACUUT = "ONVEILIG_ACUUT", _("Onveilig: acuut")


class RiskFactor(models.TextChoices):
    """The police checklist of the Toolkit's infographic ("vraag goed door"), in the order an
    officer and a VT colleague go through it on site."""

    KINDEREN_AANWEZIG = "KINDEREN_AANWEZIG", _("Kinderen in het huishouden of aanwezig")
    EERDER_GEWELD = "EERDER_GEWELD", _("Eerder geweld (niet de eerste keer)")
    ANGST = "ANGST", _("Angst bij betrokkenen")
    DREIGING = "DREIGING", _("Dreiging (met geweld, met de dood, met de kinderen)")
    LETSEL = "LETSEL", _("Letsel of verwaarlozing")
    BEPERKTE_ZELFREDZAAMHEID = (
        "BEPERKTE_ZELFREDZAAMHEID",
        _("Beperkte zelfredzaamheid (bijv. financieel afhankelijk, sociaal geïsoleerd)"),
    )
    MIDDELENGEBRUIK = "MIDDELENGEBRUIK", _("Middelengebruik (alcohol, drugs)")
    WAPENS = "WAPENS", _("(Vuur)wapengebruik of -bezit")


class FactorAnswer(models.TextChoices):
    JA = "JA", _("Ja")
    NEE = "NEE", _("Nee")
    ONBEKEND = "ONBEKEND", _("Weet niet")


class ConditionStatus(models.TextChoices):
    GELDT = "GELDT", _("Geldt")
    NIET_NAGELEEFD = "NIET_NAGELEEFD", _("Niet nageleefd")
    BEEINDIGD = "BEEINDIGD", _("Beëindigd")
