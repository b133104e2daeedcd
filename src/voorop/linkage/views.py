"""Pages of linkage: the review queue, a pair side by side, a person's links and the split."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write, audited_lookup
from voorop.linkage import selectors, services
from voorop.linkage.forms import DecisionForm, ReviewFilterForm, SplitForm
from voorop.linkage.models import ReviewStatus
from voorop.linkage.online import identity_of_mention, identity_of_person, model_row
from voorop.linkage.scoring import default_model
from voorop.persons import selectors as person_selectors

REVIEWS_PER_PAGE = 25


@require_GET
def review_list(request):
    form = ReviewFilterForm(request.GET or {"status": ReviewStatus.OPEN})
    filters = form.cleaned_data if form.is_valid() else {"status": ReviewStatus.OPEN}
    qs = selectors.review_queue(
        user=request.user,
        status=filters.get("status") or "",
        min_score=filters.get("min_score"),
        query=filters.get("q") or "",
    )
    page = Paginator(qs, REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.LIST,
            object_type="koppeling",
            object_id=",".join(str(r.pk) for r in page.object_list),
            person_ids=[r.candidate_id for r in page.object_list],
        )
    return render(request, "linkage/review_list.html", {"form": form, "page_obj": page})


def _side_by_side(review):
    mention, person = review.mention, review.candidate
    address = person.addresses.filter(valid_to__isnull=True).first()
    score = default_model().score(
        model_row(identity_of_mention(mention)), model_row(identity_of_person(person))
    )
    rows = [
        (_("Voornamen"), mention.given_names, person.given_names),
        (_("Tussenvoegsel"), mention.prefix, person.prefix),
        (_("Achternaam"), mention.surname, person.surname),
        (_("Geboortedatum"), mention.date_of_birth, person.date_of_birth),
        (_("Geslacht"), mention.get_sex_display(), person.get_sex_display()),
        (_("BSN"), mention.bsn, person.bsn or ""),
        (
            _("Adres"),
            " ".join(
                p
                for p in (mention.street, mention.house_number, mention.postcode, mention.city)
                if p
            ),
            str(address) if address else "",
        ),
    ]
    return rows, score


@require_GET
def review_detail(request, pk: int):
    review = audited_lookup(
        user=request.user, selector=selectors.review_get, pk=pk, object_type="koppeling"
    )
    rows, score = _side_by_side(review)
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type="koppeling",
            object_id=review.pk,
            person_ids=[review.candidate_id, review.mention.person_id],
        )
    return render(
        request,
        "linkage/review_detail.html",
        {
            "review": review,
            "rows": rows,
            "fields": review.explanation.get("velden") or score.explanation()["velden"],
            "score": review.score,
            "form": DecisionForm(),
        },
    )


@require_POST
def review_decide(request, pk: int):
    review = audited_lookup(
        user=request.user, selector=selectors.review_get, pk=pk, object_type="koppeling"
    )
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["actie"] == "bevestigen":
                services.link_confirm(review=review, user=request.user)
                messages.success(request, _("Koppeling bevestigd."))
            else:
                services.link_reject(review=review, user=request.user)
                messages.success(request, _("Koppeling afgewezen."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return HttpResponseRedirect(reverse("linkage:review_detail", args=[review.pk]))


@require_http_methods(["GET", "POST"])
def person_links(request, pk: int):
    person = audited_lookup(
        user=request.user, selector=person_selectors.person_get, pk=pk, object_type="persoon"
    )
    mentions = list(selectors.person_mentions(user=request.user, person=person))
    form = SplitForm(request.POST or None, mentions=mentions)
    if request.method == "POST" and form.is_valid():
        chosen = [m for m in mentions if str(m.pk) in form.cleaned_data["vermeldingen"]]
        try:
            new = services.person_split(person=person, mentions=chosen, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Persoon gesplitst; nieuwe persoon aangemaakt."))
            return HttpResponseRedirect(reverse("linkage:person_links", args=[new.pk]))
    links = list(selectors.person_links(user=request.user, person=person))
    with transaction.atomic():
        access_log_write(
            user=request.user,
            action=AccessAction.VIEW,
            object_type="koppeling",
            object_id=person.pk,
            person_ids=[person.pk],
        )
    return render(
        request,
        "linkage/person_links.html",
        {"person": person, "links": links, "mentions": mentions, "form": form},
    )
