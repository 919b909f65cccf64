"""The anonymous page cache: served without the database, stale after an edit to anything it
shows, never for staff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from core.caching import purge
from core.caching.store import VERSION_PREFIX
from tests.factories import ArticleFactory, PersonFactory, SectionFactory, SuperUserFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def get_counting_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_a_cached_front_page_is_served_without_a_query(client):
    ArticleFactory(headline="Cabinet meets")
    first, first_queries = get_counting_queries(client, "/")
    second, second_queries = get_counting_queries(client, "/")
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert "Cabinet meets" in second.content.decode()


def test_a_cached_story_page_runs_only_the_view_counter(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    # The tests write each view at once (the buffer waits for a flush: test_view_counts.py),
    # so the counter's UPDATE (in a savepoint) is all, nothing for the page itself.
    statements = [query["sql"].split()[0] for query in queries]
    assert statements == ["SAVEPOINT", "UPDATE", "RELEASE"]


def test_every_reader_counts_even_when_the_page_comes_from_the_cache(client):
    article = ArticleFactory()
    for _ in range(4):
        assert client.get(article.get_absolute_url()).status_code == 200
    article.refresh_from_db()
    assert article.view_count == 4  # one rendered, three from the cache


def test_a_head_request_does_not_count_a_reader(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    client.head(article.get_absolute_url())
    article.refresh_from_db()
    assert article.view_count == 1


def test_editing_a_story_makes_its_cached_page_stale(client):
    article = ArticleFactory(headline="Old headline")
    assert "Old headline" in client.get(article.get_absolute_url()).content.decode()
    article.headline = "New headline"
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "New headline" in page
    assert "Old headline" not in page


def test_renaming_a_person_makes_the_cached_story_pages_that_name_them_stale(client):
    person = PersonFactory(name="Ann Old")
    article = ArticleFactory()
    article.people.add(person)
    assert "Ann Old" in client.get(article.get_absolute_url()).content.decode()
    person.name = "Ann New"
    person.save()
    assert "Ann New" in client.get(article.get_absolute_url()).content.decode()


def test_a_new_story_reaches_the_cached_section_page(client):
    section = SectionFactory()
    ArticleFactory(section=section, headline="First story")
    client.get(section.get_absolute_url())
    ArticleFactory(section=section, headline="Second story")
    assert "Second story" in client.get(section.get_absolute_url()).content.decode()


def test_deleting_a_story_makes_the_front_page_stale(client):
    article = ArticleFactory(headline="Soon gone")
    assert "Soon gone" in client.get("/").content.decode()
    article.delete()
    assert "Soon gone" not in client.get("/").content.decode()


def test_staff_are_never_served_a_cached_page(client):
    article = ArticleFactory(headline="Before")
    client.get(article.get_absolute_url())  # cached for readers
    # Changed without a signal, so the readers' cached copy still says "Before".
    Article.objects.filter(pk=article.pk).update(headline="After")
    sign_in(client, SuperUserFactory())
    assert "After" in client.get(article.get_absolute_url()).content.decode()


def test_a_staff_preview_of_a_draft_never_reaches_readers(client):
    draft = ArticleFactory(headline="Secret draft", draft=True)
    sign_in(client, SuperUserFactory())
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get("/").content.decode()


def test_a_missing_page_is_not_cached(client):
    client.get("/stories/not-yet/")
    ArticleFactory(slug="not-yet")
    assert client.get("/stories/not-yet/").status_code == 200


def test_anonymous_pages_may_be_kept_by_shared_caches_and_have_an_etag(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert response["ETag"]
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_staff_pages_are_not_public(client):
    article = ArticleFactory()
    sign_in(client, SuperUserFactory())
    assert "public" not in client.get(article.get_absolute_url()).get("Cache-Control", "")


def test_the_page_cache_can_be_switched_off(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    PersonFactory()
    # A page that reads its rows on every request (the front page's lists are kept as
    # fragments, which the page cache's switch leaves on).
    client.get("/people/")
    _, queries = get_counting_queries(client, "/people/")
    assert queries > 0


@pytest.mark.parametrize("path", ["/feeds/", "/sitemap-news.xml", "/archive/", "/people/"])
def test_lists_feeds_and_sitemaps_are_cached_too(client, path):
    ArticleFactory()
    assert client.get(path).status_code == 200
    _, queries = get_counting_queries(client, path)
    assert queries == 0


def test_a_scheduled_story_reaches_the_cached_front_page_when_it_is_due(client, clock, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 2 * 86400  # pages kept longer than the embargo
    ArticleFactory(headline="Already out")
    ArticleFactory(headline="Embargoed until tomorrow", scheduled=True)  # due in a day
    assert "Embargoed" not in client.get("/").content.decode()
    clock.advance(hours=23)
    _, queries = get_counting_queries(client, "/")
    assert queries == 0  # still the cached page: nothing has changed yet
    clock.advance(hours=2)
    assert "Embargoed until tomorrow" in client.get("/").content.decode()


def test_a_version_the_cache_lost_makes_its_pages_stale(client):
    """Redis evicted a key's version (or restarted empty): a miss, never a stale page."""
    from django.core.cache import cache

    article = ArticleFactory(headline="Before")
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="After")  # no signal, no purge
    cache.delete(f"{VERSION_PREFIX}a{article.pk}")
    assert "After" in client.get(article.get_absolute_url()).text


