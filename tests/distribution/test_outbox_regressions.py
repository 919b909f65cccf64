"""Orders of events that once lost or misdirected a push, each kept as a plain test.

The first is the report of issue 25; the others were found by the state machine in
test_outbox_model.py and shrunk to these few steps.
"""

from articles.models import Article
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
