"""Functioneel beheer registers here which organisations work at which ZSM location (the queue's
audience, ``ZsmPartner``) and which police regions send their arrests to which location (the
automatic inflow from intake, ``ZsmCatchment``). Configuration, not case data.

ZSM cases are case data and are not in the admin: they are read through the ZSM pages and the
API, where every read is logged.
"""

from __future__ import annotations

from django.contrib import admin

from voorop.zsm.models import ZsmCatchment, ZsmPartner


@admin.register(ZsmPartner)
class ZsmPartnerAdmin(admin.ModelAdmin):
    list_display = ("location", "organisation")
    list_filter = ("location", "organisation__kind")
    list_select_related = ("location", "organisation")
    ordering = ("location__name", "organisation__name")


@admin.register(ZsmCatchment)
class ZsmCatchmentAdmin(admin.ModelAdmin):
    list_display = ("region", "location")
    list_filter = ("location",)
    list_select_related = ("location", "region")
    ordering = ("location__name", "region__name")
