"""Template tags for the person and family-system pages: the dat-informatie panel ("Ook
betrokken") and the banner of a running emergency access."""

from __future__ import annotations

from typing import Any

from django import template

from voorop.authz import selectors
from voorop.sharing import betrokkenheid

register = template.Library()


@register.inclusion_tag("sharing/_betrokkenheid.html", takes_context=True)
def betrokkenheid_panel(context, family=None, person=None) -> dict[str, Any]:
    """Which partners are involved with this family system or person (logged as DAT_QUERY)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not betrokkenheid.may_query(user):
        return {"available": False}
    if family is not None:
        involvement = betrokkenheid.involvement_for_family(user=user, family_system_id=family.pk)
    else:
        involvement = betrokkenheid.involvement_for_person(user=user, person_id=person.pk)
    return {
        "available": True,
        "involvement": involvement,
        "own_organisation_id": user.organisation_id,
    }


@register.inclusion_tag("authz/_emergency_banner.html", takes_context=True)
def emergency_banner(context, family) -> dict[str, Any]:
    """ "Noodtoegang actief tot HH:MM" while the user reads this family under emergency access."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"access": selectors.active_emergency_access(user=user, family_system_id=family.pk)}
