"""The list of stories a section, a person's or an event's page shows, a page at a time.

The first page of a list is the same for every reader until a story on it changes, or a story
joins or leaves the list: its count ("Page 1 of 50") and its teasers are kept as a fragment
(`newsroom/caching/fragments.py`) under the keys of the list and of every story it shows, so
a new, edited or withdrawn story purges it exactly as it purges the page, and a scheduled
story coming due makes it stale at that moment (the fragment's `due_at`). A reader of the
first page then runs no query for it: counting and reading a page of stories through the link
table, ordered by publication time, was most of these pages at 100,000 stories. Deeper pages
(`?page=2`) are read each time, as any page the cache has lost; signed-in users never read or
fill a fragment (the desk sees what the database holds).
"""

from django.template.loader import get_template
from django.utils.safestring import mark_safe

from newsroom.caching import fragment
from newsroom.pagination import PER_PAGE, CappedPaginator, paginate

ARTICLE_LIST = "includes/article_list.html"


def story_list_page(request, name, stories):
    """(the page of stories that `?page=` asks for, its teasers as HTML). `stories()` gives
    the list's queryset, built only when the list is read from the database; `name` names the
    kept first page (one per list: "section-stories:3"). The page is for its paging links
    only: its teasers are drawn already (and a kept first page has no `object_list`)."""
    if request.GET.get("page", "1") not in ("", "1") or request.user.is_authenticated:
        page = paginate(request, stories())
        return page, render_story_list(request, page.object_list)

    def first_page():
        page = paginate(request, stories())
        return {
            "counted": page.paginator.counted,
            "html": render_story_list(request, page.object_list),
        }

    kept = fragment(name, first_page)
    paginator = CappedPaginator([], PER_PAGE, allow_empty_first_page=True)
    paginator.counted = kept["counted"]  # what `count` and `num_pages` read
    return paginator.page(1), kept["html"]


def render_story_list(request, stories):
    """`includes/article_list.html` of `stories`, as the page would include it (its teasers
    are read by `story_teasers`, which asks the request who is reading)."""
    html = get_template(ARTICLE_LIST).render({"articles": stories, "request": request})
    return mark_safe(html)  # the template's own output, escaped there
