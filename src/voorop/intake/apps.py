from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Intake of meldingen: route advice per report, the 24-hour rule (police → Veilig Thuis)
    and idempotent submissions. Recording itself is ``voorop.meldingen.services``."""

    name = "voorop.intake"
    label = "intake"
    verbose_name = _("Intake")
    default_auto_field = "django.db.models.BigAutoField"
