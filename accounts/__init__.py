"""The desk's accounts: a second factor required by role, API tokens, sessions one can end.

A satellite (pyproject's import contracts): the kernel, the world and the stories never import
it. Built on django-otp and django-otp-webauthn
(docs/decisions/0016-second-factor-on-django-otp.md).
"""
