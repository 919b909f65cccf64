"""Orders of events that once lost or misdirected a push, each kept as a plain test.

The first is the report of issue 25; the others were found by the state machine in
test_outbox_model.py and shrunk to these few steps.
"""

from articles.models import Article
from distribution import tasks
from distribution.models import Subscriber
from tests.factories import ArticleFactory

Status = Article.Status


def edit(article, **changes):
    for name, value in changes.items():
        setattr(article, name, value)
    article.save()


def test_saves_after_an_update_fanned_out_to_no_one_still_reach_a_new_subscriber(
    receiver, deliver_everything
):
    # The Tashkent story, published and edited while nobody subscribed: its "updated" event
    # was fanned out to no one, and every later save used to fold into it.
    story = ArticleFactory(headline="Leaders meet in Tashkent")
    edit(story, summary="First summary.")
    deliver_everything()
    subscriber = Subscriber.objects.create(name="Broadcaster", endpoint_url=receiver.url)
    receiver.secret = subscriber.secret

    edit(story, lead_image=None, bylines="A picture added")
    deliver_everything()
    edit(story, summary="The summary changed.")
    deliver_everything()

    assert [push.kind for push in receiver.accepted()] == ["updated", "updated"]
    assert receiver.accepted()[-1].document["version"] == str(story.version)
    assert all(receiver.signature_is_valid(push) for push in receiver.pushes)


def test_a_save_after_a_backfill_reaches_every_subscriber_not_only_the_backfilled_one(
    receiver, deliver_everything
):
    # Found by the state machine with the old absorption rule put back: a paused partner's
    # backfill event (an update, never tried) took in the next save, which then went to that
    # partner alone. A backfill's event is fanned out when it is made: it absorbs nothing.
    story = ArticleFactory(headline="Leaders meet in Tashkent")
    archive = Subscriber.objects.create(name="Archive", endpoint_url=f"{receiver.url}/a")
    edit(story, summary="First summary.")
    deliver_everything()
    Subscriber.objects.filter(pk=archive.pk).update(is_active=False)
    tasks.backfill.call(archive.pk, 3)
    broadcaster = Subscriber.objects.create(name="Broadcaster", endpoint_url=f"{receiver.url}/b")
    edit(story, summary="The summary changed.")
    deliver_everything()

    to_broadcaster = [push for push in receiver.pushes if push.path.endswith("/b")]
    assert [push.kind for push in to_broadcaster] == ["updated"]
    assert to_broadcaster[0].document["descriptions"][0]["value"] == "The summary changed."
    assert broadcaster.deliveries.count() == 1
