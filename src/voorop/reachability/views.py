"""/wie-bel-ik-nu/: whom to call for a place and moment, and whether Veilig Thuis can come on
site. Reachability is configuration, not case data: readable by every user of a partner
organisation, and not written to the access log (``docs/adr/0007``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from voorop.organisations.models import RegionKind
from voorop.reachability import selectors
from voorop.reachability.forms import WhoToCallForm


def _is_partner_user(user) -> bool:
    organisation = getattr(user, "organisation", None)
    return bool(user.is_active and organisation is not None and organisation.is_partner)


@require_GET
def who_to_call(request: HttpRequest) -> HttpResponse:
    """The question (a region, postcode or municipality; a moment, default now) and the answer.
    Without a question, the user's own region (if it has arrangements) is asked about now."""
    if not _is_partner_user(request.user):
        raise PermissionDenied
    form = WhoToCallForm(request.GET)
    place = form.place() if form.is_valid() else None
    own_region = request.user.organisation.region  # type: ignore[union-attr]
    own_kind = own_region.kind if own_region is not None else ""
    asked = any(request.GET.get(k) for k in ("regio", "postcode", "gemeente"))
    if place is None and not asked and own_kind in (RegionKind.VT_REGIO, RegionKind.BASISTEAM):
        place = own_region
    answer = None
    if place is not None and not form.errors:
        answer = selectors.who_to_call(
            place=place, moment=form.cleaned_data.get("moment") or timezone.now()
        )
    context = {"form": form, "answer": answer, "now": timezone.localtime()}
    if request.htmx and request.htmx.target == "antwoord":  # type: ignore[attr-defined]
        return render(request, "reachability/_answer_or_errors.html", context)
    return render(request, "reachability/who_to_call.html", context)
