from django.apps import AppConfig


class PersonsConfig(AppConfig):
    name = "voorop.persons"
    label = "persons"
    default_auto_field = "django.db.models.BigAutoField"
