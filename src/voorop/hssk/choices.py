"""The fixed vocabularies of Samenwerken bij strafbare kindermishandeling (HSSK).

Source: §2.4 of the Significant report (figure 4: the five steps), the child-injury parts of
the Toolkit Samen op in acuut ("Bij letsel geldt", "De kwetsbare positie van kinderen") and
§4.4 of the domain brief.
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from voorop.organisations.models import OrganisationKind


class Status(models.TextChoices):
    """Where the case is. The transitions are in ``voorop.hssk.workflow``."""

    OVERLEG = "OVERLEG", _("Anoniem overleg")
    ONDERZOEKSPLAN = "ONDERZOEKSPLAN", _("Gezamenlijk onderzoeksplan")
    INTERVENTIES = "INTERVENTIES", _("Interventies")
    EVALUATIE = "EVALUATIE", _("Evaluatie")
    AFGESLOTEN = "AFGESLOTEN", _("Afgesloten")
    GEEN_VERVOLG = "GEEN_VERVOLG", _("Afgesloten zonder strafrechtelijk vervolg")


#: Statuses in which the case is still anonymous: nothing identifying is linked to it.
ANONYMOUS_STATUSES = (Status.OVERLEG, Status.GEEN_VERVOLG)
FINAL_STATUSES = (Status.AFGESLOTEN, Status.GEEN_VERVOLG)
OPEN_STATUSES = tuple(s for s in Status.values if s not in FINAL_STATUSES)

#: The step (1–5) of figure 4 each status is at.
STEP_OF_STATUS: dict[str, int] = {
    Status.OVERLEG: 2,
    Status.ONDERZOEKSPLAN: 3,
    Status.INTERVENTIES: 4,
    Status.EVALUATIE: 5,
    Status.AFGESLOTEN: 5,
    Status.GEEN_VERVOLG: 2,
}

STEP_TITLES: dict[int, Promise] = {
    1: _("Melding aan de politie"),
    2: _("(Anoniem) overleg over de casus"),
    3: _("Gezamenlijk onderzoeksplan"),
    4: _("Interventies"),
    5: _("Evaluatie bij afronding"),
}


class StartMode(models.TextChoices):
    """How the initiator brings the case to the police (step 1)."""

    ANONIEM = "ANONIEM", _("Eerst anoniem overleggen (zonder identificerende gegevens)")
    GEIDENTIFICEERD = "GEIDENTIFICEERD", _("Direct melden met gegevens van het gezin")


#: Who starts an HSSK case: Veilig Thuis, or the Raad (a GI reports to one of them; a GI is
#: not a partner organisation in voorop).
INITIATOR_KINDS = (OrganisationKind.VT, OrganisationKind.RVDK)


class ParticipantRole(models.TextChoices):
    INITIATOR = "INITIATOR", _("melder (Veilig Thuis of Raad)")
    POLITIE = "POLITIE", _("politie")
    OM = "OM", _("Openbaar Ministerie")
    UITGENODIGD = "UITGENODIGD", _("uitgenodigd voor onderzoeksplan en interventies")


class AgeBand(models.TextChoices):
    """The child's age, coarse enough not to identify (no date of birth in the anonymous phase)."""

    ZUIGELING = "0-1", _("jonger dan 1 jaar")
    PEUTER = "1-4", _("1 tot 4 jaar")
    BASISSCHOOL = "4-12", _("4 tot 12 jaar")
    TIENER = "12-18", _("12 tot 18 jaar")


def age_band_for(years: int) -> str:
    if years < 1:
        return AgeBand.ZUIGELING
    if years < 4:
        return AgeBand.PEUTER
    if years < 12:
        return AgeBand.BASISSCHOOL
    return AgeBand.TIENER


class InjuryKind(models.TextChoices):
    """Kinds of (suspected) injury: physical ones need forensic medical examination."""

    BLAUWE_PLEKKEN = "BLAUWE_PLEKKEN", _("Blauwe plekken of hematomen")
    BREUK = "BREUK", _("Botbreuk")
    HOOFDLETSEL = "HOOFDLETSEL", _("Hoofd- of hersenletsel (bijv. door schudden)")
    BRANDWOND = "BRANDWOND", _("Brandwond")
    BIJTWOND = "BIJTWOND", _("Bijtwond")
    INWENDIG = "INWENDIG", _("Inwendig letsel")
    SEKSUEEL = "SEKSUEEL", _("Signalen van seksueel misbruik")
    VERWAARLOZING = "VERWAARLOZING", _("Ernstige lichamelijke verwaarlozing")
    PSYCHISCH = "PSYCHISCH", _("Psychisch letsel")
    ANDERS = "ANDERS", _("Ander letsel")


#: Injury that can be examined and described by a forensic doctor (the Toolkit: for a child
#: with visible or suspected injury the police always engage a forensic doctor).
PHYSICAL_INJURIES = frozenset(set(InjuryKind.values) - {InjuryKind.PSYCHISCH})


