"""Menu items of the authz pages: "Wie is betrokken?" for partner users, and for privacy
officers the emergency-access review queue with the count of accesses waiting for review."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from voorop.authz import selectors


@dataclass(frozen=True)
class AuthzNav:
    lookup: bool
    reviews: bool
    pending: int


def _authz_nav(user) -> AuthzNav:
    partner = selectors.is_partner_user(user)
    reviews = partner and selectors.is_privacy_officer(user)
    pending = selectors.emergency_reviews_pending_count(user=user) if reviews else 0
    return AuthzNav(lookup=partner, reviews=reviews, pending=pending)


def authz_nav(request):
    """``authz_nav``: ``.lookup`` (offer the dat-informatie lookup), ``.reviews`` (the user
    reviews emergency accesses) and ``.pending`` (how many wait). Evaluated only when a template
    reads it, and then once per request."""
    user = getattr(request, "user", None)
    return {"authz_nav": SimpleLazyObject(lambda: _authz_nav(user))}
