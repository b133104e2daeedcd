"""The "Samen op in acuut" card on a family system's page: continue the open episode the
user's organisation takes part in, or start one (police and Veilig Thuis only)."""

from __future__ import annotations

from typing import Any

from django import template

from voorop.acuut import selectors

register = template.Library()


@register.inclusion_tag("acuut/_card.html", takes_context=True)
def acuut_card(context, family) -> dict[str, Any]:
    """Shows nothing to an organisation that neither takes part nor may start one. The
    episode's existence is not logged here: the card names no person or content beyond the
    family page it sits on, which is logged itself."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"available": False}
    episode = selectors.family_open_episode(user=user, family_system=family)
    may_start = episode is None and selectors.may_start(user=user, family_system=family)
    return {
        "available": episode is not None or may_start,
        "episode": episode,
        "step": episode.step if episode is not None else None,
        "may_start": may_start,
        "family": family,
    }
