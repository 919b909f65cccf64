"""Kinds of story whose page another app draws (a live story: live/story_page.py).

Stories never import those apps: an app registers here the reverse one-to-one relation that
makes a story its kind, the template that draws it and what that template needs. The story
page selects every registered relation in its one query for the story, and so does every list
of stories (`articles.views.published_stories`), so a plain story costs no query more.

A kind may also give a story a badge ("Live") beside its headline wherever it is drawn: the
story page and every teaser. The badge is read from the relation the story's query selected,
never with a query of its own, and the related row's surrogate key is added to what is being
made (a page, a teaser's fragment), so the change that adds or removes the badge (a coverage
opened or closed) purges every part of a page showing it.
"""

from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from articles.models import Article
from core.caching.keys import record_objects


@dataclass(frozen=True)
class StoryKind:
    related_name: str
    template_name: str
    # (request, article, related object) -> extra context for the template
    context: object
    # related object -> the badge's words beside the headline, or "" for none
    badge: object = None


KINDS = []


def register(related_name, template_name, context, *, badge=None):
    KINDS.append(StoryKind(related_name, template_name, context, badge))


def related_names():
    return [kind.related_name for kind in KINDS]


def is_plain(article):
    """Whether `article` is of no registered kind: articles/article_detail.html draws it."""
    return all(getattr(article, kind.related_name, None) is None for kind in KINDS)


def page_for(request, article):
    """(template name, extra context) for a story of a registered kind, or None."""
    for kind in KINDS:
        related = getattr(article, kind.related_name, None)  # selected with the story
        if related is not None:
            return kind.template_name, kind.context(request, article, related)
    return None


def load_kinds(articles):
    """Load the kinds' relations of those `articles` whose query did not select them, in one
    query per kind (none when every list selected them, as `published_stories` does): a
    teaser kept without its badge would show it missing until the story next changed."""
    prefetch_related_objects(list(articles), *related_names())


def badge_of(article):
    """(words, kind's related name) of `article`'s badge, or None. Only from a relation its
    query selected: a story loaded without it shows no badge rather than costing a query (every
    list and the story page select them). The related row's key is recorded either way, so
    what shows the story goes stale when the badge would change."""
    for kind in KINDS:
        if kind.badge is None:
            continue
        relation = Article._meta.get_field(kind.related_name)
        if not relation.is_cached(article):
            continue
        related = relation.get_cached_value(article)
        if related is None:
            continue
        record_objects(related)
        words = kind.badge(related)
        if words:
            return words, kind.related_name
    return None
