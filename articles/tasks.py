"""Slow work on stories and their pictures, done by a task worker instead of in a request.

- Renditions: scaling a 40-megapixel upload to three widths takes seconds; the upload answers
  at once and the picture is shown at its original size until its renditions exist (a page
  never waits for them and never breaks without them).
- Linking the mentions of many stories from the story list: one linker pass per story, a
  few hundred milliseconds each; the editor's rights are checked again when it runs.
- Story pages ahead of their readers: when a change commits, the linked bodies and links of
  the story pages it purged are made again (`prepare_story_pages`), and the pages' parts
  around them, so the first reader after an edit or a rename does not wait for the linker
  nor for the page's templates (`core/caching/fragments.py`).
- The front page's lists ahead of its next reader (`prepare_front_page`): it is the most read
  page after the stories, and every change to a list of stories, an event or a section changes
  it; its first reader after each change would otherwise wait for its four queries and forty
  teasers. A purge that reaches one of the keys of today's kept lists
  (`articles.front_page.front_lists`) enqueues it; a purge of anything else (a draft, a
  person's page) enqueues nothing. As for the story pages, this needs the shared cache
  (Redis): with the local-memory cache the worker makes them in its own memory.
All can run twice without harm (a second pass finds nothing new to link, renditions are
made again under the same names), so the queue's at-least-once delivery is enough.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from articles import entity_links, front_page, workflow
from articles.models import Article, Image
from articles.services import article_link_mentions
from articles.story_page import kinds
from articles.story_page.links import story_links
from articles.story_page.page import prepare_story_page
from core.caching import fragments
from core.task_queue import enqueue

# A purge of a person, an event, an agreement, a place or an organization makes again the
# pages of their newest stories only: the most mentioned person is on thousands, and the rest
# of those are made by their first reader, as any page the cache has lost.
STORIES_MADE_AHEAD = 20


@task()
def make_renditions(image_pk):
    image = Image.objects.filter(pk=image_pk).first()
    if image is not None and image.file:
        image.store_renditions()


def make_renditions_of_upload(sender, image, **kwargs):
    """`articles.models.images.picture_uploaded`: a new picture's renditions, by a worker."""
    enqueue(make_renditions, image.pk)


@task()
def link_mentions(article_pks, user_pk):
    user = get_user_model().objects.filter(pk=user_pk).first()
    added = 0
    if user is None:
        return added
    for article in Article.objects.filter(pk__in=article_pks):
        if workflow.can_edit(user, article):
            added += article_link_mentions(article=article)
    return added


@task()
def prepare_story_pages(keys):
    """Make the story links (`articles.story_page.links.story_links`), and the reader's page
    around them (`articles.story_page.page.prepare_story_page`), of the published stories whose
    pages `keys` (object keys: `a12`, `p5`…) purged: the stories themselves and the newest
    stories of each person, event, agreement, place or organization."""
    relation_of_letter = entity_links.relation_of_letter()
    wanted = {}
    for key in keys:
        letter, pk = key[:1], key[1:]
        if letter in relation_of_letter and pk.isdigit():
            wanted.setdefault(letter, set()).add(int(pk))
    stories = Article.objects.published().select_related(
        "section", "agency", "lead_image", "dateline_place", *kinds.related_names()
    )
    pks = set(wanted.get("a", ()))
    for letter, entity_pks in wanted.items():
        linked = stories.filter(**{f"{relation_of_letter[letter]}__in": entity_pks})
        pks.update(linked.latest_first().values_list("pk", flat=True)[:STORIES_MADE_AHEAD])
    made = 0
    for article in stories.filter(pk__in=pks):
        story_links(article, again=True)
        prepare_story_page(article)  # the page around them, for each site readers use
        made += 1
    return made


@task()
def prepare_front_page():
    today = timezone.localdate()
    fragments.remake(
        front_page.front_lists_name(today), lambda: front_page.make_front_lists(None, today)
    )


def prepare_front_page_after_purge(keys):
    """A refresher (`core.caching.register_refresher`): the front page's lists are made
    again when `keys` reach what today's show."""
    kept = cache.get(fragments.PREFIX + front_page.front_lists_name(timezone.localdate()))
    if kept is not None and not kept.keys.isdisjoint(keys):
        enqueue(prepare_front_page)
