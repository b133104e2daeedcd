"""Pages for dat-informatie ("Wie is betrokken?") and emergency access (doorbraak): asking for
it, and the privacy officers' review queue. Every read and write is logged."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from voorop.audit.models import AccessAction, AccessOutcome
from voorop.audit.services import access_log_write, audited_lookup
from voorop.authz import selectors, services
from voorop.authz.forms import (
    EmergencyAccessForm,
    EmergencyQueueFilterForm,
    EmergencyReviewForm,
    InvolvementLookupForm,
)
from voorop.persons.models import Person
from voorop.sharing import betrokkenheid
from voorop.sharing.betrokkenheid import PersonHit

QUEUE_PER_PAGE = 25


def _refused(user, *, action: str, object_type: str, object_id: object) -> None:
    """A refusal is on record like any other (DENIED, in its own transaction)."""
    with transaction.atomic():
        access_log_write(
            user=user,
            action=action,
            object_type=object_type,
            object_id=object_id,
            outcome=AccessOutcome.DENIED,
        )


def _require_partner(user, *, action: str, object_type: str, object_id: object = "") -> None:
    if not selectors.is_partner_user(user):
        _refused(user, action=action, object_type=object_type, object_id=object_id)
        raise PermissionDenied(_("Alleen voor medewerkers van een partnerorganisatie."))


def _require_privacy_officer(
    user, *, action: str, object_type: str, object_id: object = ""
) -> None:
    if not selectors.is_privacy_officer(user):
        _refused(user, action=action, object_type=object_type, object_id=object_id)
        raise PermissionDenied(_("Alleen voor de privacy officer van een partnerorganisatie."))


def _add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (``form.SERVICE_FIELDS``)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(form.SERVICE_FIELDS.get(field), errors)
    else:
        form.add_error(None, error)


# --- dat-informatie ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyLink:
    pk: int
    reference: str
    visible: bool


@dataclass(frozen=True)
class LookupResult:
    """One person found, as the lookup page shows it: by name only if the user may see the
    person anyway, else by birth year alone."""

    hit: PersonHit
    person: Person | None
    families: list[FamilyLink]


def _lookup_results(user, hits: list[PersonHit]) -> list[LookupResult]:
    family_ids = {pk for hit in hits for pk in hit.involvement.family_systems}
    visible_families = selectors.visible_family_ids(user=user, family_system_ids=family_ids)
    visible_persons = selectors.visible_persons(
        user=user, person_ids=[hit.person_id for hit in hits]
    )
    return [
        LookupResult(
            hit=hit,
            person=visible_persons.get(hit.person_id),
            families=[
                FamilyLink(pk=pk, reference=reference, visible=pk in visible_families)
                for pk, reference in sorted(hit.involvement.family_systems.items())
            ],
        )
        for hit in hits
    ]


@require_GET
def involvement_lookup(request):
    """Wie is betrokken? Hit/no-hit for a BSN, or a surname with a date of birth."""
    _require_partner(request.user, action=AccessAction.DAT_QUERY, object_type="persoon")
    form = InvolvementLookupForm(request.GET or None)
    results = None
    if form.is_valid():
        hits = betrokkenheid.involvement_lookup(
            user=request.user,
            bsn=form.cleaned_data["bsn"],
            surname=form.cleaned_data["achternaam"],
            date_of_birth=form.cleaned_data["geboortedatum"],
        )
        results = _lookup_results(request.user, hits)
    return render(
        request,
        "authz/involvement_lookup.html",
        {"form": form, "results": results, "own_organisation_id": request.user.organisation_id},
    )


# --- emergency access --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def emergency_request(request, family_pk: int):
    _require_partner(
        request.user, action=AccessAction.VIEW, object_type="gezinssysteem", object_id=family_pk
    )
    family = audited_lookup(
        user=request.user,
        selector=selectors.emergency_target_get,
        pk=family_pk,
        object_type="gezinssysteem",
    )
    if selectors.can_see_family(user=request.user, family_system_id=family.pk):
        messages.info(request, _("Uw organisatie kan dit gezinssysteem al inzien."))
        return redirect("persons:family_detail", family.pk)
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = services.emergency_access_request(
                user=request.user,
                family_system=family,
                reason=form.cleaned_data["reden"],
                password=form.cleaned_data["wachtwoord"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            until = formats.time_format(timezone.localtime(access.expires_at), "H:i")
            messages.warning(
                request,
                _(
                    "Noodtoegang verleend tot %(until)s. Alles wat u inziet wordt vastgelegd; "
                    "de privacy officers van de betrokken organisaties beoordelen deze toegang."
                )
                % {"until": until},
            )
            return redirect("persons:family_detail", family.pk)
    return render(
        request,
        "authz/emergency_request.html",
        {"form": form, "family": family, "hours": services.emergency_access_hours()},
    )


@require_GET
def emergency_queue(request):
    _require_privacy_officer(request.user, action=AccessAction.LIST, object_type="noodtoegang")
    form = EmergencyQueueFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    queue = selectors.emergency_review_queue(user=request.user, status=status)
    page = Paginator(queue, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.LIST,
            object_type="noodtoegang",
            object_id=",".join(str(a.pk) for a in page.object_list),
        )
    return render(
        request,
        "authz/emergency_queue.html",
        {"form": form, "page_obj": page, "now": timezone.now()},
    )


@require_http_methods(["GET", "POST"])
def emergency_review(request, pk: int):
    _require_privacy_officer(
        request.user, action=AccessAction.VIEW, object_type="noodtoegang", object_id=pk
    )
    access = audited_lookup(
        user=request.user, selector=selectors.emergency_review_get, pk=pk, object_type="noodtoegang"
    )
    form = EmergencyReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.emergency_access_review(
                user=request.user,
                access=access,
                outcome=form.cleaned_data["oordeel"],
                note=form.cleaned_data["toelichting"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Uw oordeel over de noodtoegang is vastgelegd."))
            return redirect("authz:emergency_queue")
    # The page shows the access (its reason too): also when a posted review comes back.
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type="noodtoegang",
            object_id=access.pk,
        )
    return render(
        request,
        "authz/emergency_review.html",
        {"access": access, "form": form, "now": timezone.now()},
    )
