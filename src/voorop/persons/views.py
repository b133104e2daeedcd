"""Pages for family systems and persons. Every read goes through a selector and is logged."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.http import require_GET

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write, audited_lookup
from voorop.authz import policy
from voorop.core.paging import paginate_meldingen
from voorop.persons import selectors
from voorop.persons.forms import FamilyListFilterForm, PersonSearchForm, TimelineFilterForm

FAMILIES_PER_PAGE = 25
TIMELINE_PER_PAGE = 20
SEARCH_PER_PAGE = 25


@require_GET
def family_list(request):
    form = FamilyListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.family_system_list(
        user=request.user,
        query=filters.get("q", ""),
        phase=filters.get("fase", ""),
        only_open=bool(filters.get("open")),
    )
    page = Paginator(qs, FAMILIES_PER_PAGE).get_page(request.GET.get("page"))
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.LIST,
            object_type="gezinssysteem",
            object_id=",".join(str(f.pk) for f in page.object_list),
        )
    return render(request, "persons/family_list.html", {"form": form, "page_obj": page})


def _timeline_context(request, family):
    members = selectors.family_members(user=request.user, family_system=family)
    form = TimelineFilterForm(
        request.GET or None,
        organisations=selectors.timeline_organisations(user=request.user, family_system=family),
        persons=[m.person for m in members],
    )
    data = form.cleaned_data if form.is_valid() else {}
    timeline = selectors.family_timeline(
        user=request.user,
        family_system=family,
        filters=selectors.TimelineFilter(
            organisation_id=data.get("organisatie"),
            kind=data.get("soort") or "",
            person_id=data.get("persoon"),
            newest_first=data.get("volgorde", "nieuw") != "oud",
        ),
    )
    page = paginate_meldingen(
        user=request.user,
        queryset=timeline,
        per_page=TIMELINE_PER_PAGE,
        page_number=request.GET.get("page"),
    )
    return members, {"filter_form": form, "page_obj": page, "family": family}


@require_GET
def family_detail(request, pk: int):
    family = audited_lookup(
        user=request.user, selector=selectors.family_system_get, pk=pk, object_type="gezinssysteem"
    )
    members, context = _timeline_context(request, family)
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type="gezinssysteem",
            object_id=family.pk,
            person_ids=[m.person_id for m in members],
            purpose=policy.access_purpose(request.user, family.pk),
        )
    if request.htmx and request.htmx.target == "tijdlijn":
        return render(request, "persons/_timeline.html", context)
    context.update(
        {
            "members": members,
            "relations": selectors.family_relations(user=request.user, family_system=family),
            "case": getattr(family, "case", None),
            "own_involvement": selectors.own_involvement(user=request.user, family_system=family),
        }
    )
    return render(request, "persons/family_detail.html", context)


@require_GET
def person_detail(request, pk: int):
    person = audited_lookup(
        user=request.user, selector=selectors.person_get, pk=pk, object_type="persoon"
    )
    families = list(selectors.person_family_systems(user=request.user, person=person))
    meldingen = paginate_meldingen(
        user=request.user,
        queryset=selectors.person_meldingen(user=request.user, person=person),
        per_page=TIMELINE_PER_PAGE,
        page_number=request.GET.get("page"),
    )
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type="persoon",
            object_id=person.pk,
            person_ids=[person.pk],
        )
    return render(
        request,
        "persons/person_detail.html",
        {"person": person, "families": families, "page_obj": meldingen},
    )


@require_GET
def person_search(request):
    form = PersonSearchForm(request.GET or None)
    page = None
    if form.is_valid():
        criteria = selectors.PersonSearch(
            name=form.cleaned_data["naam"],
            date_of_birth=form.cleaned_data["geboortedatum"],
            postcode=form.cleaned_data["postcode"],
        )
        page = Paginator(
            selectors.person_search(user=request.user, criteria=criteria), SEARCH_PER_PAGE
        ).get_page(request.GET.get("page"))
        with transaction.atomic():
            access_log_write(
                user=request.user,
                action=AccessAction.SEARCH,
                object_type="persoon",
                person_ids=[p.pk for p in page.object_list],
            )
    template = "persons/_search_results.html" if request.htmx else "persons/person_search.html"
    return render(request, template, {"form": form, "page_obj": page})
