"""Public story, section and archive pages: find what to show, hand it to a template."""

import datetime
import hashlib
import io

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import connections
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.generic.dates import ArchiveIndexView, MonthArchiveView, YearArchiveView

from articles import story_loading, story_pages
from articles.models import Article
from articles.rendering import linked_body
from articles.story_lists import story_list_page
from articles.view_counts import count_view, story_ids_by_slug
from events.models import Agreement, Event, Person, Position
from events.ratification import with_ratification_counts
from newsroom.caching import fragment, fragments, public_page, record
from newsroom.caching.keys import record_list, record_objects
from newsroom.context_processors import sections_for
from newsroom.pagination import CappedPaginator
from newsroom.templatetags.site_tags import canonical_address


def published_stories():
    """Published stories, newest first, with what every list shows beside the headline (a
    live story's badge among it: articles/story_pages.py)."""
    return (
        Article.objects.published().select_related(*story_loading.listed_relations()).latest_first()
    )


def can_preview(user):
    """Staff who may see stories in the admin may also see unpublished ones on the site."""
    return user.is_staff and user.has_perm("articles.view_article")


def count_cached_view(request, slug):
    """A reader served from the page cache still counts (the cache holds published stories
    only, and the counter's flush checks again)."""
    if request.method == "GET":
        story_id = story_ids_by_slug.get(slug)
        if story_id is not None:
            count_view(story_id)


@public_page(on_cached_hit=count_cached_view)
def article_detail(request, slug):
    is_reader = not request.user.is_authenticated
    if is_reader:
        # (A reader never previews: only staff may see what is not published.)
        kept = kept_story_page(request, slug)
        if kept is not None:
            return story_page_response(request, slug, *kept)
        article, loaded = story_loading.load_story(slug)
        if article is None:
            raise Http404("No published story here.")
        record(*loaded)
        if story_pages.is_plain(article):
            parts = made_story_page(request, article, loaded)
            if parts is not None:
                return story_page_response(request, slug, article.pk, parts)
        links = attach_story_links(article, loaded)
    else:
        stories = (
            Article.objects.all() if can_preview(request.user) else Article.objects.published()
        )
        article = get_object_or_404(
            stories.select_related(
                "section", "agency", "lead_image", "dateline_place", *story_pages.related_names()
            ),
            slug=slug,
        )
        # A draft changes with every save of the desk: made for this look only, never kept;
        # and signed-in users never read or fill a cache (newsroom/caching/pages.py).
        prefetch_story_relations(article)
        links = {}
    is_preview = not article.is_published
    # Readers only: the desk checking its own pages would push them up "most read".
    if not is_preview and not request.user.is_staff and request.method == "GET":
        count_view(article.pk)
    if not is_preview:
        story_ids_by_slug.remember(article.slug, article.pk)
    template_name = "articles/article_detail.html"
    context = story_page_context(article, links.get("body"), links.get("boxes"))
    if kind_page := story_pages.page_for(request, article):  # a live story
        template_name, extra = kind_page
        context.update(extra)
    response = render(request, template_name, context)
    if is_preview:
        # A preview must never be kept by a browser or a shared cache.
        add_never_cache_headers(response)
    return response


# A reader's story page: what articles/article_detail.html puts in base.html's blocks, made
# once per change and kept per address (its canonical URL: the page's absolute links and
# JSON-LD name the host it was asked on), so that a reader's request is the story's row
# checked against the database, one read of the cache and base.html around the blocks.
STORY_PAGE_PARTS = ("meta", "head", "main_class", "content")
# Between the blocks' outputs: "<" is escaped everywhere a story's text or data is written,
# and a page whose output holds it anyway is drawn as it always was (`story_page_parts`).
PART_SEPARATOR = mark_safe("<\x00story-page-part\x00>")


def story_page_name(request):
    address = canonical_address(request)
    return f"story-page:{hashlib.sha256(address.encode()).hexdigest()}"


