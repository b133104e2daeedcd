"""The veiligheidsplan card on a family system's page (``persons/family_detail.html``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import transaction

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.safetyplan import selectors
from voorop.safetyplan.services import ITEM

register = template.Library()


@register.inclusion_tag("safetyplan/_card.html", takes_context=True)
def safetyplan_card(context, family) -> dict[str, Any]:
    """The open items of the family's plan, next due first, for users who may read the plan
    (nothing otherwise). The items shown are logged as LIST ``planonderdeel``."""
    request = context.get("request")
    user = getattr(request, "user", None)
    card = selectors.plan_card(user=user, family_system=family) if user is not None else None
    if card is not None and card.items:
        with transaction.atomic():
            access_log_write(
                user=user,
                action=AccessAction.LIST,
                object_type=ITEM,
                object_id=",".join(str(v.pk) for v in card.items),
                person_ids=selectors.family_member_ids(family_system=family),
            )
    return {"card": card, "family": family}
