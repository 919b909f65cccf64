"""What a story page shows beside the story's own row, loaded once per change: the linked
body, the boxes beside it (people with the posts they held then, events, agreements, related
stories) and the rows its JSON-LD reads, kept as one fragment per story (`story_links`).
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.rendering import linked_body
from articles.story_lists import published_stories
from articles.story_page import loading
from core.caching import fragment, fragments, record
from core.caching.fixed_shape import FixedShape
from core.caching.keys import record_objects
from events.models import Agreement, Event, Person, Position
from events.ratification import with_ratification_counts


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
    (`core/caching/fragments.py`; `again`: made now, whatever is kept). A dict of the
    body and of lists of rows. `loaded`: the keys of the relations loaded with the story's
    row, if any (`loading.load_story`), which are not loaded again."""

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
            loading.set_prefetched(article, relation, links[relation])
    return links


def prefetch_story_relations(article):
    """Load everything the story page shows in one query per kind of thing, however many
    (the people with their posts then in one; what `article` has prefetched already, as
    `loading.load_story` gives it, not again)."""
    story_date = timezone.localdate(article.published_at or timezone.now())
    prefetched = getattr(article, "_prefetched_objects_cache", {})
    if "people" not in prefetched:
        people = loading.people_with_positions_then(article, story_date)
        loading.set_prefetched(article, "people", people)
    loading.set_prefetched(article, "events", STORY_EVENTS(article=article.pk))
    loading.set_prefetched(article, "agreements", STORY_AGREEMENTS(article=article.pk))
    # What `load_story` gave it is not asked again (nor its Prefetch built: not free).
    if "related_articles" not in prefetched:
        prefetch_related_objects([article], Prefetch("related_articles", published_stories()))
    if "corrections" not in prefetched:
        prefetch_related_objects([article], "corrections")


def events_shown():
    return Event.objects.select_related("place")


def agreements_shown():
    return with_ratification_counts(Agreement.objects.all())


# The story's events and agreements, built once per connection (core/caching/fixed_shape.py).
STORY_EVENTS = FixedShape(lambda article: events_shown().filter(articles=article), article=int)
STORY_AGREEMENTS = FixedShape(
    lambda article: agreements_shown().filter(articles=article), article=int
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
        "events": events_shown(),
        "agreements": agreements_shown(),
        "related_articles": published_stories(),
    }
