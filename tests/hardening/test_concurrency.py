"""Concurrency on PostgreSQL: parallel readers and editors, each on its own connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.view_counts import flush_view_counts
from tests.admin.helpers import change_form_data
from tests.factories import ArticleFactory, EditorFactory
from tests.signing_in import sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs real parallel connections: runs in CI's PostgreSQL pass (DATABASE_URL)",
    ),
]


def in_parallel(function, arguments, workers):
    """Run `function` over `arguments` on `workers` threads; each closes its connection."""

    def run(argument):
        try:
            return function(argument)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, arguments))


@pytest.mark.parametrize("flush_seconds", [0, 3600], ids=["each view", "buffered"])
def test_two_hundred_parallel_page_views_add_exactly_two_hundred(settings, flush_seconds):
    settings.NEWSROOM_VIEW_COUNT_FLUSH_SECONDS = flush_seconds
    story = ArticleFactory()
    url = story.get_absolute_url()
    statuses = in_parallel(lambda _: Client().get(url).status_code, range(200), workers=16)
    assert statuses == [200] * 200
    flush_view_counts()  # what the buffer holds (nothing, when each view was written)
    story.refresh_from_db()
    assert story.view_count == 200


def test_two_editors_saving_the_same_story_at_once_lose_nothing():
    story = ArticleFactory(body="<p>The original text.</p>")
    editors = [EditorFactory(), EditorFactory()]
    change_url = reverse("admin:articles_article_change", args=[story.pk])
    # Both open the story first, so both forms carry the same version …
    clients, forms = [], []
    for number, editor in enumerate(editors):
        client = Client()
        sign_in(client, editor)
        page = client.get(change_url)
        forms.append(change_form_data(page, body=f"<p>Editor {number}'s text.</p>"))
        clients.append(client)
    connections.close_all()
    # … then both press Save at the same moment.
    start = threading.Barrier(2)

    def save(number):
        start.wait()
        return clients[number].post(change_url, forms[number])

    responses = in_parallel(save, [0, 1], workers=2)
    codes = sorted(response.status_code for response in responses)
    assert codes == [200, 302]  # one saved (redirect), one refused (form shown again)
    refused = next(response for response in responses if response.status_code == 200)
    assert "Someone else saved this story" in refused.content.decode()
    story.refresh_from_db()
    winner = next(number for number, r in enumerate(responses) if r.status_code == 302)
    assert story.body == f"<p>Editor {winner}'s text.</p>"
    assert story.version == 2
    assert Article.objects.get(pk=story.pk).revisions.count() == 2
