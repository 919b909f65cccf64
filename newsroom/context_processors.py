"""What every page of the public site shows around its content: the name and the sections."""

from django.conf import settings

from articles.models import Section


def site(request):
    # A queryset is lazy: pages that never draw the navigation (the admin, the API's HTML
    # views) never run the query.
    return {"site_name": settings.SITE_NAME, "navigation_sections": Section.objects.all()}
