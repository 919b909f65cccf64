"""A live story's page and its poll cost the same queries with 5 entries or 5,000."""

import pytest
from django.urls import reverse

from live.models import LiveEntry
from tests.factories import LiveCoverageFactory, PersonFactory

pytestmark = pytest.mark.django_db


def live_story_with(count):
    person = PersonFactory(name="Vladimir Putin")
    coverage = LiveCoverageFactory()
    coverage.article.people.add(person)
    LiveEntry.objects.bulk_create(
        LiveEntry(
            coverage=coverage,
            author_name="Jane Roe",
            body=f'<p>Vladimir Putin speaks, update {number}, <a href="/x" '
            f'data-entity="person:{person.pk}">him</a>.</p>',
            is_key_event=number % 500 == 0,
        )
        for number in range(count)
    )
    return coverage


def test_the_first_page_takes_the_same_queries_with_5_or_5000_entries(
    client, settings, django_assert_num_queries, buffered_view_counts
):
    settings.NEWSROOM_PAGE_CACHE = False  # the page's own queries, not the cache's
    # Nothing kept (no story links made ahead): every reader is the first, the worst case.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    small, large = live_story_with(5), live_story_with(5000)
    client.get(small.article.get_absolute_url())  # the linker's names, read once a process
    # The story with its related stories and corrections, its people with their posts then,
    # its events, its agreements, the sections, its entries and its key events.
    with django_assert_num_queries(7) as small_queries:
        client.get(small.article.get_absolute_url())
    with django_assert_num_queries(len(small_queries)):
        response = client.get(large.article.get_absolute_url())
    assert response.content.decode().count('<article class="live-entry') == 20


def test_the_poll_takes_the_same_queries_with_5_or_5000_entries(
    client, settings, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_CACHE = False
    small, large = live_story_with(5), live_story_with(5000)
    for coverage in (small, large):
        # Some edited, some deleted: the changes ride along with every poll.
        for entry in coverage.entries.order_by("pk")[:3]:
            entry.version += 1
            entry.save()
    counts = []
    for coverage in (small, large):
        since = coverage.entries.order_by("-pk")[3].pk
        url = reverse("live:updates", args=[coverage.article.slug]) + f"?since={since}"
        client.get(url)
        with django_assert_num_queries(7) as queries:
            data = client.get(url).json()
        counts.append(len(queries))
        assert len(data["entries"]) == 3
    assert counts[0] == counts[1]
