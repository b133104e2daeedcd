from django.urls import path

from voorop.sharing import views

app_name = "sharing"

urlpatterns = [
    path("gezinssystemen/<int:pk>/delen/", views.disclosure_create, name="share"),
    path(
        "gezinssystemen/<int:pk>/delen/grondslagen/",
        views.legal_basis_options,
        name="legal_basis_options",
    ),
    path("gezinssystemen/<int:pk>/verstrekkingen/", views.register, name="register"),
    path(
        "gezinssystemen/<int:pk>/verstrekkingen/<int:disclosure_pk>/intrekken/",
        views.disclosure_withdraw,
        name="withdraw",
    ),
    path(
        "meldingen/<int:pk>/verstrekkingen/", views.melding_disclosures, name="melding_disclosures"
    ),
]
