"""Pages of Samenwerken bij strafbare kindermishandeling.

Every page reads through ``voorop.hssk.selectors`` (which start from ``voorop.authz.policy``)
and is logged: the case page and its print view as VIEW ``hssk``, the list as LIST — without
persons while the case is anonymous. A case the user's organisation does not take part in
gives the same 404 as a missing one, logged as DENIED, for every page and every form posted to
it. Writes go through ``voorop.hssk.services``; a refused write shows the case page again with
the Dutch reasons above the form (status 400). Pages work without JavaScript.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from voorop.audit.models import AccessAction, AccessOutcome
from voorop.audit.services import access_log_write, audited_lookup
from voorop.hssk import selectors, services, workflow
from voorop.hssk.choices import (
    REPORTER_OF_ORGANISATION_KIND,
    STEP_TITLES,
    ParticipantRole,
    ReporterKind,
    StartMode,
    Status,
)
from voorop.hssk.forms import (
    ActForm,
    ActUpdateForm,
    AgreementForm,
    ConsultationForm,
    DecisionForm,
    EvaluationForm,
    InterventionForm,
    InviteForm,
    ReasonForm,
    RefusalForm,
    StartForm,
    ViewForm,
    add_service_errors,
)
from voorop.hssk.models import HsskCase
from voorop.meldingen.models import Melding

OBJECT_TYPE = services.OBJECT_TYPE
PER_PAGE = 25


def _case(request: HttpRequest, pk: int) -> HsskCase:
    return audited_lookup(
        user=request.user, selector=selectors.case_get, pk=pk, object_type=OBJECT_TYPE
    )


def _log_view(
    request: HttpRequest, case: HsskCase, purpose: str = "", action: str = AccessAction.VIEW
) -> None:
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=action,
            object_type=OBJECT_TYPE,
            object_id=case.pk,
            person_ids=selectors.person_ids_for_log(case),
            purpose=purpose,
        )


# --- the list -----------------------------------------------------------------------------------


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """/hssk/: the cases the user's organisation works on (filter on open / closed, search on
    the reference), what waits for it, and — for Veilig Thuis and the Raad — its own signals of
    injury of a child that have no case yet."""
    status = request.GET.get("status", "open")
    query = request.GET.get("q", "").strip()[:40]
    page = Paginator(
        selectors.case_list(user=request.user, status=status, query=query), PER_PAGE
    ).get_page(request.GET.get("page"))
    signals = selectors.signals_without_case(user=request.user)
    waiting = selectors.attention_for(user=request.user)
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.LIST,
            object_type=OBJECT_TYPE,
            object_id=",".join(str(c.pk) for c in page.object_list),
        )
        if signals:
            access_log_write(
                user=request.user,
                action=AccessAction.LIST,
                object_type="melding",
                object_id=",".join(str(m.pk) for m in signals),
                purpose="signalen letsel kind zonder HSSK-casus",
            )
    return render(
        request,
        "hssk/list.html",
        {
            "page_obj": page,
            "status": status,
            "query": query,
            "signals": signals,
            "waiting": waiting,
            "may_start": selectors.may_start(request.user),
        },
    )


# --- step 1: starting ---------------------------------------------------------------------------


def _start_form(request: HttpRequest, melding: Melding, data=None) -> StartForm:
    children = selectors.melding_children(melding)
    police = selectors.police_organisations()
    reporter = REPORTER_OF_ORGANISATION_KIND.get(
        getattr(melding.reporter_organisation, "kind", ""), ReporterKind.ANDERS
    )
    bases = selectors.legal_bases(user=request.user, to_organisation=police.first())
    return StartForm(
        data,
        children=selectors.persons_queryset(children),
        police=police,
        om=selectors.om_organisations(),
        bases=bases,
        initial={
            "child": children[0].pk if len(children) == 1 else None,
            "mode": StartMode.ANONIEM,
            "reporter_kind": reporter,
            "police_organisation": selectors.default_police(user=request.user, melding=melding),
            "legal_basis": bases.first(),
        },
    )


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """/meldingen/<pk>/hssk/: step 1 from the initiator's own melding."""
    melding = audited_lookup(
        user=request.user, selector=selectors.startable_melding_get, pk=pk, object_type="melding"
    )
    existing = selectors.case_of_melding(user=request.user, melding=melding)
    if existing is not None:
        messages.info(request, _("Vanuit deze melding loopt al een HSSK-casus."))
        return redirect("hssk:detail", existing.pk)
    form = _start_form(request, melding, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.case_start(
                    user=request.user,
                    melding=melding,
                    child=data["child"],
                    mode=data["mode"],
                    police_organisation=data["police_organisation"],
                    om_organisation=data["om_organisation"],
                    grey_area=data["grey_area"],
                    injury_kinds=data["injury_kinds"],
                    certainty=data["certainty"],
                    reporter_kind=data["reporter_kind"],
                    age_band=data["age_band"],
                    circumstances=data["circumstances"],
                    question=data["question"],
                    legal_basis=data["legal_basis"],
                    necessity=data["necessity"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if case.is_anonymous:
                    messages.success(
                        request,
                        _(
                            "Casus %(ref)s is anoniem voorgelegd. De politie ziet alleen de "
                            "anonieme gegevens tot u besluit door te zetten."
                        )
                        % {"ref": case.reference},
                    )
                else:
                    messages.success(
                        request,
                        _("Casus %(ref)s is gemeld bij de politie.") % {"ref": case.reference},
                    )
                return redirect("hssk:detail", case.pk)
        status = 400
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type="melding",
            object_id=melding.pk,
            person_ids=services.melding_person_ids(melding),
            purpose="HSSK starten",
        )
    return render(request, "hssk/start.html", {"melding": melding, "form": form}, status=status)


# --- the case page ------------------------------------------------------------------------------


def _detail_forms(request: HttpRequest, case: HsskCase, cv: selectors.CaseView) -> dict[str, Any]:
    organisations = selectors.participant_organisations(case)
    members = selectors.persons_queryset(cv.members)
    forms: dict[str, Any] = {}
    if cv.may_write and case.status == Status.OVERLEG:
        if cv.is_initiator:
            forms["consultation"] = ConsultationForm(
                initial={
                    "circumstances": case.circumstances,
                    "question": case.question,
                    "grey_area": case.grey_area,
                    "om_organisation": case.om_organisation_id,
                },
                om=selectors.om_organisations(),
            )
        elif cv.role in (ParticipantRole.POLITIE, ParticipantRole.OM):
            forms["view"] = ViewForm()
    if cv.may_write and workflow.may_edit(case.status, workflow.Edit.ACT_ADD):
        forms["act"] = ActForm(organisations=organisations, members=members)
    if (
        cv.may_write
        and workflow.may_edit(case.status, workflow.Edit.INVITE)
        and cv.role
        in (
            ParticipantRole.INITIATOR,
            ParticipantRole.POLITIE,
        )
    ):
        invitable = selectors.invitable_organisations(case)
        if invitable.exists():
            forms["invite"] = InviteForm(
                organisations=invitable,
                bases=selectors.invite_bases(user=request.user),
            )
    if cv.may_write and workflow.may_edit(case.status, workflow.Edit.PLAN_ITEM):
        forms["intervention"] = InterventionForm(
            interventions=selectors.interventions(), organisations=organisations
        )
        forms["agreement"] = AgreementForm(organisations=organisations)
    if cv.may_write and workflow.may_edit(case.status, workflow.Edit.NO_INTERVENTIONS):
        forms["no_interventions"] = ReasonForm(initial={"reason": case.no_interventions_reason})
    if (
        cv.may_write
        and workflow.may_edit(case.status, workflow.Edit.EVALUATE)
        and not cv.own_evaluation
    ):
        forms["evaluation"] = EvaluationForm()
    return forms


def _render_detail(
    request: HttpRequest,
    case: HsskCase,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
    cv: selectors.CaseView | None = None,
) -> HttpResponse:
    """The case page; ``cv`` when the caller read the case already (a form shown again: the
    refused write changed nothing)."""
    cv = cv or selectors.case_view(user=request.user, case=case)
    forms = _detail_forms(request, case, cv)
    forms.update(bound or {})
    _log_view(request, case)
    transitions = [
        row
        for row in workflow.rows_from(case.status)
        if row.transition in (workflow.Transition.EVALUEREN, workflow.Transition.AFSLUITEN)
        and (cv.role in row.by)
        and cv.may_write
    ]
    return render(
        request,
        "hssk/detail.html",
        {
            "cv": cv,
            "case": case,
            "forms": forms,
            "failed": next(iter(bound or {}), ""),
            "steps": [(n, STEP_TITLES[n]) for n in range(1, 6)],
            "transitions": transitions,
            "act_rows": [
                (
                    a,
                    ActUpdateForm(initial={"status": a.status}, prefix=f"h{a.pk}")
                    if cv.may_write and workflow.may_edit(case.status, workflow.Edit.ACT_UPDATE)
                    else None,
                )
                for a in cv.acts
            ],
            "may_decide": cv.may_write and cv.is_initiator and case.status == Status.OVERLEG,
            "may_confirm": cv.may_write
            and case.status == Status.ONDERZOEKSPLAN
            and cv.role in (ParticipantRole.INITIATOR, ParticipantRole.POLITIE, ParticipantRole.OM)
            and not cv.own_confirmation,
            "plan_problems": workflow.plan_problems(cv.facts)
            if case.status == Status.ONDERZOEKSPLAN
            else [],
        },
        status=status,
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _case(request, pk))


def _post(
    request: HttpRequest,
    pk: int,
    *,
    name: str,
    make_form: Callable[[HsskCase, selectors.CaseView], Any],
    act: Callable[[HsskCase, Any], str],
    anchor: str,
    case: HsskCase | None = None,
) -> HttpResponse:
    """The shape of every form on the case page: look the case up (404 and DENIED for anyone
    not taking part; ``case`` when the caller looked it up already), bind the form, call the
    service, redirect to the page — or show the page again with the reasons (400)."""
    case = case or _case(request, pk)
    cv = selectors.case_view(user=request.user, case=case)
    form = make_form(case, cv)
    if form.is_valid():
        try:
            message = act(case, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(reverse("hssk:detail", args=[case.pk]) + f"#{anchor}")
    return _render_detail(request, case, bound={name: form}, status=400, cv=cv)


@require_POST
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, data) -> str:
        services.consultation_update(
            user=request.user,
            case=case,
            circumstances=data["circumstances"],
            question=data["question"],
            grey_area=data["grey_area"],
            om_organisation=data["om_organisation"],
        )
        return _("De anonieme gegevens zijn aangevuld.")

    return _post(
        request,
        pk,
        name="consultation",
        make_form=lambda case, cv: ConsultationForm(request.POST, om=selectors.om_organisations()),
        act=save,
        anchor="stap-2",
    )


@require_POST
def view_give(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, data) -> str:
        services.view_give(
            user=request.user, case=case, position=data["position"], text=data["text"]
        )
        return _("Uw zienswijze is vastgelegd.")

    return _post(
        request,
        pk,
        name="view",
        make_form=lambda case, cv: ViewForm(request.POST),
        act=save,
        anchor="stap-2",
    )


@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """/hssk/<pk>/besluit/: the initiator's decision. Only the initiator reaches this page (it
    names the initiator's own melding that would be shared); anyone else gets the 404."""
    case = _case(request, pk)
    ident = selectors.identification_for_initiator(user=request.user, case=case)
    if ident is None or case.status != Status.OVERLEG:
        with transaction.atomic():
            access_log_write(
                user=request.user,
                action=AccessAction.VIEW,
                object_type=OBJECT_TYPE,
                object_id=case.pk,
                outcome="DENIED",
                purpose="besluit",
            )
        raise Http404
    bases = selectors.legal_bases(user=request.user, to_organisation=case.police_organisation)
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        bases=bases,
        initial={"legal_basis": bases.first()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.case_decide(
                    user=request.user,
                    case=case,
                    decision=data["decision"],
                    reason=data["reason"],
                    legal_basis=data["legal_basis"],
                    necessity=data["necessity"],
                    field_groups=data["field_groups"] or services.DEFAULT_FIELD_GROUPS,
                    share_with_om=data["share_with_om"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if case.is_anonymous:
                    messages.success(
                        request, _("De casus is afgesloten zonder strafrechtelijk vervolg.")
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "De melding is gedeeld met de politie; de casus is gekoppeld aan "
                            "het gezinssysteem. Maak nu samen het onderzoeksplan."
                        ),
                    )
                return redirect("hssk:detail", case.pk)
        status = 400
    _log_view(request, case, purpose="besluit")
    cv = selectors.case_view(user=request.user, case=case)
    return render(
        request,
        "hssk/decide.html",
        {"case": case, "cv": cv, "form": form, "ident": ident},
        status=status,
    )


def _act_form(request: HttpRequest, case: HsskCase, cv: selectors.CaseView) -> ActForm:
    return ActForm(
        request.POST,
        organisations=selectors.participant_organisations(case),
        members=selectors.persons_queryset(cv.members),
    )


@require_POST
def act_add(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, data) -> str:
        services.act_add(
            user=request.user,
            case=case,
            act=data["act"],
            by_organisation=data["by_organisation"],
            with_whom=data["with_whom"],
            sequence=data["sequence"],
            planned_on=data["planned_on"],
            description=data["description"],
            repeat_reason=data["repeat_reason"],
            order_note=data["order_note"],
        )
        return _("De onderzoekshandeling staat in het plan.")

    return _post(
        request,
        pk,
        name="act",
        make_form=lambda case, cv: _act_form(request, case, cv),
        act=save,
        anchor="stap-3",
    )


@require_POST
def act_update(request: HttpRequest, pk: int, act_pk: int) -> HttpResponse:
    """An act of the case; an act of another case (or none) is missing too: 404 and DENIED,
    before the form is read."""
    case = _case(request, pk)
    record = audited_lookup(
        user=request.user,
        selector=lambda *, user, pk: selectors.act_get(case=case, pk=pk),
        pk=act_pk,
        object_type=services.ACT,
    )

    def save(case, data) -> str:
        services.act_update(
            user=request.user,
            case=case,
            act=record,
            status=data["status"],
            outcome=data["outcome"],
        )
        return _("De onderzoekshandeling is bijgewerkt.")

    return _post(
        request,
        pk,
        name="act_update",
        make_form=lambda case, cv: ActUpdateForm(request.POST, prefix=f"h{act_pk}"),
        act=save,
        anchor=f"handeling-{act_pk}",
        case=case,
    )


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    try:
        services.plan_confirm(user=request.user, case=case)
    except ValidationError as error:
        return _render_detail(request, case, bound={"confirm": RefusalForm.of(error)}, status=400)
    if case.status == Status.INTERVENTIES:
        messages.success(request, _("Het onderzoeksplan is vastgesteld."))
    else:
        messages.success(request, _("Uw akkoord is vastgelegd; de partner moet nog instemmen."))
    return redirect(reverse("hssk:detail", args=[case.pk]) + "#stap-3")


@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, data) -> str:
        services.participant_invite(
            user=request.user,
            case=case,
            organisation=data["organisation"],
            reason=data["reason"],
            legal_basis=data["legal_basis"],
        )
        return _("%(org)s is uitgenodigd.") % {"org": data["organisation"].name}

    return _post(
        request,
        pk,
        name="invite",
        make_form=lambda case, cv: InviteForm(
            request.POST,
            organisations=selectors.invitable_organisations(case),
            bases=selectors.invite_bases(user=request.user),
        ),
        act=save,
        anchor="deelnemers",
    )


@require_POST
def intervention(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, data) -> str:
        services.intervention_add(
            user=request.user,
            case=case,
            intervention=data["intervention"],
            owner_organisation=data["owner_organisation"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reassess_on=data["reassess_on"],
            description=data["description"],
        )
        return _("De interventie staat in het veiligheidsplan.")

    return _post(
        request,
        pk,
        name="intervention",
        make_form=lambda case, cv: InterventionForm(
            request.POST,
            interventions=selectors.interventions(),
            organisations=selectors.participant_organisations(case),
        ),
        act=save,
        anchor="stap-4",
    )


@require_POST
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, data) -> str:
        services.agreement_add(
            user=request.user,
            case=case,
            topic=data["topic"],
            description=data["description"],
            owner_organisation=data["owner_organisation"],
            reassess_on=data["reassess_on"],
        )
        return _("De afspraak staat in het veiligheidsplan.")

    return _post(
        request,
        pk,
        name="agreement",
        make_form=lambda case, cv: AgreementForm(
            request.POST, organisations=selectors.participant_organisations(case)
        ),
        act=save,
        anchor="stap-4",
    )


@require_POST
def no_interventions(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, data) -> str:
        services.no_interventions_set(user=request.user, case=case, reason=data["reason"])
        return _("Vastgelegd waarom geen interventies nodig zijn.")

    return _post(
        request,
        pk,
        name="no_interventions",
        make_form=lambda case, cv: ReasonForm(request.POST),
        act=save,
        anchor="stap-4",
    )


@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    try:
        services.case_transition(
            user=request.user, case=case, transition=request.POST.get("overgang", "")
        )
    except ValidationError as error:
        return _render_detail(
            request, case, bound={"transition": RefusalForm.of(error)}, status=400
        )
    messages.success(request, _("De casus staat nu op: %(s)s.") % {"s": Status(case.status).label})
    return redirect("hssk:detail", case.pk)


@require_POST
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    def save(case, data) -> str:
        services.evaluation_give(
            user=request.user,
            case=case,
            worked_well=data["worked_well"],
            to_improve=data["to_improve"],
            missing_information=data["missing_information"],
            missing_note=data["missing_note"],
            in_each_others_way=data["in_each_others_way"],
            collaboration_score=data["collaboration_score"],
        )
        return _("Uw evaluatie is vastgelegd.")

    return _post(
        request,
        pk,
        name="evaluation",
        make_form=lambda case, cv: EvaluationForm(request.POST),
        act=save,
        anchor="stap-5",
    )


@require_GET
def print_view(request: HttpRequest, pk: int) -> HttpResponse:
    """/hssk/<pk>/afdruk/: the case on paper, as the user may see it."""
    case = _case(request, pk)
    cv = selectors.case_view(user=request.user, case=case)
    _log_view(request, case, action=AccessAction.PRINT)
    return render(request, "hssk/print.html", {"cv": cv, "case": case})


# --- monitoring ---------------------------------------------------------------------------------


def _monitoring_allowed(request: HttpRequest, action: str) -> None:
    """Monitoring is for users of a partner organisation; anyone else gets a 404, on record."""
    if not selectors.is_partner_user(request.user):
        with transaction.atomic():
            access_log_write(
                user=request.user,
                action=action,
                object_type="hssk-monitoring",
                outcome=AccessOutcome.DENIED,
            )
        raise Http404


@require_GET
def monitoring(request: HttpRequest) -> HttpResponse:
    """/hssk/monitoring/: figures over the cases the user's organisation took part in."""
    _monitoring_allowed(request, AccessAction.LIST)
    figures = selectors.monitoring(user=request.user)
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.LIST,
            object_type="hssk-monitoring",
            purpose=f"{figures.total} casussen",
        )
    return render(request, "hssk/monitoring.html", {"m": figures})


@require_GET
def monitoring_csv(request: HttpRequest) -> HttpResponse:
    """One row per case: timings and counts, never a person, a family or a text."""
    _monitoring_allowed(request, AccessAction.EXPORT)
    rows = selectors.monitoring_rows(user=request.user)
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.EXPORT,
            object_type="hssk-monitoring",
            object_id=",".join(r["kenmerk"] for r in rows)[:2000],
            purpose="export",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hssk-monitoring.csv"'
    writer = csv.DictWriter(response, fieldnames=list(selectors.MONITORING_COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return response
