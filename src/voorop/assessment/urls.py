from django.urls import path

from voorop.assessment import views

app_name = "assessment"

_B = "gezinssystemen/<int:pk>/veiligheidsbeoordeling/<int:beoordeling_pk>"

urlpatterns = [
    path(
        "gezinssystemen/<int:pk>/veiligheidsbeoordeling/",
        views.family_assessments,
        name="family",
    ),
    path("gezinssystemen/<int:pk>/veiligheidsbeoordeling/nieuw/", views.start, name="start"),
    path(f"{_B}/", views.detail, name="detail"),
    path(f"{_B}/deel-a/", views.part_a, name="part_a"),
    path(f"{_B}/deel-b/", views.part_b, name="part_b"),
    path(f"{_B}/voorwaarden/", views.conditions, name="conditions"),
    path(f"{_B}/voorwaarden/<int:voorwaarde_pk>/", views.condition_edit, name="condition_edit"),
    path(f"{_B}/afronden/", views.complete, name="complete"),
    path(f"{_B}/delen/", views.share, name="share"),
    path(
        "gezinssystemen/<int:pk>/risico-instrumenten/<slug:code>/",
        views.instrument_fill,
        name="instrument_fill",
    ),
    path(
        "gezinssystemen/<int:pk>/risico-instrumenten/<slug:code>/score/",
        views.instrument_score,
        name="instrument_score",
    ),
    path(
        "gezinssystemen/<int:pk>/risico-inschattingen/<int:result_pk>/",
        views.result_detail,
        name="result",
    ),
    path("risico-instrumenten/", views.instrument_list, name="instrument_list"),
    path(
        "risico-instrumenten/<int:instrument_pk>/",
        views.instrument_detail,
        name="instrument_detail",
    ),
]
