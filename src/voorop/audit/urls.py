from django.urls import path

from voorop.audit import views

app_name = "audit"

urlpatterns = [
    path("privacy/toegangslog/", views.access_log, name="access_log"),
    path("privacy/inzage/<int:person_id>/", views.access_overview, name="access_overview"),
]
