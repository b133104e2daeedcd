"""Pages for meldingen. Reads go through selectors and are logged."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write, audited_lookup
from voorop.authz import policy
from voorop.core.paging import paginate_meldingen
from voorop.intake import selectors as intake_selectors
from voorop.intake.routes import NO_ROUTE_REASON
from voorop.meldingen import selectors, validation
from voorop.meldingen.forms import (
    INITIAL_PERSON_ROWS,
    MAX_PERSON_ROWS,
    PERSONS_PREFIX,
    MeldingForm,
    PersonForm,
    PersonFormSet,
    VtReferralForm,
    add_problems,
    error_summary,
)
from voorop.meldingen.models import MeldingKind
from voorop.meldingen.services import Placement, melding_record, vt_referral_send

MELDINGEN_PER_PAGE = 25


class MeldingFilterForm(forms.Form):
    soort = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        required=False,
        choices=[("", gettext_lazy("Alle soorten")), *MeldingKind.choices],
    )
    acuut = forms.BooleanField(label=gettext_lazy("Alleen acuut"), required=False)


@require_GET
def melding_list(request):
    form = MeldingFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.melding_list(
        user=request.user, kind=data.get("soort", ""), acute_only=bool(data.get("acuut"))
    )
    page = paginate_meldingen(
        user=request.user,
        queryset=qs,
        per_page=MELDINGEN_PER_PAGE,
        page_number=request.GET.get("page"),
    )
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.LIST,
            object_type="melding",
            object_id=",".join(str(m.pk) for m in page.object_list),
        )
    return render(
        request,
        "meldingen/melding_list.html",
        {
            "form": form,
            "page_obj": page,
            "may_record": not validation.check_may_record(user=request.user),
        },
    )


@require_GET
def melding_detail(request, pk: int):
    melding = audited_lookup(
        user=request.user, selector=selectors.melding_get, pk=pk, object_type="melding"
    )
    mentions = melding.persons
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type="melding",
            object_id=melding.pk,
            person_ids=[m.person_id for m in mentions if m.person_id],
            purpose=policy.access_purpose(request.user, melding.family_system_id),
        )
    return render(
        request,
        "meldingen/melding_detail.html",
        {
            "melding": melding,
            "mentions": mentions,
            "intake": selectors.melding_intake(user=request.user, view=melding),
            "no_route_reason": NO_ROUTE_REASON,
            "may_record": not validation.check_may_record(user=request.user),
        },
    )


def _may_record_or_403(request):
    """The page that says why this user cannot record meldingen, or None."""
    problems = validation.check_may_record(user=request.user)
    if not problems:
        return None
    return render(
        request,
        "meldingen/melding_form_refused.html",
        {"problems": problems},
        status=403,
    )


def _formset(request, *, extra_row: bool = False):
    if request.method != "POST":
        return PersonFormSet(prefix=PERSONS_PREFIX)
    data = request.POST
    if extra_row:
        data = data.copy()
        key = f"{PERSONS_PREFIX}-TOTAL_FORMS"
        try:
            total = int(data.get(key, INITIAL_PERSON_ROWS))
        except ValueError:
            total = INITIAL_PERSON_ROWS
        data[key] = str(min(total + 1, MAX_PERSON_ROWS))
    return PersonFormSet(data, prefix=PERSONS_PREFIX)


@require_http_methods(["GET", "POST"])
def melding_create(request):
    """/meldingen/nieuw/: record a melding for the user's organisation. Nothing is stored
    unless everything is right; then the melding page shows the route advice, the 24-hour rule
    and how each person was linked."""
    refused = _may_record_or_403(request)
    if refused is not None:
        return refused
    organisation = request.user.organisation
    add_row = request.method == "POST" and "persoon_toevoegen" in request.POST
    form = MeldingForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    formset = _formset(request, extra_row=add_row)
    show_errors = request.method == "POST" and not add_row
    form_valid = show_errors and form.is_valid()
    formset_valid = show_errors and formset.is_valid()
    if form_valid and formset_valid:
        filled = formset.filled_forms()
        rows = [index for index, _f in filled]
        try:
            melding = melding_record(
                user=request.user,
                melding=form.melding_values(),
                persons=[f.person_values() for _i, f in filled],
            )
        except validation.IntakeError as exc:
            add_problems(form, formset, rows, exc.problems)
        else:
            _announce(request, melding)
            return redirect("meldingen:melding_detail", pk=melding.pk)
    elif show_errors and not formset.filled_forms():
        # Said now rather than after the other fields are fixed (the service says it too).
        add_problems(
            form,
            formset,
            [],
            [
                validation.Problem(
                    "persons", validation.Code.NO_PERSONS, validation.no_persons_message()
                )
            ],
        )
    summary = error_summary(form, formset) if show_errors else []
    return render(
        request,
        "meldingen/melding_form.html",
        {
            "form": form,
            "formset": formset,
            "show_errors": show_errors,
            "error_summary": summary,
            "max_rows": MAX_PERSON_ROWS,
        },
        status=400 if summary else 200,
    )


def _announce(request, melding) -> None:
    """Tell the user what happened: recorded, how each person was linked, where it is placed."""
    outcome = melding.intake_outcome
    messages.success(
        request,
        _("Melding %(ref)s is vastgelegd.") % {"ref": melding.reference},
    )
    by_mention = {link.mention_id: link for link in outcome.links}
    for mention in outcome.mentions:
        name = mention.reported_name or mention.get_role_display()
        link = by_mention.get(mention.pk)
        method = link.method if link else ""
        if mention.person_id is not None and method == "NIEUW":
            messages.info(
                request,
                _("%(name)s: nieuw in de persoonsindex opgenomen.") % {"name": name},
            )
        elif mention.person_id is not None:
            how = {
                "BSN": _("op BSN"),
                "PROBABILISTISCH": _("op naam, geboortedatum en adres"),
            }.get(method, _("door u opgegeven"))
            messages.info(
                request,
                _("%(name)s: gekoppeld aan %(person)s (%(how)s).")
                % {"name": name, "person": mention.person.full_name, "how": how},
            )
        else:
            messages.info(
                request,
                _("%(name)s: nog niet gekoppeld, in de beoordelingslijst.") % {"name": name},
            )
    if outcome.placement == Placement.DERIVED:
        messages.info(
            request,
            _("Geplaatst in gezinssysteem %(name)s: alle gekoppelde personen horen daarbij.")
            % {"name": melding.family_system.name},
        )
    elif outcome.placement == Placement.UNPLACED:
        messages.info(
            request,
            _(
                "Nog niet gekoppeld aan een gezinssysteem: de melding staat in de "
                "beoordelingslijst."
            ),
        )


@require_GET
def person_row(request):
    """htmx: one more empty person row for the form (and the new row count, out of band). The
    new row's index is the current row count (``personen-TOTAL_FORMS``)."""
    refused = _may_record_or_403(request)
    if refused is not None:
        return refused
    try:
        index = int(request.GET.get(f"{PERSONS_PREFIX}-TOTAL_FORMS", ""))
    except ValueError:
        index = -1
    if not 0 <= index < MAX_PERSON_ROWS:
        return HttpResponse(status=400)
    return render(
        request,
        "meldingen/_person_row.html",
        {
            "person": PersonForm(prefix=f"{PERSONS_PREFIX}-{index}", use_required_attribute=False),
            "number": index + 1,
            "total_forms": index + 1,
            "oob": True,
        },
    )


