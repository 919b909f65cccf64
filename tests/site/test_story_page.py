"""The story page: what it shows, who may see it, how it counts readers, what it costs."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    ArticleFactory,
    CorrectionFactory,
    EventFactory,
    ImageFactory,
    PersonFactory,
    SuperUserFactory,
    UserFactory,
)
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def test_story_page_shows_the_story_and_its_credits(client, world):
    response = client.get(world.story.get_absolute_url())
    assert response.status_code == 200
    page = response.text
    assert "<h1>Presidents gather at the Kremlin</h1>" in page
    assert 'href="/sections/world/">World</a>' in page
    assert 'By <span class="authors">Jane Roe and John Doe</span>' in page
    assert '<a href="https://uza.uz/" rel="external">National News Agency of Uzbekistan</a>' in page
    assert '<span class="dateline">Moscow</span>' in page
    assert 'alt="Leaders pose for a group photo"' in page
    assert "The group photo." in page and "Photo: Kremlin press" in page
    assert "An earlier version misdated the session." in page


def test_people_box_gives_the_position_held_on_the_story_date(client, world):
    # Putin was Prime Minister in 2010 and has been President since 2012.
    world.story.published_at = world.story.published_at.replace(year=2010)
    world.story.save()
    page = client.get(world.story.get_absolute_url()).text
    assert "Prime Minister of Russia" in page
    assert "President of Russia" not in page


def test_agreements_box_shows_ratification_progress(client, world):
    page = client.get(world.story.get_absolute_url()).text
    assert "2 of 4 ratified" in page
    assert 'max="4" value="2"' in page


def test_related_stories_box_lists_only_published_stories(client, world, stories_in_every_state):
    world.story.related_articles.add(*stories_in_every_state.values())
    page = client.get(world.story.get_absolute_url()).text
    assert "Related stories" in page
    assert "Published story" in page
    for state in ["draft", "in_review", "scheduled", "withdrawn"]:
        assert stories_in_every_state[state].headline not in page


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "withdrawn"])
def test_unpublished_story_is_not_found_by_readers(client, stories_in_every_state, state):
    story = stories_in_every_state[state]
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "withdrawn"])
def test_staff_preview_an_unpublished_story_under_a_banner(
    editor_client, stories_in_every_state, state
):
    story = stories_in_every_state[state]
    response = editor_client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Preview — not published." in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert "no-store" in response["Cache-Control"]


def test_published_story_has_no_preview_banner_for_staff(editor_client, stories_in_every_state):
    response = editor_client.get(stories_in_every_state["published"].get_absolute_url())
    assert "Preview" not in response.text


def test_scheduled_preview_says_when_it_goes_out(editor_client, stories_in_every_state):
    page = editor_client.get(stories_in_every_state["scheduled"].get_absolute_url()).text
    assert "Scheduled for" in page


@pytest.mark.parametrize(
    "user_kind", ["staff without the view permission", "reader with the view permission"]
)
def test_preview_needs_both_staff_status_and_the_view_permission(
    client, stories_in_every_state, user_kind
):

    if user_kind.startswith("staff"):
        user = UserFactory(is_staff=True)
    else:
        user = UserFactory()
        user.user_permissions.add(Permission.objects.get(codename="view_article"))
    sign_in(client, user)
    assert client.get(stories_in_every_state["draft"].get_absolute_url()).status_code == 404


def test_a_reader_visit_adds_one_to_the_view_count(client, world):
    client.get(world.story.get_absolute_url())
    client.get(world.story.get_absolute_url())
    world.story.refresh_from_db()
    assert world.story.view_count == 2


def test_the_view_count_is_one_atomic_update(client, world):
    """The counter goes up in the database (UPDATE … SET view_count = view_count + n), so two
    readers (or two processes' flushes) at once both count; no read-modify-write of a stale
    number."""

    with CaptureQueriesContext(connection) as queries:
        client.get(world.story.get_absolute_url())
    updates = [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"view_count" = ("articles_article"."view_count" + CASE WHEN' in updates[0]


def test_staff_views_and_previews_are_not_counted(editor_client, stories_in_every_state):
    for story in stories_in_every_state.values():
        editor_client.get(story.get_absolute_url())
    counts = Article.objects.values_list("view_count", flat=True)
    assert set(counts) == {0}


def test_head_requests_are_not_counted(client, world):
    client.head(world.story.get_absolute_url())
    world.story.refresh_from_db()
    assert world.story.view_count == 0


def test_superuser_may_preview(client, stories_in_every_state):
    sign_in(client, SuperUserFactory())
    assert client.get(stories_in_every_state["draft"].get_absolute_url()).status_code == 200


def story_with_links(count):
    """A published story linked to `count` people, events and agreements (each with two
    parties, the person with a position) and `count` related stories, all named in its
    body."""
    story = ArticleFactory()
    names = []
    for _ in range(count):
        person = PersonFactory()
        person.positions.create(title="Minister")
        event = EventFactory()
        agreement = AgreementFactory()
        AgreementPartyFactory.create_batch(2, agreement=agreement)
        story.people.add(person)
        story.events.add(event)
        story.agreements.add(agreement)
        story.related_articles.add(ArticleFactory())
        names += [person.name, event.title, agreement.title]
    story.body = "<p>" + ". ".join(names) + ".</p>"
    story.save()
    return story


def test_story_page_takes_at_most_five_queries_whatever_its_links(
    client,
    django_assert_max_num_queries,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    settings,
    buffered_view_counts,
):
    # The page's own queries: not the page cache's, not the view counter's flush.
    settings.NEWSROOM_PAGE_CACHE = False
    # When the stories' changes commit, a task makes their links ahead of the first reader.
    with django_capture_on_commit_callbacks(execute=True):
        small, large = story_with_links(1), story_with_links(30)
    with django_assert_max_num_queries(5):
        small_page = client.get(small.get_absolute_url())
    with django_assert_max_num_queries(5):
        large_page = client.get(large.get_absolute_url())
    # The site's sections are read once for both: the story's own row is what is left.
    with django_assert_num_queries(1):
        client.get(large.get_absolute_url())
    assert small_page.text.count('class="mention ') == 3
    assert large_page.text.count('class="mention ') == 90
    assert large_page.text.count("0 of 2 ratified") == 30
    assert large_page.text.count('<span class="meta">Minister</span>') == 30


def test_first_reader_of_a_story_nobody_made_ahead_takes_as_many_queries_for_30_links_as_for_1(
    client,
    django_assert_max_num_queries,
    django_assert_num_queries,
    settings,
    buffered_view_counts,
):
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0  # nothing kept: every reader is the first
    small, large = story_with_links(1), story_with_links(30)
    for story in small, large:
        CorrectionFactory.create_batch(2, article=story)
    # The first page of a process builds the mention linker; readers after that do not.
    client.get(small.get_absolute_url())
    # The story with its related stories and corrections, its people with their posts
    # then, its events, its agreements, the site's sections.
    with django_assert_max_num_queries(5) as small_queries:
        client.get(small.get_absolute_url())
    with django_assert_num_queries(len(small_queries)):
        large_page = client.get(large.get_absolute_url())
    assert large_page.text.count('class="mention ') == 90
    assert large_page.text.count("0 of 2 ratified") == 30
    assert large_page.text.count('<span class="meta">Minister</span>') == 30
    assert large_page.text.count('<li><strong>Correction</strong>, <time datetime="') == 2
    assert large_page.text.count('<li class="story-teaser">') == 30


def test_story_page_stays_within_ten_queries(client, world, django_assert_max_num_queries):
    client.get(world.story.get_absolute_url())
    with django_assert_max_num_queries(10):
        client.get(world.story.get_absolute_url())


def test_unknown_story_is_not_found(client, db):
    assert client.get(reverse("articles:article_detail", args=["no-such-story"])).status_code == 404


def test_lead_image_offers_its_renditions_to_the_browser(client, db):
    image = ImageFactory(file__width=1000, file__height=500, alt_text="A wide picture")
    story = ArticleFactory(lead_image=image)
    image.refresh_from_db()  # the renditions are written by a task (run at once in tests)
    page = client.get(story.get_absolute_url()).text
    assert f'srcset="{image.srcset}"' in page
    assert " 320w, " in image.srcset and image.srcset.endswith(" 1000w")
    assert 'width="1000" height="500"' in page
