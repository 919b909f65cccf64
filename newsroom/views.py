"""Site-wide pages that belong to no single app: the front page, search, robots.txt."""

from django.db.models import Exists, Prefetch, Q, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from articles import search as story_search
from articles.highlighting import highlight_results
from articles.views import published_stories
from events.models import Event
from newsroom.context_processors import sections_for
from newsroom.pagination import paginate

LATEST_COUNT = 12
MOST_READ_COUNT = 5
PER_SECTION_COUNT = 3
EVENTS_COUNT = 5
RECENT_WINDOW = 1000


def home(request):
    """The front page in four queries (five when the site's sections changed since they
    were last read): the latest stories, each section's latest, the most read, the events
    coming and past."""
    # Whether the archive is larger than the window the sections' latest are picked from
    # comes with the latest stories: the same for each row, computed once by the database.
    latest_stories = list(
        published_stories().annotate(
            window_is_full=Exists(published_stories()[RECENT_WINDOW - 1 : RECENT_WINDOW])
        )[:LATEST_COUNT]
    )
    upcoming_events, recent_events = events_around(timezone.localdate())
    return render(
        request,
        "newsroom/home.html",
        {
            # A list, not a queryset: the template takes the first apart from the rest.
            "latest_stories": latest_stories,
            "most_read_stories": published_stories().order_by("-view_count", "-published_at")[
                :MOST_READ_COUNT
            ],
            "sections": sections_with_latest_stories(
                sections_for(request),
                window_is_full=bool(latest_stories) and latest_stories[0].window_is_full,
            ),
            "upcoming_events": upcoming_events,
            "recent_events": recent_events,
        },
    )


def events_around(today):
    """(the next EVENTS_COUNT events from today on, the last EVENTS_COUNT before it), in one
    query: both in the database's own order (its collation sorts the titles), the recent
    ones turned round by date only (a stable sort keeps their titles in order)."""
    events = Event.objects.order_by("start_date", "title")
    upcoming = events.filter(start_date__gte=today)[:EVENTS_COUNT]
    recent = events.filter(start_date__lt=today).order_by("-start_date", "title")[:EVENTS_COUNT]
    both = list(
        events.select_related("place").filter(
            Q(pk__in=upcoming.values("pk")) | Q(pk__in=recent.values("pk"))
        )
    )
    past = [event for event in both if event.start_date < today]
    return (
        [event for event in both if event.start_date >= today],
        sorted(past, key=lambda event: event.start_date, reverse=True),
    )


def sections_with_latest_stories(sections, window_is_full=True):
    """Each of `sections` with its latest stories, in one query however many there are
    (the sections themselves come with the site's navigation, `context_processors.py`).

    Django turns a sliced prefetch into a window function, which numbers every published
    story of every section: 0.4 s at 100,000 stories on PostgreSQL. Numbered among the
    latest RECENT_WINDOW stories only (a subquery), it costs milliseconds. When the archive
    is larger than that window, a quiet section with fewer than PER_SECTION_COUNT stories in
    it gets its own query (rare on a living site).
    """
    recent = published_stories().values("pk")[:RECENT_WINDOW]
    sections = list(sections)  # the fragment's own copies (unpickled): safe to add to
    prefetch_related_objects(
        sections,
        Prefetch(
            "articles",
            queryset=published_stories().filter(pk__in=recent)[:PER_SECTION_COUNT],
            to_attr="latest_stories",
        ),
    )
    quiet = [section for section in sections if len(section.latest_stories) < PER_SECTION_COUNT]
    if quiet and window_is_full:
        for section in quiet:
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