@require_http_methods(["GET", "POST"])
def melding_refer(request, pk: int):
    """/meldingen/<id>/doormelden/: the police report their melding to Veilig Thuis."""
    melding = audited_lookup(
        user=request.user, selector=selectors.own_melding_get, pk=pk, object_type="melding"
    )
    referral = intake_selectors.referral_of(melding=melding)
    if referral is None or referral.sent_at is not None:
        return redirect("meldingen:melding_detail", pk=melding.pk)
    organisations = selectors.vt_organisations(melding=melding)
    form = VtReferralForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = vt_referral_send(
                user=request.user,
                melding=melding,
                vt_organisation=form.cleaned_data["veilig_thuis"],
            )
        except validation.IntakeError as exc:
            for problem in exc.problems:
                form.add_error(None, problem.message)
        else:
            messages.success(
                request,
                _("Doorgemeld aan %(org)s; Veilig Thuis weet het nu (%(status)s).")
                % {
                    "org": form.cleaned_data["veilig_thuis"].name,
                    "status": referral.get_status_display(),
                },
            )
            return redirect("meldingen:melding_detail", pk=melding.pk)
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type="melding",
            object_id=melding.pk,
            person_ids=[m.person_id for m in melding.persons.all() if m.person_id],
            purpose=_("doormelden aan Veilig Thuis"),
        )
    return render(
        request,
        "meldingen/melding_refer.html",
        {"melding": melding, "referral": referral, "form": form},
        status=400 if form.errors else 200,
    )
