"""The actieoverleg: cases submitted to Veilig Thuis, the weekly meeting per VT region with its
agenda, and what each case yields (information shared, investigative acts, the OM's decision,
disagreements, escalation to MDA++). The onderzoeks- en veiligheidsplan itself lives in the
family's veiligheidsplan (``voorop.safetyplan``), written with ``moment=ACTIEOVERLEG`` and the
agenda item's reference; the tables here hold what belongs to the meeting alone.

The status tables are in ``voorop.actieoverleg.workflow``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    INGEDIEND = "INGEDIEND", _("Ingediend")
    GEAGENDEERD = "GEAGENDEERD", _("Geagendeerd")
    AFGEWEZEN = "AFGEWEZEN", _("Afgewezen")
    BESPROKEN = "BESPROKEN", _("Besproken")


class Submission(models.Model):
    """A case put forward for the actieoverleg of a VT organisation (the chair's: the one that
    received the family's newest VT melding). Any partner submits; only a family system with
    a VT melding qualifies; the chair decides, checking the four criteria, whether it goes on
    the agenda."""

    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    family_system = models.ForeignKey(
        "persons.FamilySystem",
        verbose_name=_("gezinssysteem"),
        on_delete=models.PROTECT,
        related_name="actieoverleg_submissions",
    )
    vt_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("Veilig Thuis (voorzitter)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("ingediend door organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reden"))
    submitted_at = models.DateTimeField(_("ingediend op"))
    melding_received_at = models.DateTimeField(
        _("VT-melding ontvangen op"),
        help_text=_(
            "De nieuwste VT-melding van het gezinssysteem bij het aanmelden: vanaf hier telt "
            "de wachttijd."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.INGEDIEND,
    )
    # The chair's check of the criteria (Significant, §2.3.1).
    criterion_overlap = models.BooleanField(_("samenloop zorg en straf"), null=True, blank=True)
    criterion_offence = models.BooleanField(
        _("(vermoeden van) strafbaar feit, politieonderzoek loopt"), null=True, blank=True
    )
    criterion_not_elsewhere = models.BooleanField(
        _("niet al elders belegd (zoals MDA++)"), null=True, blank=True
    )
    criterion_route_unclear = models.BooleanField(
        _("route nog niet duidelijk"), null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_note = models.TextField(_("toelichting besluit"), blank=True)

    class Meta:
        verbose_name = _("aanmelding actieoverleg")
        verbose_name_plural = _("aanmeldingen actieoverleg")
        ordering = ["melding_received_at", "id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def criteria(self) -> list[tuple[str, bool | None]]:
        return [
            (str(getattr(self._meta.get_field(name), "verbose_name", name)), getattr(self, name))
            for name in CRITERIA
        ]


CRITERIA = (
    "criterion_overlap",
    "criterion_offence",
    "criterion_not_elsewhere",
    "criterion_route_unclear",
)


class MeetingStatus(models.TextChoices):
    GEPLAND = "GEPLAND", _("Gepland")
    BEZIG = "BEZIG", _("Bezig")
    AFGEROND = "AFGEROND", _("Afgerond")


class Meeting(models.Model):
    """One actieoverleg of a VT organisation (its VT region), usually weekly. Police and OM
    are standing participants (``standing_organisations``); 3RO and RvdK are invited per
    agenda item."""

    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    vt_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("Veilig Thuis (voorzitter)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("VT-regio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorzitter"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.GEPLAND
    )
    standing_organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("vaste deelnemers"),
        related_name="+",
        blank=True,
    )
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("actieoverleg")
        verbose_name_plural = _("actieoverleggen")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.reference


class ItemStatus(models.TextChoices):
    GEPLAND = "GEPLAND", _("Gepland")
    BESPROKEN = "BESPROKEN", _("Besproken")


class AgendaItem(models.Model):
    """A case on a meeting's agenda, with its time slot. The output of its discussion (steps
    1–3) hangs off it."""

    reference = models.CharField(_("kenmerk"), max_length=40, unique=True)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("actieoverleg"), on_delete=models.CASCADE, related_name="items"
    )
    submission = models.ForeignKey(
        Submission, verbose_name=_("aanmelding"), on_delete=models.PROTECT, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"))
    slot_start = models.DateTimeField(_("tijdslot van"))
    slot_end = models.DateTimeField(_("tijdslot tot"))
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.GEPLAND
    )
    handover = models.TextField(_("overdracht (stap 3)"), blank=True)
    discussed_at = models.DateTimeField(_("besproken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "submission"], name="actieoverleg_item_once_per_meeting"
            ),
            models.CheckConstraint(
                condition=models.Q(slot_end__gt=models.F("slot_start")),
                name="actieoverleg_item_slot_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def family_system(self):
        return self.submission.family_system


class InvitationBasis(models.TextChoices):
    VAST = "VAST", _("Vaste deelnemer")
    BETROKKEN = "BETROKKEN", _("Is of was betrokken (dat-informatie)")


class ParticipationResponse(models.TextChoices):
    OPEN = "OPEN", _("Nog geen reactie")
    DOET_MEE = "DOET_MEE", _("Sluit aan")
    VOORBEREID = "VOORBEREID", _("Sluit aan, voorbereid")
    AFGEMELD = "AFGEMELD", _("Sluit niet aan")


class Participation(models.Model):
    """An organisation taking part in one agenda item: police and OM as standing participants,
    3RO and RvdK when dat-informatie shows they are or were involved. Each says whether it
    joins and whether it prepared (step 0)."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    basis = models.CharField(_("uitgenodigd als"), max_length=16, choices=InvitationBasis.choices)
    response = models.CharField(
        _("reactie"),
        max_length=16,
        choices=ParticipationResponse.choices,
        default=ParticipationResponse.OPEN,
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("gereageerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        ordering = ["item", "organisation__kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organisation"], name="actieoverleg_participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.organisation}"


class SharedInformation(models.Model):
    """Step 1: information a participant shared about the case during the meeting — a
    disclosure in the register (with its legal basis), recorded per participant."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="shared_information"
    )
    disclosure = models.OneToOneField(
        "sharing.Disclosure", on_delete=models.PROTECT, related_name="actieoverleg_item"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    interpretation = models.TextField(_("duiding"), blank=True)
    recorded_at = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        verbose_name = _("gedeelde informatie")
        verbose_name_plural = _("gedeelde informatie")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.item} – {self.disclosure}"


class InvestigativeAct(models.Model):
    """Step 2: an agreement on an investigative act — who hears whom, in which order — so that
    VT's conversations do not harm the evidential value of statements. Written into the
    veiligheidsplan as an agreement (``plan_item``) with its owner and date."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="investigative_acts"
    )
    sequence = models.PositiveSmallIntegerField(_("volgorde"))
    description = models.CharField(_("onderzoekshandeling"), max_length=300)
    plan_item = models.OneToOneField(
        "safetyplan.PlanItem", on_delete=models.PROTECT, related_name="actieoverleg_act"
    )

    class Meta:
        verbose_name = _("onderzoekshandeling")
        verbose_name_plural = _("onderzoekshandelingen")
        ordering = ["item", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "sequence"], name="actieoverleg_act_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.sequence}. {self.description}"


