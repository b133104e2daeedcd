"""Retention: how long each organisation keeps each kind of record.

A rule without an organisation is the default for every organisation; a rule of one
organisation overrides it for that organisation's records. ``voorop retention`` reports what
is past its term and, with ``--apply``, removes it (``voorop.retention.services``).

The access log is one hash chain shared by all organisations: it is kept as long as the
longest access-log rule of any organisation, and never shorter than five years (the minimum
NEN 7513 asks for, and the one the issue sets).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    MELDING = "MELDING", _("Meldingen (met de personen zoals gemeld)")
    ACCESS_LOG = "ACCESS_LOG", _("Toegangslog")


#: Five years are at most 5 × 365 + 2 days (two leap days), so this many days always cover them.
ACCESS_LOG_MIN_DAYS = 5 * 365 + 2

ACCESS_LOG_TOO_SHORT = _(
    "Het toegangslog moet minstens vijf jaar bewaard worden: vul ten minste %(min)d dagen in."
)

_access_log_too_short = lazy(lambda: ACCESS_LOG_TOO_SHORT % {"min": ACCESS_LOG_MIN_DAYS}, str)


class RetentionRule(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retention_rules",
        help_text=_("Leeg: de standaard voor alle organisaties zonder eigen regel."),
    )
    record_kind = models.CharField(_("soort gegevens"), max_length=32, choices=RecordKind.choices)
    keep_days = models.PositiveIntegerField(
        _("bewaartermijn (dagen)"),
        help_text=_("Na hoeveel dagen een record wordt verwijderd. 20 jaar is 7305 dagen."),
    )
    note = models.TextField(
        _("toelichting"), blank=True, help_text=_("Grondslag van de termijn, besluit, datum.")
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["record_kind", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_kind"],
                name="retention_rule_unique",
                violation_error_message=_(
                    "Deze organisatie heeft al een bewaartermijn voor deze soort gegevens."
                ),
            ),
            models.UniqueConstraint(
                fields=["record_kind"],
                condition=models.Q(organisation__isnull=True),
                name="retention_default_unique",
                violation_error_message=_(
                    "Er is al een standaardtermijn voor deze soort gegevens."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(record_kind="ACCESS_LOG")
                | models.Q(keep_days__gte=ACCESS_LOG_MIN_DAYS),
                name="retention_access_log_minimum",
                violation_error_message=_access_log_too_short(),
            ),
            models.CheckConstraint(
                condition=models.Q(keep_days__gte=1),
                name="retention_keep_days_positive",
                violation_error_message=_("Vul een bewaartermijn van minstens één dag in."),
            ),
        ]

    def __str__(self) -> str:
        who = self.organisation.name if self.organisation else _("standaard")
        return f"{self.get_record_kind_display()} – {who}: {self.keep_days} dagen"

    def clean(self) -> None:
        if (
            self.record_kind == RecordKind.ACCESS_LOG
            and self.keep_days is not None
            and self.keep_days < ACCESS_LOG_MIN_DAYS
        ):
            raise ValidationError(
                {
                    "keep_days": ValidationError(
                        ACCESS_LOG_TOO_SHORT,
                        code="access_log_too_short",
                        params={"min": ACCESS_LOG_MIN_DAYS},
                    )
                }
            )
