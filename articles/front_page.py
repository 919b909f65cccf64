"""The front page's lists: the latest stories, the most read, the events coming and past, each
section's latest, made once per change and kept (`front_lists`), and ahead of the next reader
by a task (`articles.tasks.prepare_front_page`)."""

import datetime

from django.db.models import Q
from django.utils import timezone

from articles.context_processors import sections_for
from articles.models import Article, Section
from articles.story_lists import published_stories, rendered
from core.caching import fragment, record
from core.caching.fixed_shape import FixedShape
from core.caching.keys import list_key
from events.models import Event

LATEST_COUNT = 12
MOST_READ_COUNT = 5
PER_SECTION_COUNT = 3
EVENTS_COUNT = 5
RECENT_WINDOW = 1000


def front_lists(request):
    """The front page's lists as HTML: the latest stories, the most read, the events coming
    and past, each section's latest. The same for every reader until a story, an event or a
    section on it changes, or a scheduled story comes due: kept as one fragment under the
    keys of all it shows (one a day: "coming up" starts from today), and made again ahead of
    the next reader when a change to it commits (`articles/tasks.py`)."""
    today = timezone.localdate()
    if request.user.is_authenticated:
        return make_front_lists(request, today)
    return fragment(front_lists_name(today), lambda: make_front_lists(request, today))


def front_lists_name(today):
    return f"front-lists:{today.isoformat()}"


def make_front_lists(request, today):
    """The front page's lists for `request`'s reader (None: any reader, for a task), in four
    queries (five when the site's sections changed since they were last read): the latest
    stories and each section's latest (two: which, then the rows), the most read (kept
    between changes to the lists of stories), the events coming and past."""
    sections, latest_stories = latest_stories_by_section(sections_for(request))
    upcoming_events, recent_events = events_around(today)
    return rendered(
        "articles/front_lists.html",
        {
            "request": request,  # its teasers ask who is reading
            # A list, not a queryset: the template takes the first apart from the rest.
            "latest_stories": latest_stories,
            "most_read_stories": most_read_stories(request),
            "sections": sections,
            "upcoming_events": upcoming_events,
            "recent_events": recent_events,
        },
    )


def most_read_stories(request):
    """The most read published stories. View counts are added without a purge
    (articles/view_counts.py), so this list is as of the last change to a list of stories, as
    the cached front page always showed it; for readers it is kept as a fragment under the
    same keys (SQLite sorts every published story by views for it: 7 ms at 5,000)."""

    def most_read():
        return MOST_READ(now=timezone.now())

    if request is not None and request.user.is_authenticated:
        return most_read()
    return fragment("most-read", most_read)


def most_read_at(now):
    # The five picked in a subquery of narrow rows, then read whole: sorting the whole rows,
    # with their sections, pictures and bodies joined, for every published story was 17 ms
    # of the front page's 60 on SQLite at 5,000 (it walks the publication index, not the
    # views', having no statistics), now 2 ms; the same one query.
    order = ("-view_count", "-published_at")
    picked = Article.objects.published(now=now).order_by(*order).values("pk")[:MOST_READ_COUNT]
    return published_stories(now=now).filter(pk__in=picked).order_by(*order)


def recent_stories_at(now):
    """The ids and sections of the latest RECENT_WINDOW stories (`latest_stories_by_section`)."""
    return published_stories(now=now).values_list("pk", "section_id")[:RECENT_WINDOW]


def events_around_query(today):
    """The rows of `events_around`."""
    events = Event.objects.order_by("start_date", "title")
    upcoming = events.filter(start_date__gte=today)[:EVENTS_COUNT]
    recent = events.filter(start_date__lt=today).order_by("-start_date", "title")[:EVENTS_COUNT]
    return events.select_related("place").filter(
        Q(pk__in=upcoming.values("pk")) | Q(pk__in=recent.values("pk"))
    )


# The front page's queries whose shape is the same every day, built once per connection
# (core/caching/fixed_shape.py).
MOST_READ = FixedShape(most_read_at, now=datetime.datetime)
RECENT_STORIES = FixedShape(recent_stories_at, now=datetime.datetime)
EVENTS_AROUND = FixedShape(events_around_query, today=datetime.date)


def events_around(today):
    """(the next EVENTS_COUNT events from today on, the last EVENTS_COUNT before it), in one
    query: both in the database's own order (its collation sorts the titles), the recent
    ones turned round by date only (a stable sort keeps their titles in order)."""
    both = EVENTS_AROUND(today=today)
    past = [event for event in both if event.start_date < today]
    return (
        [event for event in both if event.start_date >= today],
        sorted(past, key=lambda event: event.start_date, reverse=True),
    )


def latest_stories_by_section(sections):
    """(each of `sections` that has stories, with its latest as `latest_stories`; the latest
    LATEST_COUNT stories), in two queries however many sections there are.

    Which stories: the ids and sections of the latest RECENT_WINDOW stories, along the
    publication index, each section's first PER_SECTION_COUNT picked here. Then their rows
    in one query by id. (Django's sliced prefetch numbers every published story of every
    section with a window function: 0.4 s at 100,000 stories on PostgreSQL, and its SQL
    alone took a third of the page's time to build.) When the archive is larger than that
    window, a quiet section with fewer than PER_SECTION_COUNT stories in it gets its own
    query (rare on a living site).
    """
    recent = RECENT_STORIES(now=timezone.now())
    latest_ids = [pk for pk, _ in recent[:LATEST_COUNT]]
    picked = {}
    for pk, section_id in recent:
        ids = picked.setdefault(section_id, [])
        if len(ids) < PER_SECTION_COUNT:
            ids.append(pk)
    wanted = set(latest_ids).union(*picked.values())
    rows = {story.pk: story for story in published_stories().filter(pk__in=wanted)}
    sections = list(sections)  # the fragment's own copies (unpickled): safe to add to
    # The lists narrowed to each section are on this page, as the section's own page shows.
    record(*(list_key(Section, section.pk, Article) for section in sections))
    window_is_full = len(recent) == RECENT_WINDOW
    for section in sections:
        section.latest_stories = [rows[pk] for pk in picked.get(section.pk, ())]
        if window_is_full and len(section.latest_stories) < PER_SECTION_COUNT:
            section.latest_stories = list(
                published_stories().filter(section=section)[:PER_SECTION_COUNT]
            )
    shown = [section for section in sections if section.latest_stories]
    return shown, [rows[pk] for pk in latest_ids]
