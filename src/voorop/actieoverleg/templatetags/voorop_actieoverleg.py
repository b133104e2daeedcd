from __future__ import annotations

from typing import Any

from django import template

from voorop.actieoverleg import selectors
from voorop.authz.selectors import is_professional

register = template.Library()


@register.inclusion_tag("actieoverleg/_card.html", takes_context=True)
def actieoverleg_card(context, family) -> dict[str, Any]:
    """The family's submissions the user sees, and the link to submit it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or selectors._organisation(user) is None:
        return {"family": family, "submissions": [], "may_submit": False}
    return {
        "family": family,
        "submissions": list(selectors.family_submissions(user=user, family_system=family)),
        "may_submit": is_professional(user),  # privacy officers read along
    }
