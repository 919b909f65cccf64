"""The front page, sections, the archive, search, and paging through any of them."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import AgreementFactory, ArticleFactory, EventFactory, SectionFactory

pytestmark = pytest.mark.django_db


def story_at(published_at, **fields):
    return ArticleFactory(published_at=published_at, **fields)


# Front page


def test_front_page_leads_with_the_latest_story(client, world):
    newer = ArticleFactory(headline="Newest story", section=world.section)
    page = client.get("/").text
    lead = page.split('class="lead-story"')[1].split("</article>")[0]
    assert newer.headline in lead


def test_front_page_ranks_most_read_by_view_count(client, db):
    for headline, views in [("Quiet story", 3), ("Popular story", 900), ("Middling story", 40)]:
        ArticleFactory(headline=headline, view_count=views)
    page = client.get("/").text
    most_read = page.split('id="most-read-heading"')[1].split("</ol>")[0]
    assert most_read.index("Popular") < most_read.index("Middling") < most_read.index("Quiet")


def test_front_page_groups_the_latest_stories_by_section(client, db):
    politics, sport = SectionFactory(name="Politics"), SectionFactory(name="Sport")
    empty = SectionFactory(name="Empty section")
    ArticleFactory(headline="Parliament votes", section=politics)
    ArticleFactory(headline="Cup final", section=sport)
    page = client.get("/").text
    politics_block = page.split(f'id="section-{politics.slug}-heading"')[1].split("</section>")[0]
    assert "Parliament votes" in politics_block and "Cup final" not in politics_block
    assert f'id="section-{empty.slug}-heading"' not in page


def test_front_page_shows_coming_and_recent_events(client, db):
    today = timezone.localdate()
    EventFactory(title="Next week's summit", start_date=today + datetime.timedelta(days=7))
    EventFactory(title="Last week's summit", start_date=today - datetime.timedelta(days=7))
    page = client.get("/").text
    coming = page.split('id="upcoming-heading"')[1].split("</section>")[0]
    recent = page.split('id="recent-events-heading"')[1].split("</section>")[0]
    assert "Next week" in coming and "Last week" not in coming
    assert "Last week" in recent and "Next week" not in recent


def test_front_page_orders_events_nearest_first_then_by_title_and_keeps_five_of_each(client, db):
    today = timezone.localdate()
    days = datetime.timedelta
    for offset, title in [
        (2, "Upcoming B"),
        (2, "Upcoming A"),
        (1, "Upcoming C"),
        (0, "Upcoming today"),
        (9, "Upcoming far 1"),
        (9, "Upcoming far 2"),
        (-1, "Recent B"),
        (-1, "Recent A"),
        (-3, "Recent C"),
        (-9, "Recent far 1"),
        (-9, "Recent far 2"),
        (-9, "Recent far 3"),
    ]:
        EventFactory(title=title, start_date=today + days(days=offset))
    EventFactory(title="Undated", start_date=None)
    page = client.get("/").text
    coming = page.split('id="upcoming-heading"')[1].split("</section>")[0]
    recent = page.split('id="recent-events-heading"')[1].split("</section>")[0]

    def order(block, titles):
        return sorted((block.index(title), title) for title in titles if title in block)

    assert [
        title
        for _, title in order(coming, ["Upcoming today", "Upcoming C", "Upcoming A", "Upcoming B"])
    ] == [
        "Upcoming today",
        "Upcoming C",
        "Upcoming A",
        "Upcoming B",
    ]
    assert coming.count("Upcoming far") == 1 and "Upcoming far 1" in coming
    assert [title for _, title in order(recent, ["Recent A", "Recent B", "Recent C"])] == [
        "Recent A",
        "Recent B",
        "Recent C",
    ]
    assert "Recent far 1" in recent and "Recent far 2" in recent
    assert "Recent far 3" not in recent and "Undated" not in page


def test_front_page_takes_at_most_five_queries_whatever_its_sections_or_stories(
    client, db, django_assert_num_queries, settings
):
    from core.caching import due

    settings.NEWSROOM_PAGE_CACHE = False  # the page's own queries, not the cache's
    section = SectionFactory()
    ArticleFactory(section=section)
    EventFactory(start_date=timezone.localdate() + datetime.timedelta(days=3))
    due.due_times()  # the schedule of stories to come: read once for every page after a change
    with django_assert_num_queries(5):  # with the navigation's sections
        client.get("/")
    for _ in range(10):
        ArticleFactory.create_batch(3, section=SectionFactory())
        EventFactory()
    # What every page shares (the navigation, the schedule) is read again after a change,
    # once for every page: another page reads it here, the front page its own four.
    client.get("/people/")
    due.due_times()
    with django_assert_num_queries(4):
        response = client.get("/")
    assert response.text.count('class="teaser') >= 12
    # Its lists were kept: the next reader runs no query until something on them changes.
    with django_assert_num_queries(0):
        again = client.get("/")
    assert again.text == response.text


def test_a_quiet_section_keeps_its_place_on_the_front_page(client, db, monkeypatch):
    from articles import front_page as views

    monkeypatch.setattr(views, "RECENT_WINDOW", 2)  # the two busy stories fill the window
    quiet = SectionFactory(name="Quiet desk")
    ArticleFactory(
        section=quiet,
        headline="An old one",
        published_at=timezone.now() - datetime.timedelta(days=90),
    )
    ArticleFactory.create_batch(2, section=SectionFactory())
    page = client.get("/").text
    assert "Quiet desk" in page and "An old one" in page


def test_front_page_without_any_story_still_answers(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "No stories yet." in response.text


# Sections and paging


def test_section_page_lists_its_stories_newest_first(client, db):
    section = SectionFactory(name="Economy")
    now = timezone.now()
    story_at(now - datetime.timedelta(days=2), headline="Older economy story", section=section)
    story_at(now - datetime.timedelta(hours=2), headline="Newer economy story", section=section)
    ArticleFactory(headline="Another section's story")
    page = client.get(section.get_absolute_url()).text
    assert page.index("Newer economy story") < page.index("Older economy story")
    assert "Another section's story" not in page
    assert 'aria-current="page">Economy</a>' in page


def test_lists_are_paged_twenty_at_a_time(client, db):
    section = SectionFactory()
    ArticleFactory.create_batch(21, section=section)
    first = client.get(section.get_absolute_url()).text
    second = client.get(section.get_absolute_url() + "?page=2").text
    assert first.count('class="story-teaser"') == 20
    assert "Page 1 of 2" in first and 'rel="next" href="?page=2"' in first
    assert second.count('class="story-teaser"') == 1
    assert 'rel="prev" href="."' in second


@pytest.mark.parametrize("page", ["0", "-1", "3", "abc", "1.5", "99999999999999999999", "%00"])
@pytest.mark.parametrize(
    "path",
    [
        "/sections/world/",
        "/people/vladimir-putin/",
        "/events/cis-session-2024/",
        "/agreements/russian-language-treaty/",
        "/search/?q=Putin&",
        "/events/",
        "/people/",
        "/agreements/",
        "ARCHIVE_YEAR",
    ],
)
def test_a_page_number_that_does_not_exist_is_not_found(client, world, path, page):
    if path == "ARCHIVE_YEAR":
        path = f"/archive/{timezone.localtime().year}/"
    separator = "" if path.endswith("&") else "?"
    response = client.get(f"{path}{separator}page={page}")
    assert response.status_code == 404


# Archive


def test_archive_lists_the_months_with_stories(client, db):
    story_at(datetime.datetime(2017, 12, 26, 10, tzinfo=datetime.UTC), headline="Informal summit")
    story_at(datetime.datetime(2024, 10, 9, 8, tzinfo=datetime.UTC), headline="Kremlin session")
    page = client.get("/archive/").text
    assert 'href="/archive/2017/12/">December</a>' in page
    assert 'href="/archive/2024/10/">October</a>' in page
    assert page.index("2024") < page.index("2017")


def test_archive_year_and_month_pages_list_their_stories(client, db):
    story_at(datetime.datetime(2017, 12, 26, 10, tzinfo=datetime.UTC), headline="Informal summit")
    story_at(datetime.datetime(2024, 10, 9, 8, tzinfo=datetime.UTC), headline="Kremlin session")
    year = client.get("/archive/2017/").text
    assert "Stories of 2017" in year and "Informal summit" in year and "Kremlin session" not in year
    assert 'rel="next" href="/archive/2024/">2024' in year
    month = client.get("/archive/2024/10/").text
    assert "Stories of October 2024" in month and "Kremlin session" in month
    assert 'rel="prev" href="/archive/2017/12/">← December 2017' in month


@pytest.mark.parametrize(
    "path",
    [
        "/archive/2016/",
        "/archive/2024/13/",
        "/archive/2024/0/",
        "/archive/9999/",
        "/archive/0/",
        "/archive/2024/11/",
    ],
)
def test_archive_without_stories_or_real_dates_is_not_found(client, db, path):
    story_at(datetime.datetime(2024, 10, 9, 8, tzinfo=datetime.UTC))
    assert client.get(path).status_code == 404


# Search


def test_search_ranks_headline_matches_first_and_marks_the_words(client, db):
    ArticleFactory(headline="Budget talks", body="<p>The treaty was mentioned.</p>")
    ArticleFactory(headline="Treaty signed", body="<p>Parliament voted.</p>")
    page = client.get("/search/?q=treaty").text
    assert "2 stories for “treaty”" in page
    assert "<mark>Treaty</mark> signed" in page
    assert "The <mark>treaty</mark> was mentioned." in page
    assert page.index("<mark>Treaty</mark> signed") < page.index("Budget talks")


def test_search_escapes_the_query(client, db):
    page = client.get("/search/", {"q": "<script>alert(1)</script>"}).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_search_escapes_the_results_and_adds_only_marks(client, db):
    ArticleFactory(
        headline='Summit of "Tom & Jerry" <b>',
        summary="<i>Summit</i> notes",
        body="<p>After the summit: &lt;script&gt;alert(1)&lt;/script&gt;</p>",
    )
    page = client.get("/search/?q=summit").text
    results = page.split('class="story-list search-results"')[1].split("</ul>")[0]
    assert "<mark>Summit</mark> of &quot;Tom &amp; Jerry&quot; &lt;b&gt;" in results
    assert "&lt;i&gt;<mark>Summit</mark>&lt;/i&gt; notes" in results
    assert "After the <mark>summit</mark>: &lt;script&gt;alert(1)&lt;/script&gt;" in results
    assert set(re.findall(r"<(\w+)", results)) == {"li", "h3", "a", "mark", "p", "time"}


def test_search_without_words_shows_only_the_form(client, world):
    page = client.get("/search/?q=+").text
    assert 'id="search-page-q"' in page
    assert "results-heading" not in page


def test_search_with_no_match_says_so(client, world):
    assert "No stories found for “zzyzx”" in client.get("/search/?q=zzyzx").text


def test_search_pages_keep_the_query(client, db):
    ArticleFactory.create_batch(21, headline="Summit news")
    page = client.get("/search/?q=summit").text
    assert 'href="?q=summit&amp;page=2"' in page


# Long lists: counted up to a limit


def test_a_long_list_is_counted_only_up_to_the_limit(client, db, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "max_count", 30)
    agreement = AgreementFactory()
    for story in ArticleFactory.create_batch(35):
        story.agreements.add(agreement)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(f"{agreement.get_absolute_url()}?page=1")
    # Never more rows than the limit and one (the other COUNT is the ratifications').
    [count] = [query["sql"] for query in queries if "SELECT COUNT(*) FROM (" in query["sql"]]
    assert "LIMIT 31" in count
    assert "Page 1 of 2, the latest 30" in first.text


def test_a_long_section_is_paged_up_to_the_limit_of_its_count_from_the_index(
    client, db, monkeypatch
):
    from core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "max_count", 30)
    section = SectionFactory()
    ArticleFactory.create_batch(35, section=section)
    first = client.get(f"{section.get_absolute_url()}?page=1")
    assert "Page 1 of 2, the latest 30" in first.text
    last = client.get(f"{section.get_absolute_url()}?page=2")
    assert "Page 2 of 2, the latest 30" in last.text
    assert last.text.count('class="story-teaser') == 10
    assert client.get(f"{section.get_absolute_url()}?page=3").status_code == 404


def test_a_short_list_says_nothing_of_a_limit(client, db):
    section = SectionFactory()
    ArticleFactory.create_batch(25, section=section)
    page = client.get(section.get_absolute_url()).text
    assert "Page 1 of 2</span>" in page


def test_a_common_search_word_says_it_shows_the_most_recent_matches(client, db, monkeypatch):
    from articles import search

    monkeypatch.setattr(search, "MAX_RANKED", 3)
    ArticleFactory.create_batch(4, headline="Leaders meet")
    page = client.get("/search/?q=leaders").text
    assert "The 3 most recent stories for “leaders”" in page
    ArticleFactory(headline="Ministers meet")
    assert "1 story for “ministers”" in client.get("/search/?q=ministers").text


@pytest.mark.parametrize("time_zone", ["UTC", "Asia/Tashkent", "America/New_York"])
def test_the_archives_months_are_the_months_the_database_groups_by(db, settings, time_zone):
    """One seek per month gives what grouping every story gives, at month and year edges."""
    from articles.models import Article
    from articles.views import months_with_stories

    settings.TIME_ZONE = time_zone
    utc = datetime.UTC
    for moment in [
        datetime.datetime(2023, 12, 31, 23, 30, tzinfo=utc),
        datetime.datetime(2024, 1, 1, 0, 30, tzinfo=utc),
        datetime.datetime(2024, 1, 31, 20, 0, tzinfo=utc),
        datetime.datetime(2024, 3, 15, 12, 0, tzinfo=utc),
        datetime.datetime(2024, 3, 16, 12, 0, tzinfo=utc),
        datetime.datetime(2025, 11, 30, 22, 0, tzinfo=utc),
    ]:
        story_at(moment)
    stories = Article.objects.published()
    with timezone.override(time_zone):
        assert months_with_stories(stories) == list(stories.datetimes("published_at", "month"))


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tashkent", "America/New_York"])
def test_the_archives_months_are_those_of_grouping_every_story(db, settings, zone):
    # One seek per month (one recursive query on PostgreSQL) must find what grouping finds,
    # in the desk's time zone: a story at 23:30 UTC on 31 January is in February in Tashkent.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.story_lists import published_stories
    from articles.views import months_with_stories

    settings.TIME_ZONE = zone
    moments = [
        datetime.datetime(2023, 1, 31, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(2023, 3, 1, 4, 0, tzinfo=datetime.UTC),
        datetime.datetime(2023, 3, 15, 12, 0, tzinfo=datetime.UTC),
        datetime.datetime(2023, 12, 31, 23, 59, tzinfo=datetime.UTC),
        datetime.datetime(2024, 11, 3, 5, 30, tzinfo=datetime.UTC),  # New York's clocks change
    ]
    for moment in moments:
        ArticleFactory(published_at=moment)
    ArticleFactory(draft=True, published_at=datetime.datetime(2022, 6, 1, tzinfo=datetime.UTC))
    stories = published_stories()
    with CaptureQueriesContext(connection) as queries:
        months = months_with_stories(stories)
    assert months == list(stories.datetimes("published_at", "month"))
    expected_queries = 1 if connection.vendor == "postgresql" else len(months) + 1
    assert len(queries) == expected_queries


# Search results kept for readers (NEWSROOM_SEARCH_KEEP_SECONDS)


def search_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client.get(path).text
    return page, [query["sql"] for query in queries if "articles_article" in query["sql"]]


def test_a_readers_search_results_are_kept_until_a_story_changes(client, db):
    ArticleFactory(headline="Summit news")
    assert "1 story for “summit”" in client.get("/search/?q=summit").text
    # Another address (not the page cache's), the same search: its results are kept.
    page, queries = search_queries(client, "/search/?q=summit+summit")
    assert "1 story for “summit summit”" in page
    assert "<mark>Summit</mark> news" in page
    assert queries == []
    ArticleFactory(headline="Summit ends")
    page, queries = search_queries(client, "/search/?q=summit++")
    assert "2 stories for “summit”" in page
    assert queries != []


def test_kept_search_results_are_per_page(client, db):
    ArticleFactory.create_batch(21, headline="Summit news")
    assert client.get("/search/?q=summit").text.count('class="story-teaser') == 20
    assert client.get("/search/?q=summit&page=2").text.count('class="story-teaser') == 1
    assert client.get("/search/?q=summit+&page=3").status_code == 404


def test_the_desk_and_a_zero_setting_never_read_kept_search_results(
    client, db, settings, django_user_model
):
    from articles.models import Article

    story = ArticleFactory(headline="Summit news")
    client.get("/search/?q=summit")
    # A change without signals: kept results do not know of it.
    Article.objects.filter(pk=story.pk).update(headline="Summit ends")
    assert "<mark>Summit</mark> news" in client.get("/search/?q=summit+").text
    client.force_login(django_user_model.objects.create_user("desk"))
    assert "<mark>Summit</mark> ends" in client.get("/search/?q=summit+").text
    client.logout()
    settings.NEWSROOM_SEARCH_KEEP_SECONDS = 0
    assert "<mark>Summit</mark> ends" in client.get("/search/?q=summit++").text


def test_kept_search_results_that_found_nothing_are_made_again_when_a_story_comes(client, db):
    assert "No stories found for “zzyzx”" in client.get("/search/?q=zzyzx").text
    ArticleFactory(headline="Zzyzx road")
    assert "1 story for “zzyzx”" in client.get("/search/?q=zzyzx+").text
