from django.urls import path

from voorop.zsm import views

app_name = "zsm"

CASE = "zsm/zaken/<int:pk>/"

urlpatterns = [
    path("zsm/", views.index, name="index"),
    path("zsm/locaties/<slug:code>/", views.queue, name="queue"),
    path(CASE, views.case_detail, name="case"),
    path(CASE + "oppakken/", views.take_up, name="take_up"),
    path(CASE + "hg-bevestigen/", views.hg_confirm, name="hg_confirm"),
    path(CASE + "hg-afwijzen/", views.hg_reject, name="hg_reject"),
    path(CASE + "beoordeling/", views.link, name="link"),
    path(CASE + "delen/", views.share, name="share"),
    path(CASE + "advies/", views.advice, name="advice"),
    path(CASE + "afstemmingsoverleg/", views.overleg, name="overleg"),
    path(CASE + "besluit/", views.decide, name="decide"),
    path(CASE + "uitstel/", views.delay, name="delay"),
    path(CASE + "terugzetten/", views.case_return, name="return"),
    path(CASE + "vrijlating/", views.release, name="release"),
]
