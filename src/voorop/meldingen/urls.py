from django.urls import path

from voorop.meldingen import views

app_name = "meldingen"

urlpatterns = [
    path("meldingen/", views.melding_list, name="melding_list"),
    path("meldingen/<int:pk>/", views.melding_detail, name="melding_detail"),
]
