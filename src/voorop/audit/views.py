"""Pages for privacy officers: the access log and the access overview for an inzageverzoek.

Only privacy officers see them; anyone else gets the same 404 as for a page that does not
exist, and the attempt is logged as DENIED. Every read of the log is logged in its turn.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from voorop.audit import selectors
from voorop.audit.forms import AccessLogFilterForm
from voorop.audit.models import AccessAction, AccessOutcome
from voorop.audit.services import access_log_write
from voorop.organisations.models import Organisation

ENTRIES_PER_PAGE = 25


def _refuse(request, *, object_type: str, object_id: object = "") -> Http404:
    """Log a refused read of the log (in its own transaction) and return the 404 to raise."""
    access_log_write(
        user=request.user,
        action=AccessAction.AUDIT_READ,
        object_type=object_type,
        object_id=object_id,
        outcome=AccessOutcome.DENIED,
    )
    return Http404()


@require_GET
def access_log(request):
    user = request.user
    if not selectors.is_privacy_officer(user):
        raise _refuse(request, object_type="toegangslog")
    form = AccessLogFilterForm(
        request.GET, organisations=Organisation.objects.order_by("name").only("code", "name")
    )
    page = entries = None
    if form.is_valid():
        filters = form.to_filter()
        page = Paginator(
            selectors.access_log_list(user=user, filters=filters), ENTRIES_PER_PAGE
        ).get_page(request.GET.get("page"))
        entries = list(page.object_list)
        with transaction.atomic():
            access_log_write(
                user=user,
                action=AccessAction.AUDIT_READ,
                object_type="toegangslog",
                object_id=",".join(str(e.seq) for e in entries),
                person_ids=[filters.person_id] if filters.person_id else (),
                purpose=f"{filters.describe()}; pagina {page.number}",
            )
    names = selectors.organisation_names(e.organisation_code for e in entries or ())
    return render(
        request,
        "audit/access_log.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [
                (e, names.get(e.organisation_code, e.organisation_code)) for e in entries or ()
            ],
            "filtered": any(request.GET.get(name) for name in form.fields),
        },
    )


@require_GET
def access_overview(request, person_id: int):
    """The access overview for an inzageverzoek; ``?weergave=afdruk`` is the printable version
    (logged as PRINT, the screen version as EXPORT)."""
    user = request.user
    printable = request.GET.get("weergave") == "afdruk"
    try:
        person = selectors.inzage_person_get(user=user, pk=person_id)
    except Http404:
        raise _refuse(request, object_type="inzageoverzicht", object_id=person_id) from None
    rows = selectors.access_overview(person=person)
    with transaction.atomic():
        access_log_write(
            user=user,
            action=AccessAction.PRINT if printable else AccessAction.EXPORT,
            object_type="inzageoverzicht",
            object_id=person.pk,
            person_ids=[person.pk],
            purpose="inzageverzoek (AVG art. 15)",
        )
    template = "audit/access_overview_print.html" if printable else "audit/access_overview.html"
    return render(
        request,
        template,
        {"person": person, "rows": rows, "total": sum(r.count for r in rows)},
    )
