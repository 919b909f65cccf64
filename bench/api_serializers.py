"""DRF's serializers against plain dicts for the story list's entries (issues 19 and 31).

    DATABASE_URL=sqlite:////tmp/archive.sqlite3 python -m bench.api_serializers [--pages 10]

In one process, makes the entries of the first pages of `/api/articles/` (20 stories each,
walking back from the newest) both ways and checks that both give the same JSON bytes:

- **DRF**: the queryset that `ArticleSerializer.optimize_queryset()` builds (the stories with
  their section, agency, dateline and lead image joined, six relations prefetched) and the
  serializer;
- **plain dicts**: what the API does for the first reader after a change since issue 31
  (`articles/api/entries.py`): the stories with the rows they join, one query per relation
  read as values by SQL compiled once (`core/caching/fixed_shape.py`), the entries written as dicts.

Each is timed from the database (what a page costs the first reader after a change) and, for
DRF, also from rows already loaded (the serializer alone). Prints the median milliseconds and
the Python function calls per page. A measurement, not a test.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]


def drf_entries(ids, request, loaded=None):
    from articles.api.serializers import ArticleSerializer
    from articles.models import Article

    if loaded is None:
        queryset = Article.objects.filter(pk__in=ids).order_by("-published_at", "-pk")
        loaded = list(ArticleSerializer.optimize_queryset(queryset))
    return ArticleSerializer(loaded, many=True, context={"request": request}).data


def values_entries(ids, request):
    """The same entries as the API writes them (`articles/api/entries.py`): the stories with
    the rows they join, their relations read as values by SQL compiled once, plain dicts."""
    from articles.api import entries
    from articles.api.serializers import ArticleSerializer
    from articles.models import Article

    queryset = Article.objects.filter(pk__in=ids).order_by("-published_at", "-pk")
    stories = list(ArticleSerializer.optimize_queryset(queryset).prefetch_related(None))
    addresses = entries.Addresses(request)
    links = entries.links_of_stories(ids, addresses)
    return [entries.story_entry(story, links, addresses) for story in stories]


def measure(make, pages, repeats):
    """(median ms per page, function calls per page) of `make(ids)` over every page."""
    timings = []
    for _ in range(repeats):
        for ids in pages:
            started = time.perf_counter()
            make(ids)
            timings.append((time.perf_counter() - started) * 1000)
    profiler = cProfile.Profile()
    profiler.enable()
    for ids in pages:
        make(ids)
    profiler.disable()
    return statistics.median(timings), pstats.Stats(profiler).total_calls / len(pages)


def main(arguments):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--page-size", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args(arguments)
    setup()
    from django.test import RequestFactory
    from rest_framework.renderers import JSONRenderer

    from articles.api.serializers import ArticleSerializer
    from articles.models import Article

    request = RequestFactory().get("/api/articles/")
    newest = list(
        Article.objects.published()
        .latest_first()
        .values_list("pk", flat=True)[: options.pages * options.page_size]
    )
    pages = [
        newest[start : start + options.page_size]
        for start in range(0, len(newest), options.page_size)
    ]
    render = JSONRenderer().render
    for ids in pages:
        drf, by_hand = render(drf_entries(ids, request)), render(values_entries(ids, request))
        assert drf == by_hand, f"different JSON for stories {ids}"
    loaded = {}
    for ids in pages:
        queryset = Article.objects.filter(pk__in=ids).order_by("-published_at", "-pk")
        loaded[tuple(ids)] = list(ArticleSerializer.optimize_queryset(queryset))

    rows = [
        (
            "DRF: queries and serializers",
            measure(lambda ids: drf_entries(ids, request), pages, options.repeats),
        ),
        (
            "DRF: serializers alone (rows loaded)",
            measure(
                lambda ids: drf_entries(ids, request, loaded[tuple(ids)]), pages, options.repeats
            ),
        ),
        (
            "plain dicts (entries.py): queries and dicts",
            measure(lambda ids: values_entries(ids, request), pages, options.repeats),
        ),
    ]
    stories = sum(len(ids) for ids in pages)
    size = sum(len(render(drf_entries(ids, request))) for ids in pages) // len(pages)
    print(
        f"{len(pages)} page(s), {stories} stories, the same JSON both ways ({size:,} bytes a page)"
    )
    print("| how | ms per page (median) | function calls per page |")
    print("| --- | --- | --- |")
    for label, (ms, calls) in rows:
        print(f"| {label} | {ms:.2f} | {calls:,.0f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
