"""Writes of linkage: confirming and rejecting a pair from the review queue, splitting a wrong
merge. Each is one transaction with its access-log record; nothing reported is ever changed or
deleted — a correction moves links and supersedes the old ``PersonLink``."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.linkage import online
from voorop.linkage.models import LinkIdentity, LinkMethod, LinkReview, PersonLink, ReviewStatus
from voorop.meldingen.models import MeldingPerson
from voorop.persons.models import FamilyMembership, Person


def _supersede_links(mention: MeldingPerson, at) -> None:
    PersonLink.objects.filter(mention=mention, superseded_at__isnull=True).update(superseded_at=at)


def _decided(review: LinkReview) -> None:
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(
            _("Deze koppeling is al beoordeeld (%(status)s).")
            % {"status": review.get_status_display()},
            code="al_beoordeeld",
        )


def link_confirm(*, review: LinkReview, user) -> PersonLink:
    """The reviewer confirms that the mention is the candidate person: the mention is linked to
    it (a link it had is superseded), the other open candidates of the mention are rejected."""
    with transaction.atomic():
        review = LinkReview.objects.select_for_update().select_related("mention").get(pk=review.pk)
        _decided(review)
        now = timezone.now()
        mention = review.mention
        previous = mention.person_id
        _supersede_links(mention, now)
        link = online._link(
            mention,
            review.candidate_id,
            method=LinkMethod.HANDMATIG,
            score=review.score,
            explanation={**review.explanation, "beoordeling": review.pk},
            row=online.model_row(online.identity_of_mention(mention)),
            user=user,
        )
        review.status = ReviewStatus.BEVESTIGD
        review.reviewer = user
        review.decided_at = now
        review.save(update_fields=["status", "reviewer", "decided_at"])
        LinkReview.objects.filter(mention=mention, status=ReviewStatus.OPEN).update(
            status=ReviewStatus.AFGEWEZEN, reviewer=user, decided_at=now
        )
        access_log_write(
            user=user,
            action=AccessAction.MERGE,
            object_type="koppeling",
            object_id=review.pk,
            person_ids=[review.candidate_id, previous],
        )
    return link


def link_reject(*, review: LinkReview, user) -> LinkReview:
    """The reviewer rejects the pair. When no open candidate is left for a mention that is still
    unlinked, it becomes a new person in the index (it is nobody the index knows)."""
    with transaction.atomic():
        review = LinkReview.objects.select_for_update().select_related("mention").get(pk=review.pk)
        _decided(review)
        review.status = ReviewStatus.AFGEWEZEN
        review.reviewer = user
        review.decided_at = timezone.now()
        review.save(update_fields=["status", "reviewer", "decided_at"])
        mention = review.mention
        person_ids: list[int | None] = [review.candidate_id]
        still_open = LinkReview.objects.filter(mention=mention, status=ReviewStatus.OPEN).exists()
        if mention.person_id is None and not still_open:
            person = online.person_from_mention(mention)
            online._link(
                mention,
                person,
                method=LinkMethod.NIEUW,
                score=None,
                explanation={"regel": _("Alle kandidaten afgewezen: nieuwe persoon")},
                row=online.model_row(online.identity_of_mention(mention)),
                user=user,
            )
            person_ids.append(person.pk)
        access_log_write(
            user=user,
            action=AccessAction.UPDATE,
            object_type="koppeling",
            object_id=review.pk,
            person_ids=person_ids,
        )
    return review


def person_split(*, person: Person, mentions: Iterable[MeldingPerson], user) -> Person:
    """Undo a wrong merge: the given mentions of ``person`` move to a new person.

    The new person takes its identity from the first moved mention, and the family-system
    memberships of ``person`` (the split-off person was seen in the same family systems).
    Every mention keeps its reported identity; the old links are superseded, new ones record
    who split and when. Nothing is deleted."""
    moving = list(mentions)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        ids = {m.pk for m in moving}
        if not ids:
            raise ValidationError(_("Kies ten minste één melding om af te splitsen."), code="leeg")
        owned = set(
            MeldingPerson.objects.filter(pk__in=ids, person=person).values_list("pk", flat=True)
        )
        if owned != ids:
            raise ValidationError(
                _("Niet alle gekozen vermeldingen horen bij deze persoon."), code="niet_van_persoon"
            )
        if MeldingPerson.objects.filter(person=person).exclude(pk__in=ids).count() == 0:
            raise ValidationError(
                _("Er moet ten minste één vermelding bij de oorspronkelijke persoon blijven."),
                code="alles",
            )
        ordered = list(
            MeldingPerson.objects.filter(pk__in=ids).select_related("melding").order_by("id")
        )
        first = ordered[0]
        new = Person.objects.create(
            given_names=first.given_names,
            prefix=first.prefix,
            surname=first.surname or person.surname,
            date_of_birth=first.date_of_birth,
            sex=first.sex,
            bsn=None,
            recorded_by=person.recorded_by,
        )
        if (
            person.bsn
            and all(m.bsn == person.bsn for m in ordered)
            and not any(
                m.bsn == person.bsn
                for m in MeldingPerson.objects.filter(person=person).exclude(pk__in=ids)
            )
        ):
            new.bsn, person.bsn = person.bsn, None
            person.save(update_fields=["bsn"])
            new.save(update_fields=["bsn"])
        now = timezone.now()
        for mention in ordered:
            _supersede_links(mention, now)
            online._link(
                mention,
                new,
                method=LinkMethod.HANDMATIG,
                score=None,
                explanation={"regel": _("Afgesplitst van persoon %(pk)d") % {"pk": person.pk}},
                row=online.model_row(online.identity_of_mention(mention)),
                user=user,
            )
        FamilyMembership.objects.bulk_create(
            [
                FamilyMembership(
                    family_system_id=m.family_system_id, person=new, since=m.since, until=m.until
                )
                for m in FamilyMembership.objects.filter(person=person)
            ]
        )
        LinkIdentity.objects.filter(person=person, mention__isnull=True).delete()
        online.index_identity(
            person=person, row=online.model_row(online.identity_of_person(person)), mention=None
        )
        access_log_write(
            user=user,
            action=AccessAction.SPLIT,
            object_type="persoon",
            object_id=person.pk,
            person_ids=[person.pk, new.pk],
        )
    return new
