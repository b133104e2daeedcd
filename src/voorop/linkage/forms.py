from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from voorop.linkage.models import ReviewStatus


class ReviewFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("alle")), *list(ReviewStatus.choices)],
        initial=ReviewStatus.OPEN,
    )
    min_score = forms.FloatField(
        label=_("Minimale score"), required=False, min_value=0, max_value=1
    )
    q = forms.CharField(label=_("Achternaam"), required=False, max_length=100)


class DecisionForm(forms.Form):
    actie = forms.ChoiceField(
        choices=[("bevestigen", _("Bevestigen")), ("afwijzen", _("Afwijzen"))]
    )


class SplitForm(forms.Form):
    vermeldingen = forms.MultipleChoiceField(
        label=_("Vermeldingen die bij een andere persoon horen"), choices=()
    )

    def __init__(self, *args, mentions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vermeldingen"].choices = [(str(m.pk), str(m.pk)) for m in mentions]
