"""API tokens and signed-in sessions. The second factors themselves are django-otp's devices."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "nr_"


def digest(secret):
    """SHA-256 of a random secret: enough for 256 random bits, which no one can guess or
    brute-force; a slow password hash would only slow every API request."""
    return hashlib.sha256(secret.encode()).hexdigest()


class AccessTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class AccessToken(models.Model):
    """A named key to the desk's API. Only its hash is kept: the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=100)
    # The key's first characters after nr_, to tell one's tokens apart; not enough to use it.
    hint = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"
        permissions = [
            (
                "manage_security",
                "Can reset others' second factors, end their sessions and revoke their tokens",
            )
        ]

    def __str__(self):
        return f"{self.name} ({TOKEN_PREFIX}{self.hint}…)"

    @classmethod
    def issue(cls, *, user, name, days):
        """A new token and its key, which exists only in this return value."""
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            hint=key[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 6],
            key_hash=digest(key),
            expires_at=timezone.now() + timezone.timedelta(days=days),
        )
        return token, key

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self):
        if self.revoked_at:
            return "revoked"
        return "active" if self.expires_at > timezone.now() else "expired"


class SignedInSession(models.Model):
    """One browser signed in to the desk: what its owner sees to recognise it and end it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    # The Django session's key, hashed: ending a session finds the key by its hash
    # (accounts/sessions.py), and a copy of this table gives no one a way in.
    key_hash = models.CharField(max_length=64, unique=True)
    device = models.CharField(max_length=100, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = "signed-in session"

    def __str__(self):
        return f"{self.device or 'A browser'} ({self.address or 'unknown address'})"
