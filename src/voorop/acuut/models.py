"""Samen op in acuut: the first hours of a crisis, as one episode the police and Veilig Thuis
work on together, with a record per step of the Toolkit.

- ``AcuteEpisode``: one crisis in one family system, started by the police (112) or Veilig
  Thuis (acute melding); its status follows ``voorop.acuut.workflow``.
- ``EpisodeParticipant``: the organisations that work on it (the starter, and the partner the
  starter reached by phone in step 1). Only they see the episode and its steps.
- Step 1: ``CallLog``, ``Arrival``, ``Departure`` (and ``AcuteEpisode.safe_to_enter_at``).
- Step 2: ``MotorkapContribution`` (each shared through the disclosure register),
  ``Consultation`` (Raad, OM, reclassering) and the link to VT's veiligheidsbeoordeling.
- Step 3: ``InvestigationAgreement``, ``ChildCheck`` (kindcheck), ``InjuryRecord`` and the
  home-as-crime-scene flag.
- Step 4 writes into the family's veiligheidsplan (``voorop.safetyplan``): plan items carry
  ``moment=SAMEN_OP_IN_ACUUT`` and ``moment_reference=<episode reference>``.
- Step 5: the closing checklist and the handover route on the episode.

Every timestamp is kept, so that the time from incident to Veilig Thuis involved
(``vt_involved_at - incident_at``) and the time spent per step can be measured.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorop.acuut.choices import (
    OPEN_STATUSES,
    STEP_OF_STATUS,
    CallOutcome,
    ChildCheckOutcome,
    ConsultationKind,
    HandoverRoute,
    InjuryKind,
    InvestigativeAct,
    ParticipantRole,
    Status,
    UrgentRequest,
)

_USER = settings.AUTH_USER_MODEL


class AcuteEpisode(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    family_system = models.ForeignKey(
        "persons.FamilySystem",
        verbose_name=_("gezinssysteem"),
        on_delete=models.PROTECT,
        related_name="acute_episodes",
    )
    trigger_melding = models.ForeignKey(
        "meldingen.Melding",
        verbose_name=_("aanleiding (melding)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("gestart door (organisatie)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_by = models.ForeignKey(
        _USER, verbose_name=_("gestart door"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("gestart op"))
    incident_at = models.DateTimeField(_("tijdstip incident"))
    postcode = models.CharField(
        _("postcode incident"),
        max_length=7,
        blank=True,
        help_text=_("Voor 'wie bel ik nu?'. Leeg: de regio van de eigen organisatie."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.GESTART
    )
    status_changed_at = models.DateTimeField(_("status gewijzigd op"))
    vt_involved_at = models.DateTimeField(
        _("Veilig Thuis betrokken op"),
        null=True,
        blank=True,
        help_text=_("Het eerste moment dat Veilig Thuis bereikt was (of zelf startte)."),
    )

    # Step 1.
    safe_to_enter_at = models.DateTimeField(
        _("woning veilig voor Veilig Thuis op"), null=True, blank=True
    )

    # Step 2.
    beoordeling = models.ForeignKey(
        "assessment.Veiligheidsbeoordeling",
        verbose_name=_("veiligheidsbeoordeling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Step 3.
    home_crime_scene = models.BooleanField(
        _("woning behandeld als plaats delict"),
        null=True,
        blank=True,
        help_text=_("Leeg: nog niet besproken."),
    )
    crime_scene_note = models.CharField(_("toelichting plaats delict"), max_length=500, blank=True)
    crime_scene_recorded_at = models.DateTimeField(
        _("plaats delict vastgelegd op"), null=True, blank=True
    )

    # Step 4 (the measures themselves are in the veiligheidsplan).
    contact_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("eerste aanspreekpunt voor de maatregelen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_set_at = models.DateTimeField(_("aanspreekpunt vastgelegd op"), null=True, blank=True)

    # Step 5.
    investigation_done = models.BooleanField(_("onderzoek ter plaatse uitgevoerd"), default=False)
    everyone_safe = models.BooleanField(_("iedereen fysiek veilig"), default=False)
    handover_route = models.CharField(
        _("vervolg"), max_length=16, choices=HandoverRoute.choices, blank=True
    )
    handover_note = models.TextField(_("toelichting op het vervolg"), blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        _USER,
        verbose_name=_("afgesloten door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    abort_reason = models.TextField(_("reden afbreken"), blank=True)

    class Meta:
        verbose_name = _("Samen op in acuut")
        verbose_name_plural = _("Samen op in acuut")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family_system"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="acuut_one_open_episode_per_family",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OPEN_STATUSES, closed_at__isnull=True)
                | models.Q(status__in=[Status.AFGESLOTEN, Status.AFGEBROKEN])
                & models.Q(closed_at__isnull=False),
                name="acuut_closed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "-started_at"], name="acuut_status_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def step(self) -> int:
        """The step (1–5) the episode is at."""
        return STEP_OF_STATUS[self.status]


class EpisodeParticipant(models.Model):
    """An organisation that works on the episode: the one that started it, and the partner it
    reached by phone in step 1 (that call makes the partner involved in the family system)."""

    episode = models.ForeignKey(AcuteEpisode, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("rol"), max_length=8, choices=ParticipantRole.choices)
    since = models.DateTimeField(_("sinds"))
    via_call = models.ForeignKey(
        "CallLog", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "organisation"], name="acuut_participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.episode_id}"


class EpisodeStatusChange(models.Model):
    """The history of the status: who moved the episode on, when, along which transition."""

    episode = models.ForeignKey(
        AcuteEpisode, on_delete=models.CASCADE, related_name="status_changes"
    )
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
        return f"{self.episode_id}: {self.from_status} → {self.to_status}"


class CallLog(models.Model):
    """A phone (or video) call between the police and Veilig Thuis, and what came of it."""

    episode = models.ForeignKey(AcuteEpisode, on_delete=models.CASCADE, related_name="calls")
    caller = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    caller_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    callee_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("gebeld"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    called_at = models.DateTimeField(_("gebeld op"))
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=CallOutcome.choices)
    reason = models.TextField(_("waarom"), blank=True)
    phone = models.CharField(_("gebeld nummer"), max_length=32, blank=True)
    reachability_answer = models.TextField(
        _("antwoord 'wie bel ik nu?'"),
        blank=True,
        help_text=_("Het antwoord zoals het op het moment van bellen werd getoond."),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        ordering = ["called_at", "id"]

    def __str__(self) -> str:
        return f"{self.episode_id} {self.called_at:%H:%M} {self.outcome}"

    @property
    def reached(self) -> bool:
        return self.outcome != CallOutcome.NOT_REACHABLE


class Arrival(models.Model):
    episode = models.ForeignKey(AcuteEpisode, on_delete=models.CASCADE, related_name="arrivals")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    arrived_at = models.DateTimeField(_("ter plaatse op"))
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("aankomst")
        verbose_name_plural = _("aankomsten")
        ordering = ["arrived_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "organisation"], name="acuut_arrival_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.arrived_at:%H:%M}"


class Departure(models.Model):
    """An organisation leaves the address. The police leaving before Veilig Thuis is there
    needs a phone consultation first (``consultation_call``)."""

    episode = models.ForeignKey(AcuteEpisode, on_delete=models.CASCADE, related_name="departures")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    departed_at = models.DateTimeField(_("vertrokken op"))
    consultation_call = models.ForeignKey(
        CallLog,
        verbose_name=_("telefonisch overleg voor vertrek"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vertrek")
        verbose_name_plural = _("vertrekken")
        ordering = ["departed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "organisation"], name="acuut_departure_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.departed_at:%H:%M}"


class MotorkapContribution(models.Model):
    """What one party brings to the motorkapoverleg: which kinds of information (and a short
    account of it), shared with the other party through the disclosure register."""

    episode = models.ForeignKey(
        AcuteEpisode, on_delete=models.CASCADE, related_name="contributions"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    categories = models.JSONField(_("soorten informatie"), default=list, blank=True)
    nothing_available = models.BooleanField(_("niets bekend"), default=False)
    summary = models.TextField(_("toelichting"), blank=True)
    disclosure = models.OneToOneField(
        "sharing.Disclosure",
        verbose_name=_("verstrekking"),
        on_delete=models.PROTECT,
        related_name="acuut_contribution",
    )
    created_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("gedeeld op"))

    class Meta:
        verbose_name = _("bijdrage motorkapoverleg")
        verbose_name_plural = _("bijdragen motorkapoverleg")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "organisation"], name="acuut_contribution_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.episode_id}: {self.organisation_id}"


class Consultation(models.Model):
    """A request for advice or information to the Raad, the OM or the reclassering, shared
    through the disclosure register; the addressed organisation sees this request (and only
    this) and can record its answer, as can the requester (an answer given by phone)."""

    episode = models.ForeignKey(
        AcuteEpisode, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("soort"), max_length=24, choices=ConsultationKind.choices)
    addressed_to = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("gericht aan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requesting_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("gevraagd op"))
    question = models.TextField(_("vraag"))
    after_hours = models.BooleanField(_("buiten kantooruren"), default=False)
    line_used = models.CharField(_("gebruikte lijn"), max_length=100, blank=True)
    urgent_request = models.CharField(
        _("spoedverzoek"),
        max_length=16,
        choices=UrgentRequest.choices,
        default=UrgentRequest.GEEN,
    )
    disclosure = models.OneToOneField(
        "sharing.Disclosure",
        verbose_name=_("verstrekking van de vraag"),
        on_delete=models.PROTECT,
        related_name="acuut_consultation",
    )
    answer = models.TextField(_("antwoord"), blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_disclosure = models.OneToOneField(
        "sharing.Disclosure",
        verbose_name=_("verstrekking van het antwoord"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acuut_consultation_answer",
    )

    class Meta:
        verbose_name = _("raadpleging")
        verbose_name_plural = _("raadplegingen")
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.episode_id}: {self.kind}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class InvestigationAgreement(models.Model):
    """Who does which investigative act, in which order, and who talks with whom (jointly, so
    that people tell their story once)."""

    episode = models.ForeignKey(
        AcuteEpisode, on_delete=models.CASCADE, related_name="investigation_agreements"
    )
    act = models.CharField(
        _("onderzoekshandeling"), max_length=32, choices=InvestigativeAct.choices
    )
    description = models.CharField(_("toelichting"), max_length=500, blank=True)
    by_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sequence = models.PositiveSmallIntegerField(_("volgorde"))
    joint = models.BooleanField(_("gezamenlijk (politie en Veilig Thuis samen)"), default=False)
    persons = models.ManyToManyField(
        "persons.Person", verbose_name=_("met wie"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    recording_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("afspraak over onderzoek")
        verbose_name_plural = _("afspraken over onderzoek")
        ordering = ["sequence", "id"]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.act}"


class ChildCheck(models.Model):
    """The kindcheck for one child of the household."""

    episode = models.ForeignKey(AcuteEpisode, on_delete=models.CASCADE, related_name="child_checks")
    child = models.ForeignKey(
        "persons.Person", verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=ChildCheckOutcome.choices)
    injury_suspected = models.BooleanField(_("(vermoeden van) letsel"), default=False)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("gecontroleerd op"))
    checked_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("kindcheck")
        verbose_name_plural = _("kindchecks")
        ordering = ["checked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "child"], name="acuut_child_check_once")
        ]

    def __str__(self) -> str:
        return f"{self.episode_id}: {self.child_id}"


class InjuryRecord(models.Model):
    """(Suspected) injury of one person. For an adult the police photographs it; for a child
    the police always engages a forensic doctor and Forensische Opsporing — step 3 cannot be
    completed before both are recorded."""

    episode = models.ForeignKey(AcuteEpisode, on_delete=models.CASCADE, related_name="injuries")
    person = models.ForeignKey(
        "persons.Person", verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="+"
    )
    is_child = models.BooleanField(_("minderjarig"))
    kind = models.CharField(_("soort"), max_length=16, choices=InjuryKind.choices)
    photos_taken = models.BooleanField(_("foto's gemaakt"), null=True, blank=True)
    forensic_doctor_at = models.DateTimeField(
        _("forensisch arts ingeschakeld op"), null=True, blank=True
    )
    forensic_investigation_at = models.DateTimeField(
        _("Forensische Opsporing ingeschakeld op"), null=True, blank=True
    )
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("letsel")
        verbose_name_plural = _("letsel")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "person"], name="acuut_injury_once")
        ]

    def __str__(self) -> str:
        return f"{self.episode_id}: {self.person_id}"

    @property
    def forensics_complete(self) -> bool:
        return self.forensic_doctor_at is not None and self.forensic_investigation_at is not None
