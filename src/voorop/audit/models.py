"""The access log: who did what with whose data, when, from where, on what basis.

Records the fact, never the content: only primitive values (identifiers, codes), no names,
no narrative. Rows are only ever inserted.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "VIEW", _("inzien")
    LIST = "LIST", _("lijst")
    SEARCH = "SEARCH", _("zoeken")
    CREATE = "CREATE", _("aanmaken")
    UPDATE = "UPDATE", _("wijzigen")
    EXPORT = "EXPORT", _("exporteren")
    LOGIN = "LOGIN", _("inloggen")


class AccessOutcome(models.TextChoices):
    OK = "OK", _("toegestaan")
    DENIED = "DENIED", _("geweigerd of niet gevonden")


class AccessLogEntry(models.Model):
    occurred_at = models.DateTimeField(_("tijdstip (UTC)"), auto_now_add=True, db_index=True)
    action = models.CharField(_("actie"), max_length=16, choices=AccessAction.choices)
    outcome = models.CharField(_("uitkomst"), max_length=8, choices=AccessOutcome.choices)
    user_id = models.BigIntegerField(_("gebruiker"), null=True)
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    roles = models.CharField(_("rollen"), max_length=300, blank=True)
    organisation_code = models.CharField(_("organisatie"), max_length=64, blank=True)
    purpose = models.CharField(_("doel / grondslag"), max_length=200, blank=True)
    object_type = models.CharField(_("soort object"), max_length=64)
    object_id = models.TextField(_("object(en)"), blank=True)
    person_ids = models.TextField(_("betrokken personen"), blank=True)
    client_address = models.GenericIPAddressField(_("adres client"), null=True)
    channel = models.CharField(_("kanaal"), max_length=8, default="WEB")

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.object_type}"
        )
