"""The audit trail: one row per thing that matters for security and accountability.

Rows are only ever added. The model refuses to update or delete one (save, delete, the
queryset's update and delete); on PostgreSQL a trigger refuses the same to any SQL (migration
0002), so neither a bug nor a stolen editor account can rewrite what happened. Only
`prune_audit_trail` removes rows, past the retention period, inside a transaction that says so.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

# The actions the trail knows by name, with the words the desk shows. Anything else sent as a
# security_event is recorded too, under its own name (a new kind of event is never lost).
ACTIONS = {
    "signed_in": "Signed in",
    "sign_in_failed": "Sign-in failed",
    "sign_in_refused": "Sign-in refused (too many failures)",
    "signed_out": "Signed out",
    "story_published": "Story published",
    "story_scheduled": "Story scheduled",
    "story_withdrawn": "Story withdrawn",
    "story_unpublished": "Story unpublished",
    "story_deleted": "Story deleted",
    "user_created": "Account created",
    "user_deleted": "Account deleted",
    "user_flags_changed": "Account status changed",
    "groups_changed": "Roles changed",
    "user_permissions_changed": "Permissions changed",
    "group_permissions_changed": "Role's permissions changed",
    "subscriber_added": "Subscriber added",
    "subscriber_removed": "Subscriber removed",
    "subscriber_endpoint_changed": "Subscriber endpoint changed",
    "subscriber_secret_changed": "Subscriber secret changed",
    "cache_purged": "Cache purged by hand",
    "audit_pruned": "Audit trail pruned",
    # Sent by the accounts app (core.signals.security_event).
    "factor_added": "Second factor added",
    "factor_removed": "Second factor removed",
    "factors_reset": "Second factors reset",
    "recovery_code_used": "Recovery code used",
    "recovery_codes_generated": "Recovery codes generated",
    "token_created": "API token created",
    "token_revoked": "API token revoked",
    "session_ended": "Session ended",
    "password_changed": "Password changed",
}


def action_label(action):
    return ACTIONS.get(action) or action.replace("_", " ").capitalize()


class AuditEntryRefused(Exception):
    """Something tried to change or delete an entry of the audit trail."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditEntryRefused("The audit trail is append-only: entries are never changed.")

    def delete(self):
        raise AuditEntryRefused(
            "The audit trail is append-only: old entries go only through prune_audit_trail."
        )

    update.queryset_only = True
    delete.queryset_only = True


class AuditEntry(models.Model):
    class Origin(models.TextChoices):
        WEB = "web", "Web request"
        COMMAND = "command", "Command or worker"

    when = models.DateTimeField(default=timezone.now, db_index=True)
    # SET_NULL: an account may be deleted; its name stays in `actor_username`.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField("who", max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_object_id = models.CharField("target's id", max_length=64, blank=True)
    target_repr = models.CharField("what", max_length=255, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.WEB)
    address = models.GenericIPAddressField("from address", null=True, blank=True)
    user_agent = models.CharField("browser", max_length=255, blank=True)
    detail = models.TextField(blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail entries"
        ordering = ["-when", "-pk"]
        # Editors read the trail; nobody adds, changes or deletes through the app.
        default_permissions = ["view"]
        indexes = [models.Index(fields=["actor_username", "when"], name="audit_who_when")]

    def __str__(self):
        who = self.actor_username or "—"
        return f"{self.action_label} by {who} at {self.when:%Y-%m-%d %H:%M:%S}"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update"):
            raise AuditEntryRefused("The audit trail is append-only: entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEntryRefused(
            "The audit trail is append-only: old entries go only through prune_audit_trail."
        )

    @property
    def action_label(self):
        return action_label(self.action)
