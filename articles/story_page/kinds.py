"""Kinds of story whose page another app draws (a live story: live/story_page.py).

Stories never import those apps: an app registers here the reverse one-to-one relation that
makes a story its kind, the template that draws it and what that template needs. The story
page selects every registered relation in its one query for the story, so a plain story's page
costs no query more.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class StoryKind:
    related_name: str
    template_name: str
    # (request, article, related object) -> extra context for the template
    context: object


KINDS = []


def register(related_name, template_name, context):
    KINDS.append(StoryKind(related_name, template_name, context))


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
