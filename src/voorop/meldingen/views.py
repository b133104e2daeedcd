"""Pages for meldingen. Reads go through selectors and are logged."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write, audited_lookup
from voorop.authz import policy
from voorop.core.paging import paginate_meldingen
from voorop.meldingen import selectors
from voorop.meldingen.models import MeldingKind

MELDINGEN_PER_PAGE = 25


class MeldingFilterForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *MeldingKind.choices]
    )
    acuut = forms.BooleanField(label=_("Alleen acuut"), required=False)


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
    return render(request, "meldingen/melding_list.html", {"form": form, "page_obj": page})


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
        request, "meldingen/melding_detail.html", {"melding": melding, "mentions": mentions}
    )
