"""What every page of the public site shows around its content: the name and the sections."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Section
from newsroom.caching import fragment


def navigation_sections():
    """The sections, the same on every page until one changes: kept as a fragment (its keys
    are the sections', so a renamed or new section purges it like any page showing it)."""
    return fragment("navigation-sections", lambda: list(Section.objects.all()))


def site(request):
    # Lazy: pages that never draw the navigation (the admin, the API's HTML views) never
    # read it.
    return {
        "site_name": settings.SITE_NAME,
        "navigation_sections": SimpleLazyObject(navigation_sections),
    }
