from django.urls import path

from voorop.authz import views

app_name = "authz"

urlpatterns = [
    path("betrokkenheid/", views.involvement_lookup, name="involvement_lookup"),
    path(
        "noodtoegang/<int:family_pk>/aanvragen/",
        views.emergency_request,
        name="emergency_request",
    ),
    path("privacy/noodtoegang/", views.emergency_queue, name="emergency_queue"),
    path("privacy/noodtoegang/<int:pk>/", views.emergency_review, name="emergency_review"),
]
