"""A partner added later gets the past only when an editor asks: the current version of the
matching stories of the last N days, queued, sent to it alone, through the real worker to a
real receiver."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from distribution.models import Delivery, Subscriber
from tests.distribution.receiver import start_receiver
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory, SectionFactory
from tests.ninjs_schema import schema_errors
from tests.signing_in import sign_in

CHANGELIST = "/admin/distribution/subscriber/"


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def editor_client(client, task_queue):
    sign_in(client, EditorFactory())
    return client


@pytest.fixture
def world(task_queue):
    """Stories of every kind, in and out of the partner's section, before it subscribed."""
    politics, sport = SectionFactory(name="Politics"), SectionFactory(name="Sport")
    recent = ArticleFactory(headline="Summit opens", section=politics, published_at=days_ago(2))
    recent.headline = "Summit opens in Moscow"  # edited since: the current version goes
    recent.save()
    Correction.objects.create(article=recent, text="The venue was misnamed.")
    stories = {
        "recent": recent,
        "today": ArticleFactory(section=politics, published_at=days_ago(0.1)),
        "old": ArticleFactory(section=politics, published_at=days_ago(10)),
        "other section": ArticleFactory(section=sport, published_at=days_ago(1)),
        "draft": ArticleFactory(section=politics, draft=True),
        "scheduled": ArticleFactory(section=politics, scheduled=True),
        "withdrawn": ArticleFactory(section=politics, withdrawn=True, published_at=days_ago(1)),
        "embargoed": ArticleFactory(
            section=politics,
            published_at=days_ago(1),
            embargoed_until=timezone.now() + datetime.timedelta(hours=5),
        ),
    }
    return politics, stories


@pytest.fixture
def receiver():
    receiver, server = start_receiver()
    yield receiver
    receiver.release.set()
    server.shutdown()
    server.server_close()


def new_partner(receiver, section, **options):
    partner = Subscriber.objects.create(
        name="Archive", endpoint_url=receiver.url, receives_all=False, **options
    )
    partner.sections.add(section)
    receiver.secret = partner.secret
    return partner


def backfill(client, partner, days):
    """The list action, as an editor runs it: choose it, then say how many days."""
    chosen = {"action": "send_recent_stories", "_selected_action": [partner.pk]}
    asked = client.post(CHANGELIST, chosen)
    assert asked.status_code == 200
    assert "Stories from the last" in asked.content.decode()
    return client.post(CHANGELIST, {**chosen, "days": days, "apply": "Send them"}, follow=True)


def test_a_new_partner_gets_nothing_from_the_past_until_an_editor_asks(
    world, receiver, deliver_everything
):
    politics, _ = world
    deliver_everything()
    new_partner(receiver, politics)
    deliver_everything()
    assert receiver.pushes == []


def test_backfill_sends_the_current_version_of_matching_stories_of_the_last_days(
    world, receiver, editor_client, deliver_everything
):
    politics, stories = world
    deliver_everything()  # what went out before the partner existed
    partner = new_partner(receiver, politics)

    response = backfill(editor_client, partner, 7)
    assert "are on their way" in response.content.decode()
    deliver_everything()

    got = {push.document["slugline"]: push for push in receiver.accepted()}
    assert set(got) == {stories["recent"].slug, stories["today"].slug}
    assert [push.document["slugline"] for push in receiver.accepted()] == [
        stories["recent"].slug,
        stories["today"].slug,
    ]  # oldest first
    recent = got[stories["recent"].slug].document
    assert recent["headlines"][0]["value"] == "Summit opens in Moscow"
    assert recent["version"] == str(Article.objects.get(pk=stories["recent"].pk).version)
    assert any(item["role"] == "correction" for item in recent["descriptions"])
    assert {push.kind for push in receiver.accepted()} == {"published"}
    assert all(receiver.signature_is_valid(push) for push in receiver.pushes)
    assert all(schema_errors(push.document, "2.2") == [] for push in receiver.pushes)
    # Sent to this partner alone.
    assert set(
        Delivery.objects.filter(
            event__in=Delivery.objects.filter(subscriber=partner).values("event")
        ).values_list("subscriber_id", flat=True)
    ) == {partner.pk}


def test_a_partner_receiving_embargoed_copy_gets_the_embargoed_story_with_its_embargo(
    world, receiver, editor_client, deliver_everything
):
    politics, stories = world
    deliver_everything()
    partner = new_partner(receiver, politics, receives_embargoed=True)
    backfill(editor_client, partner, 3)
    deliver_everything()
    got = {push.document["slugline"]: push.document for push in receiver.accepted()}
    assert set(got) == {stories["recent"].slug, stories["today"].slug, stories["embargoed"].slug}
    assert got[stories["embargoed"].slug]["embargoed"] == (
        stories["embargoed"].embargoed_until.isoformat()
    )
    assert "embargoed" not in got[stories["today"].slug]


def test_a_story_the_partner_already_has_goes_again_as_an_update(
    world, receiver, editor_client, deliver_everything
):
    politics, stories = world
    partner = new_partner(receiver, politics)
    stories["today"].headline = "Talks go on"
    stories["today"].save()
    deliver_everything()
    assert [push.kind for push in receiver.accepted()] == ["updated"]
    backfill(editor_client, partner, 1)
    deliver_everything()
    assert [push.kind for push in receiver.accepted()] == ["updated", "updated"]
    assert receiver.accepted()[-1].document["headlines"][0]["value"] == "Talks go on"


@pytest.mark.parametrize("days", ["0", "366", "a week"])
def test_an_impossible_number_of_days_is_refused_and_nothing_is_sent(
    world, receiver, editor_client, deliver_everything, days
):
    politics, _ = world
    deliver_everything()
    partner = new_partner(receiver, politics)
    response = backfill(editor_client, partner, days)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    deliver_everything()
    assert receiver.pushes == []


def test_a_reporter_cannot_backfill(world, receiver, client, deliver_everything):
    politics, _ = world
    partner = new_partner(receiver, politics)
    sign_in(client, ReporterFactory())
    response = client.post(
        CHANGELIST,
        {
            "action": "send_recent_stories",
            "_selected_action": [partner.pk],
            "days": 7,
            "apply": "Send them",
        },
    )
    assert response.status_code == 403
    deliver_everything()
    assert receiver.pushes == []
