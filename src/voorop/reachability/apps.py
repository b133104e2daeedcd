from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachabilityConfig(AppConfig):
    name = "voorop.reachability"
    label = "reachability"
    verbose_name = _("Bereikbaarheid en beschikbaarheid")
    default_auto_field = "django.db.models.BigAutoField"
