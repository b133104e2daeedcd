"""Gezamenlijke aanpak huiselijk geweld op ZSM: a case with a suspect heard or arrested, in the
work queue of a ZSM location, with the 9-hour clock, and what each partner records on it.

- ``ZsmPartner``: which organisations work at which ZSM location (the queue's audience).
- ``ZsmCatchment``: which police region (politie-eenheid or basisteam) sends its arrests to which
  ZSM location (the automatic inflow from intake, ``voorop.zsm.inflow``).
- ``ZsmCase``: one melding with a suspect (arrest or aangifte) at one location; its status
  follows ``voorop.zsm.workflow``; ``due_at`` is ``inflow_at`` + 9 hours and starts again on
  every return to the queue.
- ``ReclasseringAdvice``: 3RO's advice on the suspect, with whether and how long it was
  coordinated with Veilig Thuis.
- ``OmDecision``: the OM's disposal/route, or a delay to the HG-spreekuur or verdiepingstafel
  with a new date, by a named officier with a handover note.
- ``Afstemmingsoverleg``: the ZSM partners' consultation on the case, with VT's presence.
- ``ZsmEvent``: the case's history (every status change, label, advice, decision, release).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorop.zsm.choices import (
    DecisionKind,
    DelayTo,
    Disposal,
    EventKind,
    HgLabel,
    Status,
    VtPresence,
)

_USER = settings.AUTH_USER_MODEL

#: The ZSM norm: a decision within 9 hours of inflow.
CLOCK = dt.timedelta(hours=9)


class ZsmPartner(models.Model):
    location = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("ZSM-locatie"),
        on_delete=models.CASCADE,
        related_name="zsm_partners",
        limit_choices_to={"kind": "ZSM_LOCATIE"},
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="zsm_locations",
    )

    class Meta:
        verbose_name = _("ZSM-partner")
        verbose_name_plural = _("ZSM-partners")
        constraints = [
            models.UniqueConstraint(fields=["location", "organisation"], name="zsm_partner_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.location}"


class ZsmCatchment(models.Model):
    """The werkgebied of a ZSM location: arrests reported by a police organisation of ``region``
    (or of a basisteam under it) enter this location's queue."""

    location = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("ZSM-locatie"),
        on_delete=models.CASCADE,
        related_name="zsm_catchments",
        limit_choices_to={"kind": "ZSM_LOCATIE"},
    )
    region = models.OneToOneField(
        "organisations.Region",
        verbose_name=_("politie-eenheid of basisteam"),
        on_delete=models.CASCADE,
        related_name="zsm_catchment",
        limit_choices_to={"kind__in": ("POLITIE_EENHEID", "BASISTEAM")},
    )

    class Meta:
        verbose_name = _("werkgebied ZSM-locatie")
        verbose_name_plural = _("werkgebieden ZSM-locaties")
        ordering = ["location", "region"]

    def __str__(self) -> str:
        return f"{self.region} → {self.location}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.location_id and self.location.kind != "ZSM_LOCATIE":
            errors["location"] = ValidationError(
                _("Kies een ZSM-locatie."), code="geen_zsm_locatie"
            )
        if self.region_id and self.region.kind not in ("POLITIE_EENHEID", "BASISTEAM"):
            errors["region"] = ValidationError(
                _("Kies een politie-eenheid of een basisteam."), code="geen_politieregio"
            )
        if errors:
            raise ValidationError(errors)


