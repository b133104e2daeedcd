"""Samenwerken bij strafbare kindermishandeling (HSSK): one case per signal of (suspected)
criminal child abuse, worked on by Veilig Thuis or the Raad with the police and the OM in the
five steps of figure 4 of the Significant report.

- ``HsskCase``: the case. In its anonymous phase (status OVERLEG, and GEEN_VERVOLG when it
  never went further) it holds only facts that identify nobody: an age band, the kinds of
  injury, who reported (a kind), the circumstances and the question, guarded by
  ``voorop.hssk.anonymity``. ``family_system`` stays empty until the initiator records the
  decision to proceed.
- ``HsskIdentification``: the initiator's own link from the case to its melding, the child
  and the family system. Read only by the initiator's services (never by a page, API or
  selector of another organisation); at the decision it becomes the case's family system.
- ``HsskParticipant``: the organisations that work on the case (the initiator, the police,
  the OM; after identification others invited for the plan and interventions).
- ``HsskView``: a partner's view in the consultation (step 2).
- ``HsskAct``: an investigative act of the gezamenlijk onderzoeksplan (step 3), and
  ``HsskPlanConfirmation``: the police and the initiator agree to the plan as it stands.
- Step 4 writes into the family's veiligheidsplan (``moment=HSSK``,
  ``moment_reference=<case reference>``).
- ``HsskEvaluation``: each participant's structured evaluation when the case closes (step 5).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorop.hssk.choices import (
    ANONYMOUS_STATUSES,
    FINAL_STATUSES,
    OPEN_STATUSES,
    STEP_OF_STATUS,
    Act,
    ActStatus,
    AgeBand,
    Certainty,
    Decision,
    ParticipantRole,
    Position,
    ReporterKind,
    StartMode,
    Status,
)

_USER = settings.AUTH_USER_MODEL


class HsskCase(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OVERLEG
    )
    status_changed_at = models.DateTimeField(_("status gewijzigd op"))
    mode = models.CharField(_("start"), max_length=16, choices=StartMode.choices)
    initiator_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("melder (organisatie)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_by = models.ForeignKey(
        _USER, verbose_name=_("gestart door"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("gestart op"))
    signal_received_at = models.DateTimeField(
        _("signaal ontvangen op"),
        help_text=_("Wanneer de melding bij Veilig Thuis of de Raad binnenkwam."),
    )

    # Step 1: the case brought to the police (anonymously, or with data on a legal basis).
    police_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("politie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    om_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("Openbaar Ministerie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    police_informed_at = models.DateTimeField(_("voorgelegd aan de politie op"))

    # The anonymous facts (step 2): nothing here identifies a person.
    age_band = models.CharField(_("leeftijd kind"), max_length=8, choices=AgeBand.choices)
    injury_kinds = models.JSONField(_("soort letsel"), default=list)
    certainty = models.CharField(_("letsel"), max_length=16, choices=Certainty.choices)
    reporter_kind = models.CharField(_("gemeld door"), max_length=16, choices=ReporterKind.choices)
    circumstances = models.TextField(_("omstandigheden"))
    question = models.TextField(_("vraag aan de partners"))
    grey_area = models.BooleanField(
        _("grijs gebied"),
        default=False,
        help_text=_(
            "Twijfel of justitie betrokken moet worden: zo'n casus wordt in elk geval met het "
            "Openbaar Ministerie besproken."
        ),
    )

    # The decision (end of step 2).
    decision = models.CharField(_("besluit"), max_length=16, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("motivering besluit"), blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Identified from the decision to proceed on (or from the start in direct mode).
    family_system = models.ForeignKey(
        "persons.FamilySystem",
        verbose_name=_("gezinssysteem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hssk_cases",
    )
    identified_at = models.DateTimeField(_("geïdentificeerd op"), null=True, blank=True)
    police_disclosure = models.OneToOneField(
        "sharing.Disclosure",
        verbose_name=_("melding aan de politie (verstrekking)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hssk_case_police",
    )

    # Step 3 and 4.
    plan_agreed_at = models.DateTimeField(_("onderzoeksplan vastgesteld op"), null=True, blank=True)
    no_interventions_reason = models.TextField(_("geen interventies, want"), blank=True)
    interventions_done_at = models.DateTimeField(
        _("interventies ingezet op"), null=True, blank=True
    )

    # Step 5.
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("HSSK-casus")
        verbose_name_plural = _("HSSK-casussen")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ANONYMOUS_STATUSES, family_system__isnull=True)
                | (
                    ~models.Q(status__in=ANONYMOUS_STATUSES) & models.Q(family_system__isnull=False)
                ),
                name="hssk_identified_iff_not_anonymous",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OPEN_STATUSES, closed_at__isnull=True)
                | models.Q(status__in=FINAL_STATUSES, closed_at__isnull=False),
                name="hssk_closed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "-started_at"], name="hssk_status_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_anonymous(self) -> bool:
        return self.family_system_id is None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def step(self) -> int:
        return STEP_OF_STATUS[self.status]


class HsskIdentification(models.Model):
    """The initiator's own link from the case to who it is about. Never shown to, nor read
    for, another organisation before the decision to proceed."""

    case = models.OneToOneField(HsskCase, on_delete=models.CASCADE, related_name="identification")
    melding = models.ForeignKey(
        "meldingen.Melding",
        verbose_name=_("melding"),
        on_delete=models.PROTECT,
        related_name="hssk_identifications",
    )
    child = models.ForeignKey(
        "persons.Person", verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    family_system = models.ForeignKey(
        "persons.FamilySystem", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("identificatie (alleen melder)")
        verbose_name_plural = _("identificaties (alleen melder)")

    def __str__(self) -> str:
        return f"{self.case_id}"


class HsskParticipant(models.Model):
    case = models.ForeignKey(HsskCase, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("rol"), max_length=16, choices=ParticipantRole.choices)
    since = models.DateTimeField(_("sinds"))
    reason = models.TextField(_("waarom uitgenodigd"), blank=True)
    disclosure = models.OneToOneField(
        "sharing.Disclosure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hssk_invitation",
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["since", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="hssk_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.case_id}"


class HsskStatusChange(models.Model):
    case = models.ForeignKey(HsskCase, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("van"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=16, choices=Status.choices)
    transition = models.CharField(_("overgang"), max_length=32)
    at = models.DateTimeField(_("tijdstip"))
    user = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"


class HsskView(models.Model):
    """A partner's view in the consultation: the police's, the OM's (the initiator's own
    position is its decision)."""

    case = models.ForeignKey(HsskCase, on_delete=models.CASCADE, related_name="views")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("zienswijze"), max_length=16, choices=Position.choices)
    text = models.TextField(_("toelichting"))
    given_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(_("gegeven op"))

    class Meta:
        verbose_name = _("zienswijze")
        verbose_name_plural = _("zienswijzen")
        ordering = ["given_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.organisation_id} {self.position}"


class HsskAct(models.Model):
    """Who does which investigative act, in which order, with whom — so that Veilig Thuis's
    investigation and the criminal investigation do not get in each other's way."""

    case = models.ForeignKey(HsskCase, on_delete=models.CASCADE, related_name="acts")
    act = models.CharField(_("onderzoekshandeling"), max_length=24, choices=Act.choices)
    by_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sequence = models.PositiveSmallIntegerField(_("volgorde"))
    planned_on = models.DateField(_("gepland op"), null=True, blank=True)
    with_whom = models.ManyToManyField(
        "persons.Person", verbose_name=_("met wie"), blank=True, related_name="+"
    )
    description = models.CharField(_("toelichting"), max_length=500, blank=True)
    repeat_reason = models.CharField(
        _("waarom nog een gesprek met het kind"), max_length=500, blank=True
    )
    order_note = models.CharField(_("afstemming over de volgorde"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActStatus.choices, default=ActStatus.GEPLAND
    )
    outcome = models.TextField(_("uitkomst"), blank=True)
    done_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    recording_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("onderzoekshandeling")
        verbose_name_plural = _("onderzoekshandelingen")
        ordering = ["sequence", "id"]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.act}"


