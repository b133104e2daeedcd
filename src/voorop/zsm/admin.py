"""Functioneel beheer registers which organisations work at which ZSM location here.

ZSM cases are case data and are not in the admin: they are read through the ZSM pages and the
API, where every read is logged.
"""

from __future__ import annotations

from django.contrib import admin

from voorop.zsm.models import ZsmPartner


@admin.register(ZsmPartner)
class ZsmPartnerAdmin(admin.ModelAdmin):
    list_display = ("location", "organisation")
    list_filter = ("location",)
    autocomplete_fields = ()
