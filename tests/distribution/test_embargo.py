"""Embargoes: partners receiving embargoed copy get the story at once, the embargo in the push;
the public and every other partner only when it lifts (the clock moved past it); lifting it
early or withdrawing it first is pushed to those who have it. Only editors set or lift one."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.models import Article
from articles.services import article_set_embargo, article_transition
from distribution.models import Subscriber
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory
from tests.ninjs_schema import schema_errors

Status = Article.Status
HOURS = 5


@pytest.fixture
def editor(task_queue):
    return EditorFactory()


@pytest.fixture
def partners(receiver, task_queue):
    """{name: subscriber}: three embargo partners (one per format) and one other."""
    made = {}
    for name, subscriber_format, embargoed in [
        ("wire-2", "ninjs-2.2", True),
        ("wire-3", "ninjs-3.1", True),
        ("wire-api", "api-json", True),
        ("site", "ninjs-2.2", False),
    ]:
        made[name] = Subscriber.objects.create(
            name=name,
            endpoint_url=f"{receiver.url}/{name}",
            format=subscriber_format,
            receives_embargoed=embargoed,
        )
    return made


def pushes_to(receiver, name):
    """What one partner took in, once per event id (the same event goes to each partner)."""
    seen, taken = set(), []
    for push in receiver.pushes:
        if push.path.endswith(f"/{name}") and push.answered == 200 and push.event_id not in seen:
            seen.add(push.event_id)
            taken.append(push)
    return taken


def embargoed_story(editor):
    story = ArticleFactory(draft=True, headline="Treaty text agreed", slug="treaty")
    story.embargoed_until = timezone.now() + datetime.timedelta(hours=HOURS)
    story.save()
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor)
    return story


def public(client, story):
    return client.get(f"/stories/{story.slug}/").status_code == 200


def test_embargo_partners_get_it_at_once_with_the_embargo_the_others_when_it_lifts(
    partners, receiver, editor, deliver_everything, clock, client
):
    story = embargoed_story(editor)
    deliver_everything()
    until = story.embargoed_until.isoformat()
    (two,) = pushes_to(receiver, "wire-2")
    (three,) = pushes_to(receiver, "wire-3")
    (api,) = pushes_to(receiver, "wire-api")
    assert (two.kind, two.document["embargoed"]) == ("published", until)
    assert three.document["embargoedUntil"] == until
    assert schema_errors(two.document, "2.2") == []
    assert schema_errors(three.document, "3.1") == []
    assert api.document["embargoed_until"] == until
    assert pushes_to(receiver, "site") == []
    assert not public(client, story)
    assert not Article.objects.published().filter(pk=story.pk).exists()

    clock.advance(hours=HOURS, minutes=-1)  # real time passes too: a minute's margin
    deliver_everything()
    assert pushes_to(receiver, "site") == []
    assert not public(client, story)

    clock.advance(minutes=2)
    deliver_everything()
    (site,) = pushes_to(receiver, "site")
    assert site.kind == "published"
    assert "embargoed" not in site.document  # it is over: nothing to hold
    assert site.arrived_at >= story.embargoed_until
    assert public(client, story)
    assert len(pushes_to(receiver, "wire-2")) == 1  # they have it already


def test_lifting_an_embargo_early_tells_those_who_have_it_and_releases_it_to_the_others(
    partners, receiver, editor, deliver_everything, client
):
    story = embargoed_story(editor)
    deliver_everything()
    article_set_embargo(article=story, user=editor, embargoed_until=None)
    deliver_everything()
    lifted = pushes_to(receiver, "wire-2")[-1]
    assert lifted.kind == "updated"
    assert "embargoed" not in lifted.document
    assert schema_errors(lifted.document, "2.2") == []
    assert [push.kind for push in pushes_to(receiver, "site")] == ["published"]
    assert public(client, story)


def test_withdrawing_before_the_embargo_lifts_kills_it_for_those_who_have_it(
    partners, receiver, editor, deliver_everything, clock, client
):
    story = embargoed_story(editor)
    deliver_everything()
    article_transition(article=story, to_status=Status.WITHDRAWN, user=editor)
    deliver_everything()
    clock.advance(hours=HOURS + 1)
    deliver_everything()
    for name in ("wire-2", "wire-3", "wire-api"):
        assert [push.kind for push in pushes_to(receiver, name)] == ["published", "withdrawn"]
    kill = pushes_to(receiver, "wire-2")[-1].document
    assert kill["pubstatus"] == "canceled"
    assert schema_errors(kill, "2.2") == []
    assert pushes_to(receiver, "site") == []
    assert not public(client, story)


def test_an_embargo_moved_later_holds_the_others_until_the_new_time(
    partners, receiver, editor, deliver_everything, clock
):
    story = embargoed_story(editor)
    deliver_everything()
    later = story.embargoed_until + datetime.timedelta(hours=3)
    article_set_embargo(article=story, user=editor, embargoed_until=later)
    deliver_everything()
    assert pushes_to(receiver, "wire-2")[-1].document["embargoed"] == later.isoformat()
    clock.advance(hours=HOURS + 1)
    deliver_everything()
    assert pushes_to(receiver, "site") == []
    clock.advance(hours=3)
    deliver_everything()
    assert [push.kind for push in pushes_to(receiver, "site")] == ["published"]


# Who may set or lift one.


def test_only_editors_set_or_lift_an_embargo(db):
    story = ArticleFactory(scheduled=True)
    until = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(PermissionDenied):
        article_set_embargo(article=story, user=ReporterFactory(), embargoed_until=until)
    article_set_embargo(article=story, user=EditorFactory(), embargoed_until=until)
    assert Article.objects.get(pk=story.pk).embargoed_until == until


def test_an_embargo_cannot_take_a_public_story_back(db):
    story = ArticleFactory()
    with pytest.raises(ValidationError, match="public already"):
        article_set_embargo(
            article=story,
            user=EditorFactory(),
            embargoed_until=timezone.now() + datetime.timedelta(hours=1),
        )
    assert Article.objects.published().filter(pk=story.pk).exists()
