from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "voorop.assessment"
    label = "assessment"
    verbose_name = _("Veiligheidsbeoordeling en risico-instrumenten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The disclosure register lists shared assessments next to shared meldingen.
        from voorop.assessment.selectors import shared_records
        from voorop.sharing import records

        records.register(shared_records)
