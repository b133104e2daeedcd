"""The safety-plan endpoints, included by ``voorop.conf.api_urls``."""

from django.urls import path

from voorop.safetyplan.api.views import InterventiepaletViewSet, VeiligheidsplanViewSet

urlpatterns = [
    path(
        "interventiepalet/",
        InterventiepaletViewSet.as_view({"get": "list"}),
        name="api-interventiepalet",
    ),
    path(
        "gezinssystemen/<str:pk>/veiligheidsplan/",
        VeiligheidsplanViewSet.as_view({"get": "retrieve"}),
        name="api-veiligheidsplan",
    ),
]
