"""Editors manage subscribers and see every delivery; the secret is shown once; reporters see
nothing of distribution."""

import pytest

from distribution.models import Delivery, DeliveryAttempt, Subscriber
from tests.distribution.receiver import status
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory
from tests.signing_in import sign_in

ADD_URL = "/admin/distribution/subscriber/add/"


@pytest.fixture
def editor_client(client, transactional_db):
    sign_in(client, EditorFactory())
    return client


def subscriber_form(**overrides):
    return {
        "name": "Broadcaster playout",
        "endpoint_url": "https://93.184.215.14/newsroom",
        "format": "ninjs-3.1",
        "receives_all": "on",
        "on_published": "on",
        "on_withdrawn": "on",
        "is_active": "on",
        **overrides,
    }


def list_action(client, model, action, *objects):
    """Run a list action of the admin on `objects`; the text of the page it leads to."""
    response = client.post(
        f"/admin/distribution/{model}/",
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )
    return response.content.decode()


def test_the_secret_is_shown_once_when_the_subscriber_is_created(editor_client):
    response = editor_client.post(ADD_URL, subscriber_form())
    subscriber = Subscriber.objects.get()
    assert response.status_code == 200
    assert subscriber.secret in response.content.decode()
    assert len(subscriber.secret) >= 40
    for page in (
        f"/admin/distribution/subscriber/{subscriber.pk}/change/",
        "/admin/distribution/subscriber/",
        f"/admin/distribution/delivery/?subscriber__id__exact={subscriber.pk}",
    ):
        response = editor_client.get(page)
        assert response.status_code == 200
        assert subscriber.secret not in response.content.decode()


def test_a_new_secret_replaces_the_old_one_and_is_shown_once(editor_client):
    editor_client.post(ADD_URL, subscriber_form())
    old = Subscriber.objects.get().secret
    response = list_action(editor_client, "subscriber", "make_new_secret", Subscriber.objects.get())
    new = Subscriber.objects.get().secret
    assert new != old
    assert new in response


def test_a_subscriber_must_receive_something(editor_client):
    data = subscriber_form()
    del data["receives_all"]
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Choose what the subscriber receives" in response.content.decode()
    data = subscriber_form()
    del data["on_published"], data["on_withdrawn"]
    assert "Tick at least one kind" in editor_client.post(ADD_URL, data).content.decode()
    assert not Subscriber.objects.exists()


def test_reporters_see_nothing_of_distribution(client, db):
    sign_in(client, ReporterFactory())
    for page in ("/admin/distribution/subscriber/", "/admin/distribution/delivery/", ADD_URL):
        assert client.get(page).status_code == 403
    assert "distribution" not in client.get("/admin/").content.decode().lower()


def test_the_admin_shows_each_delivery_with_its_attempts_and_redelivers(
    editor_client, subscriber, receiver, deliver_everything
):
    receiver.script = [status(503)]
    ArticleFactory()
    deliver_everything()
    delivery = Delivery.objects.get()
    page = editor_client.get(f"/admin/distribution/delivery/{delivery.pk}/change/")
    content = page.content.decode()
    assert "503" in content and "200" in content
    assert subscriber.secret not in content
    assert DeliveryAttempt.objects.count() == 2

    response = list_action(editor_client, "delivery", "redeliver", delivery)
    assert "1 delivery will be sent again." in response
    deliver_everything()
    ids = [push.event_id for push in receiver.pushes]
    assert ids == [str(delivery.event.event_id)] * 3  # the same id: receivers deduplicate
    assert len(receiver.accepted()) == 1


def test_a_resumed_subscriber_gets_what_it_missed(
    editor_client, subscriber, receiver, deliver_everything
):
    Subscriber.objects.filter(pk=subscriber.pk).update(
        is_active=False, paused_reason="Paused by hand"
    )
    first, second = ArticleFactory(), ArticleFactory()
    deliver_everything()
    assert receiver.pushes == []
    response = list_action(editor_client, "subscriber", "resume", subscriber)
    assert "Resumed 1 subscriber." in response
    deliver_everything()
    assert sorted(push.document["slugline"] for push in receiver.pushes) == sorted(
        [first.slug, second.slug]
    )
