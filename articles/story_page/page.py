"""A reader's story page, made once per change and kept, and made again ahead of its next
reader when a change commits (`prepare_story_page`, for each site readers use).

What articles/article_detail.html puts in base.html's blocks is made once per change and kept
per address (its canonical URL: the page's absolute links and JSON-LD name the host it was
asked on), so that a reader's request is the story's row checked against the database, one
read of the cache and base.html around the blocks (`articles.views.article_detail`).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.models import Article
from articles.rendering import linked_body
from articles.story_page import kinds, loading
from articles.story_page.links import attach_story_links, story_boxes
from core.caching import fragments, record
from core.page_address import PageAddress, is_served

STORY_PAGE_PARTS = ("meta", "head", "main_class", "content")
# Between the blocks' outputs: "<" is escaped everywhere a story's text or data is written,
# and a page whose output holds it anyway is drawn as it always was (`story_page_parts`).
PART_SEPARATOR = mark_safe("<\x00story-page-part\x00>")


def story_page_name(address):
    """The fragment of the reader's story page at `address` (a PageAddress)."""
    url = address.canonical_url()
    return f"story-page:{hashlib.sha256(url.encode()).hexdigest()}"


def kept_story_page(address, slug):
    """(story id, parts) of the reader's story page at `address` when one is kept, fresh,
    and the story it shows is still published under `slug` (the database says so on every
    request; the cache only says what the page shows); else None."""
    kept = fragments.kept_fragments([story_page_name(address)])
    if not kept:
        return None
    ((story_id, parts),) = kept.values()
    if parts is None:
        return None
    if not Article.objects.published().filter(pk=story_id, slug=slug).exists():
        return None  # unpublished since, or the slug names another story now
    return story_id, parts


def made_story_page(address, article, loaded):
    """The parts of the reader's page at `address` of the published, plain `article` (loaded
    with `loading.load_story`, `loaded` the keys of what it loaded), made now and kept
    (`kept_story_page`); None when they cannot be told apart."""
    remember_site(address)

    def make():
        # Loaded by the view, outside this fragment: their keys make their edits purge it.
        record(*loaded)
        links = attach_story_links(article, loaded)
        return article.pk, story_page_parts(address, article, links)

    _story_id, parts = fragments.remake(story_page_name(address), make)
    return parts


def story_page_parts(address, article, links):
    """{block: HTML} of articles/article_detail.html for a reader at `address`, or None when
    a block's output holds the separator (then the page is drawn whole, as before).

    Drawn without a request: the blocks show nothing of who reads them, only where (the
    absolute URLs: `page_address`) and the site's name (what the context processor gives
    base.html's own blocks, not drawn here)."""
    context = story_page_context(article, links["body"], links["boxes"])
    context.update(
        base_template="articles/story_parts.html",
        part_separator=PART_SEPARATOR,
        page_address=address,
        site_name=settings.SITE_NAME,
    )
    html = render_to_string("articles/article_detail.html", context)
    parts = html.split(PART_SEPARATOR)
    if len(parts) != len(STORY_PAGE_PARTS):
        return None
    # Each part is the template's own output, escaped there.
    return dict(zip(STORY_PAGE_PARTS, map(mark_safe, parts), strict=True))


# The sites (scheme, host) readers asked for story pages on lately: a change makes the pages
# again ahead of their next reader for each (`prepare_story_page`). A few: the site's hosts.
STORY_PAGE_SITES = "story-page-sites"
MAX_STORY_PAGE_SITES = 8


def remember_site(address):
    site = (address.scheme, address.host)
    sites = cache.get(STORY_PAGE_SITES) or []
    if site not in sites:
        cache.set(STORY_PAGE_SITES, [*sites, site][-MAX_STORY_PAGE_SITES:], None)


def prepare_story_page(article):
    """Make the reader's page of the published `article` (its row read with the relations
    its page selects, `story_links` fresh) again now, for each site readers asked for story
    pages on: a task does it when a change commits (`articles.tasks.prepare_story_pages`),
    so that the next reader finds it made."""
    if not kinds.is_plain(article):
        return
    loaded = loading.story_row_keys(article)
    for scheme, host in cache.get(STORY_PAGE_SITES) or []:
        if not is_served(host):
            continue  # no longer served (ALLOWED_HOSTS changed): its readers are gone
        made_story_page(PageAddress(scheme, host, article.get_absolute_url()), article, loaded)


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
