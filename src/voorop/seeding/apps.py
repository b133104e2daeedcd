from django.apps import AppConfig


class SeedingConfig(AppConfig):
    name = "voorop.seeding"
    label = "seeding"
    default_auto_field = "django.db.models.BigAutoField"
