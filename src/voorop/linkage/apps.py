from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "voorop.linkage"
    label = "linkage"
    default_auto_field = "django.db.models.BigAutoField"
