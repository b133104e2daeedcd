"""Persons, their addresses and relations, and the family system (gezinssysteem) they form.

A Person is the network's person-index entry: one real person as far as the network knows.
What each organisation reported about that person (possibly with typos, a missing date of birth
or an old address) stays on the report itself (``meldingen.MeldingPerson``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MAN = "M", _("man")
    VROUW = "V", _("vrouw")
    ANDERS = "X", _("anders / onbepaald")
    ONBEKEND = "O", _("onbekend")


class Person(models.Model):
    given_names = models.CharField(_("voornamen"), max_length=200, blank=True)
    prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=200)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    sex = models.CharField(_("geslacht"), max_length=1, choices=Sex.choices, default=Sex.ONBEKEND)
    bsn = models.CharField(_("BSN"), max_length=9, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["surname", "given_names", "id"]
        indexes = [
            models.Index(fields=["surname", "given_names"], name="person_name_idx"),
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.prefix, self.surname) if part)

    @property
    def sort_name(self) -> str:
        """ "Jansen, Eva de" — how Dutch registers list a person."""
        first = " ".join(p for p in (self.given_names, self.prefix) if p)
        return f"{self.surname}, {first}" if first else self.surname


class Address(models.Model):
    """One address of a person for a period; the open period (no valid_to) is the current one."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    street = models.CharField(_("straat"), max_length=200)
    house_number = models.CharField(_("huisnummer"), max_length=20)
    postcode = models.CharField(_("postcode"), max_length=7, db_index=True)
    city = models.CharField(_("woonplaats"), max_length=100)
    valid_from = models.DateField(_("vanaf"), null=True, blank=True)
    valid_to = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        ordering = ["person", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}, {self.postcode} {self.city}"


class FamilySystem(models.Model):
    """The gezinssysteem: the persons who together are the unit of safety, across years,
    house moves and changing relations. Cases, meldingen and plans hang off it."""

    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    recorded_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    persons = models.ManyToManyField(
        Person, through="FamilyMembership", related_name="family_systems"
    )

    class Meta:
        verbose_name = _("gezinssysteem")
        verbose_name_plural = _("gezinssystemen")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class FamilyMembership(models.Model):
    family_system = models.ForeignKey(
        FamilySystem, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    since = models.DateField(_("sinds"), null=True, blank=True)
    until = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("lidmaatschap gezinssysteem")
        verbose_name_plural = _("lidmaatschappen gezinssysteem")
        constraints = [
            models.UniqueConstraint(
                fields=["family_system", "person"], name="persons_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.family_system}"


class RelationKind(models.TextChoices):
    PARTNER = "PARTNER", _("partner")
    EX_PARTNER = "EX_PARTNER", _("ex-partner")
    OUDER_KIND = "OUDER_KIND", _("ouder – kind")
    BROER_ZUS = "BROER_ZUS", _("broer / zus")
    OVERIGE_FAMILIE = "OVERIGE_FAMILIE", _("overige familie")
    VERZORGER = "VERZORGER", _("verzorger")


class Relation(models.Model):
    """A relation between two persons for a period. For OUDER_KIND, ``person_a`` is the parent
    and ``person_b`` the child; for VERZORGER, ``person_a`` cares for ``person_b``."""

    family_system = models.ForeignKey(
        FamilySystem, on_delete=models.CASCADE, related_name="relations"
    )
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_as_a")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_as_b")
    kind = models.CharField(_("soort relatie"), max_length=20, choices=RelationKind.choices)
    valid_from = models.DateField(_("vanaf"), null=True, blank=True)
    valid_to = models.DateField(_("tot"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("relatie")
        verbose_name_plural = _("relaties")
        ordering = ["family_system", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person_a=models.F("person_b")),
                name="persons_relation_distinct_persons",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_a} – {self.person_b}: {self.get_kind_display()}"


class OrganisationInvolvement(models.Model):
    """That an organisation is involved in a family system, and since when.

    This is the index behind visibility ("my organisation's family systems") and behind
    dat-informatie: it holds the fact and the contact route, never content. Services keep it
    up to date whenever an organisation records something in a family system.
    """

    family_system = models.ForeignKey(
        FamilySystem, on_delete=models.CASCADE, related_name="involvements"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="involvements"
    )
    since = models.DateTimeField(_("betrokken sinds"))
    last_activity_at = models.DateTimeField(_("laatste activiteit"))
    reference = models.CharField(_("kenmerk bij organisatie"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("betrokkenheid")
        verbose_name_plural = _("betrokkenheden")
        constraints = [
            models.UniqueConstraint(
                fields=["family_system", "organisation"], name="persons_involvement_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["organisation", "-last_activity_at"], name="involvement_org_activity_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} bij {self.family_system}"


__all__ = [
    "Address",
    "FamilyMembership",
    "FamilySystem",
    "OrganisationInvolvement",
    "Person",
    "Relation",
    "RelationKind",
    "Sex",
]
