"""The REST API under /api/v1/, with its OpenAPI schema at /api/v1/schema/.

Read-only for now. Every endpoint that returns case data reads through the app's selectors and
writes the access log (see ``voorop.audit.api.views.CaseDataViewSet``)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from voorop.accounts.api.views import IkView
from voorop.linkage.api.views import KoppelingViewSet
from voorop.meldingen.api.views import MeldingViewSet
from voorop.persons.api.views import GezinssysteemViewSet, PersoonViewSet
from voorop.sharing.api.betrokkenheid import BetrokkenheidViewSet
from voorop.sharing.api.views import DeelregelViewSet, GrondslagViewSet, VerstrekkingViewSet

router = DefaultRouter()
# No ".json" format-suffix routes: the API answers JSON only, and its viewsets take no
# ``format`` argument (with the suffix routes, /api/v1/meldingen.json answered 500).
router.include_format_suffixes = False
router.register("gezinssystemen", GezinssysteemViewSet, basename="gezinssysteem")
router.register("personen", PersoonViewSet, basename="persoon")
router.register("meldingen", MeldingViewSet, basename="melding")
router.register("verstrekkingen", VerstrekkingViewSet, basename="verstrekking")
router.register("grondslagen", GrondslagViewSet, basename="grondslag")
router.register("deelregels", DeelregelViewSet, basename="deelregel")
router.register("koppelingen", KoppelingViewSet, basename="koppeling")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("ik/", IkView.as_view(), name="api-ik"),
    path(
        "betrokkenheid/",
        BetrokkenheidViewSet.as_view({"get": "opvragen"}),
        name="api-betrokkenheid",
    ),
    path("", include("voorop.safetyplan.api.urls")),
    path("", include("voorop.reachability.api.urls")),
    path("", include("voorop.assessment.api.urls")),
    path("", include("voorop.acuut.api.urls")),
    path("", include("voorop.actieoverleg.api.urls")),
    path("", include("voorop.zsm.api.urls")),
    path("", include("voorop.hssk.api.urls")),
    path("", include(router.urls)),
]
