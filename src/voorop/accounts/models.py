"""Users: one membership of one organisation, one or more roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from voorop.organisations.models import OrganisationKind


class RoleCode(models.TextChoices):
    VT_MEDEWERKER = "VT_MEDEWERKER", _("VT-medewerker")
    VERTROUWENSARTS = "VERTROUWENSARTS", _("Vertrouwensarts")
    VOORZITTER_ACTIEOVERLEG = "VOORZITTER_ACTIEOVERLEG", _("Voorzitter actieoverleg")
    AGENT = "AGENT", _("Agent")
    CASUSREGISSEUR = "CASUSREGISSEUR", _("Casusregisseur")
    OFFICIER = "OFFICIER", _("Officier van justitie")
    PARKETSECRETARIS = "PARKETSECRETARIS", _("Parketsecretaris")
    RECLASSERINGSWERKER = "RECLASSERINGSWERKER", _("Reclasseringswerker")
    RAADSONDERZOEKER = "RAADSONDERZOEKER", _("Raadsonderzoeker")
    PRIVACY_OFFICER = "PRIVACY_OFFICER", _("Privacy officer")
    FUNCTIONEEL_BEHEERDER = "FUNCTIONEEL_BEHEERDER", _("Functioneel beheerder")


#: Which roles an organisation of each kind may hand out. Privacy officer and functioneel
#: beheerder exist in every partner organisation.
ROLES_BY_ORGANISATION_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.VT: (
        RoleCode.VT_MEDEWERKER,
        RoleCode.VERTROUWENSARTS,
        RoleCode.VOORZITTER_ACTIEOVERLEG,
    ),
    OrganisationKind.POLITIE: (RoleCode.AGENT, RoleCode.CASUSREGISSEUR),
    OrganisationKind.OM: (RoleCode.OFFICIER, RoleCode.PARKETSECRETARIS),
    OrganisationKind.RECLASSERING: (RoleCode.RECLASSERINGSWERKER,),
    OrganisationKind.RVDK: (RoleCode.RAADSONDERZOEKER,),
}
COMMON_ROLES = (RoleCode.PRIVACY_OFFICER, RoleCode.FUNCTIONEEL_BEHEERDER)


def roles_for_kind(kind: str) -> tuple[str, ...]:
    return ROLES_BY_ORGANISATION_KIND.get(kind, ()) + COMMON_ROLES


class User(AbstractUser):
    """A professional. Belongs to exactly one organisation; superusers (operators) may have none
    and then see no case data at all."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def role_codes(self) -> frozenset[str]:
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = (
                frozenset(self.roles.values_list("role", flat=True)) if self.pk else frozenset()
            )
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @property
    def display_roles(self) -> str:
        labels = dict(RoleCode.choices)
        return ", ".join(str(labels[r]) for r in sorted(self.role_codes))


class UserRole(models.Model):
    """One role of one user. A role must fit the kind of the user's organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rol"), max_length=32, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_userrole_unique")
        ]

    def __str__(self) -> str:
        return self.get_role_display()
