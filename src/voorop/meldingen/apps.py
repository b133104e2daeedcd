from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    name = "voorop.meldingen"
    label = "meldingen"
    default_auto_field = "django.db.models.BigAutoField"
