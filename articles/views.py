"""Public pages of the stories: the front page, a story, a section, the archive, search and
robots.txt. Each finds what to show and hands it to a template or a page builder
(`articles.front_page`, `articles.story_page`)."""

import datetime
import functools
import hashlib

from django.conf import settings
from django.db import connections
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET
from django.views.generic.dates import ArchiveIndexView, MonthArchiveView, YearArchiveView

from articles import search as story_search
from articles.context_processors import sections_for
from articles.front_page import front_lists
from articles.highlighting import highlight_results, with_marks
from articles.models import Article
from articles.story_lists import published_stories, story_list_page
from articles.story_page import kinds, loading
from articles.story_page.links import attach_story_links, prefetch_story_relations
from articles.story_page.page import kept_story_page, made_story_page, story_page_context
from articles.teasers import search_results_html
from articles.view_counts import count_view, story_ids_by_slug
from core.caching import fragment, public_page, record
from core.caching.keys import record_list
from core.page_address import PageAddress
from core.pagination import CappedPaginator, paginate
from core.text import search_terms


def home(request):
    """The front page: its lists come made (`front_lists`) for readers, so a reader runs no
    query for them between changes."""
    return render(request, "articles/home.html", {"front_lists": front_lists(request)})


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
        address = PageAddress.of(request)
        kept = kept_story_page(address, slug)
        if kept is not None:
            return story_page_response(request, slug, *kept)
        article, loaded = loading.load_story(slug)
        if article is None:
            raise Http404("No published story here.")
        record(*loaded)
        if kinds.is_plain(article):
            parts = made_story_page(address, article, loaded)
            if parts is not None:
                return story_page_response(request, slug, article.pk, parts)
        links = attach_story_links(article, loaded)
    else:
        stories = (
            Article.objects.all() if can_preview(request.user) else Article.objects.published()
        )
        article = get_object_or_404(
            stories.select_related(
                "section", "agency", "lead_image", "dateline_place", *kinds.related_names()
            ),
            slug=slug,
        )
        # A draft changes with every save of the desk: made for this look only, never kept;
        # and signed-in users never read or fill a cache (core/caching/pages.py).
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
    if kind_page := kinds.page_for(request, article):  # a live story
        template_name, extra = kind_page
        context.update(extra)
    response = render(request, template_name, context)
    if is_preview:
        # A preview must never be kept by a browser or a shared cache.
        add_never_cache_headers(response)
    return response


def story_page_response(request, slug, story_id, parts):
    if request.method == "GET":
        count_view(story_id)  # a reader (staff are signed in and never come here)
    story_ids_by_slug.remember(slug, story_id)
    return render(request, "articles/story_page.html", {"story_page": parts})


def section_detail(request, slug):
    # The site's sections are kept for the navigation every page draws (no query for readers).
    section = next((section for section in sections_for(request) if section.slug == slug), None)
    if section is None:
        raise Http404("No such section.")
    page, story_list = story_list_page(request, section, "section")
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


def search(request):
    """Ranked full-text search over published stories (`articles.search`), matches marked.

    A reader's results (their number and the page's stories, drawn) are kept for
    `NEWSROOM_SEARCH_KEEP_SECONDS` per search and page, as a part of a page is (`fragment`):
    a change to a story, or to any list of them, makes them again. The desk never reads them."""
    query = request.GET.get("q", "").strip()
    # The words the search uses: "Leaders  summit" and "Leaders summit" are one search.
    terms = " ".join(search_terms(query))

    def results():
        found, count = story_search.search_results(published_stories(), terms)
        page = paginate(request, with_marks(found, terms), count=count)
        return count, search_results_html(highlight_results(page.object_list, terms))

    seconds = settings.NEWSROOM_SEARCH_KEEP_SECONDS
    if seconds and not request.user.is_authenticated:
        which = hashlib.sha256(f"{terms}\n{request.GET.get('page') or 1}".encode()).hexdigest()
        count, results_html = fragment(f"search:{which}", results, seconds=seconds)
    else:
        count, results_html = results()
    # For the paging links: the page's stories are drawn already.
    page = paginate(request, range(count), count=count)
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "page": page,
            "results_html": results_html,
            # The search ranks the most recent MAX_RANKED matches: there may be more.
            "only_most_recent": count >= story_search.MAX_RANKED,
        },
    )


@functools.cache
def favicon_bytes():
    return (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


@require_GET
def favicon(request):
    """/favicon.ico, where browsers, feed readers and bookmarks look for a site's icon without
    being told (pages name static/favicon.svg as well): the same bytes as static/favicon.ico,
    kept a day by browsers and caches."""
    response = HttpResponse(favicon_bytes(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


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
