"""The site's URLs and one more for the benchmark: a view that runs one query and renders a
one-line template, the practical limit of a page that touches the database (issue 19)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from articles.models import Section
from newsroom.urls import handler500  # noqa: F401
from newsroom.urls import urlpatterns as site_urlpatterns

ONE_LINE = engines["django"].from_string("<p>{{ section.name }}</p>\n")


def one_query(request):
    return HttpResponse(ONE_LINE.render({"section": Section.objects.first()}, request))


urlpatterns = [path("bench/one-query/", one_query), *site_urlpatterns]
