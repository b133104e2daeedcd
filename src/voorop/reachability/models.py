"""Reachability and availability per region and organisation ("wie bel ik nu?").

Regions differ (Toolkit Samen op in acuut, practice examples): Veilig Thuis is reachable by
phone day and night almost everywhere, but can come on site only in some hours — office hours,
13:00–22:00 on working days, two evenings a week, on call (piket) from home, or 24/7 through a
crisis service — and sometimes joins by video instead. That is configuration, maintained by
functioneel beheer: ``ReachabilityArrangement`` rows per region and organisation, the areas a
region covers (``CoverageArea``, to answer for a postcode or municipality), and the named
contact people (kartrekkers). None of it is case data.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How an organisation can be reached or deployed through an arrangement."""

    TELEFOON = "TELEFOON", _("telefonisch bereikbaar")
    TER_PLAATSE = "TER_PLAATSE", _("ter plaatse (dienst)")
    PIKET = "PIKET", _("ter plaatse (piket)")
    CRISISTEAM = "CRISISTEAM", _("ter plaatse (crisisteam)")
    VIDEO = "VIDEO", _("beeldbellen")


#: Channels through which someone comes to the address.
ON_SITE_CHANNELS = (Channel.TER_PLAATSE, Channel.PIKET, Channel.CRISISTEAM)


class Weekday(models.IntegerChoices):
    MAANDAG = 0, _("maandag")
    DINSDAG = 1, _("dinsdag")
    WOENSDAG = 2, _("woensdag")
    DONDERDAG = 3, _("donderdag")
    VRIJDAG = 4, _("vrijdag")
    ZATERDAG = 5, _("zaterdag")
    ZONDAG = 6, _("zondag")


WORKING_DAYS = [0, 1, 2, 3, 4]
ALL_DAYS = [0, 1, 2, 3, 4, 5, 6]


class ReachabilityArrangement(models.Model):
    """One arrangement: in this region, this organisation is reachable or available through
    this channel, on these weekdays, in this window of local (Europe/Amsterdam) time.

    The weekdays are the days a window *starts*. A window whose end is at or before its start
    crosses midnight (17:00–02:00 on Friday runs until Saturday 02:00); equal start and end is
    a whole day (00:00–00:00 on every weekday is 24/7)."""

    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        related_name="reachability_arrangements",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="reachability_arrangements",
    )
    channel = models.CharField(_("kanaal"), max_length=16, choices=Channel.choices)
    weekdays = models.JSONField(
        _("dagen"),
        default=list,
        blank=True,  # ``clean`` says why an empty list will not do
        help_text=_("De dagen waarop het tijdvak begint."),
    )
    time_from = models.TimeField(_("van"))
    time_until = models.TimeField(
        _("tot"),
        help_text=_("Gelijk aan of vóór 'van': het tijdvak loopt door over middernacht."),
    )
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    phone = models.CharField(
        _("telefoon"),
        max_length=32,
        blank=True,
        help_text=_("Leeg: het algemene nummer van de organisatie."),
    )
    target_group = models.CharField(
        _("voor wie"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: alleen jeugdigen tot 23 jaar."),
    )
    note = models.TextField(_("toelichting"), blank=True)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("bereikbaarheidsafspraak")
        verbose_name_plural = _("bereikbaarheidsafspraken")
        ordering = ["region__name", "organisation__name", "channel", "time_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="reachability_valid_period",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation} – {self.get_channel_display()} "
            f"{self.weekdays_display} {self.hours_display}"
        )

    def clean(self) -> None:
        days = self.weekdays or []
        if not days:
            raise ValidationError({"weekdays": _("Kies ten minste één dag.")})
        if any(not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in days):
            raise ValidationError({"weekdays": _("Dagen zijn getallen van 0 (maandag) tot 6.")})
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("De einddatum ligt voor de begindatum.")})

    @property
    def is_on_site(self) -> bool:
        return self.channel in ON_SITE_CHANNELS

    @property
    def crosses_midnight(self) -> bool:
        return self.time_until <= self.time_from

    @property
    def call_number(self) -> str:
        return self.phone or self.organisation.contact_phone

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    @property
    def is_24_7(self) -> bool:
        return sorted(self.weekdays or []) == ALL_DAYS and self.time_from == self.time_until

    @property
    def weekdays_display(self) -> str:
        days = sorted(self.weekdays or [])
        if days == ALL_DAYS:
            return str(_("elke dag"))
        if days == WORKING_DAYS:
            return str(_("werkdagen"))
        labels = dict(Weekday.choices)
        return ", ".join(str(labels[d]) for d in days if d in labels)

    @property
    def hours_display(self) -> str:
        if self.time_from == self.time_until:
            if self.time_from == dt.time(0):
                return str(_("hele dag"))
            return str(_("24 uur vanaf %(time)s")) % {"time": f"{self.time_from:%H:%M}"}
        return f"{self.time_from:%H:%M}–{self.time_until:%H:%M}"


class CoverageArea(models.Model):
    """A municipality (or part of one: a range of four-digit postcodes) and the regions that
    cover it — its VT-regio, politie-eenheid and basisteam, arrondissement. Lets "wie bel ik
    nu?" answer for a postcode or a municipality."""

    municipality = models.CharField(_("gemeente / kern"), max_length=100)
    postcode_from = models.PositiveSmallIntegerField(_("postcode van (4 cijfers)"))
    postcode_to = models.PositiveSmallIntegerField(_("postcode tot en met (4 cijfers)"))
    regions = models.ManyToManyField(
        "organisations.Region", verbose_name=_("regio's"), related_name="coverage_areas"
    )

    class Meta:
        verbose_name = _("werkgebied")
        verbose_name_plural = _("werkgebieden")
        ordering = ["postcode_from", "municipality"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(postcode_to__gte=models.F("postcode_from"))
                & models.Q(postcode_from__gte=1000)
                & models.Q(postcode_to__lte=9999),
                name="reachability_postcode_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ({self.postcode_from}–{self.postcode_to})"

    def clean(self) -> None:
        if not (1000 <= self.postcode_from <= self.postcode_to <= 9999):
            raise ValidationError(
                _("Geef een oplopend bereik van viercijferige postcodes (1000–9999).")
            )


class ContactPerson(models.Model):
    """A kartrekker: the named contact person of a partner organisation in a region for the
    way of working (communication, practical operational questions, direct feedback between
    partners) — not an emergency line."""

    name = models.CharField(_("naam"), max_length=150)
    role = models.CharField(_("rol"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="contact_persons",
    )
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        related_name="contact_persons",
    )
    phone = models.CharField(_("telefoon"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("kartrekker")
        verbose_name_plural = _("kartrekkers")
        ordering = ["region__name", "organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
