"""Emergency access (doorbraak): reading a family system one's organisation is not involved in,
in an acute emergency, on the basis of art. 6 lid 1 sub d AVG (vital interest)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "TERECHT", _("terecht")
    UNJUSTIFIED = "ONTERECHT", _("onterecht")


class EmergencyAccess(models.Model):
    """A deliberate, time-boxed break-glass access with a mandatory reason.

    It is visible at once to the privacy officers of every organisation involved in the family
    system, and waits in their review queue until one of them marks it justified or not."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
    )
    family_system = models.ForeignKey(
        "persons.FamilySystem",
        verbose_name=_("gezinssysteem"),
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
    )
    reason = models.TextField(_("reden"))
    granted_at = models.DateTimeField(_("verleend op"))
    expires_at = models.DateTimeField(_("verloopt op"))
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_outcome = models.CharField(
        _("oordeel"), max_length=10, choices=ReviewOutcome.choices, blank=True
    )
    review_note = models.TextField(_("toelichting oordeel"), blank=True)

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        ordering = ["-granted_at"]
        indexes = [
            models.Index(fields=["user", "expires_at"], name="emergency_user_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")),
                name="authz_emergency_expires_after_grant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.family_system} ({self.granted_at:%Y-%m-%d %H:%M})"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()

    @property
    def is_reviewed(self) -> bool:
        return bool(self.review_outcome)
