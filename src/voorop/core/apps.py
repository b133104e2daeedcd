from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "voorop.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Django 6's first option of a select, "- Select an option -", has no Dutch
        # translation; Django lets an app's ready() replace it. This app comes before
        # django.contrib.admin in INSTALLED_APPS, so the admin's forms (built when the admin
        # discovers them) get it too.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("— kies —")
