from django.urls import path

from voorop.hssk import views

app_name = "hssk"

CASE = "hssk/<int:pk>/"

urlpatterns = [
    path("hssk/", views.case_list, name="list"),
    path("hssk/monitoring/", views.monitoring, name="monitoring"),
    path("hssk/monitoring.csv", views.monitoring_csv, name="monitoring_csv"),
    path("meldingen/<int:pk>/hssk/", views.start, name="start"),
    path(CASE, views.detail, name="detail"),
    path(CASE + "afdruk/", views.print_view, name="print"),
    # Step 2.
    path(CASE + "aanvullen/", views.consultation, name="consultation"),
    path(CASE + "zienswijze/", views.view_give, name="view"),
    path(CASE + "besluit/", views.decide, name="decide"),
    # Step 3.
    path(CASE + "onderzoekshandeling/", views.act_add, name="act"),
    path(CASE + "onderzoekshandeling/<int:act_pk>/", views.act_update, name="act_update"),
    path(CASE + "akkoord/", views.confirm, name="confirm"),
    path(CASE + "uitnodigen/", views.invite, name="invite"),
    # Step 4.
    path(CASE + "interventie/", views.intervention, name="intervention"),
    path(CASE + "afspraak/", views.agreement, name="agreement"),
    path(CASE + "geen-interventies/", views.no_interventions, name="no_interventions"),
    # Step 5 and moving on.
    path(CASE + "overgang/", views.transition, name="transition"),
    path(CASE + "evaluatie/", views.evaluation, name="evaluation"),
]
