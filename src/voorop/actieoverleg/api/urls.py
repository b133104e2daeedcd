"""The actieoverleg endpoints, included by ``voorop.conf.api_urls``."""

from django.urls import path

from voorop.actieoverleg.api.views import ActieoverlegViewSet, AfsprakenViewSet

urlpatterns = [
    path(
        "actieoverleggen/",
        ActieoverlegViewSet.as_view({"get": "list"}),
        name="api-actieoverleggen",
    ),
    path(
        "actieoverleggen/<str:pk>/",
        ActieoverlegViewSet.as_view({"get": "retrieve"}),
        name="api-actieoverleg",
    ),
    path(
        "actieoverleg-afspraken/",
        AfsprakenViewSet.as_view({"get": "list"}),
        name="api-actieoverleg-afspraken",
    ),
]
