"""The disclosure register (informatieverstrekking): who shared what with whom, on which legal
basis, for which coordination moment — and the configuration of what may be shared at all.

Which organisation may share what with whom on which basis is data (``LegalBasis``,
``SharingRule``), maintained by functioneel beheer and seeded from Bijlage 1 of the Toolkit
Samen op in acuut; code only enforces it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorop.organisations.models import OrganisationKind
from voorop.sharing.fields import FieldGroup


class CoordinationMoment(models.TextChoices):
    """The four afstemmingsmomenten of Veiligheid Voorop, plus the living safety plan."""

    SAMEN_OP_IN_ACUUT = "SAMEN_OP_IN_ACUUT", _("Samen op in acuut")
    ACTIEOVERLEG = "ACTIEOVERLEG", _("Actieoverleg")
    ZSM = "ZSM", _("Gezamenlijke aanpak HG VT & ZSM")
    HSSK = "HSSK", _("Samenwerken bij strafbare kindermishandeling")
    VEILIGHEIDSPLAN = "VEILIGHEIDSPLAN", _("Uitvoering veiligheidsplan")


class LegalBasis(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    short_label = models.CharField(_("korte aanduiding"), max_length=80)
    citation = models.CharField(_("grondslag (volledig)"), max_length=300)
    purpose = models.TextField(_("doel"), blank=True)
    conditions = models.TextField(_("randvoorwaarden"), blank=True)
    is_vital_interest = models.BooleanField(
        _("vitaal belang (acute noodsituatie)"),
        default=False,
        help_text=_("Art. 6 lid 1 sub d AVG: alleen in een acute noodsituatie."),
    )
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("grondslag")
        verbose_name_plural = _("grondslagen")
        ordering = ["short_label"]

    def __str__(self) -> str:
        return self.short_label


class SharingRule(models.Model):
    """May an organisation of ``from_kind`` share with one of ``to_kind`` on this basis, for
    which coordination moments, and which groups of fields?"""

    from_kind = models.CharField(_("van"), max_length=32, choices=OrganisationKind.choices)
    to_kind = models.CharField(_("aan"), max_length=32, choices=OrganisationKind.choices)
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name=_("grondslag"), on_delete=models.PROTECT, related_name="rules"
    )
    moments = models.JSONField(
        _("afstemmingsmomenten"),
        default=list,
        blank=True,
        help_text=_("Leeg: voor elk afstemmingsmoment."),
    )
    field_groups = models.JSONField(_("te delen gegevens"), default=list)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("deelregel")
        verbose_name_plural = _("deelregels")
        ordering = ["from_kind", "to_kind", "legal_basis__short_label"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_kind", "to_kind", "legal_basis"], name="sharing_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_from_kind_display()} → {self.get_to_kind_display()}: {self.legal_basis}"

    def clean(self) -> None:
        unknown_groups = set(self.field_groups) - set(FieldGroup.values)
        if unknown_groups:
            raise ValidationError(
                {
                    "field_groups": _("Onbekende gegevensgroep: %s")
                    % ", ".join(sorted(unknown_groups))
                }
            )
        if FieldGroup.KERN not in self.field_groups:
            raise ValidationError(
                {"field_groups": _("De kerngegevens horen altijd bij een gedeelde melding.")}
            )
        unknown_moments = set(self.moments) - set(CoordinationMoment.values)
        if unknown_moments:
            raise ValidationError(
                {
                    "moments": _("Onbekend afstemmingsmoment: %s")
                    % ", ".join(sorted(unknown_moments))
                }
            )
        if self.from_kind == self.to_kind:
            raise ValidationError(_("Een deelregel gaat over delen met een andere organisatie."))

    def allows_moment(self, moment: str) -> bool:
        return not self.moments or moment in self.moments


class Disclosure(models.Model):
    """One act of sharing: selected meldingen (and of each selected groups of fields) of one
    family system, from one organisation to another, on a legal basis, for a moment."""

    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    family_system = models.ForeignKey(
        "persons.FamilySystem",
        verbose_name=_("gezinssysteem"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    from_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("gedeeld door"),
        on_delete=models.PROTECT,
        related_name="disclosures_made",
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("gedeeld met"),
        on_delete=models.PROTECT,
        related_name="disclosures_received",
    )
    rule = models.ForeignKey(
        SharingRule, verbose_name=_("deelregel"), on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.ForeignKey(
        LegalBasis, verbose_name=_("grondslag"), on_delete=models.PROTECT, related_name="+"
    )
    moment = models.CharField(
        _("doel (afstemmingsmoment)"), max_length=32, choices=CoordinationMoment.choices
    )
    necessity = models.TextField(
        _("waarom dit nodig is"),
        help_text=_("Waarom de ontvanger deze gegevens nodig heeft voor zijn wettelijke taak."),
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gedeeld door (medewerker)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    shared_at = models.DateTimeField(_("gedeeld op"))
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reden intrekking"), blank=True)

    class Meta:
        verbose_name = _("informatieverstrekking")
        verbose_name_plural = _("informatieverstrekkingen")
        ordering = ["-shared_at", "-id"]
        indexes = [
            models.Index(
                fields=["to_organisation", "family_system"], name="disclosure_recipient_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.from_organisation} → {self.to_organisation}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DisclosureItem(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="items")
    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.PROTECT, related_name="disclosure_items"
    )
    field_groups = models.JSONField(_("gedeelde gegevens"), default=list)
    #: Whether the PERSONEN group is shared: decides which persons the recipient sees (kept as a
    #: column because JSON containment cannot be queried on SQLite).
    shares_persons = models.BooleanField(_("personen gedeeld"), default=False, db_default=False)

    class Meta:
        verbose_name = _("gedeelde melding")
        verbose_name_plural = _("gedeelde meldingen")
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure", "melding"], name="sharing_item_unique_melding"
            )
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.shares_persons = FieldGroup.PERSONEN in (self.field_groups or ())

    def __str__(self) -> str:
        return f"{self.disclosure.reference}: {self.melding_id}"

    def save(self, *args, **kwargs) -> None:
        self.shares_persons = FieldGroup.PERSONEN in (self.field_groups or ())
        super().save(*args, **kwargs)
