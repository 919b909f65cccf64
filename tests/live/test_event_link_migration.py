"""live 0002 links the live stories made before LiveCoverage.save() did to their events."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("live", "0001_initial")]
AFTER = [("live", "0002_link_live_stories_to_their_events")]


def test_a_live_story_made_before_is_linked_to_its_event():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Article, Event = apps.get_model("articles", "Article"), apps.get_model("events", "Event")
    LiveCoverage = apps.get_model("live", "LiveCoverage")
    event = Event.objects.create(title="The summit", slug="the-summit")
    linked = Article.objects.create(headline="Already linked", slug="already-linked")
    linked.events.add(event)
    unlinked = Article.objects.create(headline="Not linked", slug="not-linked")
    LiveCoverage.objects.create(article=linked, event=event)
    LiveCoverage.objects.create(article=unlinked, event=event)
    LiveCoverage.objects.create(article=Article.objects.create(headline="No event", slug="x"))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    links = apps.get_model("articles", "Article").events.through.objects
    assert sorted(links.values_list("article__slug", flat=True)) == [
        "already-linked",
        "not-linked",
    ]
