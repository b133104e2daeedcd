from django.urls import path

from voorop.persons import views

app_name = "persons"

urlpatterns = [
    path("gezinssystemen/", views.family_list, name="family_list"),
    path("gezinssystemen/<int:pk>/", views.family_detail, name="family_detail"),
    path("personen/zoeken/", views.person_search, name="person_search"),
    path("personen/<int:pk>/", views.person_detail, name="person_detail"),
]
