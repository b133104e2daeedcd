from django.urls import path

from voorop.safetyplan import views

app_name = "safetyplan"

PLAN = "gezinssystemen/<int:pk>/veiligheidsplan/"
ITEM = PLAN + "<int:item_pk>/"

urlpatterns = [
    path("interventiepalet/", views.catalogue, name="catalogue"),
    path(PLAN, views.plan_detail, name="plan"),
    path(PLAN + "afdrukken/", views.plan_print, name="print"),
    path(PLAN + "aanspreekpunt/", views.plan_contact, name="contact"),
    path(PLAN + "interventie/", views.add_intervention, name="add_intervention"),
    path(PLAN + "afspraak/", views.add_agreement, name="add_agreement"),
    path(ITEM, views.item_detail, name="item"),
    path(ITEM + "wijzigen/", views.item_update, name="item_update"),
    path(ITEM + "status/", views.item_transition, name="item_transition"),
    path(ITEM + "verlengen/", views.item_extend, name="item_extend"),
    path(ITEM + "herbeoordelen/", views.item_reassess, name="item_reassess"),
    path(ITEM + "notitie-delen/", views.item_disclose_note, name="item_disclose_note"),
]
