"""Links between reported identities and the person index, why they were made, and the review
queue for the pairs the model is not sure of.

- ``PersonLink``: that a mention (``MeldingPerson``) was linked to a ``Person``, how (BSN,
  probabilistic, by hand, by the seed) and why (score and per-field agreement). A link is never
  deleted: a correction supersedes it, so the history of every link stays readable.
- ``LinkReview``: a mention and a candidate person the model put between the review and the
  link threshold; a reviewer confirms or rejects it.
- ``LinkIdentity`` and ``PersonKey``: the normalised identities known for each person (the
  person's own and each linked mention's) and their blocking keys, indexed, so online linkage
  finds candidates with one indexed lookup instead of re-running the batch.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkMethod(models.TextChoices):
    BSN = "BSN", _("BSN (elfproef geldig)")
    PROBABILISTISCH = "PROBABILISTISCH", _("probabilistisch model")
    HANDMATIG = "HANDMATIG", _("handmatig beoordeeld")
    NIEUW = "NIEUW", _("nieuwe persoon")
    SEED = "SEED", _("gegenereerde grondwaarheid")


class PersonLink(models.Model):
    mention = models.ForeignKey(
        "meldingen.MeldingPerson",
        verbose_name=_("betrokken persoon in melding"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    person = models.ForeignKey(
        "persons.Person", verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="links"
    )
    method = models.CharField(_("methode"), max_length=16, choices=LinkMethod.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    explanation = models.JSONField(_("uitleg"), default=dict, blank=True)
    created_at = models.DateTimeField(_("gekoppeld op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gekoppeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    superseded_at = models.DateTimeField(_("vervangen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "superseded_at"], name="link_person_current_idx"),
            models.Index(fields=["mention", "superseded_at"], name="link_mention_current_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mention_id} → {self.person_id} ({self.method})"


class ReviewStatus(models.TextChoices):
    OPEN = "OPEN", _("open")
    BEVESTIGD = "BEVESTIGD", _("bevestigd")
    AFGEWEZEN = "AFGEWEZEN", _("afgewezen")


class LinkReview(models.Model):
    mention = models.ForeignKey(
        "meldingen.MeldingPerson",
        verbose_name=_("betrokken persoon in melding"),
        on_delete=models.CASCADE,
        related_name="link_reviews",
    )
    candidate = models.ForeignKey(
        "persons.Person",
        verbose_name=_("kandidaat"),
        on_delete=models.CASCADE,
        related_name="link_reviews",
    )
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("uitleg"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    reason = models.CharField(_("reden"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordelaar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("te beoordelen koppeling")
        verbose_name_plural = _("te beoordelen koppelingen")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mention", "candidate"], name="linkage_review_unique_pair"
            )
        ]
        indexes = [models.Index(fields=["status", "-score"], name="review_status_score_idx")]

    def __str__(self) -> str:
        return f"{self.mention_id} ~ {self.candidate_id} ({self.status})"


class LinkIdentity(models.Model):
    """One normalised identity of a person: its own record (no mention) or a linked mention."""

    person = models.ForeignKey(
        "persons.Person", on_delete=models.CASCADE, related_name="link_identities"
    )
    mention = models.ForeignKey(
        "meldingen.MeldingPerson",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="link_identities",
    )
    profile = models.JSONField(_("genormaliseerde identiteit"))

    class Meta:
        verbose_name = _("identiteit voor koppelen")
        verbose_name_plural = _("identiteiten voor koppelen")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.profile.get('surname')}"


class PersonKey(models.Model):
    """A blocking key of an identity ("sd:jansen|1980-05-03", "pc:1234AB:12|j", "bsn:…")."""

    identity = models.ForeignKey(LinkIdentity, on_delete=models.CASCADE, related_name="keys")
    person = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("sleutel"), max_length=120)

    class Meta:
        verbose_name = _("koppelsleutel")
        verbose_name_plural = _("koppelsleutels")
        indexes = [models.Index(fields=["key"], name="personkey_key_idx")]

    def __str__(self) -> str:
        return self.key
