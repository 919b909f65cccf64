"""The desk API's tokens: `Authorization: Bearer nr_…` (or `Token nr_…`)."""

from django.conf import settings
from django.utils import timezone
from rest_framework import authentication, exceptions

from accounts import policy
from accounts.models import AccessToken, digest

KEYWORDS = ("bearer", "token")


class AccessTokenAuthentication(authentication.BaseAuthentication):
    """Finds the token by the hash of the key sent; refuses revoked and expired ones, and any
    token of an account that must have a second factor and has none (its factors were reset)."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send one token: `Authorization: Bearer <token>`, without spaces in it."
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                "A token has only letters, digits, - and _."
            ) from None
        token = AccessToken.objects.select_related("user").filter(key_hash=digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown token.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This token was revoked.")
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed("This token has expired: create a new one.")
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed("This account is disabled.")
        if policy.factor_required(user) and not policy.has_factor(user):
            raise exceptions.AuthenticationFailed(
                "This account needs a second factor: set one up in the desk, then create a "
                "new token."
            )
        # Written at most once a minute: a script's thousand calls cost one write, not 1000.
        every = settings.NEWSROOM_TOKEN_LAST_USED_EVERY_SECONDS
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= every:
            AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        request._accounts_token = token
        return user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
