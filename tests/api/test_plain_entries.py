"""The story list's entries and items written as plain dicts (articles/api/entries.py) are the
serializers' output exactly: the same JSON bytes and the same surrogate keys.

The serializers describe the API (the OpenAPI schema is generated from them); the plain dicts
are what it sends, at a fraction of the cost. This test is what keeps the two from drifting:
a field added to a serializer and not to the dicts fails here.
"""

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from rest_framework.renderers import JSONRenderer

from articles.api import entries
from articles.api.serializers import ArticleDetailSerializer, ArticleSerializer
from articles.models import Article
from core.caching.keys import collecting
from tests.factories import ArticleFactory, QuoteFactory

render = JSONRenderer().render


@pytest.fixture(autouse=True)
def another_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "api.example.org"]


def serialized(serializer_class, pk, request):
    """(JSON, keys) of story `pk` as `serializer_class` shows it."""
    queryset = serializer_class.optimize_queryset(Article.objects.published().filter(pk=pk))
    with collecting() as keys:
        data = serializer_class(queryset.get(), context={"request": request}).data
    return render(data), keys


def written(pk, request, item):
    """(JSON, keys) of story `pk` as entries.py writes its list entry, or its item."""
    queryset = ArticleSerializer.optimize_queryset(Article.objects.published().filter(pk=pk))
    with collecting() as keys:
        article = queryset.prefetch_related(None).get()
        if item:
            data = entries.story_item(article, request)
        else:
            addresses = entries.Addresses(request)
            links = entries.links_of_stories([article.pk], addresses)
            data = entries.story_entry(article, links, addresses)
    return render(data), keys


def assert_written_as_serialized(stories):
    assert stories
    requests = [
        RequestFactory().get("/api/articles/"),
        RequestFactory().get("/api/articles/", secure=True, HTTP_HOST="api.example.org:8443"),
    ]
    for request in requests:
        for story in stories:
            assert written(story.pk, request, item=False) == serialized(
                ArticleSerializer, story.pk, request
            )
            assert written(story.pk, request, item=True) == serialized(
                ArticleDetailSerializer, story.pk, request
            )


def test_the_demos_stories_are_written_as_serialized(db):
    call_command("load_demo", verbosity=0)
    first, second = Article.objects.published().order_by("pk")
    first.related_articles.add(second)
    assert_written_as_serialized(Article.objects.published())


def test_a_story_linked_to_everything_is_written_as_serialized(linked_story):
    # What the demo lacks: a lead image, an agency, a correction, a quote of an institution.
    QuoteFactory(article=linked_story, speaker=None, speaker_name="The ministry", text="Yes.")
    bare = ArticleFactory(headline="Nothing linked", section=None, summary="")
    assert_written_as_serialized([linked_story, bare])