def kept_story_page(request, slug):
    """(story id, parts) of the reader's story page at this address when one is kept, fresh,
    and the story it shows is still published under `slug` (the database says so on every
    request; the cache only says what the page shows); else None."""
    kept = fragments.kept_fragments([story_page_name(request)])
    if not kept:
        return None
    ((story_id, parts),) = kept.values()
    if parts is None:
        return None
    if not Article.objects.published().filter(pk=story_id, slug=slug).exists():
        return None  # unpublished since, or the slug names another story now
    return story_id, parts


def made_story_page(request, article, loaded):
    """The parts of the reader's page of the published, plain `article` (loaded by the view
    with `story_loading.load_story`, `loaded` the keys of what it loaded), made now and kept
    (`kept_story_page`); None when they cannot be told apart."""
    remember_site(request)

    def make():
        # Loaded by the view, outside this fragment: their keys make their edits purge it.
        record(*loaded)
        links = attach_story_links(article, loaded)
        return article.pk, story_page_parts(request, article, links)

    _story_id, parts = fragments.remake(story_page_name(request), make)
    return parts


def story_page_parts(request, article, links):
    """{block: HTML} of articles/article_detail.html for a reader, or None when a block's
    output holds the separator (then the page is drawn whole, as before)."""
    context = story_page_context(article, links["body"], links["boxes"])
    context.update(base_template="articles/story_parts.html", part_separator=PART_SEPARATOR)
    html = render_to_string("articles/article_detail.html", context, request)
    parts = html.split(PART_SEPARATOR)
    if len(parts) != len(STORY_PAGE_PARTS):
        return None
    # Each part is the template's own output, escaped there.
    return dict(zip(STORY_PAGE_PARTS, map(mark_safe, parts), strict=True))


# The sites (scheme, host) readers asked for story pages on lately: a change makes the pages
# again ahead of their next reader for each (`prepare_story_page`). A few: the site's hosts.
STORY_PAGE_SITES = "story-page-sites"
MAX_STORY_PAGE_SITES = 8


def remember_site(request):
    site = (request.scheme, request.get_host())
    sites = cache.get(STORY_PAGE_SITES) or []
    if site not in sites:
        cache.set(STORY_PAGE_SITES, [*sites, site][-MAX_STORY_PAGE_SITES:], None)


def prepare_story_page(article):
    """Make the reader's page of the published `article` (its row read with the relations
    its page selects, `story_links` fresh) again now, for each site readers asked for story
    pages on: a task does it when a change commits (`articles.tasks.prepare_story_pages`),
    so that the next reader finds it made."""
    if not story_pages.is_plain(article):
        return
    loaded = story_loading.story_row_keys(article)
    for scheme, host in cache.get(STORY_PAGE_SITES) or []:
        request = WSGIRequest(
            {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": article.get_absolute_url(),
                "HTTP_HOST": host,
                "SERVER_PORT": "443" if scheme == "https" else "80",
                "wsgi.url_scheme": scheme,
                "wsgi.input": io.BytesIO(),
            }
        )
        request.user = AnonymousUser()
        try:
            made_story_page(request, article, loaded)
        except DisallowedHost:
            continue  # no longer served (ALLOWED_HOSTS changed): its readers are gone


def story_page_response(request, slug, story_id, parts):
    if request.method == "GET":
        count_view(story_id)  # a reader (staff are signed in and never come here)
    story_ids_by_slug.remember(slug, story_id)
    return render(request, "articles/story_page.html", {"story_page": parts})


def story_page_context(article, body=None, boxes=None):
    """What articles/article_detail.html shows of a story whose relations are prefetched
    (`body` and `boxes` when `story_links` made them)."""
    return {
        "article": article,
        "body": linked_body(article) if body is None else body,
        "story_boxes": story_boxes(article) if boxes is None else boxes,
        "is_preview": not article.is_published,
        "corrections": article.corrections.all(),
    }


