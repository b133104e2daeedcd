from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "voorop.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from voorop.audit.maintenance import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="voorop_audit_sqlite")
