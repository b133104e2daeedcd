"""The ZSM endpoints, included by ``voorop.conf.api_urls`` under /api/v1/."""

from rest_framework.routers import SimpleRouter

from voorop.zsm.api.views import ZsmZaakViewSet

router = SimpleRouter()
router.register("zsm/zaken", ZsmZaakViewSet, basename="zsm-zaak")

urlpatterns = router.urls
