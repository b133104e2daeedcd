"""The assessment endpoints, included by ``voorop.conf.api_urls`` under /api/v1/."""

from rest_framework.routers import SimpleRouter

from voorop.assessment.api.views import (
    RisicoInschattingViewSet,
    RisicoInstrumentViewSet,
    VeiligheidsbeoordelingViewSet,
)

router = SimpleRouter()
router.register(
    "veiligheidsbeoordelingen", VeiligheidsbeoordelingViewSet, basename="veiligheidsbeoordeling"
)
router.register("risico-instrumenten", RisicoInstrumentViewSet, basename="risico-instrument")
router.register("risico-inschattingen", RisicoInschattingViewSet, basename="risico-inschatting")

urlpatterns = router.urls
