"""Home: the user's werkvoorraad — what needs attention in their organisation's family systems."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from voorop.acuut.views import werkvoorraad_context as acuut_context
from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.cases.models import Phase
from voorop.hssk.selectors import attention_for as hssk_attention
from voorop.intake.selectors import referral_deadlines
from voorop.meldingen.selectors import melding_list
from voorop.persons.selectors import family_system_list
from voorop.safetyplan.views import werkvoorraad_context as safetyplan_context

RECENT_DAYS = 14
BLOCK_SIZE = 10


@require_GET
def home(request):
    user = request.user
    if not user.organisation_id:
        return render(request, "core/no_organisation.html")
    acute = family_system_list(user=user, phase=Phase.ACUUT, only_open=True)
    recent_acute = melding_list(user=user, acute_only=True).filter(
        occurred_at__gte=timezone.now() - timedelta(days=RECENT_DAYS)
    )
    open_families = family_system_list(user=user, only_open=True)
    # The 24-hour rule: police reports still to reach Veilig Thuis, least time left first.
    deadlines = referral_deadlines(user=user)
    context = {
        "vt_deadlines": list(deadlines[:BLOCK_SIZE]),
        "vt_deadline_count": deadlines.count(),
        "acute_families": list(acute[:BLOCK_SIZE]),
        "acute_count": acute.count(),
        "recent_acute": list(recent_acute[:BLOCK_SIZE]),
        "recent_days": RECENT_DAYS,
        "open_families": list(open_families[:BLOCK_SIZE]),
        "open_count": open_families.count(),
    }
    context.update(safetyplan_context(user))
    context.update(acuut_context(user))
    context["hssk_waiting"] = hssk_attention(user=user, limit=BLOCK_SIZE)
    with transaction.atomic():
        # Every family system the page names: its blocks, and those of the recent acute
        # meldingen it lists (which are on record themselves).
        shown = {f.pk for f in context["acute_families"] + context["open_families"]}
        shown |= {m.family_system_id for m in context["recent_acute"] if m.family_system_id}
        access_log_write(
            user=user,
            action=AccessAction.LIST,
            object_type="gezinssysteem",
            object_id=",".join(str(pk) for pk in sorted(shown)),
        )
        if context["recent_acute"]:
            access_log_write(
                user=user,
                action=AccessAction.LIST,
                object_type="melding",
                object_id=",".join(str(m.pk) for m in context["recent_acute"]),
            )
        if context["hssk_waiting"]:
            access_log_write(
                user=user,
                action=AccessAction.LIST,
                object_type="hssk",
                object_id=",".join(str(case.pk) for case, _what in context["hssk_waiting"]),
            )
    return render(request, "core/home.html", context)
