from django.urls import path

from voorop.actieoverleg import views

app_name = "actieoverleg"

MEETING = "actieoverleg/overleggen/<int:pk>/"
ITEM = "actieoverleg/agendapunten/<int:pk>/"

urlpatterns = [
    path("actieoverleg/", views.overview, name="overview"),
    path("actieoverleg/afspraken/", views.follow_up, name="follow_up"),
    path("actieoverleg/aanmelden/<int:family_pk>/", views.submit, name="submit"),
    path("actieoverleg/aanmeldingen/<int:pk>/", views.submission_detail, name="submission"),
    path("actieoverleg/overleggen/nieuw/", views.meeting_create, name="meeting_create"),
    path(MEETING, views.meeting_detail, name="meeting"),
    path(MEETING + "starten/", views.meeting_start, name="meeting_start"),
    path(MEETING + "afronden/", views.meeting_finish, name="meeting_finish"),
    path(MEETING + "uitnodiging.ics", views.meeting_ics, name="meeting_ics"),
    path(MEETING + "verslag/", views.minutes, name="minutes"),
    path(ITEM, views.item_detail, name="item"),
    path(ITEM + "reactie/", views.item_respond, name="item_respond"),
    path(ITEM + "onderzoekshandeling/", views.item_act, name="item_act"),
    path(ITEM + "afspraak/", views.item_agreement, name="item_agreement"),
    path(ITEM + "besluit-om/", views.item_om_decision, name="item_om_decision"),
    path(ITEM + "verschil/", views.item_disagreement, name="item_disagreement"),
    path(
        ITEM + "verschil/<int:d_pk>/escaleren/",
        views.item_disagreement_escalate,
        name="item_disagreement_escalate",
    ),
    path(
        ITEM + "verschil/<int:d_pk>/oplossen/",
        views.item_disagreement_resolve,
        name="item_disagreement_resolve",
    ),
    path(ITEM + "mda/", views.item_mda, name="item_mda"),
    path(ITEM + "besproken/", views.item_discussed, name="item_discussed"),
    path(ITEM + "informatie-delen/", views.item_share, name="item_share"),
    path(ITEM + "overdragen/", views.item_handover, name="item_handover"),
]
