"""Partners hear of a live story's entries as updates of the story."""

import pytest

from distribution.models import StoryEvent
from live import services
from tests.factories import ArticleFactory, LiveCoverageFactory

pytestmark = pytest.mark.django_db


def updates(article):
    return StoryEvent.objects.filter(article=article, kind=StoryEvent.Kind.UPDATED).count()


def test_entries_of_a_published_live_story_are_pushed_as_one_waiting_update(
    reporter, editor, task_queue
):
    # The real queue: the update waits for a worker to fan it out, and absorbs the entries
    # until then (the tests' immediate backend would fan each one out at once).
    coverage = LiveCoverageFactory()
    first = services.live_entry_post(coverage=coverage, user=reporter, body="<p>One.</p>")
    assert updates(coverage.article) == 1
    services.live_entry_post(coverage=coverage, user=reporter, body="<p>Two.</p>")
    services.live_entry_pin(entry=first, user=editor, pinned=True, title="Key")
    services.live_entry_delete(entry=first, user=editor)
    assert updates(coverage.article) == 1  # not sent yet: it absorbs the others


@pytest.mark.parametrize("state", ["draft", "scheduled", "withdrawn"])
def test_entries_of_a_live_story_the_public_cannot_see_are_not_pushed(reporter, state):
    coverage = LiveCoverageFactory(article=ArticleFactory(**{state: True}))
    services.live_entry_post(coverage=coverage, user=reporter, body="<p>Not yet.</p>")
    assert (
        not StoryEvent.objects.filter(article=coverage.article)
        .exclude(kind=StoryEvent.Kind.PUBLISHED)
        .exists()
    )
