"""The reachability endpoint, included by ``voorop.conf.api_urls``."""

from django.urls import path

from voorop.reachability.api.views import BereikbaarheidViewSet

urlpatterns = [
    path(
        "bereikbaarheid/",
        BereikbaarheidViewSet.as_view({"get": "opvragen"}),
        name="api-bereikbaarheid",
    ),
]
