"""Organisations in the network and the regions they work in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    VT = "VT", _("Veilig Thuis")
    POLITIE = "POLITIE", _("Politie")
    OM = "OM", _("Openbaar Ministerie")
    RECLASSERING = "RECLASSERING", _("Reclassering (3RO)")
    RVDK = "RVDK", _("Raad voor de Kinderbescherming")
    CRISISDIENST = "CRISISDIENST", _("Crisisdienst")
    ZIEKENHUIS = "ZIEKENHUIS", _("Ziekenhuis")
    GEMEENTE = "GEMEENTE", _("Gemeente")
    LECK = "LECK", _("LECK")
    GI = "GI", _("Gecertificeerde instelling")
    SLACHTOFFERHULP = "SLACHTOFFERHULP", _("Slachtofferhulp")
    ZVH = "ZVH", _("Zorg- en Veiligheidshuis")
    OVERIG = "OVERIG", _("Overige partij")


#: The five partners of Veiligheid Voorop; other kinds appear as reporters or parties.
PARTNER_KINDS = (
    OrganisationKind.VT,
    OrganisationKind.POLITIE,
    OrganisationKind.OM,
    OrganisationKind.RECLASSERING,
    OrganisationKind.RVDK,
)


class RegionKind(models.TextChoices):
    VT_REGIO = "VT_REGIO", _("Veilig Thuis-regio")
    POLITIE_EENHEID = "POLITIE_EENHEID", _("Politie-eenheid")
    BASISTEAM = "BASISTEAM", _("Basisteam")
    ZSM_LOCATIE = "ZSM_LOCATIE", _("ZSM-locatie")
    ARRONDISSEMENT = "ARRONDISSEMENT", _("Arrondissement")


class Region(models.Model):
    """A geographical or organisational area: VT-regio, politie-eenheid with basisteams,
    ZSM-locatie, arrondissement. A basisteam's parent is its politie-eenheid."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=32, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Organisation(models.Model):
    """An organisation (or a regional team of one) that records or receives case data.

    Every case record belongs to the organisation that recorded it; the contact route
    (team phone and e-mail) is what partners see as dat-informatie.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=32, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    contact_phone = models.CharField(_("telefoon team"), max_length=32, blank=True)
    contact_email = models.EmailField(_("e-mail team"), blank=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_partner(self) -> bool:
        return self.kind in PARTNER_KINDS
