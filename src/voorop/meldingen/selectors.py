"""Reads of meldingen, through the authorization policy."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from voorop.authz import policy
from voorop.authz.policy import MeldingView
from voorop.meldingen.models import Melding


def melding_get(*, user, pk: int) -> MeldingView:
    """One melding as the user may see it (own, shared or under emergency access)."""
    try:
        melding = (
            policy.meldingen_for(user)
            .select_related("source_organisation", "family_system")
            .prefetch_related("persons__person")
            .get(pk=pk)
        )
    except Melding.DoesNotExist:
        raise Http404 from None
    return policy.melding_views(user, [melding])[0]


def melding_list(*, user, kind: str = "", acute_only: bool = False) -> QuerySet[Melding]:
    qs = policy.meldingen_for(user).select_related("source_organisation", "family_system")
    if kind:
        qs = qs.filter(kind=kind)
    if acute_only:
        qs = qs.filter(is_acute=True)
    return qs.order_by("-occurred_at", "-id")
