"""Pages of the ZSM work process: the queue per ZSM location (sorted by time left, the 9-hour
clock on every case) and the case page, where each partner records its part.

Every page reads through ``voorop.zsm.selectors``: only ZSM partners at the location see the
queue and its cases; anyone else gets the same 404 as for a missing case, logged as DENIED.
The queue is logged as LIST, the case page as VIEW (with the suspect and victims). Writes go
through ``voorop.zsm.services``; a refused write shows the case page again with the Dutch
reasons (status 400) — the release safeguard's conflict is shown this way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from voorop.assessment import selectors as assessment_selectors
from voorop.audit.models import AccessAction, AccessOutcome
from voorop.audit.services import access_log_write, audited_lookup
from voorop.authz import policy
from voorop.authz.selectors import is_professional
from voorop.organisations.models import Organisation
from voorop.zsm import selectors, services, workflow
from voorop.zsm.choices import DecisionKind
from voorop.zsm.display import clock
from voorop.zsm.forms import (
    AdviceForm,
    DecideForm,
    DelayForm,
    LinkForm,
    OverlegForm,
    RejectForm,
    ShareForm,
)
from voorop.zsm.models import ZsmCase

OBJECT_TYPE = services.OBJECT_TYPE
QUEUE_OBJECT_TYPE = "zsm-werkvoorraad"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    locations = list(selectors.locations_for(request.user))
    if len(locations) == 1:
        return redirect("zsm:queue", code=locations[0].code)
    if not locations:
        with transaction.atomic():
            access_log_write(
                user=request.user,
                action=AccessAction.LIST,
                object_type=QUEUE_OBJECT_TYPE,
                outcome=AccessOutcome.DENIED,
            )
        raise Http404
    return render(request, "zsm/index.html", {"locations": locations})


@require_GET
def queue(request: HttpRequest, code: str) -> HttpResponse:
    location = audited_lookup(
        user=request.user,
        selector=lambda *, user, pk: selectors.location_get(user=user, code=pk),
        pk=code,
        object_type=QUEUE_OBJECT_TYPE,
    )
    now = timezone.now()
    cases = list(selectors.queue(user=request.user, location=location))
    delayed = list(selectors.delayed(user=request.user, location=location))
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.LIST,
            object_type=QUEUE_OBJECT_TYPE,
            object_id=location.code,
        )
    return render(
        request,
        "zsm/queue.html",
        {
            "location": location,
            "rows": [(c, clock(c, now)) for c in cases],
            "delayed": delayed,
            "advice_share": selectors.advice_share(user=request.user, location=location),
            "known_share": selectors.known_share(user=request.user, location=location),
        },
    )


def _case(request: HttpRequest, pk: int) -> ZsmCase:
    return audited_lookup(
        user=request.user, selector=selectors.case_get, pk=pk, object_type=OBJECT_TYPE
    )


def _render_case(
    request: HttpRequest,
    case: ZsmCase,
    *,
    errors: list[str] | None = None,
    forms: dict | None = None,
) -> HttpResponse:
    user = request.user
    org = getattr(user, "organisation", None)
    kind = org.kind if org else ""
    with transaction.atomic():
        access_log_write(
            user=user,
            action=AccessAction.VIEW,
            object_type=OBJECT_TYPE,
            object_id=case.pk,
            person_ids=services._person_ids(case),
        )
    own_assessments = (
        [
            b
            for b in assessment_selectors.own_beoordelingen(user).filter(
                family_system_id=case.family_system_id
            )
            if b.status != "DRAFT"
        ]
        if kind == "VT" and case.family_system_id
        else []
    )
    forms = forms or {}
    writes = is_professional(user)
    context: dict[str, Any] = {
        "case": case,
        # The melding is the police's: its kind and reference follow the sharing policy.
        "melding_visible": case.melding_id is not None
        and policy.meldingen_for(user).filter(pk=case.melding_id).exists(),
        "clock": clock(case, timezone.now()),
        # The forms are for the professionals; a privacy officer or functioneel beheerder of a
        # partner reads along (the services refuse their records).
        "writes": writes,
        # The participants ticked for an afstemmingsoverleg: as posted, or the user's own.
        "overleg_selected": (
            {int(x) for x in request.POST.getlist("organisations") if x.isdigit()}
            if forms.get("overleg") is not None
            else {getattr(org, "pk", None)}
        ),
        "kind": kind if writes else "",
        "errors": errors or [],
        "events": case.events.select_related("user", "organisation"),
        "advices": case.advices.select_related("organisation"),
        "decisions": case.decisions.select_related("officier"),
        "handover": (
            case.decisions.filter(kind=DecisionKind.UITSTEL).select_related("officier").last()
            if case.returns and case.in_queue
            else None
        ),
        "overleggen": case.overleggen.prefetch_related("organisations"),
        "beoordeling": selectors.beoordeling_summary(user=user, case=case),
        "acute": services.acute_unsafety(case),
        "measures": services.safety_measures(case),
        "transitions": workflow.transitions_from(case.status),
        "own_assessments": own_assessments,
        "partners": Organisation.objects.filter(zsm_locations__location=case.location).order_by(
            "name"
        ),
        "reject_form": forms.get("reject") or RejectForm(),
        "share_form": forms.get("share") or ShareForm(),
        "advice_form": forms.get("advice") or AdviceForm(),
        "overleg_form": forms.get("overleg") or OverlegForm(),
        "decide_form": forms.get("decide") or DecideForm(),
        "delay_form": forms.get("delay") or DelayForm(),
    }
    return render(request, "zsm/case.html", context, status=400 if errors else 200)


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, _case(request, pk))


def _messages(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, PermissionDenied):
        return [str(error)]
    return [str(m) for m in error.messages]


def _act(
    request: HttpRequest,
    pk: int,
    action: Callable[[ZsmCase, Any], object],
    form_class: type | None = None,
    form_key: str = "",
) -> HttpResponse:
    case = _case(request, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        errors = [
            f"{form[name].label}: {e}" if name in form.fields else str(e)
            for name, errs in form.errors.items()
            for e in errs
        ]
        return _render_case(request, case, errors=errors, forms={form_key: form})
    try:
        action(case, form.cleaned_data if form is not None else {})
    except (ValidationError, PermissionDenied) as error:
        case.refresh_from_db()
        return _render_case(request, case, errors=_messages(error), forms={form_key: form})
    return redirect("zsm:case", pk=case.pk)


@require_POST
def take_up(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda c, d: services.zsm_case_take_up(user=request.user, case=c))


@require_POST
def hg_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda c, d: services.zsm_hg_confirm(user=request.user, case=c))


@require_POST
def hg_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda c, d: services.zsm_hg_reject(user=request.user, case=c, note=d["note"]),
        RejectForm,
        "reject",
    )


@require_POST
def link(request: HttpRequest, pk: int) -> HttpResponse:
    def do(c: ZsmCase, d: dict) -> object:
        beoordeling = selectors.own_beoordeling(user=request.user, pk=d["beoordeling"])
        if beoordeling is None:
            raise ValidationError(
                _("Kies een eigen veiligheidsbeoordeling."), code=services.ErrorCode.BEOORDELING
            )
        return services.zsm_beoordeling_link(user=request.user, case=c, beoordeling=beoordeling)

    return _act(request, pk, do, LinkForm, "link")


@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda c, d: services.zsm_vt_share(user=request.user, case=c, necessity=d["necessity"]),
        ShareForm,
        "share",
    )


@require_POST
def advice(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda c, d: services.zsm_advice_record(user=request.user, case=c, **d),
        AdviceForm,
        "advice",
    )


@require_POST
def overleg(request: HttpRequest, pk: int) -> HttpResponse:
    def do(c: ZsmCase, d: dict) -> object:
        ids = {int(x) for x in request.POST.getlist("organisations") if x.isdigit()}
        own = cast(Organisation, request.user.organisation)  # type: ignore[union-attr]
        organisations = list(Organisation.objects.filter(pk__in=ids | {own.pk}).order_by("name"))
        return services.zsm_overleg_record(
            user=request.user,
            case=c,
            vt_presence=d["vt_presence"],
            organisations=organisations,
            summary=d["summary"],
        )

    return _act(request, pk, do, OverlegForm, "overleg")


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda c, d: services.zsm_decide(user=request.user, case=c, **d),
        DecideForm,
        "decide",
    )


@require_POST
def delay(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda c, d: services.zsm_delay(user=request.user, case=c, **d),
        DelayForm,
        "delay",
    )


@require_POST
def case_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda c, d: services.zsm_case_return(user=request.user, case=c))


@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda c, d: services.zsm_suspect_release(user=request.user, case=c))