def story_boxes(article):
    """The boxes beside the story (its people with the posts they held then, its events,
    agreements and related stories), as HTML."""
    html = render_to_string(
        "includes/story_boxes.html",
        {
            "people": article.people.all(),
            "events": article.events.all(),
            "agreements": article.agreements.all(),
            "related_articles": article.related_articles.all(),
        },
    )
    return mark_safe(html.removesuffix("\n"))  # the template's own output, escaped there


# What a story page shows beside the story's own row, fetched once per kind of thing.
STORY_RELATIONS = ("people", "events", "agreements", "related_articles", "corrections")


def story_links(article, again=False, loaded=()):
    """The published story's linked body, the boxes beside it, and everything it is linked
    to (people with the posts they held then, events, agreements, related stories,
    corrections, for its JSON-LD), the same for
    every reader until a change purges one of them: made once per change, by a task when
    the change commits or by the first reader after it, then taken from the cache
    (`newsroom/caching/fragments.py`; `again`: made now, whatever is kept). A dict of the
    body and of lists of rows. `loaded`: the keys of the relations loaded with the story's
    row, if any (`story_loading.load_story`), which are not loaded again."""

    def make():
        # The story's own row was read outside: its key makes its edits (and corrections,
        # and new links) purge what is made of it here; so do the keys of what came with it.
        record_objects(article)
        record(*loaded)
        prefetch_story_relations(article)
        links = {relation: list(getattr(article, relation).all()) for relation in STORY_RELATIONS}
        links["body"] = linked_body(article)
        links["boxes"] = story_boxes(article)
        return links

    name = f"story-links:{article.pk}"
    return fragments.remake(name, make) if again else fragment(name, make)


def attach_story_links(article, loaded=()):
    """Give `article` its relations from `story_links` as if prefetched (the JSON-LD reads
    them through the related managers); returns the links (`body`, `boxes`: HTML).
    `loaded`: as for `story_links`."""
    links = story_links(article, loaded=loaded)
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    for relation in STORY_RELATIONS:
        if relation not in prefetched:
            story_loading.set_prefetched(article, relation, links[relation])
    return links


def prefetch_story_relations(article):
    """Load everything the story page shows in one query per kind of thing, however many
    (the people with their posts then in one; what `article` has prefetched already, as
    `story_loading.load_story` gives it, not again)."""
    story_date = timezone.localdate(article.published_at or timezone.now())
    if "people" not in getattr(article, "_prefetched_objects_cache", {}):
        people = story_loading.people_with_positions_then(article, story_date)
        story_loading.set_prefetched(article, "people", people)
    querysets = story_relation_querysets(story_date)
    del querysets["people"]
    prefetch_related_objects(
        [article],
        *(Prefetch(name, queryset=queryset) for name, queryset in querysets.items()),
        "corrections",
    )


def story_relation_querysets(story_date):
    """{relation: queryset} for what the story page shows beside the text, as it loads them.

    People come with the positions they held on the story's date ("President of
    Uzbekistan" then, whatever they are now). The desk's live preview loads the form's
    choices with the same querysets (desk/preview.py).
    """
    return {
        "people": Person.objects.prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.held_on(story_date).select_related(
                    "organization", "country"
                ),
                to_attr="positions_then",
            )
        ),
        "events": Event.objects.select_related("place"),
        "agreements": with_ratification_counts(Agreement.objects.all()),
        "related_articles": published_stories(),
    }


def section_detail(request, slug):
    # The site's sections are kept for the navigation every page draws (no query for readers).
    section = next((section for section in sections_for(request) if section.slug == slug), None)
    if section is None:
        raise Http404("No such section.")
    page, story_list = story_list_page(
        request, section, "section", lambda: published_stories().filter(section=section)
    )
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page": page, "story_list": story_list},
    )


class ArchivePaginator(CappedPaginator):
    """A month holds thousands of stories at a national desk, and the archive is where a
    reader finds every one of them: counted up to 10,000 (a year's pages stop there, its
    months go on)."""

    max_count = 10_000


