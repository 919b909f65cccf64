"""The libraries' own admin pages for second factors are taken away: the desk's screens
(/admin/security/) manage them, with confirmations and events. django-otp's would show an
administrator another person's authenticator key; DRF's token page makes keys kept in clear,
which no longer open the API (accounts/authentication.py)."""

import contextlib

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential
from rest_framework.authtoken.models import TokenProxy

for model in (TOTPDevice, StaticDevice, WebAuthnCredential, WebAuthnAttestation, TokenProxy):
    with contextlib.suppress(NotRegistered):
        admin.site.unregister(model)
