"""Pages of the interventiepalet and the veiligheidsplan.

Every read of a plan goes through ``voorop.safetyplan.selectors`` (which start from
``voorop.authz.policy``) and is logged: the plan page as VIEW ``veiligheidsplan`` (object: the
family system's id — a plan is known by its family system, also before it exists), the
printout as PRINT, an item page as VIEW ``planonderdeel``; a plan the user may not read gives
the same 404 as a missing one, logged as DENIED. Writes go through
``voorop.safetyplan.services``. The catalogue is configuration, not case data, and is not
logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write, audited_lookup
from voorop.authz import policy
from voorop.safetyplan import selectors, services, workflow
from voorop.safetyplan.forms import (
    AgreementItemForm,
    CatalogueFilterForm,
    ContactForm,
    DiscloseNoteForm,
    ExtendForm,
    InterventionItemForm,
    ItemEditForm,
    ReassessForm,
    TransitionForm,
    add_service_errors,
)
from voorop.safetyplan.models import PlanItemStatus

PLAN = services.PLAN
ITEM = services.ITEM


def _family(request: HttpRequest, pk: int):
    return audited_lookup(
        user=request.user, selector=selectors.plan_family_get, pk=pk, object_type=PLAN
    )


def _log(request: HttpRequest, *, action: str, object_type: str, object_id, family) -> None:
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=action,
            object_type=object_type,
            object_id=object_id,
            person_ids=selectors.family_member_ids(family_system=family),
            purpose=policy.access_purpose(request.user, family.pk),
        )


# --- the interventiepalet ---------------------------------------------------------------------


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """/interventiepalet/: the catalogue, filterable by legal domain and phase (htmx)."""
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    interventions = selectors.intervention_list(
        legal_domain=filters.get("domein", ""), phase=filters.get("fase", "")
    )
    context = {
        "form": form,
        "groups": selectors.intervention_groups(interventions),
        "count": len(interventions),
    }
    if request.htmx and request.htmx.target == "palet":  # type: ignore[attr-defined]
        return render(request, "safetyplan/_catalogue_groups.html", context)
    return render(request, "safetyplan/catalogue.html", context)


# --- the plan ---------------------------------------------------------------------------------


def _plan_context(request: HttpRequest, family) -> dict[str, Any]:
    views = selectors.plan_items(user=request.user, family_system=family)
    return {
        "family": family,
        "plan": selectors.plan_get(family_system=family),
        "grouped": selectors.group_plan(views),
        "may_add": selectors.may_add_to_plan(user=request.user, family_system=family),
        "today": selectors.today(),
    }


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/veiligheidsplan/: the living plan, by phase and legal domain."""
    family = _family(request, pk)
    context = _plan_context(request, family)
    if context["may_add"]:
        plan = context["plan"]
        context["contact_form"] = ContactForm(
            family_system=family,
            initial={"organisatie": plan.contact_organisation_id if plan else None},
        )
    _log(request, action=AccessAction.VIEW, object_type=PLAN, object_id=family.pk, family=family)
    return render(request, "safetyplan/plan_detail.html", context)


