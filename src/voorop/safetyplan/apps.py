from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyplanConfig(AppConfig):
    name = "voorop.safetyplan"
    label = "safetyplan"
    verbose_name = _("Veiligheidsplan en interventiepalet")
    default_auto_field = "django.db.models.BigAutoField"
