"""The interventiepalet (a maintained catalogue of interventions) and the veiligheidsplan (one
living safety plan per family system).

The catalogue is data: functioneel beheer maintains it in the admin; a data migration seeds it
from the veiligheidsplan of "Samenwerken aan veiligheid" (interventions per phase and legal
domain). A plan holds interventions from the catalogue and agreements (afspraken, step 4 of
Samen op in acuut), each with an owner organisation, dates and a status, across every
coordination moment that adds to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorop.cases.models import Phase
from voorop.organisations.models import OrganisationKind
from voorop.sharing.models import CoordinationMoment


class LegalDomain(models.TextChoices):
    """The legal domains of the veiligheidsplan, in the order the plan shows them."""

    STRAFRECHT = "STRAFRECHT", _("Strafrecht")
    BESTUURSRECHT = "BESTUURSRECHT", _("Bestuursrecht")
    CIVIEL_RECHT = "CIVIEL_RECHT", _("Civiel recht")
    SOCIAAL = "SOCIAAL", _("Sociale interventies")
    OVERIG = "OVERIG", _("Overige interventies")


@dataclass(frozen=True)
class DerivedDates:
    """The dates a catalogue entry gives an intervention that starts on ``starts_on``.

    Day N counts from the start: a tijdelijk huisverbod imposed on 1 March (day 0) ends on
    11 March (day 10), the advice on extension is due on 9 March (day 8), and it can be
    extended to 29 March at the latest (day 28)."""

    ends_on: dt.date | None
    reassess_on: dt.date | None
    latest_end: dt.date | None


def _plus(day: dt.date, days: int | None) -> dt.date | None:
    return None if days is None else day + dt.timedelta(days=days)


class Intervention(models.Model):
    """One intervention of the interventiepalet: what it is, in which legal domain and phases,
    who carries it out (the kind of organisation) and who decides on it, and how long it
    typically runs."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    legal_domain = models.CharField(_("rechtsdomein"), max_length=16, choices=LegalDomain.choices)
    phases = models.JSONField(
        _("fasen"),
        default=list,
        blank=True,  # ``clean`` says why an empty list will not do
        help_text=_("In welke fasen de interventie kan worden ingezet (één of meer)."),
    )
    owner_kind = models.CharField(
        _("uitvoerende organisatie (soort)"),
        max_length=32,
        choices=OrganisationKind.choices,
        help_text=_("Het soort organisatie dat de interventie gewoonlijk uitvoert of aanvraagt."),
    )
    deciding_party = models.CharField(
        _("beslist door"),
        max_length=200,
        blank=True,
        help_text=_("Wie de interventie oplegt, als dat een ander is (bijv. de burgemeester)."),
    )
    typical_duration_days = models.PositiveSmallIntegerField(
        _("gebruikelijke duur (dagen)"),
        null=True,
        blank=True,
        help_text=_("Leeg: geen vaste duur. Bepaalt de voorgestelde einddatum."),
    )
    max_duration_days = models.PositiveSmallIntegerField(
        _("maximale duur met verlenging (dagen)"),
        null=True,
        blank=True,
        help_text=_("Leeg: geen wettelijk maximum. Een verlenging mag hier niet overheen."),
    )
    reassess_after_days = models.PositiveSmallIntegerField(
        _("herbeoordeling op dag"),
        null=True,
        blank=True,
        help_text=_("Op welke dag na de start de herbeoordeling (of het advies) gepland wordt."),
    )
    reassess_label = models.CharField(
        _("naam van de herbeoordeling"),
        max_length=120,
        blank=True,
        help_text=_("Bijvoorbeeld: advies over verlenging aan de burgemeester."),
    )
    extension_rule = models.TextField(_("verlenging"), blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    active = models.BooleanField(_("in gebruik"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventiepalet")
        ordering = ["legal_domain", "sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        unknown = sorted(set(self.phases or ()) - set(Phase.values))
        if not self.phases:
            errors.setdefault("phases", []).append(
                ValidationError(_("Kies ten minste één fase."), code="fase_ontbreekt")
            )
        elif unknown:
            errors.setdefault("phases", []).append(
                ValidationError(
                    _("Onbekende fase: %(phases)s") % {"phases": ", ".join(unknown)},
                    code="fase_onbekend",
                )
            )
        longest = self.max_duration_days or self.typical_duration_days
        if (
            self.max_duration_days is not None
            and self.typical_duration_days is not None
            and self.max_duration_days < self.typical_duration_days
        ):
            errors.setdefault("max_duration_days", []).append(
                ValidationError(
                    _("De maximale duur is korter dan de gebruikelijke duur."),
                    code="maximum_te_kort",
                )
            )
        if self.reassess_after_days is not None and longest and self.reassess_after_days > longest:
            errors.setdefault("reassess_after_days", []).append(
                ValidationError(
                    _("De herbeoordeling valt na het einde van de interventie."),
                    code="herbeoordeling_te_laat",
                )
            )
        if errors:
            raise ValidationError(errors)

    @property
    def phase_labels(self) -> list[str]:
        labels = dict(Phase.choices)
        return [str(labels[p]) for p in Phase.values if p in (self.phases or ())]

    def derived_dates(self, starts_on: dt.date) -> DerivedDates:
        return DerivedDates(
            ends_on=_plus(starts_on, self.typical_duration_days),
            reassess_on=_plus(starts_on, self.reassess_after_days),
            latest_end=_plus(starts_on, self.max_duration_days),
        )


class SafetyPlan(models.Model):
    """The one living veiligheidsplan of a family system, created on first use. It carries the
    first point of contact for the whole set of measures (Samen op in acuut, step 4)."""

    family_system = models.OneToOneField(
        "persons.FamilySystem",
        verbose_name=_("gezinssysteem"),
        on_delete=models.CASCADE,
        related_name="safety_plan",
    )
    contact_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("eerste aanspreekpunt veiligheidsmaatregelen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eerste aanspreekpunt (persoon)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("veiligheidsplan")
        verbose_name_plural = _("veiligheidsplannen")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.family_system_id}"

    def clean(self) -> None:
        if (
            self.contact_user is not None
            and self.contact_organisation_id is not None
            and self.contact_user.organisation_id != self.contact_organisation_id
        ):
            raise ValidationError(
                {
                    "contact_user": ValidationError(
                        _("Het aanspreekpunt hoort niet bij de gekozen organisatie."),
                        code="persoon_andere_organisatie",
                    )
                }
            )


class PlanItemKind(models.TextChoices):
    INTERVENTION = "INTERVENTION", _("Interventie")
    AGREEMENT = "AGREEMENT", _("Afspraak")


class PlanItemStatus(models.TextChoices):
    """Stored statuses. "Verlopen" (overdue) is derived, never stored: see ``is_overdue``."""

    PLANNED = "PLANNED", _("Gepland")
    ACTIVE = "ACTIVE", _("Lopend")
    DONE = "DONE", _("Afgerond")
    CANCELLED = "CANCELLED", _("Geannuleerd")


#: Statuses in which an item still asks for work (and can be overdue).
OPEN_STATUSES = (PlanItemStatus.PLANNED, PlanItemStatus.ACTIVE)


class AgreementTopic(models.TextChoices):
    """What an agreement is about: the talking points of step 4 of Samen op in acuut."""

    OVERLEG = "OVERLEG", _("Wie met wie wanneer overlegt")
    RESULTATEN = "RESULTATEN", _("Welke onderzoeksresultaten wie met wie deelt")
    TIJDELIJKE_MAATREGELEN = "TIJDELIJKE_MAATREGELEN", _("Welke tijdelijke maatregelen, door wie")
    INFORMEREN = "INFORMEREN", _("Wie welke andere partijen informeert")
    HERBEOORDELING = "HERBEOORDELING", _("Tot wanneer, en wanneer de herbeoordeling is")
    AANSPREEKPUNT = "AANSPREEKPUNT", _("Eerste aanspreekpunt voor de maatregelen")
    ESCALATIE = "ESCALATIE", _("Wie wie belt als de onveiligheid verandert")
    OVERIG = "OVERIG", _("Overige afspraak")


class PlanItem(models.Model):
    """One intervention or agreement in a veiligheidsplan.

    Visible to every organisation that may see the plan: that it exists, what it is
    (``description``), who owns it, its dates and status. The ``note`` is internal: the owner
    organisation and the organisation that recorded the item read it, others only once it was
    disclosed on a legal basis."""

    plan = models.ForeignKey(
        SafetyPlan,
        verbose_name=_("veiligheidsplan"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    kind = models.CharField(_("soort"), max_length=16, choices=PlanItemKind.choices)
    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("interventie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    topic = models.CharField(
        _("onderwerp van de afspraak"), max_length=32, choices=AgreementTopic.choices, blank=True
    )
    description = models.TextField(
        _("omschrijving"),
        blank=True,
        help_text=_(
            "Wat is afgesproken of ingezet, zoals alle betrokken partners het mogen lezen. "
            "Vertrouwelijke toelichting hoort in de notitie."
        ),
    )
    phase = models.CharField(_("fase"), max_length=16, choices=Phase.choices)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("eigenaar (organisatie)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar (persoon)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("einde"), null=True, blank=True)
    reassess_on = models.DateField(_("herbeoordeling"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    moment = models.CharField(
        _("afstemmingsmoment"),
        max_length=32,
        choices=CoordinationMoment.choices,
        default=CoordinationMoment.VEILIGHEIDSPLAN,
        help_text=_("Het afstemmingsmoment waarin dit is afgesproken."),
    )
    moment_reference = models.CharField(
        _("kenmerk afstemmingsmoment"),
        max_length=64,
        blank=True,
        help_text=_("Bijvoorbeeld het kenmerk van het Samen op in acuut-moment of actieoverleg."),
    )
    note = models.TextField(_("notitie (intern)"), blank=True)
    note_disclosed_at = models.DateTimeField(_("notitie gedeeld op"), null=True, blank=True)
    note_disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notitie gedeeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note_legal_basis = models.ForeignKey(
        "sharing.LegalBasis",
        verbose_name=_("grondslag delen notitie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door (medewerker)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("onderdeel van het veiligheidsplan")
        verbose_name_plural = _("onderdelen van het veiligheidsplan")
        ordering = ["starts_on", "id"]
        indexes = [
            models.Index(fields=["owner_organisation", "status"], name="safetyplan_item_owner_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="AGREEMENT", intervention__isnull=True)
                | models.Q(kind="INTERVENTION", intervention__isnull=False),
                name="safetyplan_item_intervention_iff_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="safetyplan_item_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(reassess_on__isnull=True)
                | models.Q(reassess_on__gte=models.F("starts_on")),
                name="safetyplan_item_reassess_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.kind == PlanItemKind.INTERVENTION and self.intervention is not None:
            return self.intervention.name
        return str(AgreementTopic(self.topic).label) if self.topic else str(_("Afspraak"))

    @property
    def legal_domain(self) -> str:
        """The intervention's legal domain; "" for an agreement."""
        return self.intervention.legal_domain if self.intervention is not None else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue_dates(self, today: dt.date) -> list[tuple[str, dt.date]]:
        """Which of its dates passed while the item is still open: ("reassess_on", date) and/or
        ("ends_on", date). Empty when the item is not overdue."""
        if not self.is_open:
            return []
        passed = []
        if self.reassess_on is not None and self.reassess_on < today:
            passed.append(("reassess_on", self.reassess_on))
        if self.ends_on is not None and self.ends_on < today:
            passed.append(("ends_on", self.ends_on))
        return passed

    def is_overdue(self, today: dt.date) -> bool:
        """Overdue ("verlopen"): still planned or running while its reassessment date or its end
        date has passed. Derived, so it can never disagree with the dates."""
        return bool(self.overdue_dates(today))

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}

        def add(field: str, message, code: str) -> None:
            errors.setdefault(field, []).append(ValidationError(message, code=code))

        if self.kind == PlanItemKind.INTERVENTION and self.intervention_id is None:
            add(
                "intervention",
                _("Kies een interventie uit het interventiepalet."),
                "geen_interventie",
            )
        if self.kind == PlanItemKind.AGREEMENT:
            if self.intervention_id is not None:
                add(
                    "intervention",
                    _("Een afspraak heeft geen interventie."),
                    "afspraak_met_interventie",
                )
            if not self.topic:
                add("topic", _("Kies waar de afspraak over gaat."), "onderwerp_ontbreekt")
            if not (self.description or "").strip():
                add("description", _("Beschrijf de afspraak."), "omschrijving_ontbreekt")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            add("ends_on", _("De einddatum ligt voor de startdatum."), "einde_voor_start")
        if self.starts_on and self.reassess_on and self.reassess_on < self.starts_on:
            add(
                "reassess_on",
                _("De herbeoordeling ligt voor de startdatum."),
                "herbeoordeling_voor_start",
            )
        if (
            self.owner_user is not None
            and self.owner_user.organisation_id != self.owner_organisation_id
        ):
            add(
                "owner_user",
                _("De eigenaar hoort niet bij de gekozen organisatie."),
                "eigenaar_andere_organisatie",
            )
        if errors:
            raise ValidationError(errors)


class PlanItemChange(models.Model):
    """The history of an item: who changed what, when, from which organisation. ``changes``
    maps a field to ``[old, new]`` as display text; the content of the note is never copied
    here (only that it changed), so the history can be shown to every reader of the plan."""

    class Action(models.TextChoices):
        CREATE = "CREATE", _("vastgelegd")
        UPDATE = "UPDATE", _("gewijzigd")
        STATUS = "STATUS", _("status gewijzigd")
        EXTEND = "EXTEND", _("verlengd")
        REASSESS = "REASSESS", _("herbeoordeeld")
        DISCLOSE_NOTE = "DISCLOSE_NOTE", _("notitie gedeeld")

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("actie"), max_length=16, choices=Action.choices)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("wijziging in het veiligheidsplan")
        verbose_name_plural = _("wijzigingen in het veiligheidsplan")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
