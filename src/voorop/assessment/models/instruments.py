"""Risk instruments as data: which questions, how each answer scores, which score gives which
level, and the results professionals recorded with them.

An instrument is a definition that functioneel beheer maintains (admin, or the YAML file
loaded by a data migration); code only interprets it (``voorop.assessment.engine``). A result
always points at the exact version it was filled in with, so a version that has results is
frozen: changing the questions means making a new version.

Only self-written example instruments ship with voorop. Validated proprietary instruments
(DASH, SASH, B-SAFER, RISC, …) may be added by an organisation that holds a licence, as data;
their wording is never part of this code base.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorop.assessment.choices import RiskFactor
from voorop.assessment.levels import RiskLevel, risk_rank

#: The one message for a professional level below the computed level (brief, issue #5).
LEVEL_LOWERED_MESSAGE = _(
    "Het professionele oordeel kan het risiconiveau alleen verhogen, niet verlagen."
)
RATIONALE_MISSING_MESSAGE = _(
    "Licht toe waarom u het risiconiveau hoger inschat dan het instrument berekent."
)


class InstrumentTarget(models.TextChoices):
    ACUTE_ONVEILIGHEID = "ACUTE_ONVEILIGHEID", _("Acute onveiligheid")
    STRUCTURELE_ONVEILIGHEID = "STRUCTURELE_ONVEILIGHEID", _("Structurele onveiligheid")
    EX_PARTNERSTALKING = "EX_PARTNERSTALKING", _("Ex-partnerstalking (screening)")
    OVERIG = "OVERIG", _("Overig")


class AnswerType(models.TextChoices):
    JA_NEE = "JA_NEE", _("Ja / nee")
    SCHAAL = "SCHAAL", _("Schaal (van … tot …)")
    KEUZE = "KEUZE", _("Keuze uit opties")
    GETAL = "GETAL", _("Getal")
    TEKST = "TEKST", _("Tekst (telt niet mee)")


class RiskInstrument(models.Model):
    """One version of a risk instrument. At most one version per code is active: the one that
    professionals fill in; older versions stay for the results made with them."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("versie"), default=1)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    target = models.CharField(
        _("doel van het instrument"), max_length=32, choices=InstrumentTarget.choices
    )
    organisation_kinds = models.JSONField(
        _("te gebruiken door"),
        default=list,
        help_text=_("Soorten organisaties die het instrument invullen (bijv. VT, POLITIE)."),
    )
    is_example = models.BooleanField(
        _("voorbeeldinstrument, niet gevalideerd"),
        default=True,
        help_text=_(
            "Zelf geschreven voorbeeld. De uitkomst is geen gevalideerde risicotaxatie en wordt "
            "altijd met die waarschuwing getoond."
        ),
    )
    active = models.BooleanField(
        _("in gebruik"),
        default=False,
        help_text=_("Alleen een geldige definitie kan in gebruik zijn; per code één versie."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("risico-instrument")
        verbose_name_plural = _("risico-instrumenten")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="assessment_instrument_version",
                violation_error_message=_("Deze versie van het instrument bestaat al."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(active=True),
                name="assessment_instrument_one_active_version",
                violation_error_message=_(
                    "Er is al een versie van dit instrument in gebruik. Zet die eerst uit."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (versie {self.version})"

    def clean(self) -> None:
        from voorop.organisations.models import OrganisationKind

        kinds = self.organisation_kinds if isinstance(self.organisation_kinds, list) else None
        if not kinds:
            raise ValidationError(
                {"organisation_kinds": _("Kies ten minste één soort organisatie.")},
                code="geen_organisaties",
            )
        unknown = sorted(set(map(str, kinds)) - set(OrganisationKind.values))
        if unknown:
            raise ValidationError(
                {"organisation_kinds": _("Onbekende soort organisatie: %s") % ", ".join(unknown)},
                code="onbekende_organisatie",
            )

    @property
    def has_results(self) -> bool:
        return self.pk is not None and self.results.exists()


class InstrumentItem(models.Model):
    """One question. How it scores depends on its answer type:

    - JA_NEE: "ja" scores ``weight``, "nee" (and "weet niet", when allowed) 0;
    - SCHAAL: (answer − ``scale_min``) × ``weight``, the answer between ``scale_min`` and
      ``scale_max``;
    - KEUZE: the chosen option's score × ``weight`` (``options``: code, label, score, kritiek);
    - GETAL: the score of the highest band the number reaches × ``weight`` (``bands``: vanaf,
      score), 0 below the first band; ``scale_min``/``scale_max`` bound the number if set;
    - TEKST: no score.

    A critical item (``critical_level`` set) lifts the computed level to at least that level
    when it is answered "ja", with an option marked ``kritiek``, or (SCHAAL, GETAL) with a value
    of at least ``critical_from`` — whatever the total score."""

    instrument = models.ForeignKey(
        RiskInstrument, on_delete=models.CASCADE, related_name="items", verbose_name=_("instrument")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"))
    code = models.SlugField(_("code"), max_length=64)
    text = models.CharField(_("vraag"), max_length=500)
    help_text = models.TextField(_("toelichting bij de vraag"), blank=True)
    answer_type = models.CharField(_("soort antwoord"), max_length=16, choices=AnswerType.choices)
    required = models.BooleanField(_("verplicht"), default=True)
    allow_unknown = models.BooleanField(
        _("'weet niet' toegestaan"), default=False, help_text=_("Alleen bij ja/nee; telt als 0.")
    )
    weight = models.PositiveSmallIntegerField(_("gewicht"), default=1)
    scale_min = models.IntegerField(_("minimum"), null=True, blank=True)
    scale_max = models.IntegerField(_("maximum"), null=True, blank=True)
    options = models.JSONField(
        _("opties"),
        default=list,
        blank=True,
        help_text=_('Bij keuze: [{"code": "…", "label": "…", "score": 2, "kritiek": false}, …]'),
    )
    bands = models.JSONField(
        _("scoreklassen"),
        default=list,
        blank=True,
        help_text=_('Bij getal: [{"vanaf": 1, "score": 1}, {"vanaf": 3, "score": 2}, …]'),
    )
    critical_level = models.CharField(
        _("kritiek: ten minste niveau"),
        max_length=8,
        choices=RiskLevel.choices,
        blank=True,
        help_text=_("Leeg: geen kritieke vraag."),
    )
    critical_from = models.IntegerField(_("kritiek vanaf (schaal, getal)"), null=True, blank=True)
    risk_factor = models.CharField(
        _("risicofactor in deel A"),
        max_length=32,
        choices=RiskFactor.choices,
        blank=True,
        help_text=_("Vult het antwoord op de checklist van deel A voor (alleen ja/nee-vragen)."),
    )

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["instrument", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="assessment_item_code"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"


class InstrumentThreshold(models.Model):
    """Scores from ``min_score`` up to and including ``max_score`` (open when empty) give
    ``level``, with the advice shown to the professional."""

    instrument = models.ForeignKey(
        RiskInstrument,
        on_delete=models.CASCADE,
        related_name="thresholds",
        verbose_name=_("instrument"),
    )
    min_score = models.IntegerField(_("vanaf score"))
    max_score = models.IntegerField(_("tot en met score"), null=True, blank=True)
    level = models.CharField(_("niveau"), max_length=8, choices=RiskLevel.choices)
    advice = models.TextField(_("advies"))

    class Meta:
        verbose_name = _("drempel")
        verbose_name_plural = _("drempels")
        ordering = ["instrument", "min_score", "id"]

    def __str__(self) -> str:
        upper = "…" if self.max_score is None else self.max_score
        return f"{self.min_score}–{upper}: {self.get_level_display()}"


class InstrumentResult(models.Model):
    """A filled-in instrument: the answers, the score and level the definition gives, and the
    professional's level, which may only be the same or higher (with a rationale when higher).

    A result belongs to the organisation whose professional recorded it, and is not changed
    afterwards: a new situation is a new result."""

    instrument = models.ForeignKey(
        RiskInstrument,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("instrument (versie)"),
    )
    family_system = models.ForeignKey(
        "persons.FamilySystem",
        on_delete=models.PROTECT,
        related_name="instrument_results",
        verbose_name=_("gezinssysteem"),
    )
    subject = models.ForeignKey(
        "persons.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("betreft"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    beoordeling = models.ForeignKey(
        "assessment.Veiligheidsbeoordeling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instrument_results",
        verbose_name=_("bij veiligheidsbeoordeling"),
    )
    answers = models.JSONField(_("antwoorden"), default=dict)
    score = models.IntegerField(_("score"))
    computed_level = models.CharField(_("berekend niveau"), max_length=8, choices=RiskLevel.choices)
    critical_items = models.JSONField(_("kritieke vragen met ja"), default=list, blank=True)
    professional_level = models.CharField(
        _("professioneel oordeel"), max_length=8, choices=RiskLevel.choices
    )
    rationale = models.TextField(_("toelichting op het oordeel"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingevuld door"),
    )
    assessed_at = models.DateTimeField(_("ingevuld op"))

    class Meta:
        verbose_name = _("risico-inschatting")
        verbose_name_plural = _("risico-inschattingen")
        ordering = ["-assessed_at", "-id"]
        indexes = [
            models.Index(
                fields=["family_system", "organisation", "-assessed_at"],
                name="assessment_result_family_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.name}: {self.get_professional_level_display()}"

    def clean(self) -> None:
        """The professional judgement can only raise the level, never lower it; raising it
        needs a rationale."""
        if not self.professional_level or not self.computed_level:
            return
        if risk_rank(self.professional_level) < risk_rank(self.computed_level):
            raise ValidationError(
                {"professional_level": ValidationError(LEVEL_LOWERED_MESSAGE, code="verlaagd")}
            )
        if (
            risk_rank(self.professional_level) > risk_rank(self.computed_level)
            and not (self.rationale or "").strip()
        ):
            raise ValidationError(
                {
                    "rationale": ValidationError(
                        RATIONALE_MISSING_MESSAGE, code="toelichting_ontbreekt"
                    )
                }
            )

    @property
    def is_raised(self) -> bool:
        return risk_rank(self.professional_level) > risk_rank(self.computed_level)
