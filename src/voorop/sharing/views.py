"""Pages of the disclosure register: share information, the register of a family system,
withdrawing a disclosure, and where an own melding was shared.

Every read goes through ``voorop.sharing.selectors`` (which start from ``voorop.authz.policy``)
and is logged; a forbidden object and a missing one give the same 404. Writes go through
``voorop.sharing.services``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write, audited_lookup
from voorop.persons import selectors as person_selectors
from voorop.sharing import selectors, services
from voorop.sharing.forms import DisclosureForm, WithdrawForm, add_service_errors

REGISTER_PER_PAGE = 10


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _log_list(request: HttpRequest, *, object_type: str, ids: list[int]) -> None:
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.LIST,
            object_type=object_type,
            object_id=",".join(str(pk) for pk in ids),
        )


@require_http_methods(["GET", "POST"])
def disclosure_create(request: HttpRequest, pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/delen/: share own meldingen of this family with another partner."""
    family = audited_lookup(
        user=request.user,
        selector=selectors.shareable_family_system_get,
        pk=pk,
        object_type="gezinssysteem",
    )
    # "Passende grondslagen tonen" (without JavaScript) re-renders the form with the bases on
    # offer for the recipient and purpose chosen, without judging the rest yet.
    refresh_only = request.method == "POST" and "bijwerken" in request.POST
    form = DisclosureForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        family_system=family,
        show_errors=not refresh_only,
    )
    if request.method == "POST" and not refresh_only and form.is_valid():
        try:
            disclosure = services.disclosure_create(
                user=request.user, family_system=family, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Verstrekking %(ref)s is vastgelegd: gedeeld met %(org)s.")
                % {"ref": disclosure.reference, "org": disclosure.to_organisation.name},
            )
            return redirect("sharing:register", pk=family.pk)
    _log_list(request, object_type="melding", ids=[m.pk for m in form.own_meldingen])
    return render(
        request,
        "sharing/disclosure_form.html",
        {"family": family, "form": form},
    )


@require_GET
def legal_basis_options(request: HttpRequest, pk: int) -> HttpResponse:
    """The legal-basis field for the recipient and purpose chosen so far (htmx partial). Shows
    configuration only, no case data, so it writes no access-log record of its own."""
    family = audited_lookup(
        user=request.user,
        selector=selectors.shareable_family_system_get,
        pk=pk,
        object_type="gezinssysteem",
    )
    form = DisclosureForm(request.GET, user=request.user, family_system=family, show_errors=False)
    return render(request, "sharing/_legal_basis_field.html", {"form": form, "family": family})


@dataclass(frozen=True)
class RegisterPage:
    """One paginated list of the register, with the links to its neighbours."""

    page: Page
    views: list[selectors.DisclosureView]
    previous_url: str
    next_url: str


def _register_page(request: HttpRequest, queryset, *, param: str) -> RegisterPage:
    page = Paginator(queryset, REGISTER_PER_PAGE).get_page(request.GET.get(param))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    return RegisterPage(
        page=page,
        views=selectors.disclosure_views(request.user, page.object_list),
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )


@require_GET
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/verstrekkingen/: what the user's organisation shared about this
    family and what was shared with it, each paginated."""
    family = audited_lookup(
        user=request.user,
        selector=person_selectors.family_system_get,
        pk=pk,
        object_type="gezinssysteem",
    )
    made = _register_page(
        request,
        selectors.family_disclosures_made(user=request.user, family_system=family),
        param="gemaakt",
    )
    received = _register_page(
        request,
        selectors.family_disclosures_received(user=request.user, family_system=family),
        param="ontvangen",
    )
    _log_list(
        request,
        object_type="verstrekking",
        ids=[v.disclosure.pk for v in made.views + received.views],
    )
    return render(
        request,
        "sharing/register.html",
        {
            "family": family,
            "made": made,
            "received": received,
            "may_share": selectors.may_share_about(user=request.user, family_system=family),
            "withdraw_form": WithdrawForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def disclosure_withdraw(request: HttpRequest, pk: int, disclosure_pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/verstrekkingen/<id>/intrekken/: withdraw an own disclosure.

    A POST with a reason shows a confirmation; a POST with the confirmation withdraws."""
    family = audited_lookup(
        user=request.user,
        selector=person_selectors.family_system_get,
        pk=pk,
        object_type="gezinssysteem",
    )

    def own_disclosure(*, user, pk):
        return selectors.own_disclosure_get(user=user, pk=pk, family_system=family)

    disclosure = audited_lookup(
        user=request.user, selector=own_disclosure, pk=disclosure_pk, object_type="verstrekking"
    )
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    confirm = False
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["bevestigd"]:
            try:
                services.disclosure_withdraw(
                    user=request.user, disclosure=disclosure, reason=form.cleaned_data["reden"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Verstrekking %(ref)s is ingetrokken. %(org)s ziet de gedeelde gegevens "
                        "niet meer."
                    )
                    % {"ref": disclosure.reference, "org": disclosure.to_organisation.name},
                )
                return redirect("sharing:register", pk=family.pk)
        else:
            confirm = True
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type="verstrekking",
            object_id=disclosure.pk,
        )
    return render(
        request,
        "sharing/withdraw.html",
        {
            "family": family,
            "view": selectors.disclosure_views(request.user, [disclosure])[0],
            "form": form,
            "confirm": confirm,
        },
    )


@require_GET
def melding_disclosures(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """/meldingen/<pk>/verstrekkingen/: with whom an own melding was shared. Loaded into the
    melding's page by htmx; without JavaScript a page of its own."""
    melding = audited_lookup(
        user=request.user, selector=selectors.own_melding_get, pk=pk, object_type="melding"
    )
    shared = selectors.melding_disclosures(user=request.user, melding=melding)
    _log_list(request, object_type="verstrekking", ids=[s.disclosure.pk for s in shared])
    context = {"melding": melding, "disclosures": shared}
    if request.htmx:
        return render(request, "sharing/_melding_disclosure_list.html", context)
    return render(request, "sharing/melding_disclosures.html", context)
