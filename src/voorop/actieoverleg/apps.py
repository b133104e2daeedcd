from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActieoverlegConfig(AppConfig):
    name = "voorop.actieoverleg"
    label = "actieoverleg"
    verbose_name = _("Actieoverleg")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The disclosure register lists items handed over to another region.
        from voorop.actieoverleg.selectors import shared_records
        from voorop.sharing import records

        records.register(shared_records)
