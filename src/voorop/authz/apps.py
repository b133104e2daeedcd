from django.apps import AppConfig


class AuthzConfig(AppConfig):
    name = "voorop.authz"
    label = "authz"
    default_auto_field = "django.db.models.BigAutoField"
