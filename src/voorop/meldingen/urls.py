from django.urls import path

app_name = "meldingen"

urlpatterns: list = []
