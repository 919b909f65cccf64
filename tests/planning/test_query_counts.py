"""The diary at scale: the desk's home page (with both of the diary's panels) and the week view
run the same queries with 10 events as with 10,000 events and 50,000 coverage items
(bulk-created by planning/synthetic.py, as the benchmark's are)."""

import pytest
from django.urls import reverse

from events.models import Event
from planning.models import CoverageItem
from planning.synthetic import seed_diary
from tests.factories import ReporterFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def queries_for(client, path, django_assert_max_num_queries, limit):
    client.get(path)  # the session and permissions warm up
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(
    ("path", "limit"), [(reverse("admin:index"), 30), (reverse("planning:week"), 15)]
)
def test_the_same_queries_at_10_and_10000_events(
    client, editor, path, limit, django_assert_max_num_queries
):
    desk = [editor, *(ReporterFactory() for _ in range(4))]
    seed_diary(events=10, items=50, users=desk, prefix="small", days=7)
    sign_in(client, editor)
    small = queries_for(client, path, django_assert_max_num_queries, limit)
    # Every part of the page had something to show at the small size too.
    html = client.get(path).text
    assert "Gap: nothing planned" in html and "small event" in html
    if path == reverse("admin:index"):
        assert "Nothing late." not in html and "Nothing filed and waiting." not in html
        assert "Nothing assigned to you." not in html

    seed_diary(events=10_000, items=50_000, users=desk, prefix="large")
    assert Event.objects.count() > 10_000 and CoverageItem.objects.count() > 50_000
    large = queries_for(client, path, django_assert_max_num_queries, limit)
    assert len(large) == len(small), "\n".join(large)
