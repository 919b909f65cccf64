"""Template tags of the stories' lists: `{% story_teasers articles %}`, and
`{% story_badge article %}` before a headline ("Live")."""

import functools

from django import template
from django.utils.safestring import mark_safe

from articles.story_page import kinds
from articles.teasers import badge_html, teaser_html
from core.caching import fragments
from core.caching.keys import record_objects

register = template.Library()


@register.simple_tag(takes_context=True)
def story_teasers(context, articles):
    """The teasers of `articles` (`articles/teasers.py`), each made once per change of its
    story or section (a fragment: core/caching/fragments.py) and read for a whole list at
    once: the front, section, person and event pages and the archive draw the same teasers
    again and again.
    Signed-in users never read or fill a cache: theirs are made for them."""
    articles = list(articles)
    request = context.get("request")
    if getattr(getattr(request, "user", None), "is_authenticated", False):
        kinds.load_kinds(articles)
        return mark_safe("".join(teaser_html(article) for article in articles))
    names = [f"teaser:{article.pk}" for article in articles]
    kept = fragments.kept_fragments(names)
    kinds.load_kinds(
        article for article, name in zip(articles, names, strict=True) if name not in kept
    )

    def make(article):
        record_objects(article, article.section)  # loaded by the list, shown here
        return teaser_html(article)

    kept.update(
        fragments.remake_many(
            {
                name: functools.partial(make, article)
                for article, name in zip(articles, names, strict=True)
                if name not in kept
            },
            lists=False,
        )
    )
    return mark_safe("".join(kept[name] for name in names))  # each rendered, and escaped, there


@register.simple_tag
def story_badge(article):
    """A story's badge before its headline ("Live" while its coverage is open), or nothing:
    articles/story_page/kinds.py says which kinds of story have one."""
    return badge_html(article)
