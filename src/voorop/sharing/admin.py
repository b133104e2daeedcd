"""Functioneel beheer maintains the legal bases and the sharing rules here.

Disclosures themselves are not in the admin: they are case data, read through the register
pages and the API, where every read is logged. A basis or rule that disclosures refer to
cannot be deleted; switch it off ("in gebruik") instead.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import CoordinationMoment, LegalBasis, SharingRule


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ("short_label", "citation", "code", "is_vital_interest", "active", "rule_count")
    list_filter = ("active", "is_vital_interest")
    search_fields = ("code", "short_label", "citation", "purpose")
    ordering = ("short_label",)
    fieldsets = (
        (None, {"fields": ("code", "short_label", "citation", "active")}),
        (_("Toelichting voor de professional"), {"fields": ("purpose", "conditions")}),
        (_("Acute noodsituatie"), {"fields": ("is_vital_interest",)}),
    )

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_rule_count=Count("rules"))

    @admin.display(description=_("deelregels"), ordering="_rule_count")
    def rule_count(self, obj: LegalBasis) -> int:
        return getattr(obj, "_rule_count", 0)


class SharingRuleForm(forms.ModelForm):
    """The JSON lists of a rule as checkboxes, so that only known codes can be chosen."""

    moments = forms.MultipleChoiceField(
        label=_("afstemmingsmomenten"),
        choices=CoordinationMoment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: voor elk afstemmingsmoment."),
    )
    field_groups = forms.MultipleChoiceField(
        label=_("te delen gegevens"),
        choices=FieldGroup.choices,
        initial=[FieldGroup.KERN.value],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De kerngegevens horen altijd bij een gedeelde melding."),
    )

    class Meta:
        model = SharingRule
        fields = ("from_kind", "to_kind", "legal_basis", "moments", "field_groups", "active")


@admin.register(SharingRule)
class SharingRuleAdmin(admin.ModelAdmin):
    form = SharingRuleForm
    list_display = (
        "from_kind",
        "to_kind",
        "legal_basis",
        "moments_display",
        "groups_display",
        "active",
    )
    list_filter = ("active", "from_kind", "to_kind", "legal_basis")
    list_select_related = ("legal_basis",)
    search_fields = ("legal_basis__short_label", "legal_basis__citation", "legal_basis__code")
    autocomplete_fields = ("legal_basis",)

    @admin.display(description=_("afstemmingsmomenten"))
    def moments_display(self, obj: SharingRule) -> str:
        if not obj.moments:
            return str(_("alle"))
        labels = dict(CoordinationMoment.choices)
        return ", ".join(str(labels.get(m, m)) for m in obj.moments)

    @admin.display(description=_("te delen gegevens"))
    def groups_display(self, obj: SharingRule) -> str:
        return ", ".join(obj.field_groups)
