"""The fixed vocabularies of the ZSM work process (statuses, labels, decisions)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    INSTROOM = "INSTROOM", _("Instroom")
    IN_BEHANDELING = "IN_BEHANDELING", _("In behandeling")
    UITGESTELD = "UITGESTELD", _("Uitgesteld")
    BESLOTEN = "BESLOTEN", _("Besloten")


#: Statuses in which a case is in a ZSM queue (its clock runs).
QUEUE_STATUSES = (Status.INSTROOM, Status.IN_BEHANDELING)


class HgLabel(models.TextChoices):
    GELABELD = "GELABELD", _("Gelabeld HG")
    MOGELIJK_HG = "MOGELIJK_HG", _("Mogelijk huiselijk geweld")
    BEVESTIGD = "BEVESTIGD", _("HG bevestigd")
    AFGEWEZEN = "AFGEWEZEN", _("Geen HG")
    GEEN = "GEEN", _("Geen aanwijzing")


#: Cases that follow the HG work process.
HG_STATUSES = (HgLabel.GELABELD, HgLabel.BEVESTIGD)


class Disposal(models.TextChoices):
    DAGVAARDING = "DAGVAARDING", _("Dagvaarding")
    STRAFBESCHIKKING = "STRAFBESCHIKKING", _("Strafbeschikking")
    VOORGELEIDING = "VOORGELEIDING", _("Voorgeleiding rechter-commissaris")
    SEPOT_VOORWAARDEN = "SEPOT_VOORWAARDEN", _("Voorwaardelijk sepot")
    SEPOT = "SEPOT", _("Sepot")
    TRANSACTIE = "TRANSACTIE", _("Transactie")


class DelayTo(models.TextChoices):
    HG_SPREEKUUR = "HG_SPREEKUUR", _("HG-spreekuur")
    VERDIEPINGSTAFEL = "VERDIEPINGSTAFEL", _("Verdiepingstafel")


class DecisionKind(models.TextChoices):
    BESLUIT = "BESLUIT", _("Afdoening of route")
    UITSTEL = "UITSTEL", _("Uitstel")


class VtPresence(models.TextChoices):
    FYSIEK = "FYSIEK", _("Veilig Thuis fysiek aanwezig")
    TELEFONISCH = "TELEFONISCH", _("Veilig Thuis telefonisch")
    AFWEZIG = "AFWEZIG", _("Veilig Thuis niet aanwezig")


class EventKind(models.TextChoices):
    INSTROOM = "INSTROOM", _("Instroom")
    STATUS = "STATUS", _("Status gewijzigd")
    HG_LABEL = "HG_LABEL", _("HG-label")
    BEOORDELING = "BEOORDELING", _("Veiligheidsbeoordeling gekoppeld")
    ADVIES = "ADVIES", _("Advies 3RO")
    RVDK = "RVDK", _("Raad voor de Kinderbescherming")
    OVERLEG = "OVERLEG", _("Afstemmingsoverleg")
    BESLUIT = "BESLUIT", _("Besluit OM")
    VRIJLATING = "VRIJLATING", _("Verdachte vrijgelaten")
