"""Pages of the actieoverleg.

Every lookup goes through ``voorop.actieoverleg.selectors`` (what the user may see); a meeting,
item or submission the user may not see gives the same 404 as a missing one, logged as DENIED.
The chair's pages and actions 404 for anyone but the chair. Reads are logged (VIEW, LIST,
PRINT, EXPORT for the .ics); writes go through ``voorop.actieoverleg.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from voorop.actieoverleg import calendar, selectors, services, workflow
from voorop.actieoverleg.forms import (
    AgreementForm,
    DecisionForm,
    DisagreementForm,
    DiscussedForm,
    EscalateDisagreementForm,
    HandoverForm,
    InterventionForm,
    InvestigativeActForm,
    MdaForm,
    MeetingForm,
    OmDecisionForm,
    ResolveDisagreementForm,
    ResponseForm,
    ShareForm,
    SubmissionForm,
    add_errors,
)
from voorop.actieoverleg.models import (
    AgendaItem,
    Disagreement,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Submission,
    SubmissionStatus,
)
from voorop.audit.models import AccessAction, AccessOutcome
from voorop.audit.services import access_log_write, audited_lookup
from voorop.authz import policy
from voorop.authz.selectors import is_professional
from voorop.organisations.models import Organisation, OrganisationKind

#: Page sizes of the overview's meetings and of the open agreements.
MEETINGS_PER_PAGE = 20
AGREEMENTS_PER_PAGE = 50


def _log(
    request: HttpRequest,
    *,
    action: str,
    object_type: str,
    object_id="",
    family_ids=(),
    outcome: str = AccessOutcome.OK,
) -> None:
    person_ids = selectors.family_member_ids_for(family_ids)
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=action,
            object_type=object_type,
            object_id=object_id,
            person_ids=person_ids,
            purpose="Actieoverleg",
            outcome=outcome,
        )


def _refuse(request: HttpRequest, *, action: str, object_type: str, object_id="") -> Http404:
    """A page or form refused to this user: on record as DENIED (in its own transaction, so
    the 404 does not roll it back), answered like a missing page. Raise what it returns."""
    _log(
        request,
        action=action,
        object_type=object_type,
        object_id=object_id,
        outcome=AccessOutcome.DENIED,
    )
    return Http404()


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return audited_lookup(
        user=request.user, selector=selectors.meeting_get, pk=pk, object_type=services.MEETING
    )


def _chair_meeting(request: HttpRequest, pk: int) -> Meeting:
    def selector(*, user, pk):
        meeting = selectors.meeting_get(user=user, pk=pk)
        if not selectors.is_chair(user, vt_organisation_id=meeting.vt_organisation_id):
            raise Http404
        return meeting

    return audited_lookup(user=request.user, selector=selector, pk=pk, object_type=services.MEETING)


def _item(request: HttpRequest, pk: int) -> AgendaItem:
    return audited_lookup(
        user=request.user, selector=selectors.item_get, pk=pk, object_type=services.ITEM
    )


def _submission(request: HttpRequest, pk: int) -> Submission:
    return audited_lookup(
        user=request.user,
        selector=selectors.submission_get,
        pk=pk,
        object_type=services.SUBMISSION,
    )


# --- overview and follow-up ---------------------------------------------------------------------


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """/actieoverleg/: the chair's list of submissions (with waiting time), the meetings the
    user takes part in, and the user's own submissions."""
    if selectors._organisation(request.user) is None:
        raise _refuse(request, action=AccessAction.LIST, object_type=services.MEETING)
    now = timezone.now()
    pending = [
        (s, selectors.waiting_days(s, now=now))
        for s in selectors.pending_submissions(user=request.user)
    ]
    meetings = Paginator(
        selectors.meetings_for(request.user)
        .select_related("vt_organisation")
        .order_by("-starts_at", "-pk"),
        MEETINGS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    own = list(
        selectors.submissions_for(request.user)
        .filter(submitted_by_organisation_id=getattr(request.user, "organisation_id", None))
        .select_related("family_system")
        .order_by("-submitted_at")[:20]
    )
    _log(
        request,
        action=AccessAction.LIST,
        object_type=services.MEETING,
        object_id="",
        family_ids=[s.family_system_id for s, _d in pending],
    )
    return render(
        request,
        "actieoverleg/overview.html",
        {
            "pending": pending,
            "meetings": meetings.object_list,
            "page_obj": meetings,
            "own": own,
            "may_chair": selectors.may_chair(request.user),
        },
    )


@require_GET
def follow_up(request: HttpRequest) -> HttpResponse:
    """/actieoverleg/afspraken/: open agreements per owner, overdue ones marked."""
    if selectors._organisation(request.user) is None:
        raise _refuse(
            request, action=AccessAction.LIST, object_type=services.ITEM, object_id="afspraken"
        )
    agreements = selectors.open_agreements(user=request.user)
    page = Paginator(agreements, AGREEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    groups: dict[str, list[selectors.OpenAgreement]] = {}
    for a in page.object_list:
        groups.setdefault(a.plan_item.owner_organisation.name, []).append(a)
    _log(
        request,
        action=AccessAction.LIST,
        object_type=services.ITEM,
        object_id="afspraken",
        family_ids={a.item.submission.family_system_id for a in page.object_list},
    )
    return render(
        request,
        "actieoverleg/follow_up.html",
        {
            "groups": groups,
            "overdue": sum(a.overdue for a in agreements),
            "page_obj": page,
        },
    )


# --- submissions --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, family_pk: int) -> HttpResponse:
    """/actieoverleg/aanmelden/<family>/: submit a case to Veilig Thuis."""

    def family_get(*, user, pk):
        family = policy.family_systems_for(user).filter(pk=pk).first()
        if family is None or selectors._organisation(user) is None:
            raise Http404
        return family

    family = audited_lookup(
        user=request.user, selector=family_get, pk=family_pk, object_type=services.SUBMISSION
    )
    form = SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_create(
                user=request.user, family_system=family, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("De casus is aangemeld bij Veilig Thuis."))
            return redirect("actieoverleg:submission", submission.pk)
    return render(
        request,
        "actieoverleg/submit.html",
        {"family": family, "form": form, "vt_melding": selectors.latest_vt_melding(family)},
    )


@require_http_methods(["GET", "POST"])
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """/actieoverleg/aanmeldingen/<pk>/: a submission; the chair checks the criteria and puts
    it on an agenda or rejects it."""
    submission = _submission(request, pk)
    chair = selectors.is_chair(request.user, vt_organisation_id=submission.vt_organisation_id)
    if request.method == "POST" and not chair:
        raise _refuse(
            request, action=AccessAction.UPDATE, object_type=services.SUBMISSION, object_id=pk
        )
    meetings = selectors.open_meetings_of(vt_organisation_id=submission.vt_organisation_id)
    form = DecisionForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "afwijzen":
                services.submission_reject(
                    user=request.user,
                    submission=submission,
                    criteria=form.criteria,
                    note=form.cleaned_data["note"],
                )
                messages.success(request, _("De aanmelding is afgewezen."))
                return redirect("actieoverleg:overview")
            meeting = form.cleaned_data["meeting"]
            if meeting is None or not form.cleaned_data["slot_start"]:
                raise ValidationError(
                    {
                        "meeting": ValidationError(
                            _("Kies een actieoverleg en een tijdslot."),
                            code=services.ErrorCode.EMPTY,
                        )
                    }
                )
            item = services.submission_schedule(
                user=request.user,
                submission=submission,
                meeting=meeting,
                criteria=form.criteria,
                slot_start=form.cleaned_data["slot_start"],
                slot_end=form.cleaned_data["slot_end"] or form.cleaned_data["slot_start"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("De casus staat op de agenda."))
            return redirect("actieoverleg:meeting", item.meeting_id)
    if request.method == "GET":
        _log(
            request,
            action=AccessAction.VIEW,
            object_type=services.SUBMISSION,
            object_id=submission.pk,
            family_ids=[submission.family_system_id],
        )
    return render(
        request,
        "actieoverleg/submission.html",
        {
            "submission": submission,
            "chair": chair,
            "waiting": selectors.waiting_days(submission),
            "assessment": selectors.vt_assessment(
                user=request.user, family_system=submission.family_system
            )
            if chair
            else None,
            "form": form if chair and submission.status == SubmissionStatus.INGEDIEND else None,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- meetings -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    """/actieoverleg/overleggen/nieuw/: the chair plans a meeting."""
    if not selectors.may_chair(request.user):
        raise _refuse(request, action=AccessAction.CREATE, object_type=services.MEETING)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("actieoverleg:meeting", meeting.pk)
    return render(request, "actieoverleg/meeting_form.html", {"form": form})


def _meeting_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    items = list(selectors.meeting_items(user=request.user, meeting=meeting))
    user: Any = request.user
    professional = is_professional(user)  # the privacy officer does not answer invitations
    rows = [
        (
            item,
            next(
                (p for p in item.participations.all() if p.organisation_id == user.organisation_id),
                None,
            )
            if professional
            else None,
        )
        for item in items
    ]
    return {
        "meeting": meeting,
        "items": items,
        "rows": rows,
        "chair": selectors.is_chair(request.user, vt_organisation_id=meeting.vt_organisation_id),
        "standing": list(meeting.standing_organisations.all()),
        "statuses": MeetingStatus,
        "table": workflow.MEETING,
    }


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """/actieoverleg/overleggen/<pk>/: the agenda (the chair's view walks it); it starts
    with the open agreements of earlier meetings."""
    meeting = _meeting(request, pk)
    context = _meeting_context(request, meeting)
    # Open agreements of the items of earlier meetings this user sees.
    context["previous"] = selectors.previous_open_agreements(user=request.user, meeting=meeting)
    context["response_form"] = ResponseForm()
    _log(
        request,
        action=AccessAction.VIEW,
        object_type=services.MEETING,
        object_id=meeting.pk,
        family_ids={
            *(i.submission.family_system_id for i in context["items"]),
            *(a.item.submission.family_system_id for a in context["previous"]),
        },
    )
    return render(request, "actieoverleg/meeting.html", context)


def _chair_action(request: HttpRequest, pk: int, action: Callable[..., Meeting]) -> HttpResponse:
    meeting = _chair_meeting(request, pk)
    try:
        action(user=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("actieoverleg:meeting", meeting.pk)


@require_POST
def meeting_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _chair_action(request, pk, services.meeting_start)


@require_POST
def meeting_finish(request: HttpRequest, pk: int) -> HttpResponse:
    return _chair_action(request, pk, services.meeting_finish)


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """/actieoverleg/overleggen/<pk>/uitnodiging.ics: the invitation, with the slots of the
    items this user sees (references only, no names: calendars travel through mail servers)."""
    meeting = _meeting(request, pk)
    items = list(selectors.meeting_items(user=request.user, meeting=meeting))
    body = calendar.meeting_invitation(meeting=meeting, items=items, host=request.get_host())
    _log(request, action=AccessAction.EXPORT, object_type=services.MEETING, object_id=meeting.pk)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting.reference}.ics"'
    return response


@require_GET
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """/actieoverleg/overleggen/<pk>/verslag/: the minutes, generated from the records;
    printable; only for participants, and each sees only the items it took part in."""
    meeting = _meeting(request, pk)
    items = list(
        selectors.meeting_items(user=request.user, meeting=meeting)
        .select_related("om_decision__organisation", "escalation")
        .prefetch_related(
            "investigative_acts__plan_item__owner_organisation",
            "disagreements__organisation",
            "shared_information__disclosure__legal_basis",
            "shared_information__disclosure__to_organisation",
            "shared_information__organisation",
        )
    )
    plan_items = selectors.plan_items_by_item(items)
    rows = [(item, plan_items[item.reference]) for item in items]
    _log(
        request,
        action=AccessAction.PRINT,
        object_type=services.MEETING,
        object_id=meeting.pk,
        family_ids=[i.submission.family_system_id for i in items],
    )
    return render(request, "actieoverleg/minutes.html", {"meeting": meeting, "rows": rows})


# --- one agenda item ------------------------------------------------------------------------------


FORMS: dict[str, type] = {
    "act_form": InvestigativeActForm,
    "agreement_form": AgreementForm,
    "intervention_form": InterventionForm,
    "om_form": OmDecisionForm,
    "disagreement_form": DisagreementForm,
    "escalate_form": EscalateDisagreementForm,
    "resolve_form": ResolveDisagreementForm,
    "mda_form": MdaForm,
    "discussed_form": DiscussedForm,
    "handover_form": HandoverForm,
}


def _form(name: str, item: AgendaItem, data=None):
    """One of the item's forms. Several share field names: unique ids keep each label on its
    own field. An owner is chosen from the organisations taking part in the item."""
    form = FORMS[name](data, auto_id=f"{name}-%s")
    owner = form.fields.get("owner_organisation")
    if isinstance(owner, ModelChoiceField):
        owner.queryset = selectors.item_participant_organisations(item=item)
    if name == "handover_form":  # to another region's Veilig Thuis, not the chair's own
        form.fields["to_organisation"].queryset = (
            Organisation.objects.filter(kind=OrganisationKind.VT)
            .exclude(pk=item.meeting.vt_organisation_id)
            .order_by("name")
        )
    return form


def _share_form(request: HttpRequest, item: AgendaItem, data=None) -> ShareForm:
    """Recipients: the other organisations taking part in the item; meldingen: the user's own
    in the family system (only those can be shared)."""
    user: Any = request.user
    return ShareForm(
        data,
        auto_id="share_form-%s",
        recipients=selectors.item_participant_organisations(item=item).exclude(
            pk=user.organisation_id
        ),
        meldingen=policy.own_meldingen_for(user)
        .filter(family_system_id=item.submission.family_system_id)
        .order_by("received_at"),
    )


def _render_item(request: HttpRequest, item: AgendaItem, **bound: Any) -> HttpResponse:
    meeting = item.meeting
    chair = selectors.is_chair(request.user, vt_organisation_id=meeting.vt_organisation_id)
    user: Any = request.user
    organisation = user.organisation
    participations = list(item.participations.select_related("organisation"))
    share_form = bound.get("share_form") or _share_form(request, item)
    context: dict[str, Any] = {
        "item": item,
        "meeting": meeting,
        "chair": chair,
        "running": meeting.status == MeetingStatus.BEZIG,
        # Its professionals record; the privacy officer and functioneel beheerder read along.
        "participant": is_professional(user)
        and (
            organisation.pk == meeting.vt_organisation_id
            or any(p.organisation_id == organisation.pk for p in participations)
        ),
        "is_om": organisation.kind == OrganisationKind.OM,
        "participations": participations,
        "plan_items": selectors.item_plan_items(item),
        "acts": item.investigative_acts.select_related("plan_item__owner_organisation"),
        "shared": item.shared_information.select_related(
            "disclosure__legal_basis", "disclosure__to_organisation", "organisation"
        ),
        "om_decision": getattr(item, "om_decision", None),
        "disagreements": item.disagreements.select_related("organisation"),
        "escalation": getattr(item, "escalation", None),
        "share_form": share_form,
        "can_share": share_form.is_bound or (is_professional(user) and share_form.has_meldingen),
    }
    for name in FORMS:
        context[name] = bound.get(name) or _form(name, item)
    # A form posted by who is not offered it (not the chair, not taking part, the meeting not
    # running) is not on the page: its refusal is shown at the top instead of nowhere.
    shown = {"om_form", "disagreement_form", "handover_form", "escalate_form", "resolve_form"}
    if context["running"] and context["participant"]:
        shown |= {"share_form"} if context["can_share"] else set()
        if chair:
            shown |= {"act_form", "agreement_form", "intervention_form", "mda_form"}
            shown |= {"discussed_form"} if item.status == ItemStatus.GEPLAND else set()
    context["refused_form"] = next(
        (form for name, form in bound.items() if form.errors and name not in shown), None
    )
    if chair:
        # The chair walks the agenda: the previous and the next case.
        siblings = list(selectors.meeting_items(user=request.user, meeting=meeting))
        index = next(n for n, i in enumerate(siblings) if i.pk == item.pk)
        context["previous_item"] = siblings[index - 1] if index > 0 else None
        context["next_item"] = siblings[index + 1] if index + 1 < len(siblings) else None
    _log(
        request,
        action=AccessAction.VIEW,
        object_type=services.ITEM,
        object_id=item.pk,
        family_ids=[item.submission.family_system_id],
    )
    return render(request, "actieoverleg/item.html", context, status=400 if bound else 200)


@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """/actieoverleg/agendapunten/<pk>/: one case: preparation, steps 1–3 and the output."""
    return _render_item(request, _item(request, pk))


def _item_post(
    request: HttpRequest, pk: int, form_name: str, write: Callable[..., Any]
) -> HttpResponse:
    item = _item(request, pk)
    form = _form(form_name, item, request.POST)
    if form.is_valid():
        try:
            write(item=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Vastgelegd."))
            return redirect("actieoverleg:item", item.pk)
    return _render_item(request, item, **{form_name: form})


@require_POST
def item_act(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(
        request,
        pk,
        "act_form",
        lambda **kw: services.item_add_investigative_act(user=request.user, **kw),
    )


@require_POST
def item_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: an agreement, or (``soort=interventie``) an intervention from the
    interventiepalet, into the family's veiligheidsplan."""
    if request.POST.get("soort") == "interventie":
        return _item_post(
            request,
            pk,
            "intervention_form",
            lambda **kw: services.item_add_intervention(user=request.user, **kw),
        )
    return _item_post(
        request,
        pk,
        "agreement_form",
        lambda **kw: services.item_add_agreement(user=request.user, **kw),
    )


@require_POST
def item_om_decision(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(
        request,
        pk,
        "om_form",
        lambda **kw: services.om_decision_record(user=request.user, **kw),
    )


@require_POST
def item_disagreement(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(
        request,
        pk,
        "disagreement_form",
        lambda **kw: services.disagreement_record(user=request.user, **kw),
    )


def _disagreement(request: HttpRequest, item: AgendaItem, pk: int) -> Disagreement:
    """A disagreement of an item the user sees; one of another item is missing (404, DENIED)."""
    return audited_lookup(
        user=request.user,
        selector=lambda *, user, pk: selectors.item_disagreement_get(item=item, pk=pk),
        pk=pk,
        object_type=services.DISAGREEMENT,
    )


@require_POST
def item_disagreement_escalate(request: HttpRequest, pk: int, d_pk: int) -> HttpResponse:
    def write(*, item: AgendaItem, escalated_to: str):
        disagreement = _disagreement(request, item, d_pk)
        return services.disagreement_escalate(
            user=request.user, disagreement=disagreement, escalated_to=escalated_to
        )

    return _item_post(request, pk, "escalate_form", write)


@require_POST
def item_disagreement_resolve(request: HttpRequest, pk: int, d_pk: int) -> HttpResponse:
    def write(*, item: AgendaItem, outcome: str):
        disagreement = _disagreement(request, item, d_pk)
        return services.disagreement_resolve(
            user=request.user, disagreement=disagreement, outcome=outcome
        )

    return _item_post(request, pk, "resolve_form", write)


@require_POST
def item_mda(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_post(
        request, pk, "mda_form", lambda **kw: services.item_escalate_mda(user=request.user, **kw)
    )


@require_POST
def item_discussed(request: HttpRequest, pk: int) -> HttpResponse:
    def write(*, item: AgendaItem, handover: str):
        services.item_mark_discussed(user=request.user, item=item, handover=handover)

    item = _item(request, pk)
    form = _form("discussed_form", item, request.POST)
    if form.is_valid():
        try:
            write(item=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("actieoverleg:meeting", item.meeting_id)
    return _render_item(request, item, discussed_form=form)


@require_POST
def item_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 0: a participant says whether it joins and whether it prepared."""
    item = _item(request, pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een reactie."))
        return redirect("actieoverleg:meeting", item.meeting_id)
    try:
        services.participation_respond(
            user=request.user, item=item, response=form.cleaned_data["response"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Uw reactie is opgeslagen."))
    return redirect("actieoverleg:meeting", item.meeting_id)


@require_POST
def item_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: share own meldingen with a participant through the disclosure register."""
    item = _item(request, pk)
    form = _share_form(request, item, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.item_share_information(
                user=request.user,
                item=item,
                to_organisation=data["to_organisation"],
                legal_basis=data["legal_basis"],
                necessity=data["necessity"],
                items=[(m, data["field_groups"]) for m in data["meldingen"]],
                interpretation=data["interpretation"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("De informatie is gedeeld en vastgelegd."))
            return redirect("actieoverleg:item", item.pk)
    return _render_item(request, item, share_form=form)


@require_POST
def item_handover(request: HttpRequest, pk: int) -> HttpResponse:
    """The family moved: hand the item over to another region's Veilig Thuis."""
    return _item_post(
        request,
        pk,
        "handover_form",
        lambda **kw: services.item_hand_over_region(user=request.user, **kw),
    )
