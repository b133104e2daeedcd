from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZsmConfig(AppConfig):
    name = "voorop.zsm"
    label = "zsm"
    verbose_name = _("Gezamenlijke aanpak HG op ZSM")
    default_auto_field = "django.db.models.BigAutoField"
