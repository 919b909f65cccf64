"""The purge adapters against a local server that records what they send (no network):
Fastly's and Cloudflare's documented APIs, Varnish's xkey PURGE; batches, retries, and keys
kept for the next purge when the cache in front cannot be reached."""

import time

import pytest

from articles.models import Article
from core.caching.cdn import Unsent
from core.caching.purge import purge
from tests.conftest import free_port
from tests.core.recording_server import RecordingServer
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder():
    with RecordingServer() as server:
        yield server


@pytest.fixture(autouse=True)
def nothing_unsent():
    Unsent.keys = set()
    yield
    Unsent.keys = set()


@pytest.fixture
def fastly(settings, recorder):
    settings.NEWSROOM_PURGE_BACKEND = "fastly"
    settings.NEWSROOM_FASTLY_API_URL = recorder.url
    settings.NEWSROOM_FASTLY_SERVICE_ID = "SU1Z0isxPaozGVKXdv0eY"
    settings.NEWSROOM_FASTLY_API_TOKEN = "fastly-token"
    return recorder


@pytest.fixture
def cloudflare(settings, recorder):
    settings.NEWSROOM_PURGE_BACKEND = "cloudflare"
    settings.NEWSROOM_CLOUDFLARE_API_URL = recorder.url + "/client/v4"
    settings.NEWSROOM_CLOUDFLARE_ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
    settings.NEWSROOM_CLOUDFLARE_API_TOKEN = "cloudflare-token"
    return recorder


def sent_keys(requests, header=None):
    keys = []
    for request in requests:
        if header:
            keys.extend(request.headers[header].split())
        else:
            keys.extend(request.json()["tags"])
    return keys


def test_fastly_is_asked_to_purge_by_surrogate_key(fastly):
    purge({"a12", "p5:a"})
    [request] = fastly.requests
    assert request.method == "POST"
    assert request.path == "/service/SU1Z0isxPaozGVKXdv0eY/purge"
    assert request.headers["Fastly-Key"] == "fastly-token"
    # The keys and their families: a page folded to `a*` shows story 12 too.
    assert sorted(request.headers["Surrogate-Key"].split()) == ["*:a", "a*", "a12", "p5:a"]


def test_fastly_purges_go_in_batches_of_256_keys(fastly):
    purge({f"a{pk}" for pk in range(600)})
    assert [len(r.headers["Surrogate-Key"].split()) for r in fastly.requests] == [256, 256, 89]
    assert len(set(sent_keys(fastly.requests, "Surrogate-Key"))) == 601


def test_cloudflare_is_asked_to_purge_by_cache_tag(cloudflare):
    purge({"a12"})
    [request] = cloudflare.requests
    assert request.method == "POST"
    assert request.path == "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache"
    assert request.headers["Authorization"] == "Bearer cloudflare-token"
    assert request.headers["Content-Type"] == "application/json"
    assert sorted(request.json()["tags"]) == ["a*", "a12"]


def test_cloudflare_purges_go_in_batches_of_30_tags(cloudflare):
    purge({f"p{pk}" for pk in range(59)})
    assert [len(r.json()["tags"]) for r in cloudflare.requests] == [30, 30]


def test_a_failed_purge_is_retried(fastly):
    fastly.answers = [(503, b"busy"), (500, b"oops")]
    purge({"a12"})
    assert len(fastly.requests) == 3
    assert Unsent.keys == set()


def test_cloudflare_refusing_in_its_body_counts_as_a_failure(cloudflare, settings):
    settings.NEWSROOM_PURGE_ATTEMPTS = 1
    cloudflare.answers = [(200, b'{"success": false, "errors": [{"code": 1134}]}')]
    purge({"a12"})
    assert Unsent.keys == {"a12", "a*"}


def test_keys_that_could_not_be_purged_go_with_the_next_purge(fastly, settings, caplog):
    settings.NEWSROOM_PURGE_ATTEMPTS = 2
    fastly.answers = [(503, b""), (503, b"")]
    purge({"a12"})
    assert "Purging 2 keys from Fastly failed" in caplog.text
    purge({"p5"})
    last = fastly.requests[-1]
    assert sorted(last.headers["Surrogate-Key"].split()) == ["a*", "a12", "p*", "p5"]
    assert Unsent.keys == set()


