from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HsskConfig(AppConfig):
    name = "voorop.hssk"
    label = "hssk"
    verbose_name = _("Samenwerken bij strafbare kindermishandeling")
    default_auto_field = "django.db.models.BigAutoField"
