"""Every story change reaches a subscriber's receiver once, in order, signed, in its format."""

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from articles.services import article_transition
from distribution.models import Delivery, StoryEvent, Subscriber
from tests.conftest import run_worker_once
from tests.factories import ArticleFactory, EditorFactory, PersonFactory, SectionFactory
from tests.ninjs_schema import schema_errors

Status = Article.Status


@pytest.fixture
def editor(task_queue):
    return EditorFactory()


def edit(article, **changes):
    for name, value in changes.items():
        setattr(article, name, value)
    article.save()


def test_publish_update_correct_withdraw_reach_the_receiver_in_order(
    subscriber, receiver, editor, deliver_everything
):
    story = ArticleFactory(draft=True, headline="Leaders meet in Moscow")
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor)
    deliver_everything()
    edit(story, headline="Leaders meet in Moscow for the CIS summit")
    deliver_everything()
    Correction.objects.create(article=story, text="An earlier version misspelled a name.")
    deliver_everything()
    article_transition(article=story, to_status=Status.WITHDRAWN, user=editor)
    deliver_everything()

    assert [push.kind for push in receiver.pushes] == [
        "published",
        "updated",
        "corrected",
        "withdrawn",
    ]
    assert all(receiver.signature_is_valid(push) for push in receiver.pushes)
    assert len({push.event_id for push in receiver.pushes}) == 4
    published, updated, corrected, kill = (push.document for push in receiver.pushes)
    assert published["headlines"][0]["value"] == "Leaders meet in Moscow"
    assert updated["headlines"][0]["value"] == "Leaders meet in Moscow for the CIS summit"
    assert any(d["role"] == "correction" for d in corrected["descriptions"])
    assert kill["pubstatus"] == "canceled"
    assert "bodies" not in kill
    for document in (published, updated, corrected, kill):
        assert schema_errors(document, "2.2") == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.DELIVERED}


def test_changes_made_before_the_worker_runs_go_out_in_their_order(
    subscriber, receiver, editor, deliver_everything
):
    story = ArticleFactory(draft=True)
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor)
    edit(story, summary="A new summary.")
    Correction.objects.create(article=story, text="A date was wrong.")
    deliver_everything()
    assert [push.kind for push in receiver.pushes] == ["published", "updated", "corrected"]


def test_saves_of_a_story_not_yet_pushed_make_one_update(
    subscriber, receiver, editor, deliver_everything
):
    story = ArticleFactory()  # created published
    for number in range(3):
        edit(story, summary=f"Summary {number}.")
    assert StoryEvent.objects.filter(article=story, kind="updated").count() == 1
    deliver_everything()
    assert [push.kind for push in receiver.pushes] == ["published", "updated"]
    assert receiver.pushes[1].document["descriptions"][0]["value"] == "Summary 2."


def test_a_story_withdrawn_before_the_worker_ran_reaches_no_one(
    subscriber, receiver, editor, deliver_everything
):
    story = ArticleFactory(draft=True)
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor)
    article_transition(article=story, to_status=Status.WITHDRAWN, user=editor)
    deliver_everything()
    assert receiver.pushes == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.CANCELLED}


def test_drafts_and_stories_in_review_make_no_event(subscriber, editor, task_queue):
    story = ArticleFactory(draft=True)
    edit(story, headline="Still a draft")
    article_transition(article=story, to_status=Status.IN_REVIEW, user=editor)
    Correction.objects.create(article=story, text="Not public yet.")
    assert StoryEvent.objects.count() == 0


def test_a_scheduled_story_is_pushed_when_due_not_before(
    subscriber, receiver, editor, deliver_everything, clock
):
    story = ArticleFactory(draft=True)
    due = timezone.now() + timezone.timedelta(hours=2)
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor, published_at=due)
    run_worker_once()
    clock.advance(hours=1, minutes=59)
    run_worker_once()
    assert receiver.pushes == []
    clock.advance(minutes=2)
    run_worker_once()
    assert [push.kind for push in receiver.pushes] == ["published"]
    assert receiver.pushes[0].document["firstcreated"] == due.isoformat()


def test_a_scheduled_story_withdrawn_before_it_is_due_is_never_pushed(
    subscriber, receiver, editor, deliver_everything, clock
):
    story = ArticleFactory(draft=True)
    due = timezone.now() + timezone.timedelta(hours=2)
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor, published_at=due)
    clock.advance(hours=1)
    article_transition(article=story, to_status=Status.WITHDRAWN, user=editor)
    clock.advance(hours=2)
    deliver_everything()
    assert receiver.pushes == []


def test_a_rescheduled_story_is_pushed_at_its_new_time(
    subscriber, receiver, editor, deliver_everything, clock
):
    story = ArticleFactory(draft=True)
    first = timezone.now() + timezone.timedelta(hours=1)
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor, published_at=first)
    edit(story, published_at=first + timezone.timedelta(hours=3))
    clock.advance(hours=2)
    run_worker_once()
    assert receiver.pushes == []
    clock.advance(hours=2, minutes=1)
    run_worker_once()
    assert [push.kind for push in receiver.pushes] == ["published"]


def test_subscribers_get_only_the_stories_and_changes_they_chose(
    receiver, editor, deliver_everything
):
    world, sport = SectionFactory(), SectionFactory()
    person = PersonFactory()
    by_section = Subscriber.objects.create(
        name="World desk", endpoint_url=receiver.url + "?who=section", receives_all=False
    )
    by_section.sections.add(world)
    by_person = Subscriber.objects.create(
        name="Profile desk",
        endpoint_url=receiver.url + "?who=person",
        receives_all=False,
        on_updated=False,
    )
    by_person.people.add(person)
    about_person = ArticleFactory(draft=True, section=sport)
    about_person.people.add(person)
    in_world = ArticleFactory(draft=True, section=world)
    elsewhere = ArticleFactory(draft=True, section=sport)
    for story in (about_person, in_world, elsewhere):
        article_transition(article=story, to_status=Status.PUBLISHED, user=editor)
    edit(about_person, summary="Changed.")
    deliver_everything()
    received = sorted(
        (push.path.split("?who=")[1], push.document["slugline"], push.kind)
        for push in receiver.pushes
    )
    assert received == [
        ("person", about_person.slug, "published"),
        ("section", in_world.slug, "published"),
    ]


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_pushed_ninjs_validates_against_the_official_schema(
    receiver, editor, deliver_everything, version
):
    subscriber = Subscriber.objects.create(
        name="Agency", endpoint_url=receiver.url, format=f"ninjs-{version}"
    )
    receiver.secret = subscriber.secret
    story = ArticleFactory(draft=True)
    story.people.add(PersonFactory())
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor)
    article_transition(article=story, to_status=Status.WITHDRAWN, user=editor)
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor)
    deliver_everything()
    assert receiver.pushes, "nothing was pushed"
    for push in receiver.pushes:
        assert schema_errors(push.document, version) == [], push.kind


def test_the_api_json_format_is_the_apis_own_item(
    receiver, editor, deliver_everything, client, settings
):
    settings.NEWSROOM_SITE_URL = "http://testserver"
    Subscriber.objects.create(name="App", endpoint_url=receiver.url, format="api-json")
    story = ArticleFactory(draft=True)
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor)
    deliver_everything()
    pushed = receiver.pushes[0].document
    # The push's own field beside the item (the public API never shows an embargoed story).
    assert pushed.pop("embargoed_until") is None
    assert pushed == client.get(f"/api/articles/{story.slug}/").json()