class PublishedStoriesMixin:
    """The archive's date views over published stories only.

    `get_queryset()` rather than a class attribute: `published()` reads the clock, and a
    class attribute would read it once, when the module is imported.
    """

    date_field = "published_at"
    paginate_by = 20
    paginator_class = ArchivePaginator
    # A year or month without stories is not a page, and "previous"/"next" then skip to
    # the nearest one that has stories instead of walking back through empty years.
    allow_empty = False

    def get_queryset(self):
        return published_stories()

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        if (date_type or self.get_date_list_period()) != "month":
            return super().get_date_list(queryset, date_type, ordering)
        months = months_with_stories(queryset)
        if not months and not self.get_allow_empty():
            raise Http404("No stories here.")
        return months if ordering == "ASC" else months[::-1]


def months_with_stories(stories):
    """The first moment (in the current time zone) of every month that has one of `stories`,
    oldest first, as `QuerySet.datetimes(…, "month")` gives them.

    One index seek per month that has stories ("the first story from this month on"), where
    `datetimes()` groups every story: 0.8 s for the archive of a million stories. On
    PostgreSQL the seeks go in one recursive query (5 ms for the 121 months of a million
    stories, where one query per month took 60 ms, nearly all of it round trips); elsewhere,
    one query per month.
    """
    if connections[stories.db].vendor == "postgresql":
        moments = _first_moment_of_each_month_in_one_query(stories)
    else:
        moments = _first_moment_of_each_month(stories)
    months = []
    for moment in moments:
        local = timezone.localtime(moment)
        months.append(timezone.make_aware(datetime.datetime(local.year, local.month, 1)))
    return months


def _first_moment_of_each_month(stories):
    oldest_first = stories.order_by("published_at").values_list("published_at", flat=True)
    moment = oldest_first.first()
    while moment is not None:
        yield moment
        local = timezone.localtime(moment)
        following = datetime.datetime(local.year + local.month // 12, local.month % 12 + 1, 1)
        moment = oldest_first.filter(published_at__gte=timezone.make_aware(following)).first()


def _first_moment_of_each_month_in_one_query(stories):
    """The same seeks as `_first_moment_of_each_month`, in one WITH RECURSIVE on PostgreSQL:
    each step asks for the first story at or after the start of the next month (in the
    current time zone, as `timezone.localtime` reads it)."""
    compiler = stories.order_by().values("published_at").query.get_compiler(using=stories.db)
    sql, params = compiler.as_sql()
    zone = timezone.get_current_timezone_name()
    months = f"""
        WITH RECURSIVE months(moment) AS (
            (SELECT s.published_at FROM ({sql}) s ORDER BY 1 LIMIT 1)
            UNION ALL
            SELECT (
                SELECT s.published_at FROM ({sql}) s
                WHERE s.published_at >= (
                    date_trunc('month', m.moment AT TIME ZONE %s) + interval '1 month'
                ) AT TIME ZONE %s
                ORDER BY 1 LIMIT 1
            )
            FROM months m WHERE m.moment IS NOT NULL
        )
        SELECT moment FROM months WHERE moment IS NOT NULL ORDER BY 1
    """
    # Raw SQL evaluates no queryset: say which list it reads, or a new story would never
    # purge the archive's index on PostgreSQL (it did on SQLite, whose seeks are querysets).
    record_list(stories.query)
    with connections[stories.db].cursor() as cursor:
        cursor.execute(months, [*params, *params, zone, zone])
        return [moment for (moment,) in cursor.fetchall()]


class ArticleArchiveIndexView(PublishedStoriesMixin, ArchiveIndexView):
    """Every month that has stories, grouped by year: the way into the archive."""

    date_list_period = "month"
    paginate_by = None
    allow_empty = True  # the way into the archive exists before the first story


class ArticleYearArchiveView(PublishedStoriesMixin, YearArchiveView):
    """The months of a year that have stories, and the year's stories a page at a time."""

    make_object_list = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Stories of {context['year']:%Y}"
        return context


class ArticleMonthArchiveView(PublishedStoriesMixin, MonthArchiveView):
    month_format = "%m"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Stories of {context['month']:%B %Y}"
        return context
