"""The ZSM card on the family page: the family's ZSM cases the user's organisation may see."""

from __future__ import annotations

from django import template

from voorop.zsm import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def zsm_family_cases(context, family):
    request = context.get("request")
    if request is None or family is None:
        return []
    return list(
        selectors.cases_for(request.user).filter(family_system=family).order_by("-inflow_at")[:5]
    )
