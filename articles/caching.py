"""Which surrogate keys stories show and touch (see newsroom/caching/keys.py).

Stories are `a`, sections `s`, agencies `n`, images `i`; corrections and quotes are shown on
their story's page (and a quote on its speaker's and event's). A story is on its section's list
(its foreign key says so), and on the lists of the people, events, agreements, places and
organizations it links, of the countries of its people, places and dateline (a country's page),
and of the stories it is related to. A scheduled story counts as public here: saving it purges
the lists it will join, so they are kept no later than its publication time (`register_schedule`).
"""

from articles.models import Agency, Article, Correction, Image, Quote, Section
from events.models import Agreement, Country, Event, Organization, Person, Place
from newsroom import caching
from newsroom.caching.changes import keys_of
from newsroom.caching.keys import list_key


def story_is_public(story):
    """Published, due or scheduled: a draft or a withdrawn story is on no list."""
    return story.status == Article.Status.PUBLISHED


def story_list_keys(story):
    """The narrowed lists a story is on besides its section's, in one query per kind."""
    keys = set()
    for person_pk, country_pk in story.people.values_list("pk", "country_id"):
        keys.add(list_key(Person, person_pk, Article))
        if country_pk is not None:
            keys.add(list_key(Country, country_pk, Article))
    for place_pk, country_pk in story.places.values_list("pk", "country_id"):
        keys.add(list_key(Place, place_pk, Article))
        if country_pk is not None:
            keys.add(list_key(Country, country_pk, Article))
    for model, links in [
        (Event, story.events),
        (Agreement, story.agreements),
        (Organization, story.organizations),
        (Article, story.related_articles),
    ]:
        keys.update(list_key(model, pk, Article) for pk in links.values_list("pk", flat=True))
    if story.dateline_place_id is not None:
        dateline_country = (
            Place.objects.filter(pk=story.dateline_place_id).values_list("country_id").first()
        )
        if dateline_country and dateline_country[0] is not None:
            keys.add(list_key(Country, dateline_country[0], Article))
    return keys


def scheduled_stories():
    """When each scheduled story becomes public, and the keys its publication touches."""
    return [(story.published_at, keys_of(story)) for story in Article.objects.scheduled()]


def register():
    """Called once from ArticlesConfig.ready()."""
    caching.register(Article, "a", is_public=story_is_public, extra_list_keys=story_list_keys)
    caching.register(Section, "s")
    caching.register(Agency, "n")
    caching.register(Image, "i")
    caching.register_dependent(Correction)
    caching.register_dependent(Quote)
    caching.register_schedule(scheduled_stories)
