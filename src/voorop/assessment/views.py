"""Pages of the veiligheidsbeoordeling and of the risk instruments.

Every read goes through ``voorop.assessment.selectors`` (which start from
``voorop.authz.policy``) and is written to the access log; every write goes through
``voorop.assessment.services``. An object the user may not see gives 404 (logged as DENIED);
an assessment the user sees but may not change — a partner, or a VT colleague without an
assessing role — gives 403 (also logged).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from voorop.assessment import selectors, services, workflow
from voorop.assessment.choices import Status
from voorop.assessment.engine import AnswersInvalid, answers_clean, evaluate_partial
from voorop.assessment.forms import (
    INSTRUMENT_FIELDS,
    SHARE_FIELDS,
    CompleteForm,
    ConditionEditForm,
    ConditionForm,
    InstrumentForm,
    PartAForm,
    PartBForm,
    ShareForm,
    StartForm,
    add_service_errors,
)
from voorop.assessment.models import RiskInstrument, Veiligheidsbeoordeling
from voorop.audit.models import AccessAction, AccessOutcome
from voorop.audit.services import access_log_write, audited_lookup
from voorop.authz import policy
from voorop.persons import selectors as person_selectors
from voorop.persons.models import FamilySystem

OBJECT = services.OBJECT_TYPE
RESULT = services.RESULT_OBJECT_TYPE


def _log(
    request: HttpRequest,
    *,
    action: str,
    object_type: str,
    object_id: object = "",
    person_ids: Iterable[int | None] = (),
    family_id: int | None = None,
    outcome: str = AccessOutcome.OK,
) -> None:
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=action,
            object_type=object_type,
            object_id=object_id,
            person_ids=person_ids,
            purpose=policy.access_purpose(request.user, family_id) if family_id else "",
            outcome=outcome,
        )


def _family(request: HttpRequest, pk: int) -> FamilySystem:
    return audited_lookup(
        user=request.user,
        selector=person_selectors.family_system_get,
        pk=pk,
        object_type="gezinssysteem",
    )


def _refuse(request: HttpRequest, *, object_type: str, object_id: object) -> PermissionDenied:
    """Log a refused change and return the 403 to raise."""
    _log(
        request,
        action=AccessAction.UPDATE,
        object_type=object_type,
        object_id=object_id,
        outcome=AccessOutcome.DENIED,
    )
    return PermissionDenied(
        _("Alleen een VT-medewerker of vertrouwensarts van Veilig Thuis wijzigt deze beoordeling.")
    )


def _own_for_change(request: HttpRequest, family: FamilySystem, pk: int) -> Veiligheidsbeoordeling:
    """An own assessment the user may change: 404 if not visible as own, 403 without the role."""
    beoordeling = audited_lookup(
        user=request.user,
        selector=partial(selectors.own_beoordeling_get, family_system=family),
        pk=pk,
        object_type=OBJECT,
    )
    if not selectors.may_assess(request.user):
        raise _refuse(request, object_type=OBJECT, object_id=beoordeling.pk)
    return beoordeling


def _visible_or_refused(request: HttpRequest, family: FamilySystem, pk: int) -> None:
    """For a change page of an assessment that is not the user's own: 403 when the user may see
    it (a partner it was shared with), else 404 — both logged."""
    access = audited_lookup(
        user=request.user,
        selector=partial(selectors.beoordeling_get, family_system=family),
        pk=pk,
        object_type=OBJECT,
    )
    raise _refuse(request, object_type=OBJECT, object_id=access.summary.pk)


def _for_change(request: HttpRequest, family: FamilySystem, pk: int) -> Veiligheidsbeoordeling:
    if selectors.own_beoordelingen(request.user).filter(pk=pk, family_system=family).exists():
        return _own_for_change(request, family, pk)
    _visible_or_refused(request, family, pk)
    raise AssertionError("unreachable")  # pragma: no cover


def _log_view(request: HttpRequest, beoordeling: Veiligheidsbeoordeling) -> None:
    _log(
        request,
        action=AccessAction.VIEW,
        object_type=OBJECT,
        object_id=beoordeling.pk,
        person_ids=selectors.beoordeling_person_ids(beoordeling),
        family_id=beoordeling.family_system_id,
    )


def _detail_url(beoordeling: Veiligheidsbeoordeling) -> str:
    return reverse("assessment:detail", args=[beoordeling.family_system_id, beoordeling.pk])


# --- the family's assessments -------------------------------------------------------------------


@require_GET
def family_assessments(request: HttpRequest, pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/veiligheidsbeoordeling/: the history of the family's assessments
    (own in full, others' as shared) and the organisation's own risk assessments."""
    family = _family(request, pk)
    summaries = selectors.family_beoordelingen(user=request.user, family_system=family)
    results = selectors.family_results(user=request.user, family_system=family)
    _log(
        request,
        action=AccessAction.LIST,
        object_type=OBJECT,
        object_id=",".join(str(s.pk) for s in summaries),
        person_ids=[pid for s in summaries for pid in s.person_ids],
        family_id=family.pk,
    )
    if results:
        _log(
            request,
            action=AccessAction.LIST,
            object_type=RESULT,
            object_id=",".join(str(r.pk) for r in results),
            person_ids=[r.subject_id for r in results],
            family_id=family.pk,
        )
    return render(
        request,
        "assessment/family.html",
        {
            "family": family,
            "summaries": summaries,
            "results": results,
            "may_assess": selectors.may_assess(request.user),
            "instruments": selectors.instruments_for(user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/veiligheidsbeoordeling/nieuw/: start an assessment (VT only)."""
    family = _family(request, pk)
    if not selectors.may_assess(request.user):
        _log(
            request,
            action=AccessAction.CREATE,
            object_type=OBJECT,
            object_id="",
            family_id=family.pk,
            outcome=AccessOutcome.DENIED,
        )
        raise PermissionDenied(
            _("Alleen een VT-medewerker of vertrouwensarts van Veilig Thuis start een beoordeling.")
        )
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            beoordeling = services.beoordeling_start(
                user=request.user, family_system=family, context=form.cleaned_data["context"]
            )
        except ValidationError as error:
            add_service_errors(form, error, {})
        else:
            messages.success(
                request,
                _("Veiligheidsbeoordeling %(ref)s is gestart. Begin met deel A.")
                % {"ref": beoordeling.reference},
            )
            return redirect("assessment:part_a", pk=family.pk, beoordeling_pk=beoordeling.pk)
    _log(
        request,
        action=AccessAction.VIEW,
        object_type="gezinssysteem",
        object_id=family.pk,
        family_id=family.pk,
    )
    return render(request, "assessment/start.html", {"family": family, "form": form})


@require_GET
def detail(request: HttpRequest, pk: int, beoordeling_pk: int) -> HttpResponse:
    """One assessment: in full for its VT organisation, the shared summary for anyone else."""
    family = _family(request, pk)
    access = audited_lookup(
        user=request.user,
        selector=partial(selectors.beoordeling_get, family_system=family),
        pk=beoordeling_pk,
        object_type=OBJECT,
    )
    _log(
        request,
        action=AccessAction.VIEW,
        object_type=OBJECT,
        object_id=access.summary.pk,
        person_ids=access.summary.person_ids,
        family_id=family.pk,
    )
    if access.own is None:
        return render(
            request, "assessment/summary.html", {"family": family, "summary": access.summary}
        )
    beoordeling = access.own
    return render(
        request,
        "assessment/detail.html",
        {
            "family": family,
            "b": beoordeling,
            "summary": access.summary,
            "may_assess": selectors.may_assess(request.user),
            "next_step": workflow.next_transition(beoordeling.status),
            "can": _permissions(request, beoordeling),
            "factors": sorted(
                beoordeling.risk_factors.all(), key=lambda a: _factor_order(a.factor)
            ),
            "shares": selectors.beoordeling_shares(user=request.user, beoordeling=beoordeling),
            "instruments": selectors.instruments_for(user=request.user),
            "transitions": workflow.TRANSITIONS,
        },
    )


def _factor_order(code: str) -> int:
    from voorop.assessment.choices import RiskFactor

    return list(RiskFactor.values).index(code)


def _permissions(request: HttpRequest, b: Veiligheidsbeoordeling) -> dict[str, bool]:
    assess = selectors.may_assess(request.user)
    return {
        name: assess and workflow.may_edit(b.status, edit)
        for name, edit in (
            ("part_a", workflow.Edit.PART_A),
            ("part_b", workflow.Edit.PART_B),
            ("conditions", workflow.Edit.CONDITIONS),
            ("condition_status", workflow.Edit.CONDITION_STATUS),
            ("instrument", workflow.Edit.INSTRUMENT),
            ("share", workflow.Edit.SHARE),
        )
    } | {
        "complete": assess
        and b.part_b_done
        and workflow.transition_for(b.status, Status.COMPLETED) is not None,
    }


# --- part A, part B, completion -----------------------------------------------------------------

PART_A_FIELDS = {"acute_level": "acute_level", "acute_rationale": "acute_rationale"}


@require_http_methods(["GET", "POST"])
def part_a(request: HttpRequest, pk: int, beoordeling_pk: int) -> HttpResponse:
    """Part A — acute unsafety: level, rationale and the checklist, quick to fill in on a phone.
    "Opslaan" keeps what is filled in; "Deel A afronden" saves and completes part A."""
    family = _family(request, pk)
    beoordeling = _for_change(request, family, beoordeling_pk)
    suggestions = services.risk_factor_suggestions(beoordeling)
    if request.method == "POST":
        form = PartAForm(request.POST, suggestions=suggestions)
        if form.is_valid():
            # Saved first, on its own: what was filled in stays, even if completing fails.
            try:
                services.beoordeling_part_a_save(
                    user=request.user,
                    beoordeling=beoordeling,
                    acute_level=form.cleaned_data["acute_level"],
                    acute_rationale=form.cleaned_data["acute_rationale"],
                    risk_factors=form.risk_factors(),
                )
                if "afronden" in request.POST:
                    services.beoordeling_part_a_complete(user=request.user, beoordeling=beoordeling)
            except ValidationError as error:
                add_service_errors(form, error, PART_A_FIELDS)
            else:
                if "afronden" in request.POST:
                    messages.success(
                        request,
                        _("Deel A is afgerond. U kunt nu voorwaarden vastleggen en delen."),
                    )
                    return redirect(_detail_url(beoordeling))
                messages.success(request, _("Deel A is opgeslagen."))
                return redirect("assessment:part_a", pk=family.pk, beoordeling_pk=beoordeling.pk)
    else:
        if not workflow.may_edit(beoordeling.status, workflow.Edit.PART_A):
            return redirect(_detail_url(beoordeling))
        form = PartAForm(
            initial=PartAForm.initial_for(beoordeling, suggestions), suggestions=suggestions
        )
    _log_view(request, beoordeling)
    return render(
        request,
        "assessment/part_a.html",
        {
            "family": family,
            "b": beoordeling,
            "form": form,
            "acute_instruments": [
                i
                for i in selectors.instruments_for(user=request.user)
                if i.target == "ACUTE_ONVEILIGHEID"
            ],
            "results": list(beoordeling.instrument_results.all()),
        },
    )


@require_http_methods(["GET", "POST"])
def part_b(request: HttpRequest, pk: int, beoordeling_pk: int) -> HttpResponse:
    family = _family(request, pk)
    beoordeling = _for_change(request, family, beoordeling_pk)
    if request.method == "POST":
        form = PartBForm(request.POST)
        if form.is_valid():
            complete = "afronden" in request.POST
            try:
                services.beoordeling_part_b_save(
                    user=request.user,
                    beoordeling=beoordeling,
                    structural_level=form.cleaned_data["structural_level"],
                    structural_findings=form.cleaned_data["structural_findings"],
                    complete=complete,
                )
            except ValidationError as error:
                add_service_errors(form, error, {})
            else:
                messages.success(
                    request, _("Deel B is afgerond.") if complete else _("Deel B is opgeslagen.")
                )
                return redirect(_detail_url(beoordeling))
    else:
        if not workflow.may_edit(beoordeling.status, workflow.Edit.PART_B):
            return redirect(_detail_url(beoordeling))
        form = PartBForm(
            initial={
                "structural_level": beoordeling.structural_level,
                "structural_findings": beoordeling.structural_findings,
            }
        )
    _log_view(request, beoordeling)
    return render(
        request, "assessment/part_b.html", {"family": family, "b": beoordeling, "form": form}
    )


@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, pk: int, beoordeling_pk: int) -> HttpResponse:
    family = _family(request, pk)
    beoordeling = _for_change(request, family, beoordeling_pk)
    form = CompleteForm(
        request.POST or None,
        initial={
            "outcome": beoordeling.outcome,
            "outcome_rationale": beoordeling.outcome_rationale,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.beoordeling_complete(
                user=request.user,
                beoordeling=beoordeling,
                outcome=form.cleaned_data["outcome"],
                outcome_rationale=form.cleaned_data["outcome_rationale"],
            )
        except ValidationError as error:
            add_service_errors(form, error, {})
        else:
            messages.success(request, _("De veiligheidsbeoordeling is afgerond."))
            return redirect(_detail_url(beoordeling))
    _log_view(request, beoordeling)
    return render(
        request, "assessment/complete.html", {"family": family, "b": beoordeling, "form": form}
    )


# --- veiligheidsvoorwaarden ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def conditions(request: HttpRequest, pk: int, beoordeling_pk: int) -> HttpResponse:
    """The assessment's veiligheidsvoorwaarden, and adding one."""
    family = _family(request, pk)
    beoordeling = _for_change(request, family, beoordeling_pk)
    persons = selectors.family_persons(user=request.user, family_system=family)
    form = ConditionForm(request.POST or None, persons=persons)
    if request.method == "POST" and form.is_valid():
        try:
            services.voorwaarde_add(
                user=request.user,
                beoordeling=beoordeling,
                text=form.cleaned_data["text"],
                person=form.cleaned_data["person"],
                valid_from=form.cleaned_data["valid_from"],
                valid_until=form.cleaned_data["valid_until"],
            )
        except ValidationError as error:
            add_service_errors(form, error, {})
        else:
            messages.success(request, _("De voorwaarde is vastgelegd."))
            return redirect("assessment:conditions", pk=family.pk, beoordeling_pk=beoordeling.pk)
    _log_view(request, beoordeling)
    return render(
        request,
        "assessment/conditions.html",
        {
            "family": family,
            "b": beoordeling,
            "form": form,
            "conditions": list(beoordeling.voorwaarden.all()),
            "may_add": workflow.may_edit(beoordeling.status, workflow.Edit.CONDITIONS),
        },
    )


@require_http_methods(["GET", "POST"])
def condition_edit(
    request: HttpRequest, pk: int, beoordeling_pk: int, voorwaarde_pk: int
) -> HttpResponse:
    family = _family(request, pk)
    beoordeling = _for_change(request, family, beoordeling_pk)
    voorwaarde = audited_lookup(
        user=request.user,
        selector=partial(selectors.own_voorwaarde_get, beoordeling=beoordeling),
        pk=voorwaarde_pk,
        object_type=services.CONDITION_OBJECT_TYPE,
    )
    persons = selectors.family_persons(user=request.user, family_system=family)
    content_editable = workflow.may_edit(beoordeling.status, workflow.Edit.CONDITIONS)
    initial = {
        "text": voorwaarde.text,
        "person": voorwaarde.person,
        "valid_from": voorwaarde.valid_from,
        "valid_until": voorwaarde.valid_until,
        "status": voorwaarde.status,
        "status_note": voorwaarde.status_note,
    }
    form = ConditionEditForm(
        request.POST or None,
        initial=initial,
        persons=persons,
        content_editable=content_editable,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.voorwaarde_update(
                user=request.user,
                voorwaarde=voorwaarde,
                text=data["text"],
                person=data["person"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                status=data["status"],
                status_note=data["status_note"],
            )
        except ValidationError as error:
            add_service_errors(form, error, {})
        else:
            messages.success(request, _("De voorwaarde is bijgewerkt."))
            return redirect("assessment:conditions", pk=family.pk, beoordeling_pk=beoordeling.pk)
    _log(
        request,
        action=AccessAction.VIEW,
        object_type=services.CONDITION_OBJECT_TYPE,
        object_id=voorwaarde.pk,
        person_ids=[voorwaarde.person_id],
        family_id=family.pk,
    )
    return render(
        request,
        "assessment/condition_edit.html",
        {"family": family, "b": beoordeling, "voorwaarde": voorwaarde, "form": form},
    )


# --- sharing ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, pk: int, beoordeling_pk: int) -> HttpResponse:
    """Share the assessment's summary (outcome and veiligheidsvoorwaarden) with a partner,
    through the disclosure register."""
    family = _family(request, pk)
    beoordeling = _for_change(request, family, beoordeling_pk)
    form = ShareForm(request.POST or None, user=request.user, context=beoordeling.context)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.beoordeling_share(
                user=request.user, beoordeling=beoordeling, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error, SHARE_FIELDS)
        else:
            messages.success(
                request,
                _("Verstrekking %(ref)s is vastgelegd: gedeeld met %(org)s.")
                % {
                    "ref": link.disclosure.reference,
                    "org": link.disclosure.to_organisation.name,
                },
            )
            return redirect(_detail_url(beoordeling))
    _log_view(request, beoordeling)
    return render(
        request,
        "assessment/share.html",
        {
            "family": family,
            "b": beoordeling,
            "form": form,
            "shared_parts": selectors.SHARED_PARTS,
            "may_share": workflow.may_edit(beoordeling.status, workflow.Edit.SHARE),
        },
    )


# --- risk instruments ---------------------------------------------------------------------------


def _instrument_for_user(request: HttpRequest, code: str) -> RiskInstrument:
    """The instrument in use with this code, if the user may fill it in; else 403 (logged)."""
    instrument = selectors.active_instrument_by_code(code=code)
    if not selectors.may_fill(request.user, instrument):
        _log(
            request,
            action=AccessAction.CREATE,
            object_type=RESULT,
            object_id="",
            outcome=AccessOutcome.DENIED,
        )
        raise PermissionDenied(_("Dit instrument is niet bedoeld voor uw organisatie of uw rol."))
    return instrument


def _linked_beoordeling(
    request: HttpRequest, family: FamilySystem
) -> Veiligheidsbeoordeling | None:
    raw = request.POST.get("beoordeling") or request.GET.get("beoordeling") or ""
    if not raw.isdigit():
        return None
    return _for_change(request, family, int(raw))


@require_http_methods(["GET", "POST"])
def instrument_fill(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """/gezinssystemen/<pk>/risico-instrumenten/<code>/: fill in an instrument; the form is
    generated from the definition, the score follows the answers live (htmx)."""
    family = _family(request, pk)
    instrument = _instrument_for_user(request, code)
    beoordeling = _linked_beoordeling(request, family)
    definition = selectors.definition(instrument)
    persons = selectors.family_persons(user=request.user, family_system=family)
    form = InstrumentForm(request.POST or None, definition=definition, persons=persons)
    if request.method == "POST" and form.is_valid():
        answers = form.raw_answers()
        try:
            answers_clean(definition, answers)
        except AnswersInvalid as invalid:
            form.add_answer_errors(invalid.errors)
        else:
            try:
                result = services.instrument_result_record(
                    user=request.user,
                    instrument=instrument,
                    family_system=family,
                    answers=answers,
                    professional_level=form.cleaned_data["professional_level"],
                    rationale=form.cleaned_data["rationale"],
                    subject=form.cleaned_data["subject"],
                    beoordeling=beoordeling,
                )
            except ValidationError as error:
                add_service_errors(form, error, INSTRUMENT_FIELDS)
            else:
                return redirect("assessment:result", pk=family.pk, result_pk=result.pk)
    _log(
        request,
        action=AccessAction.VIEW,
        object_type="gezinssysteem",
        object_id=family.pk,
        person_ids=[p.pk for p in persons],
        family_id=family.pk,
    )
    return render(
        request,
        "assessment/instrument_fill.html",
        {
            "family": family,
            "instrument": instrument,
            "definition": definition,
            "form": form,
            "b": beoordeling,
            **_live(definition, form.raw_answers()),
        },
    )


@require_POST
def instrument_score(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The live score of the answers typed so far (htmx partial). Computes on what the user
    sends and stores nothing, so it writes no access-log record of its own."""
    family = _family(request, pk)
    instrument = _instrument_for_user(request, code)
    definition = selectors.definition(instrument)
    form = InstrumentForm(request.POST, definition=definition, persons=[])
    return render(
        request,
        "assessment/_live_score.html",
        {"family": family, "definition": definition, **_live(definition, form.raw_answers())},
    )


def _live(definition, raw: dict) -> dict:
    live = evaluate_partial(definition, raw)
    return {
        "live": live,
        "critical_texts": [i.text for i in definition.items if i.code in live.critical_items],
        "required_open": sum(
            1 for i in definition.items if i.required and i.code in live.unanswered
        ),
    }


@require_GET
def result_detail(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    """A recorded risk assessment: computed versus professional level, and the advice."""
    family = _family(request, pk)
    result = audited_lookup(
        user=request.user,
        selector=partial(selectors.result_get, family_system=family),
        pk=result_pk,
        object_type=RESULT,
    )
    definition = selectors.definition(result.instrument)
    _log(
        request,
        action=AccessAction.VIEW,
        object_type=RESULT,
        object_id=result.pk,
        person_ids=[result.subject_id],
        family_id=family.pk,
    )
    answers = [
        (item, result.answers.get(item.code), item.code in result.critical_items)
        for item in definition.items
    ]
    return render(
        request,
        "assessment/result_detail.html",
        {
            "family": family,
            "result": result,
            "definition": definition,
            "answers": answers,
            "advice": definition.advice_for(result.professional_level),
            "computed_advice": definition.advice_for(result.computed_level),
        },
    )


@require_GET
def instrument_list(request: HttpRequest) -> HttpResponse:
    """/risico-instrumenten/: the instruments in use and how they score (configuration)."""
    instruments = list(selectors.instrument_list())
    return render(
        request,
        "assessment/instrument_list.html",
        {"rows": [(i, selectors.definition(i)) for i in instruments]},
    )


@require_GET
def instrument_detail(request: HttpRequest, instrument_pk: int) -> HttpResponse:
    instrument = selectors.instrument_get(pk=instrument_pk)
    return render(
        request,
        "assessment/instrument_detail.html",
        {"instrument": instrument, "definition": selectors.definition(instrument)},
    )
