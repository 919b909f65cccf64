"""What every page of the public site shows around its content: the name and the sections."""

from django.conf import settings
from django.template.loader import get_template
from django.utils.functional import SimpleLazyObject

from articles.models import Section
from newsroom.caching import fragment


def navigation_sections():
    """The sections, the same on every page until one changes: kept as a fragment (its keys
    are the sections', so a renamed or new section purges it like any page showing it)."""
    return fragment("navigation-sections", lambda: list(Section.objects.all()))


def sections_for(request):
    """The sections, from the fragment for readers; signed-in users never read or fill a
    cache (newsroom/caching/pages.py)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return list(Section.objects.all())
    return navigation_sections()


NAVIGATION_LINKS = "includes/navigation_sections.html"


def navigation_links(request):
    """{section id or None: HTML} of the sections' links in the navigation, for each section's
    page (its link marked current) and for every other page (None), drawn once per change of
    the sections: kept with them for readers, drawn for each look for signed-in users."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return draw_navigation_links(list(Section.objects.all()))
    return fragment("navigation-links", lambda: draw_navigation_links(navigation_sections()))


def draw_navigation_links(sections):
    template = get_template(NAVIGATION_LINKS)
    return {
        current.pk if current else None: template.render(
            {"navigation_sections": sections, "section": current}
        )
        for current in [None, *sections]
    }


def site(request):
    # Lazy: pages that never draw the navigation (the admin, the API's HTML views) never
    # read it.
    return {
        "site_name": settings.SITE_NAME,
        "navigation_sections": SimpleLazyObject(lambda: sections_for(request)),
        "navigation_links": SimpleLazyObject(lambda: navigation_links(request)),
    }
