"""Pagination of meldingen that wraps each page in what the user may see of it."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from voorop.authz import policy


def paginate_meldingen(*, user, queryset, per_page: int, page_number) -> Page:
    """A page of ``queryset`` (already from ``policy.meldingen_for``) whose objects are
    ``MeldingView``s: redacted to the field groups the user may see."""
    page = Paginator(queryset, per_page).get_page(page_number)
    page.object_list = policy.melding_views(user, page.object_list)
    return page
