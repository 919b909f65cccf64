"""Addresses of objects found by their slug, without resolving a URL pattern each time.

`reverse()` walks the URL patterns on every call: about 50 µs, which is a large share of an API
page that links to a few hundred people, events and sections. Every object address here has
the form `<prefix><slug><suffix>`, so the pattern is resolved once per URL name (and script
prefix) and the slug is put in its place after that.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

# A slug no object has (slugs are lowercase): where the real one goes.
PLACEHOLDER = "SLUG-PLACEHOLDER"


@functools.cache
def _address_template(url_name, script_prefix):
    return reverse(url_name, kwargs={"slug": PLACEHOLDER})


def slug_url(url_name, slug):
    """`reverse(url_name, kwargs={"slug": slug})`, for a valid slug (letters, digits, - and _,
    which a URL carries as they are)."""
    return _address_template(url_name, get_script_prefix()).replace(PLACEHOLDER, slug, 1)


@receiver(setting_changed)
def forget_templates(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # a test serving other URLs
        _address_template.cache_clear()
