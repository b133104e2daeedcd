"""The veiligheidsbeoordeling: Veilig Thuis's structured judgement of the safety of a family
system, in two parts (A: acute unsafety, doable on site or at ZSM within hours; B: structural
unsafety), with the police checklist of risk factors, an outcome and veiligheidsvoorwaarden.

The states and the steps between them are in ``voorop.assessment.workflow``; each step is a
service in ``voorop.assessment.services``. ``clean()`` checks that what a status promises is
there (part A filled in once part A is done, an outcome once completed).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorop.assessment.choices import (
    ConditionStatus,
    Context,
    FactorAnswer,
    Outcome,
    RiskFactor,
    Status,
)
from voorop.assessment.levels import AcuteLevel, StructuralLevel


class Veiligheidsbeoordeling(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    family_system = models.ForeignKey(
        "persons.FamilySystem",
        on_delete=models.PROTECT,
        related_name="veiligheidsbeoordelingen",
        verbose_name=_("gezinssysteem"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Veilig Thuis-organisatie"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gestart door"),
    )
    context = models.CharField(_("context"), max_length=32, choices=Context.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    started_at = models.DateTimeField(_("gestart op"))
    updated_at = models.DateTimeField(_("laatst gewijzigd"))

    # Part A: acute unsafety.
    acute_level = models.CharField(
        _("acute onveiligheid"), max_length=8, choices=AcuteLevel.choices, blank=True
    )
    acute_rationale = models.TextField(_("onderbouwing acute onveiligheid"), blank=True)
    part_a_completed_at = models.DateTimeField(_("deel A afgerond op"), null=True, blank=True)
    part_a_completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deel A afgerond door"),
    )

    # Part B: structural unsafety.
    structural_level = models.CharField(
        _("structurele onveiligheid"), max_length=8, choices=StructuralLevel.choices, blank=True
    )
    structural_findings = models.TextField(_("bevindingen structurele onveiligheid"), blank=True)
    part_b_completed_at = models.DateTimeField(_("deel B afgerond op"), null=True, blank=True)
    part_b_completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deel B afgerond door"),
    )

    # Outcome.
    outcome = models.CharField(_("uitkomst"), max_length=24, choices=Outcome.choices, blank=True)
    outcome_rationale = models.TextField(_("onderbouwing uitkomst"), blank=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgerond door"),
    )

    class Meta:
        verbose_name = _("veiligheidsbeoordeling")
        verbose_name_plural = _("veiligheidsbeoordelingen")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(
                fields=["family_system", "organisation", "-started_at"],
                name="assessment_beoordeling_fam_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_status_display()})"

    def clean(self) -> None:
        """What each status promises: part A is filled in once it is done; part B and an
        outcome once the assessment is completed."""
        errors: dict[str, ValidationError] = {}
        if self.status in (Status.PART_A_DONE, Status.COMPLETED):
            if not self.acute_level:
                errors["acute_level"] = ValidationError(
                    _("Kies het niveau van acute onveiligheid."), code="deel_a_onvolledig"
                )
            if not self.part_a_completed_at:
                errors["part_a_completed_at"] = ValidationError(
                    _("Deel A is nog niet afgerond."), code="deel_a_onvolledig"
                )
        if self.status == Status.COMPLETED:
            if not self.part_b_completed_at:
                errors["part_b_completed_at"] = ValidationError(
                    _("Deel B is nog niet afgerond."), code="deel_b_onvolledig"
                )
            if not self.outcome:
                errors["outcome"] = ValidationError(
                    _("Kies de uitkomst van de beoordeling."), code="uitkomst_ontbreekt"
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_completed(self) -> bool:
        return self.status == Status.COMPLETED

    @property
    def part_b_done(self) -> bool:
        return self.part_b_completed_at is not None


class RiskFactorAnswer(models.Model):
    """One line of the checklist: is this risk factor present? Ja / nee / weet niet, with an
    optional note."""

    beoordeling = models.ForeignKey(
        Veiligheidsbeoordeling, on_delete=models.CASCADE, related_name="risk_factors"
    )
    factor = models.CharField(_("risicofactor"), max_length=32, choices=RiskFactor.choices)
    answer = models.CharField(_("antwoord"), max_length=8, choices=FactorAnswer.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("risicofactor")
        verbose_name_plural = _("risicofactoren")
        constraints = [
            models.UniqueConstraint(fields=["beoordeling", "factor"], name="assessment_factor_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_factor_display()}: {self.get_answer_display()}"


class Veiligheidsvoorwaarde(models.Model):
    """A safety condition VT sets: what must (not) happen, for whom, from when until when, and
    whether it still holds. E.g. "geen contact met …", "start alcoholbehandeling"."""

    beoordeling = models.ForeignKey(
        Veiligheidsbeoordeling, on_delete=models.PROTECT, related_name="voorwaarden"
    )
    text = models.CharField(_("voorwaarde"), max_length=500)
    person = models.ForeignKey(
        "persons.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geldt voor"),
        help_text=_("Leeg: voor het hele gezinssysteem."),
    )
    valid_from = models.DateField(_("vanaf"))
    valid_until = models.DateField(_("tot en met"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ConditionStatus.choices, default=ConditionStatus.GELDT
    )
    status_note = models.CharField(_("toelichting op de status"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"))
    updated_at = models.DateTimeField(_("laatst gewijzigd"))

    class Meta:
        verbose_name = _("veiligheidsvoorwaarde")
        verbose_name_plural = _("veiligheidsvoorwaarden")
        ordering = ["beoordeling", "valid_from", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError(
                {
                    "valid_until": ValidationError(
                        _("De einddatum ligt vóór de begindatum."), code="periode_ongeldig"
                    )
                }
            )


class BeoordelingVerstrekking(models.Model):
    """That a disclosure of the register (``sharing.Disclosure``) shares this assessment's
    summary: its status, levels, outcome and veiligheidsvoorwaarden. The disclosure holds who,
    with whom, on which basis, for which moment, and whether it was withdrawn."""

    disclosure = models.OneToOneField(
        "sharing.Disclosure",
        on_delete=models.PROTECT,
        related_name="veiligheidsbeoordeling_link",
        verbose_name=_("verstrekking"),
    )
    beoordeling = models.ForeignKey(
        Veiligheidsbeoordeling, on_delete=models.PROTECT, related_name="verstrekkingen"
    )

    class Meta:
        verbose_name = _("gedeelde veiligheidsbeoordeling")
        verbose_name_plural = _("gedeelde veiligheidsbeoordelingen")

    def __str__(self) -> str:
        return f"{self.disclosure_id}: {self.beoordeling_id}"
