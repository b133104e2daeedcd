from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcuutConfig(AppConfig):
    name = "voorop.acuut"
    label = "acuut"
    verbose_name = _("Samen op in acuut")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The disclosure register lists shared motorkapoverleg contributions and consultations
        # next to shared meldingen.
        from voorop.acuut.selectors import shared_records
        from voorop.sharing import records

        records.register(shared_records)
