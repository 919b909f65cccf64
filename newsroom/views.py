"""Site-wide pages that belong to no single app: the front page, search, robots.txt."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from articles import search as story_search
from articles.highlighting import highlight_results
from articles.models import Section
from articles.views import published_stories
from events.models import Event
from newsroom.pagination import paginate

LATEST_COUNT = 12
MOST_READ_COUNT = 5
PER_SECTION_COUNT = 3
EVENTS_COUNT = 5
RECENT_WINDOW = 1000


def home(request):
    today = timezone.localdate()
    events = Event.objects.select_related("place")
    return render(
        request,
        "newsroom/home.html",
        {
            # A list, not a queryset: the template takes the first apart from the rest.
            "latest_stories": list(published_stories()[:LATEST_COUNT]),
            "most_read_stories": published_stories().order_by("-view_count", "-published_at")[
                :MOST_READ_COUNT
            ],
            "sections": sections_with_latest_stories(),
            "upcoming_events": events.filter(start_date__gte=today).order_by("start_date", "title")[
                :EVENTS_COUNT
            ],
            "recent_events": events.filter(start_date__lt=today).order_by("-start_date", "title")[
                :EVENTS_COUNT
            ],
        },
    )


def sections_with_latest_stories():
    """Each section with its latest stories, in two queries however many sections there are.

    Django turns a sliced prefetch into a window function, which numbers every published
    story of every section: 0.4 s at 100,000 stories on PostgreSQL. Numbered among the
    latest RECENT_WINDOW stories only, it costs milliseconds. When the archive is larger
    than that window, a quiet section with fewer than PER_SECTION_COUNT stories in it gets
    its own query (rare on a living site).
    """
    recent_ids = list(published_stories().values_list("pk", flat=True)[:RECENT_WINDOW])
    sections = list(
        Section.objects.prefetch_related(
            Prefetch(
                "articles",
                queryset=published_stories().filter(pk__in=recent_ids)[:PER_SECTION_COUNT],
                to_attr="latest_stories",
            )
        )
    )
    if len(recent_ids) == RECENT_WINDOW:
        for section in sections:
            if len(section.latest_stories) < PER_SECTION_COUNT:
                section.latest_stories = list(
                    published_stories().filter(section=section)[:PER_SECTION_COUNT]
                )
    return [section for section in sections if section.latest_stories]


def search(request):
    """Ranked full-text search over published stories (`articles.search`), matches marked."""
    query = request.GET.get("q", "").strip()
    page = paginate(request, story_search.search_articles(published_stories(), query))
    return render(
        request,
        "newsroom/search.html",
        {
            "query": query,
            "page": page,
            "results": highlight_results(page.object_list, query),
            # The search ranks the most recent MAX_RANKED matches: there may be more.
            "only_most_recent": page.paginator.count >= story_search.MAX_RANKED,
        },
    )


@require_GET
def robots_txt(request):
    sitemaps = [reverse("sitemap"), reverse("news_sitemap")]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Result pages are endless and thin; the stories themselves are in the sitemaps.
        "Disallow: /search/",
        "",
        *(f"Sitemap: {request.build_absolute_uri(path)}" for path in sitemaps),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
