"""Reads of linkage. Every query starts from ``voorop.authz.policy``: a reviewer sees a pair only
when their organisation may see both the reported mention (its melding) and the candidate."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from voorop.authz import policy
from voorop.linkage.models import LinkReview, PersonLink, ReviewStatus
from voorop.meldingen.models import MeldingPerson
from voorop.persons.models import Person


def review_queue(
    *, user, status: str = ReviewStatus.OPEN, min_score: float | None = None, query: str = ""
) -> QuerySet[LinkReview]:
    qs = LinkReview.objects.filter(
        mention__melding__in=policy.meldingen_with_persons_for(user),
        candidate__in=policy.persons_for(user),
    ).select_related("mention", "mention__melding", "candidate")
    if status:
        qs = qs.filter(status=status)
    if min_score is not None:
        qs = qs.filter(score__gte=min_score)
    if query:
        qs = qs.filter(mention__surname__icontains=query) | qs.filter(
            candidate__surname__icontains=query
        )
    return qs.order_by("-score", "id")


def review_get(*, user, pk: int) -> LinkReview:
    try:
        return review_queue(user=user, status="").get(pk=pk)
    except LinkReview.DoesNotExist:
        raise Http404 from None


def person_links(*, user, person: Person) -> QuerySet[PersonLink]:
    """The links (current and superseded) of the person's mentions in meldingen the user may
    see, newest first."""
    return (
        PersonLink.objects.filter(
            person=person, mention__melding__in=policy.meldingen_with_persons_for(user)
        )
        .select_related(
            "mention", "mention__melding", "mention__melding__source_organisation", "created_by"
        )
        .order_by("superseded_at", "-created_at", "-id")
    )


def person_mentions(*, user, person: Person) -> QuerySet[MeldingPerson]:
    """The mentions linked to the person now, in meldingen the user may see."""
    return (
        MeldingPerson.objects.filter(
            person=person, melding__in=policy.meldingen_with_persons_for(user)
        )
        .select_related("melding")
        .order_by("melding__occurred_at", "id")
    )
