from django.urls import path

app_name = "persons"

urlpatterns: list = []
