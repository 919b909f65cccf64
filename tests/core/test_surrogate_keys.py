"""Surrogate keys: every public response names what it shows, and a change purges exactly the
pages that show what it changed (core/caching/)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from core.caching.keys import fold
from tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    CountryFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def keys_of(response):
    return set(response["Surrogate-Key"].split())


def is_cached(client, url):
    """Whether `url` comes from the server's page cache (no query at all)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # A story page counts its reader (an UPDATE in a savepoint) even when cached.
    return all(query["sql"].split()[0] in ("SAVEPOINT", "UPDATE", "RELEASE") for query in queries)


@pytest.fixture
def site():
    """Two sections, two people, a story about each, all pages cached by a first reader."""
    world, sport = SectionFactory(slug="world"), SectionFactory(slug="sport")
    ann, bob = PersonFactory(name="Ann Example"), PersonFactory(name="Bob Example")
    about_ann = ArticleFactory(section=world, headline="Ann speaks")
    about_ann.people.add(ann)
    about_bob = ArticleFactory(section=sport, headline="Bob runs")
    about_bob.people.add(bob)
    return {
        "world": world,
        "sport": sport,
        "ann": ann,
        "bob": bob,
        "about_ann": about_ann,
        "about_bob": about_bob,
    }


def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200
        assert is_cached(client, url)


def test_a_story_page_names_the_story_its_section_and_its_people(client, site):
    story, ann = site["about_ann"], site["ann"]
    keys = keys_of(client.get(story.get_absolute_url()))
    assert {f"a{story.pk}", f"s{site['world'].pk}", f"p{ann.pk}", "all"} <= keys
    assert f"a{site['about_bob'].pk}" not in keys
    assert "a" not in keys  # it is not a list of stories: a new story elsewhere leaves it be
    assert "p" not in keys  # the mention linker reads every name, the page shows one


def test_lists_name_what_they_select(client, site):
    world, ann = site["world"], site["ann"]
    assert {"a", f"a{site['about_ann'].pk}"} <= keys_of(client.get("/"))
    section_keys = keys_of(client.get(world.get_absolute_url()))
    assert f"s{world.pk}:a" in section_keys
    assert "a" not in section_keys
    assert f"p{ann.pk}:a" in keys_of(client.get(ann.get_absolute_url()))
    assert f"p{ann.pk}:a" in keys_of(client.get(f"/feeds/people/{ann.slug}/"))
    assert "a" in keys_of(client.get("/sitemap.xml"))  # it counts the stories to page them
    assert f"p{ann.pk}:a" in keys_of(client.get(f"/api/people/{ann.slug}/"))


def test_a_country_page_lists_the_stories_of_its_people_places_and_datelines(client):
    country = CountryFactory()
    keys = keys_of(client.get(country.get_absolute_url()))
    assert f"c{country.pk}:a" in keys
    assert "a" not in keys


def test_a_purge_of_one_story_removes_no_unrelated_page(client, site):
    about_ann, about_bob = site["about_ann"], site["about_bob"]
    unrelated = [
        about_bob.get_absolute_url(),
        site["sport"].get_absolute_url(),
        site["bob"].get_absolute_url(),
        f"/api/articles/{about_bob.slug}/",
        f"/feeds/sections/{site['sport'].slug}/",
    ]
    related = [about_ann.get_absolute_url(), "/", site["ann"].get_absolute_url()]
    warm(client, *unrelated, *related)
    about_ann.headline = "Ann speaks again"
    about_ann.save()
    for url in unrelated:
        assert is_cached(client, url), url
    for url in related:
        assert "Ann speaks again" in client.get(url).text, url


def test_a_new_story_reaches_its_sections_list_and_leaves_the_others_cached(client, site):
    world, sport = site["world"], site["sport"]
    warm(client, world.get_absolute_url(), sport.get_absolute_url(), "/")
    ArticleFactory(section=world, headline="Fresh from the world desk")
    assert "Fresh from the world desk" in client.get(world.get_absolute_url()).text
    assert "Fresh from the world desk" in client.get("/").text
    assert is_cached(client, sport.get_absolute_url())


