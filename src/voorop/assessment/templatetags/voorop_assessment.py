"""The "Veiligheidsbeoordeling" card on a family system's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import transaction

from voorop.assessment import selectors
from voorop.assessment.levels import RiskLevel
from voorop.assessment.services import OBJECT_TYPE, RESULT_OBJECT_TYPE
from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.authz import policy

register = template.Library()

#: How many of the organisation's own risk assessments the card lists.
CARD_RESULTS = 3


@register.inclusion_tag("assessment/_card.html", takes_context=True)
def veiligheidsbeoordeling_card(context, family) -> dict[str, Any]:
    """The latest assessment the user may see (in full for its VT organisation, the shared
    summary for others), the organisation's own latest risk assessments (e.g. the police's
    stalking screening, with its advice when the level is high) and what the user can start.
    What the card shows is logged (LIST)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"available": False}
    summaries = selectors.family_beoordelingen(user=user, family_system=family)
    results = selectors.family_results(user=user, family_system=family)[:CARD_RESULTS]
    latest = summaries[0] if summaries else None
    purpose = policy.access_purpose(user, family.pk)
    with transaction.atomic():
        if latest is not None:
            access_log_write(
                user=user,
                action=AccessAction.LIST,
                object_type=OBJECT_TYPE,
                object_id=latest.pk,
                person_ids=latest.person_ids,
                purpose=purpose,
            )
        if results:
            access_log_write(
                user=user,
                action=AccessAction.LIST,
                object_type=RESULT_OBJECT_TYPE,
                object_id=",".join(str(r.pk) for r in results),
                person_ids=[r.subject_id for r in results],
                purpose=purpose,
            )
    high = [r for r in results if r.professional_level == RiskLevel.HOOG]
    advice = {
        r.pk: selectors.definition(r.instrument).advice_for(r.professional_level) for r in high
    }
    return {
        "available": True,
        "family": family,
        "latest": latest,
        "count": len(summaries),
        "results": [(r, advice.get(r.pk, "")) for r in results],
        "may_assess": selectors.may_assess(user),
        "instruments": selectors.instruments_for(user=user),
    }
