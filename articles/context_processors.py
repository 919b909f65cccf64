"""What every page of the public site shows around its content: the name and the sections."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Section
from core.caching import fragment
from core.caching.fixed_shape import FixedShape


def navigation_sections():
    """The sections, the same on every page until one changes: kept as a fragment (its keys
    are the sections', so a renamed or new section purges it like any page showing it)."""
    return fragment("navigation-sections", lambda: ALL_SECTIONS())


ALL_SECTIONS = FixedShape(lambda: Section.objects.all())  # core/caching/fixed_shape.py


def sections_for(request):
    """The sections, from the fragment for readers; signed-in users never read or fill a
    cache (core/caching/pages.py)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return list(Section.objects.all())
    return navigation_sections()


NAVIGATION_LINKS = "includes/navigation_sections.html"


def navigation_links(request, current=None):
    """HTML of the sections' links in the navigation, the link of section `current` (an id:
    that section's page) marked, drawn once per change of the sections for readers (a
    fragment per variant) and for each look for signed-in users."""

    def draw():
        return draw_navigation_links(sections_for(request), current)

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return draw()
    return fragment(f"navigation-links:{current or ''}", draw)


class NavigationLinks:
    """`navigation_links` for `request`, given to every template by `site`: called with a
    section's id, or `for_page(section)` with whatever the page calls `section` (base.html's
    `{% site_navigation %}`: only a Section marks a link current)."""

    def __init__(self, request):
        self.request = request

    def __call__(self, current=None):
        return navigation_links(self.request, current)

    def for_page(self, section):
        return self(section.pk if isinstance(section, Section) else None)


def draw_navigation_links(sections, current):
    """`includes/navigation_sections.html` for `sections`, made in Python (the same bytes,
    tested: a fixed string with three holes, drawn on every page whose links nobody kept)."""
    return mark_safe(  # escaped here
        "".join(
            f'\n        <li><a href="{escape(section.get_absolute_url())}"'
            f"{CURRENT if current is not None and section.pk == current else ''}>"
            f"{escape(section.name)}</a></li>\n        "
            for section in sections
        )
    )


CURRENT = ' aria-current="page"'


def site(request):
    # Lazy: pages that never draw the navigation (the admin, the API's HTML views) never
    # read it.
    return {
        "site_name": settings.SITE_NAME,
        "navigation_sections": SimpleLazyObject(lambda: sections_for(request)),
        # Called by base.html's `{% site_navigation %}` with the page's section, if any.
        "navigation_links": NavigationLinks(request),
    }
