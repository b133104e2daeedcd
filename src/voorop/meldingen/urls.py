from django.urls import path

from voorop.meldingen import views

app_name = "meldingen"

urlpatterns = [
    path("meldingen/", views.melding_list, name="melding_list"),
    path("meldingen/nieuw/", views.melding_create, name="melding_create"),
    path("meldingen/nieuw/persoon/", views.person_row, name="person_row"),
    path("meldingen/<int:pk>/", views.melding_detail, name="melding_detail"),
    path("meldingen/<int:pk>/doormelden/", views.melding_refer, name="melding_refer"),
]