@require_GET
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/veiligheidsplan/afdrukken/: the plan on paper (print stylesheet).
    Internal notes are never printed."""
    family = _family(request, pk)
    context = _plan_context(request, family)
    context["printed_at"] = timezone.localtime()
    _log(request, action=AccessAction.PRINT, object_type=PLAN, object_id=family.pk, family=family)
    return render(request, "safetyplan/plan_print.html", context)


@require_POST
def plan_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the first point of contact for the whole set of measures."""
    family = _family(request, pk)
    form = ContactForm(request.POST, family_system=family)
    if form.is_valid():
        try:
            services.plan_set_contact(
                user=request.user,
                family_system=family,
                organisation=form.cleaned_data["organisatie"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Het eerste aanspreekpunt is vastgelegd."))
    else:
        messages.error(request, _("Kies een organisatie als eerste aanspreekpunt."))
    return redirect("safetyplan:plan", pk=family.pk)


def _add_item(request: HttpRequest, pk: int, *, form_class, template: str, add) -> HttpResponse:
    family = _family(request, pk)
    if not selectors.may_add_to_plan(user=request.user, family_system=family):
        messages.error(
            request,
            _(
                "Alleen een partnerorganisatie die zelf betrokken is bij dit gezinssysteem kan "
                "het veiligheidsplan aanvullen."
            ),
        )
        return redirect("safetyplan:plan", pk=family.pk)
    initial: dict[str, Any] = {"eigenaar": getattr(request.user, "organisation_id", None)}
    chosen = None
    if request.method == "GET" and request.GET.get("interventie", "").isdigit():
        chosen = selectors.intervention_by_id(pk=int(request.GET["interventie"]))
    if chosen is not None:
        initial["interventie"] = chosen.pk
        owner = selectors.suggested_owner(
            user=request.user, family_system=family, intervention=chosen
        )
        if owner is not None:
            initial["eigenaar"] = owner.pk
    form = form_class(
        request.POST if request.method == "POST" else None,
        user=request.user,
        family_system=family,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = add(user=request.user, family_system=family, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(title)s is aan het veiligheidsplan toegevoegd.") % {"title": item.title},
            )
            return redirect("safetyplan:plan", pk=family.pk)
    return render(request, template, {"family": family, "form": form})


@require_http_methods(["GET", "POST"])
def add_intervention(request: HttpRequest, pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/veiligheidsplan/interventie/: add an intervention from the palet
    (``?interventie=<id>`` preselects one and suggests its usual owner)."""
    return _add_item(
        request,
        pk,
        form_class=InterventionItemForm,
        template="safetyplan/add_intervention.html",
        add=services.plan_add_intervention,
    )


@require_http_methods(["GET", "POST"])
def add_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/veiligheidsplan/afspraak/: add an agreement (afspraak)."""
    return _add_item(
        request,
        pk,
        form_class=AgreementItemForm,
        template="safetyplan/add_agreement.html",
        add=services.plan_add_agreement,
    )


# --- one item ---------------------------------------------------------------------------------


def _item(request: HttpRequest, pk: int, item_pk: int):
    family = _family(request, pk)

    def in_this_plan(*, user, pk):
        return selectors.plan_item_get(user=user, family_system=family, pk=pk)

    view = audited_lookup(user=request.user, selector=in_this_plan, pk=item_pk, object_type=ITEM)
    return family, view


def _render_item(request: HttpRequest, family, view, **forms: Any) -> HttpResponse:
    _log(request, action=AccessAction.VIEW, object_type=ITEM, object_id=view.pk, family=family)
    context: dict[str, Any] = {
        "family": family,
        "item": view,
        "changes": selectors.plan_item_changes(item=view),
        "statuses": PlanItemStatus,
        "transition_table": workflow.TRANSITIONS,
    }
    if view.may_change:
        context.update(
            {
                "edit_form": forms.get("edit_form")
                or ItemEditForm(item=view, family_system=family, note_visible=view.note_visible),
                "extend_form": forms.get("extend_form")
                or ExtendForm(initial={"einde": view.latest_end}),
                "reassess_form": forms.get("reassess_form") or ReassessForm(),
                "disclose_form": forms.get("disclose_form") or DiscloseNoteForm(),
                "status_errors": forms.get("status_errors", []),
            }
        )
    failed = bool(forms.get("status_errors")) or any(
        getattr(form, "errors", None) for form in forms.values()
    )
    status = 400 if failed else 200
    return render(request, "safetyplan/item_detail.html", context, status=status)


@require_GET
def item_detail(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/veiligheidsplan/<item>/: one item, its history and (for its owner
    and its recorder) the forms to change it."""
    family, view = _item(request, pk, item_pk)
    return _render_item(request, family, view)


def _done(request: HttpRequest, family, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("safetyplan:plan", pk=family.pk)


@require_POST
def item_update(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    family, view = _item(request, pk, item_pk)
    form = ItemEditForm(
        request.POST, item=view, family_system=family, note_visible=view.note_visible
    )
    if form.is_valid():
        try:
            services.plan_item_update(
                user=request.user, item=view._item, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, family, _("%(title)s is gewijzigd.") % {"title": view.title})
    return _render_item(request, family, view, edit_form=form)


@require_POST
def item_transition(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    family, view = _item(request, pk, item_pk)
    form = TransitionForm(request.POST)
    to_status = form.data.get("naar", "")
    try:
        services.plan_item_transition(user=request.user, item=view._item, to_status=to_status)
    except ValidationError as error:
        return _render_item(request, family, view, status_errors=error.messages)
    label = dict(PlanItemStatus.choices)[to_status]
    return _done(
        request,
        family,
        _("%(title)s: status is nu %(status)s.")
        % {"title": view.title, "status": str(label).lower()},
    )


@require_POST
def item_extend(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    family, view = _item(request, pk, item_pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_extend(
                user=request.user,
                item=view._item,
                ends_on=form.cleaned_data["einde"],
                reassess_on=form.cleaned_data.get("herbeoordeling"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                family,
                _("%(title)s is verlengd tot %(date)s.")
                % {"title": view.title, "date": f"{form.cleaned_data['einde']:%d-%m-%Y}"},
            )
    return _render_item(request, family, view, extend_form=form)


@require_POST
def item_reassess(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    family, view = _item(request, pk, item_pk)
    form = ReassessForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_reassess(
                user=request.user,
                item=view._item,
                next_reassess_on=form.cleaned_data.get("volgende"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                family,
                _("De herbeoordeling van %(title)s is vastgelegd.") % {"title": view.title},
            )
    return _render_item(request, family, view, reassess_form=form)


@require_POST
def item_disclose_note(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    family, view = _item(request, pk, item_pk)
    form = DiscloseNoteForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_disclose_note(
                user=request.user, item=view._item, legal_basis=form.cleaned_data["grondslag"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(
                request,
                family,
                _("De notitie bij %(title)s is gedeeld met alle betrokken partners.")
                % {"title": view.title},
            )
    return _render_item(request, family, view, disclose_form=form)


# --- the werkvoorraad block -------------------------------------------------------------------


def werkvoorraad_context(user) -> dict[str, Any]:
    """The context of the werkvoorraad's "veiligheidsplan: verlopen" block
    (``safetyplan/_werkvoorraad.html``), for ``core.views.home``: open items owned by the
    user's organisation whose reassessment or end date passed (or is today). Logged as LIST
    ``planonderdeel`` with the ids shown."""
    block = selectors.owner_attention_items(user=user)
    if block.items:
        with transaction.atomic():
            access_log_write(
                user=user,
                action=AccessAction.LIST,
                object_type=ITEM,
                object_id=",".join(str(v.pk) for v in block.items),
            )
    return {"plan_attention": block}