class OmDecisionKind(models.TextChoices):
    STRAFRECHTELIJK = "STRAFRECHTELIJK", _("Strafrechtelijk oppakken")
    NIET_STRAFRECHTELIJK = "NIET_STRAFRECHTELIJK", _("Niet strafrechtelijk oppakken")
    NADER_ONDERZOEK = "NADER_ONDERZOEK", _("Eerst nader politieonderzoek")


class OmDecision(models.Model):
    """Whether the case is taken up in criminal law. The OM's decision alone: recorded and
    changed only by a user of an OM organisation taking part in the item."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="om_decision")
    decision = models.CharField(_("besluit"), max_length=24, choices=OmDecisionKind.choices)
    rationale = models.TextField(_("toelichting"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten op"))

    class Meta:
        verbose_name = _("besluit OM")
        verbose_name_plural = _("besluiten OM")

    def __str__(self) -> str:
        return f"{self.item} – {self.get_decision_display()}"


class DisagreementStatus(models.TextChoices):
    OPEN = "OPEN", _("Open")
    OPGELOST = "OPGELOST", _("Opgelost")
    GEESCALEERD = "GEESCALEERD", _("Geëscaleerd")


class Disagreement(models.Model):
    """Partners disagree about the approach of a case (conflicting aims, interests or views):
    recorded, and resolved or escalated (to whom: ``escalated_to``)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="disagreements")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("waarover"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DisagreementStatus.choices,
        default=DisagreementStatus.OPEN,
    )
    outcome = models.TextField(_("uitkomst of escalatie"), blank=True)
    escalated_to = models.CharField(_("geëscaleerd naar"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("vastgelegd op"))
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verschil van inzicht")
        verbose_name_plural = _("verschillen van inzicht")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.item} – {self.get_status_display()}"


class Escalation(models.Model):
    """The case goes to an MDA++ approach; the route is recorded."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="escalation")
    route = models.TextField(_("route"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten op"))

    class Meta:
        verbose_name = _("opschaling naar MDA++")
        verbose_name_plural = _("opschalingen naar MDA++")

    def __str__(self) -> str:
        return f"{self.item} – MDA++"


class RegionHandover(models.Model):
    """The family moved: the item's onderzoeks- en veiligheidsplan and minutes are handed to
    the actieoverleg of another VT organisation, through the disclosure register."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="handovers")
    disclosure = models.OneToOneField(
        "sharing.Disclosure", on_delete=models.PROTECT, related_name="actieoverleg_handover"
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("naar Veilig Thuis"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    handed_over_at = models.DateTimeField(_("overgedragen op"))

    class Meta:
        verbose_name = _("overdracht naar andere regio")
        verbose_name_plural = _("overdrachten naar andere regio")
        ordering = ["handed_over_at", "id"]

    def __str__(self) -> str:
        return f"{self.item} → {self.to_organisation}"