class HsskPlanConfirmation(models.Model):
    """An organisation agrees to the onderzoeksplan as it stands; a change to the plan before it
    is agreed asks everyone to confirm again."""

    case = models.ForeignKey(HsskCase, on_delete=models.CASCADE, related_name="confirmations")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("akkoord op"))

    class Meta:
        verbose_name = _("akkoord onderzoeksplan")
        verbose_name_plural = _("akkoorden onderzoeksplan")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="hssk_confirm_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.organisation_id}"


class HsskEvaluation(models.Model):
    """One participant's evaluation of the collaboration, when the case closes. Feeds
    monitoring: what worked, what information was missing, the time from melding to the joint
    plan (derived from the case)."""

    case = models.ForeignKey(HsskCase, on_delete=models.CASCADE, related_name="evaluations")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    worked_well = models.TextField(_("wat werkte goed"))
    to_improve = models.TextField(_("wat kan beter"), blank=True)
    missing_information = models.JSONField(_("ontbrekende informatie"), default=list, blank=True)
    missing_note = models.CharField(
        _("toelichting ontbrekende informatie"), max_length=500, blank=True
    )
    in_each_others_way = models.BooleanField(
        _("zaten de onderzoeken elkaar in de weg?"), default=False
    )
    collaboration_score = models.PositiveSmallIntegerField(
        _("samenwerking (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    given_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(_("gegeven op"))

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["given_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="hssk_evaluation_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.organisation_id}"
