"""A receiver that fails gets everything eventually, once per event id, in order per story;
a receiver that refuses for good fails the delivery at once; a broken one gets paused."""

import logging

import pytest

from articles.models import Article, Correction
from articles.services import article_transition
from distribution.models import Delivery, DeliveryAttempt, Subscriber
from distribution.tasks import resume, retry_delay
from tests.conftest import run_worker_once
from tests.distribution.receiver import CLOSE, hang, start_receiver, status
from tests.factories import ArticleFactory, EditorFactory

Status = Article.Status


@pytest.fixture
def editor(task_queue):
    return EditorFactory()


def publish_update_correct(editor, story):
    article_transition(article=story, to_status=Status.PUBLISHED, user=editor)
    story.summary = "Updated."
    story.save()
    Correction.objects.create(article=story, text="A name was misspelled.")


def test_a_failing_receiver_gets_every_event_once_and_in_order(
    subscriber, receiver, editor, deliver_everything, settings, caplog
):
    settings.NEWSROOM_DISTRIBUTION_TIMEOUT = 0.5
    receiver.script = [
        status(500),
        status(429, Retry_After="120"),
        hang(2),
        CLOSE,
        status(503),
        status(502),
    ]
    first, second = ArticleFactory(draft=True), ArticleFactory(draft=True)
    with caplog.at_level(logging.DEBUG):
        publish_update_correct(editor, first)
        publish_update_correct(editor, second)
        deliver_everything()

    for story in (first, second):
        accepted = [
            push.kind for push in receiver.accepted() if push.document["slugline"] == story.slug
        ]
        assert accepted == ["published", "updated", "corrected"]
    assert len(receiver.accepted()) == 6
    assert all(receiver.signature_is_valid(push) for push in receiver.pushes)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.DELIVERED}
    codes = list(DeliveryAttempt.objects.order_by("pk").values_list("status_code", flat=True))
    assert codes[:6] == [500, 429, None, None, 503, 502]
    errors = list(DeliveryAttempt.objects.exclude(error="").values_list("error", flat=True))
    assert "No answer within 0.5 s." in errors
    assert "The receiver closed the connection without answering." in errors
    assert subscriber.secret not in caplog.text


def test_retry_after_is_honoured(subscriber, receiver, editor, deliver_everything):
    receiver.script = [status(429, Retry_After="3600")]
    ArticleFactory()
    deliver_everything()
    attempts = list(DeliveryAttempt.objects.order_by("pk"))
    assert [attempt.status_code for attempt in attempts] == [429, 200]
    assert (attempts[1].started_at - attempts[0].started_at).total_seconds() >= 3600


def test_backoff_grows_with_jitter_and_stops_at_an_hour():
    delays = [retry_delay(attempt) for attempt in range(1, 12)]
    assert 15 <= delays[0] <= 30
    assert 60 <= delays[2] <= 120
    assert all(1800 <= delay <= 3600 for delay in delays[8:])
    assert len({round(retry_delay(3), 6) for _ in range(20)}) > 1  # jittered


def test_a_delivery_is_given_up_after_a_day(subscriber, receiver, deliver_everything, settings):
    settings.NEWSROOM_DISTRIBUTION_PAUSE_AFTER = 1000
    receiver.script = [status(500)] * 100
    ArticleFactory()
    deliver_everything(max_rounds=60)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_error == "Gave up retrying: HTTP 500"
    span = delivery.attempts.last().started_at - delivery.attempts.first().started_at
    assert 20 * 3600 < span.total_seconds() <= 24 * 3600


@pytest.mark.parametrize("code", [400, 401, 404, 410])
def test_a_4xx_fails_at_once_and_the_next_event_still_goes(
    subscriber, receiver, editor, deliver_everything, code
):
    receiver.script = [status(code)]
    story = ArticleFactory()
    story.summary = "Changed."
    story.save()
    deliver_everything()
    assert list(Delivery.objects.order_by("pk").values_list("status", flat=True)) == [
        Delivery.Status.FAILED,
        Delivery.Status.DELIVERED,
    ]
    assert [push.kind for push in receiver.pushes] == ["published", "updated"]


def test_redirects_are_not_followed(subscriber, receiver, deliver_everything):
    receiver.script = [status(302, Location=receiver.url + "/elsewhere")]
    ArticleFactory()
    deliver_everything()
    assert [push.path for push in receiver.pushes] == ["/newsroom/push"]
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_error == "HTTP 302: redirects are not followed"


def test_a_large_answer_is_read_only_up_to_the_cap(subscriber, receiver, deliver_everything):
    receiver.script = [status(200, body=b"x" * 5_000_000)]
    ArticleFactory()
    deliver_everything()
    attempt = DeliveryAttempt.objects.get()
    assert attempt.status_code == 200
    assert len(attempt.response_excerpt) == 500


def test_a_subscriber_failing_again_and_again_is_paused_and_the_desk_told(
    subscriber, receiver, deliver_everything, settings, admin_client
):
    settings.NEWSROOM_DISTRIBUTION_PAUSE_AFTER = 3
    receiver.script = [status(500)] * 10
    ArticleFactory()
    deliver_everything()
    subscriber.refresh_from_db()
    assert not subscriber.is_active
    assert "after 3 failed attempts in a row (last: HTTP 500)" in subscriber.paused_reason
    assert len(receiver.pushes) == 3
    home = admin_client.get("/admin/")
    assert "Distribution to" in home.content.decode()
    assert "Partner desk" in home.content.decode()

    ArticleFactory()  # kept while paused
    receiver.script = []  # the endpoint works again
    resume(subscriber)
    deliver_everything()
    assert len(receiver.accepted()) == 2
    assert "Distribution to" not in admin_client.get("/admin/").content.decode()


def test_a_failing_subscriber_does_not_hold_up_the_others(receiver, editor, task_queue, settings):
    settings.NEWSROOM_DISTRIBUTION_TIMEOUT = 0.5
    hanging, server = start_receiver()
    hanging.script = [hang(1)] * 10
    try:
        Subscriber.objects.create(name="Broken", endpoint_url=hanging.url)
        Subscriber.objects.create(name="Healthy", endpoint_url=receiver.url)
        ArticleFactory()
        ArticleFactory()
        run_worker_once()
    finally:
        hanging.release.set()
        server.shutdown()
        server.server_close()
    statuses = set(Delivery.objects.values_list("subscriber__name", "status"))
    # One worker round: the healthy subscriber has both stories; each of the broken one's
    # cost one timeout and waits for its retry, holding nothing.
    assert statuses == {("Healthy", Delivery.Status.DELIVERED), ("Broken", Delivery.Status.PENDING)}
    assert len(receiver.pushes) == 2
    assert len(hanging.pushes) == 2
