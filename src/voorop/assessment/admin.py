"""Functioneel beheer maintains the risk instruments here: questions, scoring and thresholds.

Rules:

- The whole definition (questions and thresholds together) is checked after every save
  (``engine.definition_errors``). An invalid definition can be saved as work in progress, but
  is then switched off ("in gebruik" cleared) and the problems are shown; only a valid
  definition is in use.
- A version that has results is frozen: its questions and thresholds are read-only and it
  cannot be deleted, because the results must stay readable as they were made. "Nieuwe versie
  maken" copies it to the next version (not in use) to change.
- Veiligheidsbeoordelingen and results are case data: they are not in the admin.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from voorop.assessment import services
from voorop.assessment.engine import Definition, definition_errors
from voorop.assessment.models import InstrumentItem, InstrumentThreshold, RiskInstrument
from voorop.organisations.models import OrganisationKind


class RiskInstrumentForm(forms.ModelForm):
    organisation_kinds = forms.MultipleChoiceField(
        label=_("te gebruiken door"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RiskInstrument
        fields = (
            "code",
            "version",
            "name",
            "description",
            "target",
            "organisation_kinds",
            "is_example",
            "active",
        )


class _FrozenWhenUsed:
    """Inlines are read-only for a version that has results."""

    def has_add_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.has_results) and super().has_add_permission(  # type: ignore[misc]
            request, obj
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.has_results) and super().has_change_permission(  # type: ignore[misc]
            request, obj
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.has_results) and super().has_delete_permission(  # type: ignore[misc]
            request, obj
        )


class InstrumentItemInline(_FrozenWhenUsed, admin.StackedInline):
    model = InstrumentItem
    extra = 0
    fields = (
        ("order", "code", "answer_type", "required"),
        "text",
        "help_text",
        ("weight", "allow_unknown", "risk_factor"),
        ("scale_min", "scale_max"),
        "options",
        "bands",
        ("critical_level", "critical_from"),
    )


class InstrumentThresholdInline(_FrozenWhenUsed, admin.TabularInline):
    model = InstrumentThreshold
    extra = 0
    fields = ("min_score", "max_score", "level", "advice")


@admin.register(RiskInstrument)
class RiskInstrumentAdmin(admin.ModelAdmin):
    form = RiskInstrumentForm
    inlines = [InstrumentItemInline, InstrumentThresholdInline]
    list_display = ("name", "code", "version", "target", "is_example", "active", "score_range")
    list_filter = ("active", "target", "is_example")
    search_fields = ("code", "name", "description")
    actions = ["new_version"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.has_results:
            return ("code", "version", "target", "organisation_kinds")
        return ()

    def has_delete_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.has_results) and super().has_delete_permission(
            request, obj
        )

    @admin.display(description=_("scorebereik"))
    def score_range(self, obj: RiskInstrument) -> str:
        low, high = Definition.from_instrument(obj).score_range()
        return f"{low}–{high}"

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        instrument = form.instance
        problems = definition_errors(Definition.from_instrument(instrument))
        if not problems:
            return
        if instrument.active:
            with transaction.atomic():
                RiskInstrument.objects.filter(pk=instrument.pk).update(active=False)
            instrument.active = False
        self.message_user(
            request,
            _("De definitie is opgeslagen maar niet in gebruik, want: %(problems)s")
            % {"problems": "; ".join(map(str, problems))},
            level=messages.ERROR,
        )

    @admin.action(description=_("Nieuwe versie maken (kopie, niet in gebruik)"))
    def new_version(self, request, queryset) -> None:
        made = [services.instrument_new_version(instrument=i) for i in queryset]
        self.message_user(
            request,
            ngettext(
                "%(n)d nieuwe versie gemaakt: %(names)s.",
                "%(n)d nieuwe versies gemaakt: %(names)s.",
                len(made),
            )
            % {"n": len(made), "names": ", ".join(str(i) for i in made)},
            level=messages.SUCCESS,
        )
