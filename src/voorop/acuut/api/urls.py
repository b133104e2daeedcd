"""The Samen op in acuut endpoints, included by ``voorop.conf.api_urls`` under /api/v1/."""

from rest_framework.routers import SimpleRouter

from voorop.acuut.api.views import AcuutViewSet

router = SimpleRouter()
router.register("acuut", AcuutViewSet, basename="acuut")

urlpatterns = router.urls
