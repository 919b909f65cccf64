"""The list of stories a section, a person's or an event's page shows, a page at a time.

The first page of a list is the same for every reader until a story on it changes, or a story
joins or leaves the list: its count ("Page 1 of 50") and its teasers are kept as a fragment
(`core/caching/fragments.py`) under the keys of the list and of every story it shows, so
a new, edited or withdrawn story purges it exactly as it purges the page, and a scheduled
story coming due makes it stale at that moment (the fragment's `due_at`). A reader of the
first page then runs no query for it: counting and reading a page of stories through the link
table, ordered by publication time, was most of these pages at 100,000 stories. Deeper pages
(`?page=2`) are read each time, as any page the cache has lost, and every page is counted from
the story index rather than row by row; signed-in users never read or fill a fragment (the
desk sees what the database holds).
"""

import datetime

from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.models import Article, Section
from articles.story_index import published_story_count
from articles.story_page import loading
from core.caching import fragment, record
from core.caching.fixed_shape import FixedShape
from core.caching.keys import list_key
from core.pagination import PER_PAGE, CappedPaginator, paginate
from events.models import Event, Person

ARTICLE_LIST = "includes/article_list.html"


def published_stories(**which):
    """Published stories, newest first, with what every list shows beside the headline (a
    live story's badge among it: articles/story_page/kinds.py); `which` goes to `published()`."""
    return (
        Article.objects.published(**which)
        .select_related(*loading.listed_relations())
        .latest_first()
    )


def story_list_page(request, owner, link):
    """(the page that `?page=` asks for of the published stories linking `owner` (a section,
    a person, an event) by `link` ("section", "people", "events"), its teasers as HTML).
    The list is counted from the story index (`published_count`). The page is for its
    paging links only: its teasers are drawn already (a kept first page has no
    `object_list`)."""

    def page_of_stories():
        stories = published_stories().filter(**{link: owner})
        return paginate(request, stories, count=published_count(owner, link))

    if request.GET.get("page", "1") not in ("", "1") or request.user.is_authenticated:
        page = page_of_stories()
        return page, render_story_list(request, page.object_list)

    def first_page():
        counted = min(published_count(owner, link), CappedPaginator.max_count + 1)
        rows = FIRST_PAGES[link](owner=owner.pk, now=timezone.now())
        return {"counted": counted, "html": render_story_list(request, rows)}

    kept = fragment(f"stories:{link}:{owner.pk}", first_page)
    paginator = CappedPaginator([], PER_PAGE, allow_empty_first_page=True)
    paginator.counted = kept["counted"]  # what `count` and `num_pages` read
    return paginator.page(1), kept["html"]


def first_page_of(link):
    """The first page of the stories linking an owner by `link`, as `paginate` reads it,
    built once per connection (core/caching/fixed_shape.py): building and compiling it was
    a third of the list's time for a reader whom nothing was kept for."""

    def build(owner, now):
        return published_stories(now=now).filter(**{link: owner})[:PER_PAGE]

    build.__qualname__ = f"first_page_of_{link}"
    return FixedShape(build, owner=int, now=datetime.datetime)


# The owners of the lists, by the link from their stories.
OWNERS = {"section": Section, "people": Person, "events": Event}
FIRST_PAGES = {link: first_page_of(link) for link in OWNERS}


def published_count(owner, link):
    """How many published stories link `owner` (a section, a person, an event) by `link`, from
    `StoryCount` less the stories still scheduled: exact at every moment, one row along an
    index, where counting the list through the link table took 25–40 ms on PostgreSQL at
    100,000 stories. Tagged with the list's key, as counting the list would be."""
    record(list_key(type(owner), owner.pk, Article))
    return COUNTS[link](owner=owner.pk, now=timezone.now())[0]


def count_of(model, link):
    """`published_count` of a `model` row linked by `link`, built once per connection."""
    return FixedShape(
        lambda owner, now: (
            model.objects.filter(pk=owner)
            .annotate(stories=published_story_count(link, now))
            .values_list("stories", flat=True)
        ),
        owner=int,
        now=datetime.datetime,
    )


COUNTS = {link: count_of(model, link) for link, model in OWNERS.items()}


def render_story_list(request, stories):
    """`includes/article_list.html` of `stories`, as the page would include it (its teasers
    are read by `story_teasers`, which asks the request who is reading)."""
    return rendered(ARTICLE_LIST, {"articles": stories, "request": request})


def rendered(template_name, context):
    """A part of a page as HTML, to be kept as a fragment and put in the page as it is (the
    same bytes as an `{% include %}` of it: no context processor is asked)."""
    return mark_safe(get_template(template_name).render(context))  # escaped by the template
