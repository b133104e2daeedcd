from django.urls import path

from voorop.reachability import views

app_name = "reachability"

urlpatterns = [
    path("wie-bel-ik-nu/", views.who_to_call, name="who_to_call"),
]
