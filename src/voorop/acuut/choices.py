"""The fixed vocabularies of Samen op in acuut (Toolkit Samen op in acuut, the five steps)."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from voorop.organisations.models import OrganisationKind


class Status(models.TextChoices):
    """Where the episode is: the step being worked on. The transitions are in ``workflow``."""

    GESTART = "GESTART", _("Gestart")
    TER_PLAATSE = "TER_PLAATSE", _("Samen ter plaatse")
    MOTORKAPOVERLEG = "MOTORKAPOVERLEG", _("Motorkapoverleg")
    ONDERZOEK = "ONDERZOEK", _("(Gezamenlijk) onderzoek")
    MAATREGELEN = "MAATREGELEN", _("Veiligheidsmaatregelen")
    AFGESLOTEN = "AFGESLOTEN", _("Niet meer acuut: overgedragen")
    AFGEBROKEN = "AFGEBROKEN", _("Afgebroken")


#: Statuses in which nothing changes any more (an answer to a consultation still can).
FINAL_STATUSES = (Status.AFGESLOTEN, Status.AFGEBROKEN)
OPEN_STATUSES = tuple(s for s in Status.values if s not in FINAL_STATUSES)

#: The step (1–5) each status is at, for the progress indicator.
STEP_OF_STATUS: dict[str, int] = {
    Status.GESTART: 1,
    Status.TER_PLAATSE: 1,
    Status.MOTORKAPOVERLEG: 2,
    Status.ONDERZOEK: 3,
    Status.MAATREGELEN: 4,
    Status.AFGESLOTEN: 5,
    Status.AFGEBROKEN: 1,
}

STEP_TITLES: dict[int, Promise] = {
    1: _("Fysieke veiligheid: samen ter plaatse"),
    2: _("Motorkapoverleg"),
    3: _("(Gezamenlijk) onderzoek"),
    4: _("Veiligheidsmaatregelen"),
    5: _("Niet meer acuut?"),
}


class ParticipantRole(models.TextChoices):
    STARTER = "STARTER", _("gestart door")
    PARTNER = "PARTNER", _("opgeroepen partner")


class CallOutcome(models.TextChoices):
    """What came of a call between police and Veilig Thuis (step 1)."""

    ON_SITE = "ON_SITE", _("Komt ter plaatse")
    PHONE = "PHONE", _("Telefonisch overleg")
    VIDEO = "VIDEO", _("Beeldbellen")
    NOT_REACHABLE = "NOT_REACHABLE", _("Niet bereikbaar")


#: Outcomes in which the other party was reached (and so becomes involved).
REACHED_OUTCOMES = (CallOutcome.ON_SITE, CallOutcome.PHONE, CallOutcome.VIDEO)
#: Outcomes that are a consultation at a distance (by phone or video).
REMOTE_OUTCOMES = (CallOutcome.PHONE, CallOutcome.VIDEO)


#: Who starts a Samen op in acuut and whom it calls: the police (112) calls Veilig Thuis,
#: Veilig Thuis (acute melding) calls the police.
STARTER_KINDS = (OrganisationKind.POLITIE, OrganisationKind.VT)
CALLEE_KIND: dict[str, str] = {
    OrganisationKind.POLITIE: OrganisationKind.VT,
    OrganisationKind.VT: OrganisationKind.POLITIE,
}


class ContributionCategory(models.TextChoices):
    """What a party brings to the motorkapoverleg (Toolkit step 2, "Informatie uitwisselen")."""

    REGISTRATIES = "REGISTRATIES", _("Relevante registraties in de politiesystemen")
    AFSPRAKEN = "AFSPRAKEN", _("Gemaakte afspraken met betrokkenen of partners (plan van aanpak)")
    BESCHERMINGSMAATREGELEN = "BESCHERMINGSMAATREGELEN", _("Getroffen beschermingsmaatregelen")
    LOPEND_ONDERZOEK = "LOPEND_ONDERZOEK", _("Informatie uit lopend strafrechtelijk onderzoek")
    RECLASSERING = (
        "RECLASSERING",
        _("Reclassering: eerdere advisering, toezicht of afspraken over de verdachte"),
    )
    EERDERE_MELDINGEN = "EERDERE_MELDINGEN", _("Eerdere meldingen en informatie uit eigen systemen")
    RAAD = "RAAD", _("Informatie van de Raad voor de Kinderbescherming")
    HULPVERLENING = "HULPVERLENING", _("Reeds betrokken hulpverlening")


CATEGORIES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.POLITIE: (
        ContributionCategory.REGISTRATIES,
        ContributionCategory.AFSPRAKEN,
        ContributionCategory.BESCHERMINGSMAATREGELEN,
        ContributionCategory.LOPEND_ONDERZOEK,
        ContributionCategory.RECLASSERING,
    ),
    OrganisationKind.VT: (
        ContributionCategory.EERDERE_MELDINGEN,
        ContributionCategory.RAAD,
        ContributionCategory.HULPVERLENING,
    ),
}


class ConsultationKind(models.TextChoices):
    RVDK_ADVIES = "RVDK_ADVIES", _("Advies Raad voor de Kinderbescherming")
    OM_AFSTEMMING = "OM_AFSTEMMING", _("Afstemming met het OM")
    RECLASSERING_INFO = "RECLASSERING_INFO", _("Informatie van de reclassering")


#: Who asks whom (Toolkit step 2): Veilig Thuis asks the Raad for advice on the children; the
#: police consults the OM on the offence, powers and choices in the investigation, and asks
#: the reclassering about earlier advice and supervision of the suspect.
CONSULTATIONS: dict[str, tuple[str, str]] = {
    ConsultationKind.RVDK_ADVIES: (OrganisationKind.VT, OrganisationKind.RVDK),
    ConsultationKind.OM_AFSTEMMING: (OrganisationKind.POLITIE, OrganisationKind.OM),
    ConsultationKind.RECLASSERING_INFO: (OrganisationKind.POLITIE, OrganisationKind.RECLASSERING),
}


class UrgentRequest(models.TextChoices):
    """What the Raad is asked to request from the juvenile court the same day, if anything."""

    GEEN = "GEEN", _("Geen spoedverzoek")
    VOORLOPIGE_OTS = "VOORLOPIGE_OTS", _("Spoedverzoek voorlopige ondertoezichtstelling")
    SPOED_UHP = "SPOED_UHP", _("Spoedverzoek uithuisplaatsing")


class InvestigativeAct(models.TextChoices):
    """Investigative acts agreed in step 3, in the order the Toolkit names them."""

    FEITELIJKE_BESCHRIJVING = (
        "FEITELIJKE_BESCHRIJVING",
        _("Feitelijke beschrijving van de situatie (met foto's)"),
    )
    SPOREN = "SPOREN", _("Sporen veiligstellen")
    LETSEL = "LETSEL", _("Letsel vastleggen en laten duiden")
    GESPREK_SLACHTOFFER = "GESPREK_SLACHTOFFER", _("Gesprek met / verhoor van het slachtoffer")
    GESPREK_VERDACHTE = "GESPREK_VERDACHTE", _("Gesprek met / verhoor van de verdachte")
    GESPREK_KIND = "GESPREK_KIND", _("Gesprek met het kind")
    GESPREK_BETROKKENEN = "GESPREK_BETROKKENEN", _("Gesprek met andere betrokkenen")
    BUURTONDERZOEK = "BUURTONDERZOEK", _("Buurtonderzoek")
    OVERIG = "OVERIG", _("Overige onderzoekshandeling")


class ChildCheckOutcome(models.TextChoices):
    """The kindcheck: is each child of the household seen, and safe?"""

    AANWEZIG_VEILIG = "AANWEZIG_VEILIG", _("Aanwezig en gezien, geen directe zorgen")
    AANWEZIG_ZORGEN = "AANWEZIG_ZORGEN", _("Aanwezig en gezien, zorgen over de veiligheid")
    ELDERS_VEILIG = "ELDERS_VEILIG", _("Niet aanwezig, verblijfplaats bekend en veilig")
    ONBEKEND = "ONBEKEND", _("Niet aanwezig, verblijfplaats onbekend")


class InjuryKind(models.TextChoices):
    ZICHTBAAR = "ZICHTBAAR", _("Zichtbaar letsel")
    VERMOEDEN = "VERMOEDEN", _("Vermoeden van letsel")


class HandoverRoute(models.TextChoices):
    """Where the case continues once it is no longer acute (Toolkit step 5)."""

    ACTIEOVERLEG = "ACTIEOVERLEG", _("Actieoverleg")
    ZSM = "ZSM", _("ZSM")
    ZVH = "ZVH", _("Zorg- en Veiligheidshuis")
    MDA_PLUS_PLUS = "MDA_PLUS_PLUS", _("MDA++")
    GEEN = "GEEN", _("Geen gezamenlijk vervolg (elke partij in de eigen werkwijze)")