class Certainty(models.TextChoices):
    VERMOEDEN = "VERMOEDEN", _("Vermoeden van letsel")
    VASTGESTELD = "VASTGESTELD", _("Vastgesteld letsel")


class ReporterKind(models.TextChoices):
    """Who brought the signal to the initiator — a kind, never a name."""

    ZIEKENHUIS = "ZIEKENHUIS", _("Ziekenhuis")
    LECK = "LECK", _("LECK (expertisecentrum kinderletsel)")
    VERTROUWENSARTS = "VERTROUWENSARTS", _("Vertrouwensarts")
    HUISARTS = "HUISARTS", _("Huisarts of jeugdarts")
    ONDERWIJS = "ONDERWIJS", _("School of kinderopvang")
    RVDK = "RVDK", _("Raad voor de Kinderbescherming")
    GI = "GI", _("Gecertificeerde instelling")
    POLITIE = "POLITIE", _("Politie")
    BURGER = "BURGER", _("Burger")
    ANDERS = "ANDERS", _("Anders")


#: The reporter kind a melding's reporting organisation suggests.
REPORTER_OF_ORGANISATION_KIND: dict[str, str] = {
    OrganisationKind.ZIEKENHUIS: ReporterKind.ZIEKENHUIS,
    OrganisationKind.LECK: ReporterKind.LECK,
    OrganisationKind.RVDK: ReporterKind.RVDK,
    OrganisationKind.GI: ReporterKind.GI,
    OrganisationKind.POLITIE: ReporterKind.POLITIE,
}


class Position(models.TextChoices):
    """A partner's view in the (anonymous) consultation."""

    STRAFBAAR = "STRAFBAAR", _("Aanwijzingen voor een strafbaar feit: melden en samen onderzoeken")
    NADER_ONDERZOEK = "NADER_ONDERZOEK", _("Eerst nader (forensisch-medisch) onderzoek")
    GEEN_STRAFRECHT = "GEEN_STRAFRECHT", _("Geen strafrechtelijke interventie: zorgroute")
    MEER_INFORMATIE = "MEER_INFORMATIE", _("Meer informatie nodig voor een oordeel")


class Decision(models.TextChoices):
    DOORZETTEN = "DOORZETTEN", _("Doorzetten: melden met gegevens en samen onderzoeken")
    NIET_DOORZETTEN = "NIET_DOORZETTEN", _("Niet doorzetten: geen strafrechtelijk vervolg")


class Act(models.TextChoices):
    """Investigative acts of the gezamenlijk onderzoeksplan."""

    FORENSISCH_MEDISCH = (
        "FORENSISCH_MEDISCH",
        _("Forensisch-medisch onderzoek van het letsel (bevestigen of uitsluiten)"),
    )
    LECK_CONSULT = "LECK_CONSULT", _("Consultatie LECK")
    VERHOOR_KIND = "VERHOOR_KIND", _("Verhoor van het kind in een kindvriendelijke verhoorstudio")
    GESPREK_KIND_VT = "GESPREK_KIND_VT", _("Gesprek van Veilig Thuis met het kind")
    HOREN_OUDERS = "HOREN_OUDERS", _("Horen van de ouders of verzorgers")
    GESPREK_OUDERS_VT = "GESPREK_OUDERS_VT", _("Gesprek van Veilig Thuis met de ouders")
    MEDISCHE_GEGEVENS = "MEDISCHE_GEGEVENS", _("Opvragen van medische gegevens")
    SPORENONDERZOEK = "SPORENONDERZOEK", _("Sporenonderzoek in de woning")
    RAADSONDERZOEK = "RAADSONDERZOEK", _("Raadsonderzoek naar een beschermingsmaatregel")
    ANDERS = "ANDERS", _("Andere onderzoekshandeling")


#: Talking with the child: the Toolkit asks not to do it more often than needed.
CHILD_INTERVIEWS = frozenset({Act.VERHOOR_KIND, Act.GESPREK_KIND_VT})


class ActStatus(models.TextChoices):
    GEPLAND = "GEPLAND", _("gepland")
    UITGEVOERD = "UITGEVOERD", _("uitgevoerd")
    VERVALLEN = "VERVALLEN", _("vervallen")


class MissingInformation(models.TextChoices):
    """What information was missing in the collaboration (evaluation, step 5)."""

    MEDISCH = "MEDISCH", _("Medische gegevens of duiding van het letsel")
    EERDERE_MELDINGEN = "EERDERE_MELDINGEN", _("Eerdere meldingen of zorgen")
    POLITIEGEGEVENS = "POLITIEGEGEVENS", _("Politiegegevens")
    GEZINSSAMENSTELLING = "GEZINSSAMENSTELLING", _("Gezinssamenstelling")
    HULPVERLENING = "HULPVERLENING", _("Betrokken hulpverlening")
    STRAFRECHT = "STRAFRECHT", _("Stand van het strafrechtelijk onderzoek")
    BESCHERMING = "BESCHERMING", _("Kinderbeschermingsmaatregelen")