def test_editing_a_draft_purges_no_list(client, site):
    draft = ArticleFactory(draft=True, section=site["world"])
    warm(client, "/", site["world"].get_absolute_url())
    draft.headline = "Still a draft"
    draft.save()
    assert is_cached(client, "/")
    assert is_cached(client, site["world"].get_absolute_url())


def test_linking_a_story_to_a_person_purges_their_list_not_their_other_stories(client, site):
    ann = site["ann"]
    warm(client, ann.get_absolute_url(), site["about_ann"].get_absolute_url())
    site["about_bob"].people.add(ann)
    assert "Bob runs" in client.get(ann.get_absolute_url()).text
    assert is_cached(client, site["about_ann"].get_absolute_url())


def test_linking_from_the_persons_side_purges_the_same(client, site):
    ann = site["ann"]
    warm(client, ann.get_absolute_url(), site["about_bob"].get_absolute_url())
    ann.articles.add(site["about_bob"])
    assert "Bob runs" in client.get(ann.get_absolute_url()).text
    assert "Ann Example" in client.get(site["about_bob"].get_absolute_url()).text


def test_clearing_a_storys_people_takes_it_off_their_pages(client, site):
    ann = site["ann"]
    warm(client, ann.get_absolute_url())
    site["about_ann"].people.clear()
    assert "Ann speaks" not in client.get(ann.get_absolute_url()).text


def test_renaming_a_person_purges_the_pages_that_show_them_only(client, site):
    warm(client, site["about_ann"].get_absolute_url(), site["about_bob"].get_absolute_url())
    site["ann"].name = "Ann Renamed"
    site["ann"].save()
    assert "Ann Renamed" in client.get(site["about_ann"].get_absolute_url()).text
    assert is_cached(client, site["about_bob"].get_absolute_url())


def test_a_new_position_reaches_the_pages_of_its_person(client, site):
    warm(client, site["ann"].get_absolute_url(), site["about_bob"].get_absolute_url())
    PositionFactory(person=site["ann"], title="Chief Negotiator")
    assert "Chief Negotiator" in client.get(site["ann"].get_absolute_url()).text
    assert is_cached(client, site["about_bob"].get_absolute_url())


def test_a_correction_reaches_its_story_page(client, site):
    story = site["about_ann"]
    warm(client, story.get_absolute_url())
    CorrectionFactory(article=story, text="An earlier version misspelt the name.")
    assert "misspelt" in client.get(story.get_absolute_url()).text


def test_a_withdrawn_story_is_gone_from_its_page_and_every_list(client, site):
    story = site["about_ann"]
    urls = [story.get_absolute_url(), "/", site["world"].get_absolute_url(), "/feeds/"]
    warm(client, *urls, site["sport"].get_absolute_url())
    story.status = Article.Status.WITHDRAWN
    story.save()
    assert client.get(story.get_absolute_url()).status_code == 404
    for url in urls[1:]:
        assert "Ann speaks" not in client.get(url).text, url
    assert is_cached(client, site["sport"].get_absolute_url())


def test_a_story_moved_to_another_section_leaves_the_first_sections_list(client, site):
    story = site["about_ann"]
    warm(client, site["world"].get_absolute_url())
    story.section = site["sport"]
    story.save()
    assert "Ann speaks" not in client.get(site["world"].get_absolute_url()).text
    assert "Ann speaks" in client.get(site["sport"].get_absolute_url()).text


def test_a_dateline_puts_a_story_on_its_countrys_page(client):
    place = PlaceFactory(country=CountryFactory())
    story = ArticleFactory(headline="Datelined story")
    warm(client, place.country.get_absolute_url())
    story.dateline_place = place
    story.save()
    assert "Datelined story" in client.get(place.country.get_absolute_url()).text


@pytest.mark.django_db(transaction=True)
def test_a_transaction_is_purged_once_with_every_key_it_touched(site, monkeypatch):
    from django.db import transaction

    from core.caching import changes

    sent = []
    monkeypatch.setattr(changes, "purge", lambda keys, **options: sent.append(keys))
    with transaction.atomic():
        story = site["about_ann"]
        story.headline = "Ann speaks, and Bob"
        story.save()
        story.people.add(site["bob"])
        assert sent == []  # nothing leaves before the commit
    [keys] = sent
    assert {f"a{story.pk}", f"p{site['bob'].pk}:a", "a", f"s{site['world'].pk}:a"} <= keys