def test_a_change_made_without_signals_is_purged_by_hand(client):
    article = ArticleFactory(headline="Before")
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="After")
    assert "Before" in client.get(article.get_absolute_url()).text  # nothing said so yet
    purge({f"a{article.pk}"})
    assert "After" in client.get(article.get_absolute_url()).text


def test_a_page_made_while_a_change_commits_is_not_kept(client, monkeypatch):
    """A reader whose page was being made when an edit committed may have read the story as it
    was: that page is sent to them but kept by no cache."""
    from articles import views

    article = ArticleFactory(headline="Before")
    render = views.render

    def render_then_an_editor_commits(*args, **kwargs):
        response = render(*args, **kwargs)
        purge({f"a{article.pk}"})  # the commit of an edit made meanwhile
        return response

    monkeypatch.setattr(views, "render", render_then_an_editor_commits)
    first = client.get(article.get_absolute_url())
    assert "no-cache" in first["Cache-Control"]
    monkeypatch.setattr(views, "render", render)
    _, queries = get_counting_queries(client, article.get_absolute_url())
    assert queries > 3  # made again, not served from the cache


@pytest.mark.parametrize(
    "path", ["/api/articles/", "/api/people/", "/api/sections/", "/api/articles/{slug}/"]
)
def test_api_reads_are_served_from_the_cache_without_a_query(client, path):
    story = ArticleFactory()
    story.people.add(PersonFactory())
    path = path.format(slug=story.slug)
    first = client.get(path)
    response, queries = get_counting_queries(client, path)
    assert queries == 0
    assert response.status_code == 200
    assert response.content == first.content
    assert response["ETag"] == first["ETag"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"].startswith("public, max-age=60, s-maxage=60")


def test_an_api_read_is_cached_apart_for_each_accept_header(client):
    ArticleFactory()
    client.get("/api/articles/", HTTP_ACCEPT="application/json")
    refused = client.get("/api/articles/", HTTP_ACCEPT="text/csv")
    assert refused.status_code == 406  # the cached JSON is not an answer to another format


def test_an_edit_reaches_the_cached_api_at_once(client):
    story = ArticleFactory(headline="First take")
    assert client.get("/api/articles/").json()["results"][0]["headline"] == "First take"
    story.headline = "Second take"
    story.save()
    assert client.get("/api/articles/").json()["results"][0]["headline"] == "Second take"
