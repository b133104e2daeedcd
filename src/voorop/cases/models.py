"""The zaak: one per family system, carrying the current phase and the first point of contact."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The three phases of *Gefaseerd samenwerken aan veiligheid*."""

    ACUUT = "ACUUT", _("Acuut – directe veiligheid")
    RISICOGESTUURD = "RISICOGESTUURD", _("Risicogestuurd – stabiele veiligheid")
    HERSTELGERICHT = "HERSTELGERICHT", _("Herstelgericht")


class CaseStatus(models.TextChoices):
    OPEN = "OPEN", _("Open")
    GESLOTEN = "GESLOTEN", _("Gesloten")


class Case(models.Model):
    family_system = models.OneToOneField(
        "persons.FamilySystem",
        verbose_name=_("gezinssysteem"),
        on_delete=models.PROTECT,
        related_name="case",
    )
    reference = models.CharField(_("zaaknummer"), max_length=32, unique=True)
    phase = models.CharField(_("fase"), max_length=16, choices=Phase.choices, default=Phase.ACUUT)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    recorded_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_contact_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("eerste aanspreekpunt (organisatie)"),
        on_delete=models.PROTECT,
        related_name="first_contact_cases",
    )
    first_contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eerste aanspreekpunt (persoon)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("geopend op"))
    phase_changed_at = models.DateTimeField(_("fase gewijzigd op"))
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        ordering = ["-phase_changed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="OPEN", closed_at__isnull=True)
                | models.Q(status="GESLOTEN", closed_at__isnull=False),
                name="cases_closed_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.reference