def test_a_page_due_to_change_soon_is_kept_no_longer_than_that(client, site, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.NEWSROOM_SHARED_CACHE_SECONDS = 86400
    soon = timezone.now() + timedelta(minutes=10)
    ArticleFactory(section=site["world"], scheduled=True, published_at=soon)
    world = client.get(site["world"].get_absolute_url())
    sport = client.get(site["sport"].get_absolute_url())
    shared = int(world["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 590 <= shared <= 600
    assert "s-maxage=86400" in sport["Cache-Control"]


def test_a_page_does_not_take_the_keys_of_the_scheduled_stories(client, site):
    scheduled = ArticleFactory(scheduled=True)
    scheduled.people.add(site["bob"])
    keys = keys_of(client.get(site["about_ann"].get_absolute_url()))
    assert f"a{scheduled.pk}" not in keys
    assert f"p{site['bob'].pk}" not in keys


def test_the_schedule_costs_the_same_queries_however_many_stories_wait():
    from core.caching.due import build_due_times

    ArticleFactory(scheduled=True)
    with CaptureQueriesContext(connection) as one:
        build_due_times()
    for _ in range(5):
        ArticleFactory(scheduled=True).people.add(PersonFactory())
    with CaptureQueriesContext(connection) as six:
        build_due_times()
    assert len(six) == len(one)


def test_the_schedule_holds_only_what_can_matter_to_a_page_kept_now(settings):
    from datetime import timedelta

    from django.utils import timezone

    from core.caching.due import build_due_times

    settings.NEWSROOM_SHARED_CACHE_SECONDS = 3600  # pages are kept an hour at most
    soon = ArticleFactory(scheduled=True, published_at=timezone.now() + timedelta(minutes=90))
    later = ArticleFactory(scheduled=True, published_at=timezone.now() + timedelta(days=3))
    due = build_due_times()
    assert f"a{soon.pk}" in due
    assert f"a{later.pk}" not in due  # comes into the map when it rebuilds, within the hour
    assert due[""] <= (timezone.now() + timedelta(hours=1)).timestamp()


def test_editing_a_published_story_does_not_rebuild_the_schedule(client, site, monkeypatch):
    from core.caching import due

    builds = []
    build = due.build_due_times
    monkeypatch.setattr(due, "build_due_times", lambda: builds.append(1) or build())
    ArticleFactory(scheduled=True)
    client.get("/")
    assert len(builds) == 1
    site["about_ann"].headline = "Edited"
    site["about_ann"].save()
    client.get("/")
    assert len(builds) == 1
    ArticleFactory(scheduled=True)  # a new scheduled story: the schedule moved
    client.get("/")
    assert len(builds) == 2


def test_too_many_keys_fold_into_families():
    keys = {"all", "a", *(f"a{pk}" for pk in range(2000)), "s1", "p3:a"}
    folded = fold(keys, 100)
    assert folded == {"all", "a", "a*", "s1", "p3:a"}


def test_a_page_with_folded_keys_is_purged_by_any_member(client, settings):
    settings.NEWSROOM_SURROGATE_KEY_HEADER_BYTES = 40
    stories = [ArticleFactory() for _ in range(12)]
    response = client.get("/feeds/")
    assert "a*" in keys_of(response)
    assert is_cached(client, "/feeds/")
    stories[5].headline = "A changed headline"
    stories[5].save()
    assert "A changed headline" in client.get("/feeds/").text


@pytest.mark.parametrize(
    "backend, header, separator",
    [("varnish", "xkey", " "), ("fastly", "Surrogate-Key", " "), ("cloudflare", "Cache-Tag", ",")],
)
def test_the_key_header_is_the_purge_backends(client, settings, backend, header, separator):
    settings.NEWSROOM_PURGE_BACKEND = backend
    story = ArticleFactory()
    assert f"a{story.pk}" in client.get(story.get_absolute_url())[header].split(separator)


def test_the_key_header_can_be_named_in_settings(client, settings):
    settings.NEWSROOM_SURROGATE_KEY_HEADER = "X-Cache-Keys"
    assert "all" in client.get("/")["X-Cache-Keys"].split()
