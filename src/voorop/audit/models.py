"""The access log: who did what with whose data, when, from where, on what basis.

Records the fact, never the content: only primitive values (identifiers, codes), no names,
no narrative. Rows are only ever inserted: database triggers refuse UPDATE and DELETE (see
``voorop.audit.maintenance`` for the one way around them, used by retention), and each row
carries the SHA-256 of its predecessor and of itself (``voorop.audit.chain``), so that a
changed, inserted or removed row breaks the chain that ``voorop audit verify`` walks.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "VIEW", _("inzien")
    LIST = "LIST", _("lijst")
    SEARCH = "SEARCH", _("zoeken")
    EXPORT = "EXPORT", _("exporteren")
    PRINT = "PRINT", _("afdrukken")
    CREATE = "CREATE", _("aanmaken")
    UPDATE = "UPDATE", _("wijzigen")
    DELETE = "DELETE", _("verwijderen")
    MERGE = "MERGE", _("samenvoegen")
    SPLIT = "SPLIT", _("splitsen")
    DISCLOSE = "DISCLOSE", _("verstrekken")
    WITHDRAW = "WITHDRAW", _("verstrekking intrekken")
    DAT_QUERY = "DAT_QUERY", _("dat-informatie opvragen")
    EMERGENCY_ACCESS = "EMERGENCY_ACCESS", _("noodtoegang")
    EMERGENCY_REVIEW = "EMERGENCY_REVIEW", _("noodtoegang beoordelen")
    AUDIT_READ = "AUDIT_READ", _("toegangslog raadplegen")
    LOGIN = "LOGIN", _("inloggen")
    LOGOUT = "LOGOUT", _("uitloggen")
    RETENTION = "RETENTION", _("bewaartermijn toepassen")


class AccessOutcome(models.TextChoices):
    OK = "OK", _("toegestaan")
    DENIED = "DENIED", _("geweigerd of niet gevonden")


#: ``prev_hash`` of the very first record of the chain.
GENESIS_HASH = "0" * 64


class AccessLogEntry(models.Model):
    """One logged access. ``seq`` orders the chain; ``hash`` is
    ``sha256(prev_hash + canonical JSON of the logged fields)`` (``voorop.audit.chain``)."""

    seq = models.BigIntegerField(_("volgnummer"), unique=True)
    event_id = models.UUIDField(_("gebeurtenis"), unique=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(_("tijdstip (UTC)"), db_index=True)
    action = models.CharField(_("actie"), max_length=32, choices=AccessAction.choices)
    outcome = models.CharField(_("uitkomst"), max_length=8, choices=AccessOutcome.choices)
    user_id = models.BigIntegerField(_("gebruiker"), null=True)
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    roles = models.CharField(_("rollen"), max_length=300, blank=True)
    acting_role = models.CharField(_("handelend in rol"), max_length=300, blank=True)
    organisation_code = models.CharField(_("organisatie"), max_length=64, blank=True)
    on_behalf_of = models.CharField(_("namens"), max_length=200, blank=True)
    purpose = models.CharField(_("doel / grondslag"), max_length=200, blank=True)
    object_type = models.CharField(_("soort object"), max_length=64)
    object_id = models.TextField(_("object(en)"), blank=True)
    person_ids = models.TextField(_("betrokken personen"), blank=True)
    client_address = models.GenericIPAddressField(_("adres client"), null=True)
    channel = models.CharField(_("kanaal"), max_length=8, default="WEB")
    prev_hash = models.CharField(_("hash vorige regel"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["organisation_code", "-seq"], name="audit_entry_org_seq_idx"),
            models.Index(fields=["username", "-seq"], name="audit_entry_user_seq_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.object_type}"
        )

    @property
    def person_id_list(self) -> list[int]:
        return [int(pk) for pk in self.person_ids.split(",") if pk]


class AccessLogPerson(models.Model):
    """A person an entry concerns: ``AccessLogEntry.person_ids`` as rows, so that the log can be
    filtered by person with an index. Written in the same call as its entry; covered by the
    entry's hash through ``person_ids`` (``voorop audit verify`` compares the two)."""

    entry = models.ForeignKey(AccessLogEntry, on_delete=models.CASCADE, related_name="persons")
    person_id = models.BigIntegerField(_("persoon"), db_index=True)

    class Meta:
        verbose_name = _("betrokken persoon in toegangslog")
        verbose_name_plural = _("betrokken personen in toegangslog")
        constraints = [
            models.UniqueConstraint(fields=["entry", "person_id"], name="audit_person_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.person_id}"
