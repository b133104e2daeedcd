"""Pages of Samen op in acuut: one screen per step, made for a phone in the field.

Every page reads through ``voorop.acuut.selectors`` (which start from ``voorop.authz.policy``)
and is logged: a step page as VIEW ``samen-op-in-acuut`` (with the family's persons), the list
as LIST, a consultation as VIEW ``samen-op-raadpleging``. An episode the user's organisation
does not take part in gives the same 404 as a missing one, logged as DENIED — for pages and
for every form posted to them. Writes go through ``voorop.acuut.services``; a refused write
shows the page again with the Dutch reasons (status 400; 200 for htmx, which swaps only
successful answers). Pages work without JavaScript; htmx (``hx-boost``) only saves reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from voorop.acuut import selectors, services, workflow
from voorop.acuut.choices import (
    CATEGORIES_BY_KIND,
    STEP_OF_STATUS,
    STEP_TITLES,
    ContributionCategory,
    Status,
)
from voorop.acuut.forms import (
    AbortForm,
    AgreementForm,
    AnswerForm,
    CallForm,
    ChildCheckForm,
    CloseForm,
    ConsultationForm,
    ContactForm,
    ContributionForm,
    CrimeSceneForm,
    ForensicsForm,
    InjuryForm,
    InvestigationForm,
    MeasureForm,
    MomentForm,
    ParticipantMomentForm,
    StartForm,
    TransitionForm,
    add_service_errors,
)
from voorop.acuut.models import AcuteEpisode
from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write, audited_lookup
from voorop.authz import policy
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons import selectors as person_selectors
from voorop.safetyplan.models import AgreementTopic

OBJECT_TYPE = services.OBJECT_TYPE
STEPS = (1, 2, 3, 4, 5)
#: What step 5's form asks (and the assessment, shown on a line of its own): not repeated in
#: the list of what is still missing.
CLOSING_FORM_CODES = frozenset(
    {"onderzoek_niet_gedaan", "niet_iedereen_veilig", "geen_vervolg", "beoordeling_niet_gedaan"}
)


def _episode(request: HttpRequest, pk: int) -> AcuteEpisode:
    return audited_lookup(
        user=request.user, selector=selectors.episode_get, pk=pk, object_type=OBJECT_TYPE
    )


def _log_view(request: HttpRequest, episode: AcuteEpisode) -> None:
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type=OBJECT_TYPE,
            object_id=episode.pk,
            person_ids=selectors.family_member_ids(family_system=episode.family_system),
            purpose=policy.access_purpose(request.user, episode.family_system_id),
        )


def _failed_status(request: HttpRequest) -> int:
    return 200 if getattr(request, "htmx", False) else 400


def _to_step(episode: AcuteEpisode, number: int, anchor: str = "") -> HttpResponse:
    url = reverse("acuut:step", args=[episode.pk, number])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- the list and starting ----------------------------------------------------------------------


@require_GET
def episode_list(request: HttpRequest) -> HttpResponse:
    """/samen-op/: the open (and recent) episodes the user's organisation takes part in, and
    the consultations addressed to it."""
    episodes = list(selectors.episode_list(user=request.user)[:50])
    consultations = selectors.consultation_list(user=request.user)
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.LIST,
            object_type=OBJECT_TYPE,
            object_id=",".join(str(e.pk) for e in episodes),
        )
    return render(
        request,
        "acuut/list.html",
        {
            "open_episodes": [e for e in episodes if e.is_open],
            "closed_episodes": [e for e in episodes if not e.is_open],
            "consultations": consultations,
        },
    )


def _startable_family(request: HttpRequest, pk: int):
    """The family system, if the user may start a Samen op in acuut on it; else 404 (logged)."""

    def startable(*, user, pk):
        family = person_selectors.family_system_get(user=user, pk=pk)
        if not selectors.may_start(user=user, family_system=family):
            raise Http404
        return family

    return audited_lookup(user=request.user, selector=startable, pk=pk, object_type="gezinssysteem")


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """/gezinssystemen/<pk>/samen-op/: start a Samen op in acuut (or continue the open one)."""
    family = _startable_family(request, pk)
    running = selectors.family_open_episode(user=request.user, family_system=family)
    if running is not None:
        return _to_step(running, STEP_OF_STATUS[running.status])
    meldingen = (
        policy.own_meldingen_for(request.user)
        .filter(family_system=family)
        .order_by("-occurred_at", "-id")[:10]
    )
    initial: dict[str, Any] = {}
    latest_acute = next((m for m in meldingen if m.is_acute), None)
    if latest_acute is not None:
        initial = {"aanleiding": latest_acute.pk, "postcode": latest_acute.postcode}
    form = StartForm(
        request.POST if request.method == "POST" else None,
        meldingen=policy.own_meldingen_for(request.user).filter(family_system=family),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                episode = services.episode_start(
                    user=request.user, family_system=family, **form.service_arguments()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Samen op in acuut %(ref)s is gestart. Bel nu %(partner)s.")
                    % {"ref": episode.reference, "partner": selectors.partner_label(episode)},
                )
                return _to_step(episode, 1)
        status = _failed_status(request)
    return render(request, "acuut/start.html", {"family": family, "form": form}, status=status)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """/samen-op/<pk>/: to the step the episode is at."""
    episode = _episode(request, pk)
    return _to_step(episode, STEP_OF_STATUS[episode.status])


# --- the step pages -----------------------------------------------------------------------------


def _progress(episode: AcuteEpisode, viewing: int) -> list[dict[str, Any]]:
    current = STEP_OF_STATUS[episode.status]
    done_all = episode.status == Status.AFGESLOTEN
    return [
        {
            "number": n,
            "title": STEP_TITLES[n],
            "done": n < current or done_all,
            "current": n == current and not done_all,
            "viewing": n == viewing,
        }
        for n in STEPS
    ]


def _minutes(duration) -> int | None:
    return None if duration is None else int(duration.total_seconds() // 60)


def _form_errors(forms: dict[str, Any]) -> list[str]:
    """Every error of the forms that were posted, for the summary at the top of the page."""
    found: list[str] = []
    for form in forms.values():
        if getattr(form, "is_bound", False) and form.errors:
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                found += [f"{label}: {e}" if label else str(e) for e in errors]
    return found


def _step_context(
    request: HttpRequest, episode: AcuteEpisode, number: int, forms: dict[str, Any]
) -> dict[str, Any]:
    user = request.user
    may_write = selectors.may_write(user=user, episode=episode)
    facts = selectors.episode_facts(episode)
    organisation = cast(Organisation, user.organisation)  # type: ignore[union-attr]
    is_police = organisation.kind == OrganisationKind.POLITIE
    context: dict[str, Any] = {
        "episode": episode,
        "family": episode.family_system,
        "number": number,
        "title": STEP_TITLES[number],
        "progress": _progress(episode, number),
        "may_write": may_write,
        "is_police": is_police,
        "is_vt": organisation.kind == OrganisationKind.VT,
        "facts": facts,
        "participants": selectors.participants(episode),
        "partner_label": selectors.partner_label(episode),
        "vt_minutes": _minutes(selectors.vt_involvement_time(episode)),
        "next_steps": selectors.next_steps(episode, facts) if may_write else [],
        "can": {
            key: may_write and workflow.may_edit(episode.status, edit)
            for key, edit in (
                ("step1", workflow.Edit.STEP_1),
                ("step2", workflow.Edit.STEP_2),
                ("step3", workflow.Edit.STEP_3),
                ("step4", workflow.Edit.STEP_4),
            )
        },
        "may_close": may_write and episode.status == Status.MAATREGELEN,
        "abort_form": forms.get("abort_form") or AbortForm(),
        "page_errors": [*forms.get("page_errors", []), *_form_errors(forms)],
    }
    if number == 1:
        answer = selectors.who_to_call(user=user, episode=episode)
        calls = selectors.calls(episode)
        arrivals = selectors.arrivals(episode)
        participant_ids = {p.organisation_id for p in context["participants"]}
        arrived = {a.organisation_id for a in arrivals}
        departed = {d.organisation_id for d in selectors.departures(episode)}
        initial_call: dict[str, Any] = {}
        if answer.call_first is not None:
            initial_call["nummer"] = answer.call_first.phone
            if answer.vt is not None and organisation.kind == OrganisationKind.POLITIE:
                initial_call["gebeld"] = answer.vt.pk
        context.update(
            answer=answer,
            calls=calls,
            arrivals=arrivals,
            departures=selectors.departures(episode),
            call_form=forms.get("call_form")
            or CallForm(user=user, episode=episode, initial=initial_call),
            arrival_choices=[
                p for p in context["participants"] if p.organisation_id not in arrived
            ],
            departure_choices=[
                p for p in context["participants"] if p.organisation_id not in departed
            ],
            departure_form=forms.get("departure_form") or ParticipantMomentForm(episode=episode),
            moment_form=forms.get("moment_form") or MomentForm(),
            police_needs_consultation=is_police
            and organisation.pk in participant_ids
            and selectors.police_may_leave(episode, timezone.now()) is None,
        )
    elif number == 2:
        contributions = selectors.contributions(user=user, episode=episode)
        context.update(
            contributions=contributions,
            own_contributed=any(c.own for c in contributions),
            recipients=selectors.recipients(user=user, episode=episode),
            contribution_form=forms.get("contribution_form")
            or ContributionForm(user=user, episode=episode),
            category_hint=CATEGORIES_BY_KIND.get(organisation.kind, ()),
            art9_hint=ContributionCategory.LOPEND_ONDERZOEK
            in CATEGORIES_BY_KIND.get(organisation.kind, ()),
            consultations=selectors.consultations(user=user, episode=episode),
            consultation_form=forms.get("consultation_form") or ConsultationForm(user=user),
            assessment=selectors.assessment_status(user=user, episode=episode),
        )
    elif number == 3:
        context.update(
            agreements=selectors.investigation_agreements(episode),
            investigation_form=forms.get("investigation_form")
            or InvestigationForm(user=user, episode=episode),
            child_items=[
                (
                    row,
                    forms["child_form"]
                    if forms.get("child_form_for") == row.child.pk
                    else ChildCheckForm(prefix=f"kind{row.child.pk}"),
                )
                for row in selectors.child_rows(episode)
            ],
            no_birth_date=selectors.members_without_birth_date(episode),
            injuries=selectors.injuries(episode),
            injury_form=forms.get("injury_form")
            or InjuryForm(user=user, episode=episode, police=is_police),
            forensics_form=ForensicsForm(),
            crime_scene_form=forms.get("crime_scene_form") or CrimeSceneForm(),
        )
    elif number == 4:
        items = selectors.plan_items(user=user, episode=episode)
        topics = {i.topic for i in items if i.topic}
        context.update(
            items=items,
            measure_form=forms.get("measure_form") or MeasureForm(user=user, episode=episode),
            agreement_form=forms.get("agreement_form") or AgreementForm(user=user, episode=episode),
            contact_form=forms.get("contact_form")
            or ContactForm(
                user=user,
                episode=episode,
                initial={"eigenaar": episode.contact_organisation_id or organisation.pk},
            ),
            topics=[
                {"value": t.value, "label": t.label, "done": t.value in topics}
                for t in AgreementTopic
                if t not in (AgreementTopic.AANSPREEKPUNT, AgreementTopic.OVERIG)
            ],
        )
    elif number == 5:
        context.update(
            assessment=selectors.assessment_status(user=user, episode=episode),
            closing_problems=[
                p for p in workflow.guard_closing(facts) if p.code not in CLOSING_FORM_CODES
            ]
            if episode.status == Status.MAATREGELEN
            else [],
            close_form=forms.get("close_form") or CloseForm(),
            items=selectors.plan_items(user=user, episode=episode),
            history=selectors.status_changes(episode),
        )
    return context


def _render_step(
    request: HttpRequest, episode: AcuteEpisode, number: int, *, status: int = 200, **forms: Any
) -> HttpResponse:
    _log_view(request, episode)
    context = _step_context(request, episode, number, forms)
    return render(request, f"acuut/step_{number}.html", context, status=status)


@require_GET
def step(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """/samen-op/<pk>/stap-<n>/: one step, its records and its forms."""
    episode = _episode(request, pk)
    if number not in STEPS:
        raise Http404
    return _render_step(request, episode, number)


def _post(
    request: HttpRequest,
    pk: int,
    *,
    number: int,
    form_name: str,
    make_form: Callable[[AcuteEpisode], Any],
    act: Callable[[AcuteEpisode, Any], str],
    anchor: str = "",
) -> HttpResponse:
    """The pattern of every form of a step: find the episode (404 if not the user's), read
    the form, call the service, and either go back to the step with a message or show the
    step again with the reasons."""
    episode = _episode(request, pk)
    form = make_form(episode)
    if form.is_valid():
        try:
            message = act(episode, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return _to_step(episode, number, anchor)
    return _render_step(
        request, episode, number, status=_failed_status(request), **{form_name: form}
    )


# --- step 1 -------------------------------------------------------------------------------------


@require_POST
def call_log(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        answer = selectors.who_to_call(user=request.user, episode=episode)
        call = services.episode_call_log(
            user=request.user,
            episode=episode,
            reachability_answer="\n".join(answer.sentences),
            **form.service_arguments(),
        )
        return _("Gesprek met %(org)s vastgelegd: %(outcome)s.") % {
            "org": call.callee_organisation.name,
            "outcome": call.get_outcome_display().lower(),
        }

    return _post(
        request,
        pk,
        number=1,
        form_name="call_form",
        make_form=lambda e: CallForm(request.POST, user=request.user, episode=e),
        act=act,
        anchor="gesprekken",
    )


@require_POST
def arrival(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        record = services.episode_arrival_record(
            user=request.user,
            episode=episode,
            organisation=form.cleaned_data["organisatie"],
            arrived_at=_aware(form.cleaned_data.get("tijdstip")),
        )
        return _("%(org)s is ter plaatse (%(time)s).") % {
            "org": record.organisation.name,
            "time": f"{timezone.localtime(record.arrived_at):%H:%M}",
        }

    return _post(
        request,
        pk,
        number=1,
        form_name="arrival_form",
        make_form=lambda e: ParticipantMomentForm(request.POST, episode=e),
        act=act,
        anchor="ter-plaatse",
    )


@require_POST
def departure(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        record = services.episode_departure_record(
            user=request.user,
            episode=episode,
            organisation=form.cleaned_data["organisatie"],
            departed_at=_aware(form.cleaned_data.get("tijdstip")),
            note=form.cleaned_data.get("toelichting") or "",
        )
        return _("Vertrek van %(org)s vastgelegd (%(time)s).") % {
            "org": record.organisation.name,
            "time": f"{timezone.localtime(record.departed_at):%H:%M}",
        }

    return _post(
        request,
        pk,
        number=1,
        form_name="departure_form",
        make_form=lambda e: ParticipantMomentForm(request.POST, episode=e),
        act=act,
        anchor="ter-plaatse",
    )


@require_POST
def safe_to_enter(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        services.episode_safe_to_enter(
            user=request.user, episode=episode, at=_aware(form.cleaned_data.get("tijdstip"))
        )
        return _("Vastgelegd: de woning is veilig voor Veilig Thuis.")

    return _post(
        request,
        pk,
        number=1,
        form_name="moment_form",
        make_form=lambda e: MomentForm(request.POST),
        act=act,
        anchor="ter-plaatse",
    )


def _aware(value):
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


# --- transitions --------------------------------------------------------------------------------


@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Move to the next step (``workflow.TRANSITIONS``)."""
    episode = _episode(request, pk)
    form = TransitionForm(request.POST)
    to_status = form.data.get("naar", "")
    try:
        services.episode_transition(user=request.user, episode=episode, to_status=to_status)
    except ValidationError as error:
        return _render_step(
            request,
            episode,
            STEP_OF_STATUS[episode.status],
            status=_failed_status(request),
            page_errors=error.messages,
        )
    messages.success(
        request,
        _("Door naar stap %(n)s: %(title)s.")
        % {
            "n": STEP_OF_STATUS[episode.status],
            "title": STEP_TITLES[STEP_OF_STATUS[episode.status]],
        },
    )
    return _to_step(episode, STEP_OF_STATUS[episode.status])


@require_POST
def abort(request: HttpRequest, pk: int) -> HttpResponse:
    episode = _episode(request, pk)
    form = AbortForm(request.POST)
    if form.is_valid():
        try:
            services.episode_abort(
                user=request.user, episode=episode, reason=form.cleaned_data["reden"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Samen op in acuut %(ref)s is afgebroken.") % {"ref": episode.reference}
            )
            return redirect("acuut:list")
    return _render_step(
        request,
        episode,
        STEP_OF_STATUS[episode.status],
        status=_failed_status(request),
        abort_form=form,
    )


# --- step 2 -------------------------------------------------------------------------------------


@require_POST
def contribution(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        record = services.episode_contribution_record(
            user=request.user, episode=episode, **form.service_arguments()
        )
        return _("Gedeeld met %(org)s op grond van %(basis)s (%(ref)s).") % {
            "org": record.disclosure.to_organisation.name,
            "basis": record.disclosure.legal_basis.short_label,
            "ref": record.disclosure.reference,
        }

    return _post(
        request,
        pk,
        number=2,
        form_name="contribution_form",
        make_form=lambda e: ContributionForm(request.POST, user=request.user, episode=e),
        act=act,
        anchor="inbreng",
    )


@require_POST
def consultation_request(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        record = services.episode_consultation_request(
            user=request.user, episode=episode, **form.service_arguments(user=request.user)
        )
        return _("%(kind)s gevraagd aan %(org)s.") % {
            "kind": record.get_kind_display(),
            "org": record.addressed_to.name,
        }

    return _post(
        request,
        pk,
        number=2,
        form_name="consultation_form",
        make_form=lambda e: ConsultationForm(request.POST, user=request.user),
        act=act,
        anchor="raadplegen",
    )


@require_POST
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """Veilig Thuis starts (or links) the veiligheidsbeoordeling and goes to part A."""
    episode = _episode(request, pk)
    try:
        beoordeling = services.episode_assessment_attach(user=request.user, episode=episode)
    except ValidationError as error:
        return _render_step(
            request, episode, 2, status=_failed_status(request), page_errors=error.messages
        )
    return redirect("assessment:part_a", pk=episode.family_system_id, beoordeling_pk=beoordeling.pk)


# --- step 3 -------------------------------------------------------------------------------------


@require_POST
def investigation(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        record = services.episode_investigation_agreement_add(
            user=request.user, episode=episode, **form.service_arguments()
        )
        return _("Afspraak vastgelegd: %(act)s door %(org)s.") % {
            "act": record.get_act_display(),
            "org": record.by_organisation.name,
        }

    return _post(
        request,
        pk,
        number=3,
        form_name="investigation_form",
        make_form=lambda e: InvestigationForm(request.POST, user=request.user, episode=e),
        act=act,
        anchor="afspraken",
    )


@require_POST
def child_check(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    episode = _episode(request, pk)

    def child_get(*, user, pk: int):
        """A child of this episode's household; any other person: 404, logged."""
        found = next((c for c in selectors.children(episode) if c.pk == pk), None)
        if found is None:
            raise Http404
        return found

    child = audited_lookup(
        user=request.user, selector=child_get, pk=child_pk, object_type="persoon"
    )
    form = ChildCheckForm(request.POST, prefix=f"kind{child.pk}")
    if form.is_valid():
        try:
            services.episode_child_check_record(
                user=request.user,
                episode=episode,
                child=child,
                outcome=form.cleaned_data["uitkomst"],
                injury_suspected=bool(form.cleaned_data.get("letsel")),
                note=form.cleaned_data.get("toelichting") or "",
                checked_at=_aware(form.cleaned_data.get("tijdstip")),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Kindcheck voor %(name)s vastgelegd.") % {"name": child.full_name}
            )
            return _to_step(episode, 3, "kindcheck")
    return _render_step(
        request,
        episode,
        3,
        status=_failed_status(request),
        child_form=form,
        child_form_for=child.pk,
    )


@require_POST
def injury(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = getattr(request.user, "organisation", None)
    is_police = getattr(organisation, "kind", "") == OrganisationKind.POLITIE

    def act(episode, form):
        record = services.episode_injury_record(
            user=request.user, episode=episode, **form.service_arguments()
        )
        return _("Letsel van %(name)s vastgelegd.") % {"name": record.person.full_name}

    return _post(
        request,
        pk,
        number=3,
        form_name="injury_form",
        make_form=lambda e: InjuryForm(
            request.POST, user=request.user, episode=e, police=is_police
        ),
        act=act,
        anchor="letsel",
    )


@require_POST
def injury_forensics(request: HttpRequest, pk: int, injury_pk: int) -> HttpResponse:
    episode = _episode(request, pk)
    record = audited_lookup(
        user=request.user,
        selector=lambda *, user, pk: selectors.injury_get(episode=episode, pk=pk),
        pk=injury_pk,
        object_type=services.INJURY,
    )
    form = ForensicsForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.episode_injury_forensics(
                user=request.user,
                injury=record,
                forensic_doctor=bool(form.cleaned_data.get("forensisch_arts")),
                forensic_investigation=bool(form.cleaned_data.get("forensische_opsporing")),
                photos_taken=True if form.cleaned_data.get("fotos") else None,
                at=_aware(form.cleaned_data.get("tijdstip")),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, _("Vastgelegd voor %(name)s.") % {"name": record.person.full_name}
            )
            return _to_step(episode, 3, "letsel")
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    return _render_step(request, episode, 3, status=_failed_status(request), page_errors=errors)


@require_POST
def crime_scene(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        services.episode_crime_scene_set(
            user=request.user,
            episode=episode,
            is_crime_scene=form.cleaned_data["plaats_delict"],
            note=form.cleaned_data.get("toelichting") or "",
        )
        return _("Vastgelegd: plaats delict.")

    return _post(
        request,
        pk,
        number=3,
        form_name="crime_scene_form",
        make_form=lambda e: CrimeSceneForm(request.POST),
        act=act,
        anchor="plaats-delict",
    )


# --- step 4 -------------------------------------------------------------------------------------


@require_POST
def measure(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        item = services.episode_measure_add(
            user=request.user, episode=episode, **form.service_arguments()
        )
        return _("%(title)s staat in het veiligheidsplan (eigenaar %(org)s).") % {
            "title": item.title,
            "org": item.owner_organisation.name,
        }

    return _post(
        request,
        pk,
        number=4,
        form_name="measure_form",
        make_form=lambda e: MeasureForm(request.POST, user=request.user, episode=e),
        act=act,
        anchor="maatregelen",
    )


@require_POST
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        item = services.episode_agreement_add(
            user=request.user, episode=episode, **form.service_arguments()
        )
        return _("Afspraak staat in het veiligheidsplan: %(title)s.") % {"title": item.title}

    return _post(
        request,
        pk,
        number=4,
        form_name="agreement_form",
        make_form=lambda e: AgreementForm(request.POST, user=request.user, episode=e),
        act=act,
        anchor="afspraken",
    )


@require_POST
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        services.episode_contact_set(user=request.user, episode=episode, organisation=form.owner())
        return _("Eerste aanspreekpunt: %(org)s.") % {"org": form.owner().name}

    return _post(
        request,
        pk,
        number=4,
        form_name="contact_form",
        make_form=lambda e: ContactForm(request.POST, user=request.user, episode=e),
        act=act,
        anchor="aanspreekpunt",
    )


# --- step 5 -------------------------------------------------------------------------------------


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode, form):
        services.episode_close(user=request.user, episode=episode, **form.service_arguments())
        return _("Samen op in acuut %(ref)s is afgesloten; vervolg: %(route)s.") % {
            "ref": episode.reference,
            "route": episode.get_handover_route_display(),
        }

    return _post(
        request,
        pk,
        number=5,
        form_name="close_form",
        make_form=lambda e: CloseForm(request.POST),
        act=act,
    )


# --- consultations ------------------------------------------------------------------------------


def _consultation(request: HttpRequest, pk: int):
    return audited_lookup(
        user=request.user,
        selector=selectors.consultation_get,
        pk=pk,
        object_type=services.CONSULTATION,
    )


def _render_consultation(
    request: HttpRequest, record, view, *, form=None, status: int = 200
) -> HttpResponse:
    family = record.episode.family_system
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type=services.CONSULTATION,
            object_id=record.pk,
            person_ids=selectors.family_member_ids(family_system=family),
            purpose=policy.access_purpose(request.user, family.pk),
        )
    participant = selectors.is_participant(user=request.user, episode=record.episode)
    return render(
        request,
        "acuut/consultation.html",
        {
            "consultation": view,
            "participant": participant,
            "form": form or AnswerForm(),
        },
        status=status,
    )


@require_GET
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """/samen-op/raadpleging/<pk>/: a request for advice or information, for the addressed
    organisation (which sees only this) and the participants."""
    record, view = _consultation(request, pk)
    return _render_consultation(request, record, view)


@require_POST
def consultation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    record, view = _consultation(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_answer(
                user=request.user,
                consultation=record,
                answer=form.cleaned_data["antwoord"],
                answered_at=_aware(form.cleaned_data.get("tijdstip")),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het antwoord is vastgelegd."))
            return redirect("acuut:consultation", pk=record.pk)
    return _render_consultation(request, record, view, form=form, status=_failed_status(request))