class ZsmCase(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    # SET_NULL: when the melding's retention term ends (``voorop retention``), the ZSM case
    # (the partners' own records on it) stays without it.
    melding = models.OneToOneField(
        "meldingen.Melding",
        verbose_name=_("melding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="zsm_case",
    )
    family_system = models.ForeignKey(
        "persons.FamilySystem",
        verbose_name=_("gezinssysteem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zsm_cases",
    )
    suspect = models.ForeignKey(
        "persons.Person",
        verbose_name=_("verdachte"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    victims = models.ManyToManyField(
        "persons.Person", verbose_name=_("slachtoffers"), blank=True, related_name="+"
    )
    location = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("ZSM-locatie"),
        on_delete=models.PROTECT,
        related_name="zsm_cases",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INSTROOM
    )
    inflow_at = models.DateTimeField(_("instroom op"))
    due_at = models.DateTimeField(_("uiterlijk besluit op"))
    returns = models.PositiveSmallIntegerField(_("keren teruggezet"), default=0)
    hg_label = models.CharField(
        _("HG-label"), max_length=16, choices=HgLabel.choices, default=HgLabel.GEEN
    )
    hg_flag_reason = models.CharField(_("reden mogelijk HG"), max_length=300, blank=True)
    vt_melding = models.ForeignKey(
        "meldingen.Melding",
        verbose_name=_("VT-melding na bevestiging"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    known_to_vt = models.BooleanField(_("bekend bij Veilig Thuis"), default=False)
    is_acute = models.BooleanField(_("acuut onveilig"), default=False)
    beoordeling = models.ForeignKey(
        "assessment.Veiligheidsbeoordeling",
        verbose_name=_("veiligheidsbeoordeling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rvdk_involved = models.BooleanField(
        _("Raad voor de Kinderbescherming betrokken"), default=False
    )
    rvdk_reason = models.CharField(_("reden betrokkenheid Raad"), max_length=200, blank=True)
    suspect_released_at = models.DateTimeField(_("verdachte vrijgelaten op"), null=True, blank=True)
    delayed_to = models.CharField(
        _("uitgesteld naar"), max_length=20, choices=DelayTo.choices, blank=True
    )
    delayed_until = models.DateField(_("nieuwe datum"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status gewijzigd op"))

    class Meta:
        verbose_name = _("ZSM-zaak")
        verbose_name_plural = _("ZSM-zaken")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["location", "status", "due_at"], name="zsm_queue_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def in_queue(self) -> bool:
        return self.status in (Status.INSTROOM, Status.IN_BEHANDELING)

    def time_left(self, now: dt.datetime | None = None) -> dt.timedelta:
        return self.due_at - (now or timezone.now())


class ReclasseringAdvice(models.Model):
    case = models.ForeignKey(ZsmCase, on_delete=models.CASCADE, related_name="advices")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    advice = models.TextField(_("advies over de verdachte"))
    builds_on_vt = models.BooleanField(
        _("gebaseerd op de veiligheidsbeoordeling en -voorwaarden van Veilig Thuis"),
        default=False,
    )
    coordinated_with_vt = models.BooleanField(_("afgestemd met Veilig Thuis"), default=False)
    coordination_minutes = models.PositiveSmallIntegerField(
        _("duur afstemming (minuten)"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("advies 3RO")
        verbose_name_plural = _("adviezen 3RO")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.created_at:%Y-%m-%d %H:%M}"


class OmDecision(models.Model):
    case = models.ForeignKey(ZsmCase, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("soort"), max_length=8, choices=DecisionKind.choices)
    disposal = models.CharField(
        _("afdoening of route"), max_length=20, choices=Disposal.choices, blank=True
    )
    juridical_measures = models.TextField(
        _("juridische veiligheidsmaatregelen"),
        blank=True,
        help_text=_("Bijvoorbeeld bijzondere voorwaarden: contactverbod, gebiedsverbod."),
    )
    delay_to = models.CharField(
        _("uitgesteld naar"), max_length=20, choices=DelayTo.choices, blank=True
    )
    delay_until = models.DateField(_("nieuwe datum"), null=True, blank=True)
    officier = models.ForeignKey(
        _USER, verbose_name=_("officier"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("toelichting / overdracht"), blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("besluit OM")
        verbose_name_plural = _("besluiten OM")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id}"


class Afstemmingsoverleg(models.Model):
    case = models.ForeignKey(ZsmCase, on_delete=models.CASCADE, related_name="overleggen")
    held_at = models.DateTimeField(_("gehouden op"))
    vt_presence = models.CharField(
        _("aanwezigheid Veilig Thuis"), max_length=12, choices=VtPresence.choices
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("deelnemers"), related_name="+"
    )
    summary = models.TextField(_("afspraken"))
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("afstemmingsoverleg")
        verbose_name_plural = _("afstemmingsoverleggen")
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_at:%Y-%m-%d %H:%M}"


class ZsmEvent(models.Model):
    """One line of the case's history: identifiers and codes, a short note, never content."""

    case = models.ForeignKey(ZsmCase, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("op"))
    kind = models.CharField(_("soort"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(_("van"), max_length=16, blank=True, choices=Status.choices)
    to_status = models.CharField(_("naar"), max_length=16, blank=True, choices=Status.choices)
    user = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("gebeurtenis ZSM-zaak")
        verbose_name_plural = _("gebeurtenissen ZSM-zaak")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
