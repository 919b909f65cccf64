"""With the database unreachable: cached pages are served (stale when they expired, never when
a change purged them), everything else answers 503 with Retry-After (the site's page, or JSON
for the API), and the outage is logged once a minute, not once a request.

On PostgreSQL the database is made unreachable for real (the connection is pointed at a port
where nothing listens). SQLite has no server to lose; there, every statement fails as the
driver fails when it cannot open the database file.
"""

import logging
import time
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client

from core.caching.purge import purge
from tests.conftest import free_port
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def unable_to_open(execute, sql, params, many, context):
    raise OperationalError("unable to open database file")


@contextmanager
def database_unreachable():
    if connection.vendor == "postgresql":
        real_port = connection.settings_dict["PORT"]
        connection.close()
        connection.settings_dict["PORT"] = str(free_port())
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["PORT"] = real_port
    else:
        with connection.execute_wrapper(unable_to_open):
            yield


@pytest.fixture
def reader():
    # As a browser or a CDN sees it: the response Django sends, not the exception.
    return Client(raise_request_exception=False)


def test_cached_pages_are_served_and_the_rest_answer_503(reader):
    cached = ArticleFactory(headline="In the cache")
    uncached = ArticleFactory(headline="Never read")
    assert reader.get(cached.get_absolute_url()).status_code == 200
    assert reader.get("/api/sections/").status_code == 200
    with database_unreachable():
        page = reader.get(cached.get_absolute_url())
        assert page.status_code == 200
        assert "In the cache" in page.text
        assert reader.get("/api/sections/").status_code == 200
        missing = reader.get(uncached.get_absolute_url())
        assert missing.status_code == 503
        assert missing["Retry-After"] == "30"
        assert "Back in a moment" in missing.text  # the site's own page
        assert "no-store" in missing["Cache-Control"]
        api = reader.get("/api/articles/")
        assert api.status_code == 503
        assert api["Retry-After"] == "30"
        assert "unavailable" in api.json()["detail"]
    assert reader.get(uncached.get_absolute_url()).status_code == 200  # and back


def test_an_expired_page_is_served_stale_but_a_purged_one_is_not(reader, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 1
    expired = ArticleFactory(headline="Old but true")
    pulled = ArticleFactory(headline="Pulled")
    reader.get(expired.get_absolute_url())
    reader.get(pulled.get_absolute_url())
    time.sleep(1.1)  # both past their second in the cache
    purge({f"a{pulled.pk}"})  # a withdrawal: it must not come back while the database is down
    with database_unreachable():
        stale = reader.get(expired.get_absolute_url())
        assert stale.status_code == 200
        assert "Old but true" in stale.text
        assert reader.get(pulled.get_absolute_url()).status_code == 503


def test_the_outage_is_logged_once_a_minute_not_once_a_request(reader, caplog):
    stories = [ArticleFactory() for _ in range(3)]
    with caplog.at_level(logging.WARNING), database_unreachable():
        for _ in range(5):
            for story in stories:
                assert reader.get(story.get_absolute_url()).status_code == 503
            assert reader.get("/api/articles/").status_code == 503
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert [record.getMessage() for record in errors] == [
        "The database is unreachable: answering 503."
    ]


def test_a_real_error_is_still_a_500(reader, monkeypatch):
    from articles.story_page import page as views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    story = ArticleFactory()
    # On every request (the linked body may have been made ahead, when the story was saved).
    monkeypatch.setattr(views, "story_page_context", broken)
    assert reader.get(story.get_absolute_url()).status_code == 500