def test_a_cdn_that_cannot_be_reached_never_fails_the_desks_save(settings):
    settings.NEWSROOM_PURGE_BACKEND = "varnish"
    settings.NEWSROOM_VARNISH_URLS = [f"http://127.0.0.1:{free_port()}/"]  # nothing listens
    settings.NEWSROOM_PURGE_ATTEMPTS = 2
    story = ArticleFactory(headline="Saved anyway", status=Article.Status.DRAFT, published_at=None)
    story.headline = "Saved again"
    story.save()  # autocommit inside the test's transaction: purged at the commit it never sees
    purge({f"a{story.pk}"})
    assert f"a{story.pk}" in Unsent.keys


def test_varnish_gets_one_purge_request_per_address(settings):
    with RecordingServer() as first, RecordingServer() as second:
        settings.NEWSROOM_PURGE_BACKEND = "varnish"
        settings.NEWSROOM_VARNISH_URLS = [first.url + "/", second.url + "/"]
        purge({"a12"})
        for server in (first, second):
            [request] = server.requests
            assert request.method == "PURGE"
            assert sorted(request.headers["xkey-purge"].split()) == ["a*", "a12"]


# On the task queue -----------------------------------------------------------------------------


def test_a_save_leaves_the_purge_in_front_to_a_worker_on_the_purge_queue(task_queue, fastly):
    from django_tasks_db.models import DBTaskResult

    from tests.conftest import run_worker_once

    story = ArticleFactory()
    run_worker_once()
    before = len(fastly.requests)
    story.headline = "Changed"
    story.save()
    # The save has returned: the CDN has been asked nothing yet, the purge waits on its queue.
    assert len(fastly.requests) == before
    if task_queue == "database":
        waiting = DBTaskResult.objects.ready().filter(queue_name="purges")
        assert waiting.count() == 1  # (and the second purge, due in a few seconds)
        assert waiting.get().priority > 0  # ahead of every push
    run_worker_once()
    sent = sent_keys(fastly.requests[before:], "Surrogate-Key")
    assert f"a{story.pk}" in sent


def test_keys_a_worker_failed_to_purge_are_sent_by_its_periodic_job(fastly):
    from core.caching.cdn import resend_unsent

    Unsent.keys = {"a7"}
    resend_unsent()
    assert sent_keys(fastly.requests, "Surrogate-Key") == ["a7"]
    assert Unsent.keys == set()
    resend_unsent()  # nothing left: nothing sent
    assert len(fastly.requests) == 1


def test_a_worker_refuses_a_queue_that_does_not_exist():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(
        CommandError, match=r"No such queue: pushes\. The queues are purges, default"
    ):
        call_command("run_worker", once=True, queues="pushes")


def test_every_purge_in_front_is_sent_again_a_few_seconds_later(task_queue, fastly, clock):
    from tests.conftest import run_worker_once

    if task_queue == "rq":
        # RQ's scheduler keeps the real time, which no test can move: the second purge is
        # there, due in 5 s, and its sending is the database backend's test below.
        import django_rq
        from rq.registry import ScheduledJobRegistry

        story = ArticleFactory()
        registry = ScheduledJobRegistry(queue=django_rq.get_queue("purges"))
        due_in = [
            registry.get_scheduled_time(job_id).timestamp() - time.time()
            for job_id in registry.get_job_ids()
            if f"'a{story.pk}'" in str(registry.job_class.fetch(job_id, registry.connection).args)
        ]
        assert len(due_in) == 1 and 3 < due_in[0] <= 5
        return
    story = ArticleFactory()
    run_worker_once()
    clock.advance(seconds=10)
    run_worker_once()  # the second purge of the story's creation
    before = len(fastly.requests)
    story.headline = "Changed"
    story.save()
    run_worker_once()
    assert len(fastly.requests) == before + 1  # at once
    run_worker_once()
    assert len(fastly.requests) == before + 1  # the second one is not due yet
    clock.advance(seconds=6)
    run_worker_once()
    assert len(fastly.requests) == before + 2
    assert f"a{story.pk}" in sent_keys(fastly.requests[-1:], "Surrogate-Key")
