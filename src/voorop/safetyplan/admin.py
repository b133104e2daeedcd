"""Functioneel beheer maintains the interventiepalet here.

Plans and their items are case data and are not in the admin: they are read through the plan
pages and the API, where every read is logged. An intervention that plans refer to cannot be
deleted; switch it off ("in gebruik") instead.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from voorop.cases.models import Phase
from voorop.safetyplan.models import Intervention


class InterventionForm(forms.ModelForm):
    """The phases as checkboxes, so that only known phases can be chosen."""

    phases = forms.MultipleChoiceField(
        label=_("fasen"),
        choices=Phase.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In welke fasen de interventie kan worden ingezet."),
    )

    class Meta:
        model = Intervention
        fields = (
            "code",
            "name",
            "legal_domain",
            "phases",
            "owner_kind",
            "deciding_party",
            "typical_duration_days",
            "max_duration_days",
            "reassess_after_days",
            "reassess_label",
            "extension_rule",
            "description",
            "sort_order",
            "active",
        )


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    form = InterventionForm
    list_display = (
        "name",
        "legal_domain",
        "phases_display",
        "owner_kind",
        "typical_duration_days",
        "max_duration_days",
        "reassess_after_days",
        "active",
    )
    list_filter = ("active", "legal_domain", "owner_kind")
    search_fields = ("code", "name", "description", "deciding_party")
    ordering = ("legal_domain", "sort_order", "name")
    fieldsets = (
        (None, {"fields": ("code", "name", "legal_domain", "phases", "sort_order", "active")}),
        (_("Wie"), {"fields": ("owner_kind", "deciding_party")}),
        (
            _("Duur en herbeoordeling"),
            {
                "fields": (
                    "typical_duration_days",
                    "max_duration_days",
                    "reassess_after_days",
                    "reassess_label",
                    "extension_rule",
                )
            },
        ),
        (_("Toelichting"), {"fields": ("description",)}),
    )

    @admin.display(description=_("fasen"))
    def phases_display(self, obj: Intervention) -> str:
        return ", ".join(obj.phase_labels)
