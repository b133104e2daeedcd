"""Reports (meldingen) from every organisation: police incidents, aangiften, VT meldingen,
hospital reports, arrests. Each belongs to the organisation that recorded it; the persons in it
are kept as reported (``MeldingPerson``) and linked to the person index."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from voorop.persons.models import Sex


class MeldingKind(models.TextChoices):
    POLITIE_INCIDENT = "POLITIE_INCIDENT", _("Politie-incident")
    AANGIFTE = "AANGIFTE", _("Aangifte")
    AANHOUDING = "AANHOUDING", _("Aanhouding verdachte")
    VT_MELDING = "VT_MELDING", _("Melding Veilig Thuis")
    ZIEKENHUISMELDING = "ZIEKENHUISMELDING", _("Melding ziekenhuis")
    OVERIG = "OVERIG", _("Overige melding")


class Channel(models.TextChoices):
    NOODNUMMER = "112", _("112-melding")
    TELEFOON = "TELEFOON", _("Telefoon")
    BALIE = "BALIE", _("Aan de balie")
    ONLINE = "ONLINE", _("Online")
    PROFESSIONAL = "PROFESSIONAL", _("Professional (Meldcode)")
    POLITIE_ZORGMELDING = "POLITIE_ZORGMELDING", _("Zorgmelding politie")
    SURVEILLANCE = "SURVEILLANCE", _("Eigen waarneming")
    SYSTEEM = "SYSTEEM", _("Koppeling bronsysteem")


class Label(models.TextChoices):
    HG = "HG", _("Huiselijk geweld")
    KM = "KM", _("Kindermishandeling")
    EX_PARTNERSTALKING = "EX_PARTNERSTALKING", _("Ex-partnerstalking")
    EERGERELATEERD = "EERGERELATEERD", _("Eergerelateerd geweld")
    OUDERENMISHANDELING = "OUDERENMISHANDELING", _("Ouderenmishandeling")


class Melding(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=40, unique=True)
    source_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="meldingen",
    )
    kind = models.CharField(_("soort"), max_length=24, choices=MeldingKind.choices)
    channel = models.CharField(_("kanaal"), max_length=24, choices=Channel.choices)
    occurred_at = models.DateTimeField(_("voorgevallen op"))
    received_at = models.DateTimeField(_("ontvangen op"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode locatie"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    is_acute = models.BooleanField(_("acuut onveilig"), default=False)
    label_hg = models.BooleanField(_("huiselijk geweld"), default=False)
    label_km = models.BooleanField(_("kindermishandeling"), default=False)
    label_ex_partnerstalking = models.BooleanField(_("ex-partnerstalking"), default=False)
    label_eergerelateerd = models.BooleanField(_("eergerelateerd"), default=False)
    label_ouderenmishandeling = models.BooleanField(_("ouderenmishandeling"), default=False)
    narrative = models.TextField(_("toelichting"), blank=True)
    medical_details = models.TextField(
        _("medische gegevens"),
        blank=True,
        help_text=_("Alleen zichtbaar voor de vertrouwensarts van de vastleggende organisatie."),
    )
    family_system = models.ForeignKey(
        "persons.FamilySystem",
        verbose_name=_("gezinssysteem"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meldingen",
    )
    # What the route advice (``voorop.intake.routes``) reads besides kind, labels and acute.
    suspect_arrested = models.BooleanField(
        _("verdachte gehoord of aangehouden"), default=False, db_default=False
    )
    child_injury_suspected = models.BooleanField(
        _("(vermoeden van) letsel bij een kind"), default=False, db_default=False
    )
    reporter_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("gemeld door"),
        help_text=_(
            "De organisatie die de melding deed, bijvoorbeeld een ziekenhuis of de politie."
        ),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follows_from = models.ForeignKey(
        "self",
        verbose_name=_("volgt op"),
        help_text=_("De eerdere melding waaruit deze melding voortkomt (opvolging van meldingen)."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    #: Set by ``meldingen.services.melding_record`` on the melding it returns (not stored):
    #: linkage outcomes, route advice, 24-hour referral, placement (``IntakeOutcome``).
    intake_outcome: Any = None

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["family_system", "occurred_at"], name="melding_family_time_idx"),
            models.Index(
                fields=["source_organisation", "-occurred_at"], name="melding_org_time_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(received_at__gte=models.F("occurred_at")),
                name="meldingen_received_after_occurred",
                violation_error_message=_("Ontvangen kan niet vóór het voorval liggen."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    LABEL_FIELDS = {
        Label.HG: "label_hg",
        Label.KM: "label_km",
        Label.EX_PARTNERSTALKING: "label_ex_partnerstalking",
        Label.EERGERELATEERD: "label_eergerelateerd",
        Label.OUDERENMISHANDELING: "label_ouderenmishandeling",
    }

    @property
    def labels(self) -> list[Label]:
        return [label for label, field in self.LABEL_FIELDS.items() if getattr(self, field)]


class InvolvementRole(models.TextChoices):
    SLACHTOFFER = "SLACHTOFFER", _("slachtoffer")
    VERDACHTE = "VERDACHTE", _("verdachte / pleger")
    GETUIGE = "GETUIGE", _("getuige")
    KIND_AANWEZIG = "KIND_AANWEZIG", _("kind aanwezig")
    MELDER = "MELDER", _("melder")


class MeldingPerson(models.Model):
    """A person as mentioned in one report, with the identity as the reporting organisation
    recorded it, and the link to the person index (empty until linked)."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey(
        "persons.Person",
        verbose_name=_("persoon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentions",
    )
    role = models.CharField(_("rol"), max_length=16, choices=InvolvementRole.choices)
    source_record_id = models.CharField(_("bronkenmerk"), max_length=64, blank=True)
    given_names = models.CharField(_("voornamen"), max_length=200, blank=True)
    prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=200, blank=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    sex = models.CharField(_("geslacht"), max_length=1, choices=Sex.choices, default=Sex.ONBEKEND)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("betrokken persoon")
        verbose_name_plural = _("betrokken personen")
        ordering = ["melding", "role", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.reported_name}"

    @property
    def reported_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.prefix, self.surname) if p)
