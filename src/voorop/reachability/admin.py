"""Functioneel beheer maintains reachability here: the arrangements per region and
organisation, the working areas of the regions and the kartrekkers. Configuration, not case
data."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from voorop.reachability.models import (
    ContactPerson,
    CoverageArea,
    ReachabilityArrangement,
    Weekday,
)


class ArrangementForm(forms.ModelForm):
    """The weekdays as checkboxes (stored as numbers, 0 = maandag)."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("dagen"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "De dagen waarop het tijdvak begint; een tijdvak tot na middernacht loopt "
            "door in de volgende dag."
        ),
    )

    class Meta:
        model = ReachabilityArrangement
        fields = (
            "region",
            "organisation",
            "channel",
            "weekdays",
            "time_from",
            "time_until",
            "valid_from",
            "valid_until",
            "phone",
            "target_group",
            "note",
            "active",
        )


@admin.register(ReachabilityArrangement)
class ArrangementAdmin(admin.ModelAdmin):
    form = ArrangementForm
    list_display = (
        "organisation",
        "region",
        "channel",
        "weekdays_display",
        "hours_display",
        "phone",
        "active",
    )
    list_filter = ("active", "channel", "region", "organisation")
    list_select_related = ("organisation", "region")
    search_fields = ("organisation__name", "region__name", "phone", "note")

    @admin.display(description=_("dagen"))
    def weekdays_display(self, obj: ReachabilityArrangement) -> str:
        return obj.weekdays_display

    @admin.display(description=_("tijden"))
    def hours_display(self, obj: ReachabilityArrangement) -> str:
        return obj.hours_display


@admin.register(CoverageArea)
class CoverageAreaAdmin(admin.ModelAdmin):
    list_display = ("municipality", "postcode_from", "postcode_to")
    search_fields = ("municipality",)
    filter_horizontal = ("regions",)


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "organisation", "region", "phone", "email", "active")
    list_filter = ("active", "region", "organisation")
    list_select_related = ("organisation", "region")
    search_fields = ("name", "role", "email")
