"""The HSSK endpoints, included by ``voorop.conf.api_urls`` under /api/v1/."""

from rest_framework.routers import SimpleRouter

from voorop.hssk.api.views import HsskViewSet

router = SimpleRouter()
router.register("hssk", HsskViewSet, basename="hssk")

urlpatterns = router.urls
