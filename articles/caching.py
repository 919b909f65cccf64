"""Which surrogate keys stories show and touch (see core/caching/keys.py).

Stories are `a`, sections `s`, agencies `n`, images `i`; corrections and quotes are shown on
their story's page (and a quote on its speaker's and event's). A story is on its section's list
(its foreign key says so), and on the lists of the people, events, agreements, places and
organizations it links, of the countries of its people, places and dateline (a country's page),
and of the stories it is related to. A scheduled story counts as public here: saving it purges
the lists it will join, so they are kept no later than its publication time (`register_schedule`).
"""

from articles import entity_links, tasks
from articles.models import Agency, Article, Correction, Image, Quote, Section
from core import caching
from core.caching.changes import keys_of
from core.caching.keys import list_key
from core.task_queue import enqueue
from events.models import Country

# A story's links, prefetched for every scheduled story at once.
LINKS = entity_links.RELATED_FIELDS


def story_is_public(story):
    """Published, due or scheduled: a draft or a withdrawn story is on no list."""
    return story.status == Article.Status.PUBLISHED


def story_list_keys(story):
    """The narrowed lists a story is on besides its section's: one query per kind of link, or
    none when they were prefetched (`scheduled_stories`)."""
    keys = set()
    for link in entity_links.STORY_LINKS:
        if link.field is None:
            continue
        for linked in getattr(story, link.field).all():
            keys.add(list_key(link.model, linked.pk, Article))
            if link.on_country_pages and linked.country_id is not None:
                keys.add(list_key(Country, linked.country_id, Article))
    if story.dateline_place_id is not None and story.dateline_place.country_id is not None:
        keys.add(list_key(Country, story.dateline_place.country_id, Article))
    return keys


def story_is_scheduled(story):
    return story.is_scheduled


def scheduled_stories(until):
    """When each story scheduled before `until` becomes public, and the keys it touches then."""
    stories = (
        Article.objects.scheduled()
        .filter(published_at__lt=until)
        .select_related("dateline_place")
        .prefetch_related(*LINKS)
    )
    return [(story.published_at, keys_of(story)) for story in stories]


def register():
    """Called once from ArticlesConfig.ready()."""
    caching.register(
        Article,
        "a",
        is_public=story_is_public,
        is_scheduled=story_is_scheduled,
        extra_list_keys=story_list_keys,
    )
    caching.register(Section, "s")
    caching.register(Agency, "n")
    caching.register(Image, "i")
    caching.register_dependent(Correction)
    caching.register_dependent(Quote)
    caching.register_schedule(scheduled_stories)
    caching.register_refresher(prepare_story_pages)


def prepare_story_pages(keys):
    """After a purge: the story pages it touched made again ahead of their readers, by a
    task (the object keys only; a list's purge changes no story's links)."""
    relation_of_letter = entity_links.relation_of_letter()
    wanted = sorted(key for key in keys if key[:1] in relation_of_letter and key[1:].isdigit())
    if wanted:
        enqueue(tasks.prepare_story_pages, wanted)
