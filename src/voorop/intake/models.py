"""What intake stores besides the melding itself: the route advice given for it, the tracking
of the 24-hour rule (police → Veilig Thuis), and the idempotency keys of API submissions."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from voorop.intake.routes import Route

#: The police report (suspected) HG/KM to Veilig Thuis within this time (routekaart).
VT_REFERRAL_DEADLINE = timedelta(hours=24)
#: The werkvoorraad and ``voorop deadlines`` warn this long before the deadline passes.
VT_REFERRAL_WARNING = timedelta(hours=4)


class RouteAdvice(models.Model):
    """One advised route for one melding, with the rule that gave it and its reason as shown
    when the melding came in (``voorop.intake.routes``)."""

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="route_advice"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    route = models.CharField(_("route"), max_length=32, choices=Route.choices)
    rule = models.CharField(_("regel"), max_length=64)
    reason = models.CharField(_("reden"), max_length=300)

    class Meta:
        verbose_name = _("route-advies")
        verbose_name_plural = _("route-adviezen")
        ordering = ["melding", "position"]
        constraints = [
            models.UniqueConstraint(fields=["melding", "route"], name="intake_advice_unique_route")
        ]
        indexes = [models.Index(fields=["route"], name="intake_advice_route_idx")]

    def __str__(self) -> str:
        return f"{self.melding_id}: {self.get_route_display()}"


class ReferralStatus(models.TextChoices):
    OPEN = "OPEN", _("nog niet bij Veilig Thuis")
    OP_TIJD = "OP_TIJD", _("op tijd bij Veilig Thuis")
    TE_LAAT = "TE_LAAT", _("te laat bij Veilig Thuis")


class VtReferral(models.Model):
    """The 24-hour rule for one police report of (suspected) HG/KM: it must reach Veilig Thuis
    by ``due_at`` (received by the police + 24 hours). Open until Veilig Thuis knows
    (``vt_known_at``): when the police report it through voorop (``sent_at``) or when Veilig
    Thuis records a melding that follows from it, whichever is first."""

    police_melding = models.OneToOneField(
        "meldingen.Melding",
        verbose_name=_("melding politie"),
        on_delete=models.CASCADE,
        related_name="vt_referral",
    )
    due_at = models.DateTimeField(_("uiterlijk bij Veilig Thuis"))
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ReferralStatus.choices,
        default=ReferralStatus.OPEN,
        db_default=ReferralStatus.OPEN,
    )
    vt_known_at = models.DateTimeField(_("Veilig Thuis wist het op"), null=True, blank=True)
    vt_melding = models.ForeignKey(
        "meldingen.Melding",
        verbose_name=_("melding Veilig Thuis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_answered",
    )
    vt_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("Veilig Thuis-organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("doorgemeld op"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("doorgemeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disclosure = models.ForeignKey(
        "sharing.Disclosure",
        verbose_name=_("verstrekking"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("doormelding aan Veilig Thuis")
        verbose_name_plural = _("doormeldingen aan Veilig Thuis")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="intake_referral_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status=ReferralStatus.OPEN, vt_known_at__isnull=True)
                    | (~models.Q(status=ReferralStatus.OPEN) & models.Q(vt_known_at__isnull=False))
                ),
                name="intake_referral_open_iff_unknown",
                violation_error_message=_(
                    "Een doormelding is open zolang Veilig Thuis het niet weet."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.police_melding_id} → VT: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == ReferralStatus.OPEN

    def time_left(self, now: datetime | None = None) -> timedelta:
        """Until the deadline; negative once it has passed."""
        return self.due_at - (now or timezone.now())

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and self.time_left(now) < timedelta(0)

    def is_due_soon(self, now: datetime | None = None) -> bool:
        left = self.time_left(now)
        return self.is_open and timedelta(0) <= left <= VT_REFERRAL_WARNING

    @property
    def incident_to_vt(self) -> timedelta | None:
        """Time from the incident to Veilig Thuis knowing (monitoring: "today often days")."""
        if self.vt_known_at is None:
            return None
        return self.vt_known_at - self.police_melding.occurred_at


class IdempotencyKey(models.Model):
    """An ``Idempotency-Key`` an organisation's system sent with a successful submission.

    Scoped per organisation: the same key from two organisations are two keys. Holds the
    fingerprint (SHA-256 of the request body in canonical JSON), the answer's status, the melding
    and the linkage outcomes (ids and codes) — not the answer's body, so no copy of names or
    dates of birth lives here; a repeat answers with the melding as the caller may see it then.
    Expires after ``IDEMPOTENCY_TTL``."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("sleutel"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    fingerprint = models.CharField(_("vingerafdruk verzoek"), max_length=64)
    response_status = models.PositiveSmallIntegerField(_("antwoordstatus"))
    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, null=True, related_name="+"
    )
    #: The linkage outcomes as answered (ids, codes and scores only), to answer a repeat alike.
    links = models.JSONField(_("koppelingen"), default=list, blank=True)
    created_at = models.DateTimeField(_("ontvangen op"))
    expires_at = models.DateTimeField(_("verloopt op"), db_index=True)

    class Meta:
        verbose_name = _("idempotentiesleutel")
        verbose_name_plural = _("idempotentiesleutels")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], name="intake_idempotency_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.key}"


#: How long a key is remembered (docs/api.md, OpenAPI description of the header).
IDEMPOTENCY_TTL = timedelta(hours=24)
