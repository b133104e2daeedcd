"""The question of "wie bel ik nu?": a place (a region, a postcode or a municipality) and a
moment (default: now)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from voorop.reachability import selectors

_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class WhoToCallForm(forms.Form):
    regio = forms.TypedChoiceField(label=_("Regio"), coerce=int, required=False, empty_value=None)
    postcode = forms.CharField(
        label=_("of postcode"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"class": _TEXTBOX, "autocomplete": "off", "size": 8}),
    )
    gemeente = forms.CharField(
        label=_("of gemeente / kern"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": _TEXTBOX, "list": "gemeenten"}),
    )
    moment = forms.DateTimeField(
        label=_("Moment"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": _TEXTBOX}, format="%Y-%m-%dT%H:%M"
        ),
        help_text=_("Leeg: nu."),
        error_messages={"invalid": _("Geen geldig tijdstip.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = list(selectors.place_regions())
        self.regions = {r.pk: r for r in regions}
        cast(forms.ChoiceField, self.fields["regio"]).choices = [
            ("", _("— kies een regio —")),
            *[(r.pk, str(r)) for r in regions],
        ]
        self.fields["regio"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        self.municipalities = selectors.municipality_names()

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value and selectors.parse_postcode(value) is None:
            raise forms.ValidationError(
                _("Geef een postcode van vier cijfers, eventueel met letters.")
            )
        return value

    def place(self):
        """The place asked about; the most specific one wins (postcode, then municipality,
        then region), so that typing a postcode next to a chosen region just works."""
        data = self.cleaned_data
        if data.get("postcode"):
            return data["postcode"]
        if data.get("gemeente"):
            return data["gemeente"]
        if data.get("regio"):
            return self.regions.get(data["regio"])
        return None

    @property
    def moment_value(self) -> dt.datetime | None:
        return self.cleaned_data.get("moment") if hasattr(self, "cleaned_data") else None
