"""Retention rules in /beheer/: a functioneel beheerder keeps the rules of their own
organisation; the defaults (no organisation) are kept by operators (superusers)."""

from __future__ import annotations

from django.contrib import admin

from voorop.accounts.models import RoleCode
from voorop.organisations.models import Organisation
from voorop.retention.models import RetentionRule


def _is_beheerder(user) -> bool:
    return bool(
        user.is_active
        and user.is_staff
        and user.organisation_id
        and user.has_role(RoleCode.FUNCTIONEEL_BEHEERDER)
    )


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ("record_kind", "organisation", "keep_days", "note")
    list_filter = ("record_kind",)
    fields = ("organisation", "record_kind", "keep_days", "note")

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("organisation")
        if request.user.is_superuser:
            return qs
        return qs.filter(organisation_id=request.user.organisation_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not request.user.is_superuser:
            kwargs["queryset"] = Organisation.objects.filter(pk=request.user.organisation_id)
            kwargs["required"] = True
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser or _is_beheerder(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_add_permission(self, request) -> bool:
        return self._may_edit(request, None)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def _may_edit(self, request, obj) -> bool:
        user = request.user
        if user.is_superuser:
            return True
        if not _is_beheerder(user):
            return False
        return obj is None or obj.organisation_id == user.organisation_id
