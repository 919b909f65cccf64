"""DRF's serializers against `values()` and dicts for the story list's entries (issue 19, item 3).

    DATABASE_URL=sqlite:////tmp/archive.sqlite3 python -m bench.api_serializers [--pages 10]

In one process, makes the entries of the first pages of `/api/articles/` (20 stories each,
walking back from the newest) both ways and checks that both give the same JSON bytes:

- **DRF**: what the API does for the first reader after a change, the queryset that
  `ArticleSerializer.optimize_queryset()` builds (the stories with their section, agency,
  dateline and lead image joined, six relations prefetched) and the serializer;
- **values()**: one `values()` query for the stories and the rows they join, one per relation
  (`Person.objects.filter(articles__in=…).values("articles", "slug", "name")`, in each model's
  own order, as the prefetch reads them), and the entries built as dicts by hand.

Each is timed from the database (what a page costs the first reader after a change) and, for
DRF, also from rows already loaded (the serializer alone). Prints the median milliseconds and
the Python function calls per page. A measurement, not a test.
"""

import argparse
import cProfile
import mimetypes
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
    """The same entries from `values()` rows: every field as the serializers write it."""
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from articles.models import Article, Correction
    from core.slug_urls import slug_url
    from events.models import Agreement, Event, Organization, Person, Place

    absolute = request.build_absolute_uri

    def moment(value):  # DRF's DateTimeField: in the current time zone, "Z" for UTC
        if value is None:
            return None
        text = timezone.localtime(value).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    def link(slug, page, item):
        return absolute(slug_url(item, slug)), absolute(slug_url(page, slug))

    links = {
        "people": (Person, ("slug", "name"), "events:person_detail", "person-detail"),
        "events": (Event, ("slug", "title", "start_date"), "events:event_detail", "event-detail"),
        "agreements": (
            Agreement,
            ("slug", "title", "short_title"),
            "events:agreement_detail",
            "agreement-detail",
        ),
        "places": (Place, ("slug", "name", "kind"), "events:place_detail", "place-detail"),
        "organizations": (
            Organization,
            ("slug", "name", "short_name"),
            "events:organization_detail",
            "organization-detail",
        ),
    }
    related = {name: {pk: [] for pk in ids} for name in [*links, "corrections"]}
    for name, (model, fields, page, item) in links.items():
        for row in model.objects.filter(articles__in=ids).values("articles", *fields):
            story = row.pop("articles")
            if "start_date" in row and row["start_date"] is not None:
                row["start_date"] = row["start_date"].isoformat()
            row["url"], row["html_url"] = link(row["slug"], page, item)
            related[name][story].append(row)
    for row in Correction.objects.filter(article__in=ids).values(
        "article", "kind", "text", "published_at"
    ):
        story = row.pop("article")
        row["published_at"] = moment(row["published_at"])
        related["corrections"][story].append(row)

    joined = (
        "section__slug",
        "section__name",
        "agency__name",
        "agency__short_name",
        "agency__url",
        "dateline_place__slug",
        "dateline_place__name",
        "dateline_place__kind",
        "lead_image__file",
        "lead_image__width",
        "lead_image__height",
        "lead_image__alt_text",
        "lead_image__caption",
        "lead_image__credit",
        "lead_image__renditions",
    )
    rows = (
        Article.objects.filter(pk__in=ids)
        .order_by("-published_at", "-pk")
        .values(
            "pk",
            "slug",
            "headline",
            "summary",
            "bylines",
            "language",
            "published_at",
            "updated_at",
            "section_id",
            "agency_id",
            "dateline_place_id",
            "lead_image_id",
            *joined,
        )
    )
    entries = []
    for row in rows:
        pk, slug = row["pk"], row["slug"]
        section = agency = dateline = image = None
        if row["section_id"] is not None:
            section = {"slug": row["section__slug"], "name": row["section__name"]}
            section["url"], section["html_url"] = link(
                section["slug"], "articles:section_detail", "section-detail"
            )
        if row["agency_id"] is not None:
            agency = {
                "name": row["agency__name"],
                "short_name": row["agency__short_name"],
                "website": row["agency__url"] or None,
            }
        if row["dateline_place_id"] is not None:
            dateline = {
                "slug": row["dateline_place__slug"],
                "name": row["dateline_place__name"],
                "kind": row["dateline_place__kind"],
            }
            dateline["url"], dateline["html_url"] = link(
                dateline["slug"], "events:place_detail", "place-detail"
            )
        if row["lead_image_id"] is not None:
            name = row["lead_image__file"]
            renditions = row["lead_image__renditions"]
            image = {
                "url": absolute(default_storage.url(name)) if name else None,
                "content_type": mimetypes.guess_type(name)[0],
                "width": row["lead_image__width"],
                "height": row["lead_image__height"],
                "alt_text": row["lead_image__alt_text"],
                "caption": row["lead_image__caption"],
                "credit": row["lead_image__credit"],
                "renditions": [
                    {"width": int(width), "url": absolute(default_storage.url(file))}
                    for width, file in sorted(renditions.items(), key=lambda item: int(item[0]))
                ],
            }
        entries.append(
            {
                "slug": slug,
                "headline": row["headline"],
                "summary": row["summary"],
                "section": section,
                "agency": agency,
                "dateline": dateline,
                "bylines": row["bylines"],
                "language": row["language"],
                "published_at": moment(row["published_at"]),
                "updated_at": moment(row["updated_at"]),
                "lead_image": image,
                "people": related["people"][pk],
                "events": related["events"][pk],
                "agreements": related["agreements"][pk],
                "places": related["places"][pk],
                "organizations": related["organizations"][pk],
                "corrections": related["corrections"][pk],
                "url": absolute(slug_url("article-detail", slug)),
                "html_url": absolute(slug_url("articles:article_detail", slug)),
                "ninjs_url": absolute(slug_url("article-ninjs", slug)),
            }
        )
    return entries


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
            "values() and dicts: queries and dicts",
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
