from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Security"  # the desk's index: "Security › Audit trail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import roles
        from audit import receivers

        receivers.connect()
        # Editors read the trail (articles/roles.py keeps the grant when it refreshes roles).
        roles.grant_to_editors("audit", "view_auditentry")
