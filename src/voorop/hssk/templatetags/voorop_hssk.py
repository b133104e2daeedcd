"""``{% hssk_melding_panel melding %}`` on the melding page: for Veilig Thuis or the Raad, its
own melding about a child leads to the HSSK case started from it, or offers to start one."""

from __future__ import annotations

from django import template
from django.http import Http404
from django.utils.translation import gettext as _

from voorop.hssk import selectors

register = template.Library()


@register.inclusion_tag("hssk/_melding_panel.html", takes_context=True)
def hssk_melding_panel(context, melding) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    try:
        own = selectors.startable_melding_get(user=user, pk=melding.pk)
    except Http404:
        return {"show": False}
    return {
        "show": True,
        "melding": own,
        "case": selectors.case_of_melding(user=user, melding=own),
    }


@register.filter
def duration(hours: float | None) -> str:
    """Hours as a professional reads them: "5,5 uur" up to two days, "12 dagen" beyond."""
    if hours is None:
        return "—"
    if hours < 48:
        number = f"{hours:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        return _("%(n)s uur") % {"n": number}
    return _("%(n)d dagen") % {"n": round(hours / 24)}
