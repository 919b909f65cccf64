"""Bad input gets a 400 whose JSON names the parameter; an unknown item or address a JSON 404;
nothing a client sends gets a 500."""

import datetime
import json
from base64 import urlsafe_b64encode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.api.conftest import results
from tests.factories import ArticleFactory, PersonFactory, SectionFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "articles",
    "sections",
    "people",
    "events",
    "agreements",
    "places",
    "countries",
    "organizations",
]


def assert_bad(response, parameter):
    """A 400 whose JSON body names `parameter` with at least one message."""
    assert response.status_code == 400, response.content
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == [parameter], body
    assert body[parameter] and all(isinstance(message, str) for message in body[parameter])
    return body[parameter][0]


def test_unknown_section_slug_is_refused_by_name(api_client):
    SectionFactory(slug="world")
    message = assert_bad(api_client.get("/api/articles/?section=wrld"), "section")
    assert "wrld" in message


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/articles/?person=nobody", "person"),
        ("/api/articles/?agency=NOPE", "agency"),
        ("/api/events/?place=atlantis", "place"),
        ("/api/agreements/?party=narnia", "party"),
        ("/api/people/?organization=none", "organization"),
        # PostgreSQL refuses NUL in a query parameter outright: it must not reach it.
        ("/api/articles/?section=wor%00ld", "section"),
        ("/api/places/?within=%00", "within"),
    ],
)
def test_unknown_slugs_in_any_filter_are_refused(api_client, path, parameter):
    assert_bad(api_client.get(path), parameter)


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/articles/?published_after=yesterday", "published_after"),
        ("/api/articles/?published_before=2024-13-45", "published_before"),
        ("/api/articles/?updated_after=2024-10-08T25:00", "updated_after"),
        ("/api/events/?date_after=8 October", "date_after"),
        ("/api/agreements/?signed_before=2024/10/08", "signed_before"),
        # Exists in Python, but not once converted to UTC for the database.
        ("/api/articles/?published_after=0001-01-01T00:00:00%2B05:00", "published_after"),
    ],
)
def test_malformed_dates_are_refused_by_name(api_client, path, parameter):
    assert_bad(api_client.get(path), parameter)


@pytest.mark.parametrize("offset", ["%2B17:38", "-23:59", "%2B00:00"])
def test_any_offset_iso_8601_allows_is_accepted(api_client, offset):
    # PostgreSQL refuses offsets past ±15:59 (found by schemathesis): the filter hands on UTC.
    story = ArticleFactory(published_at=datetime.datetime(2024, 10, 8, 12, tzinfo=datetime.UTC))
    response = api_client.get(f"/api/articles/?published_after=0128-01-07T18:39:37{offset}")
    assert response.status_code == 200, response.content
    assert [item["slug"] for item in results(response)] == [story.slug]


@pytest.mark.parametrize("collection", ["articles", "people"])
@pytest.mark.parametrize("size", ["-1", "0", "101", str(10**9), "ten", "2.5"])
def test_page_size_outside_1_to_100_is_refused(api_client, collection, size):
    assert_bad(api_client.get(f"/api/{collection}/?page_size={size}"), "page_size")


def test_page_size_of_100_is_accepted(api_client):
    assert api_client.get("/api/articles/?page_size=100").status_code == 200
    assert api_client.get("/api/people/?page_size=100").status_code == 200


@pytest.mark.parametrize("page", ["0", "-2", "abc", "last"])
def test_page_numbers_that_are_not_numbers_from_1_are_refused(api_client, page):
    PersonFactory()
    assert_bad(api_client.get(f"/api/people/?page={page}"), "page")


def test_a_page_past_the_last_is_not_found_and_names_the_last(api_client):
    # Well formed (the schema allows any page from 1): the page itself does not exist.
    PersonFactory()
    response = api_client.get("/api/people/?page=99")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page 99: the last page is 1."}


def forged(token):
    return urlsafe_b64encode(json.dumps(token).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "%%%",
        forged({"v": ["2024-10-08T09:00:00+00:00"], "b": False}),  # too few values
        forged({"v": ["not a time", 1], "b": False}),
        forged({"v": ["2024-10-08T09:00:00", 1], "b": False}),  # naive time
        forged({"v": ["2024-10-08T09:00:00+00:00", 10**30], "b": False}),  # key out of range
        forged({"v": ["2024-10-08T09:00:00+00:00", float("inf")], "b": False}),
        forged({"v": ["2024-10-08T09:00:00+00:00", 1], "b": "yes"}),
        forged({"v": [["nested"], 1], "b": False}),
        forged(["not", "an", "object"]),
    ],
)
def test_garbage_cursors_are_refused(api_client, cursor):
    ArticleFactory()
    assert_bad(api_client.get("/api/articles/", {"cursor": cursor}), "cursor")


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/articles/?ordering=headline", "ordering"),
        ("/api/articles/?ordering=-view_count", "ordering"),
        ("/api/people/?ordering=bio", "ordering"),
        ("/api/people/?q=a%00b", "q"),
        ("/api/events/?kind=party", "kind"),
        ("/api/agreements/?party_status=maybe", "party_status"),
    ],
)
def test_values_not_offered_are_refused(api_client, path, parameter):
    assert_bad(api_client.get(path), parameter)


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/articles/?section=", "section"),
        ("/api/articles/?q=%20%20", "q"),
        ("/api/events/?date_before=", "date_before"),
        ("/api/articles/?cursor=", "cursor"),
        ("/api/people/?page=", "page"),
        ("/api/people/?page_size=", "page_size"),
    ],
)
def test_a_parameter_sent_empty_is_refused_rather_than_ignored(api_client, path, parameter):
    assert "value" in assert_bad(api_client.get(path), parameter)


def test_misspelt_parameter_is_refused_rather_than_ignored(api_client):
    SectionFactory(slug="world")
    ArticleFactory()  # without the check, every story would come back
    message = assert_bad(api_client.get("/api/articles/?secton=world"), "secton")
    assert "section" in message  # the message lists what is accepted


@pytest.mark.parametrize("collection", LISTS)
def test_every_list_refuses_unknown_parameters(api_client, collection):
    assert_bad(api_client.get(f"/api/{collection}/?no_such_thing=1"), "no_such_thing")


def test_items_take_no_filters(api_client):
    story = ArticleFactory()
    assert_bad(api_client.get(f"/api/articles/{story.slug}/?section=world"), "section")
    assert_bad(api_client.get(f"/api/articles/{story.slug}/?ninjs_version=3.1"), "ninjs_version")
    assert api_client.get(f"/api/articles/{story.slug}/ninjs/?ninjs_version=3.1").status_code == 200
    assert_bad(
        api_client.get(f"/api/articles/{story.slug}/ninjs/?ninjs_version=9"), "ninjs_version"
    )


def test_unknown_format_is_refused_by_name(api_client):
    story = ArticleFactory()
    assert_bad(api_client.get("/api/articles/?format=xml"), "format")
    assert_bad(api_client.get(f"/api/articles/{story.slug}/?format=ninjs"), "format")
    assert api_client.get("/api/articles/?format=json").status_code == 200


@pytest.mark.parametrize("path", ["/api/nothing/here/", "/api/people/two%0Alines/", "/api/x%00y/"])
def test_unknown_api_address_is_a_json_404(api_client, path):
    response = api_client.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert "There is no API endpoint" in response.json()["detail"]


def test_writing_to_an_unknown_api_address_is_a_json_404_not_a_csrf_page():
    client = APIClient(enforce_csrf_checks=True)  # as a real client meets Django
    response = client.put("/api/desk/articles/not-an-id/", {}, format="json")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"


def test_writing_to_the_public_api_is_not_allowed(api_client):
    story = ArticleFactory()
    response = api_client.post("/api/articles/", {"headline": "Hi"}, format="json")
    assert response.status_code == 405
    assert api_client.delete(f"/api/articles/{story.slug}/").status_code == 405


@pytest.fixture
def some_of_everything(linked_story):
    return linked_story


PARAMETERS = {
    "articles": ["section", "person", "published_after", "q", "ordering", "cursor", "page_size"],
    "events": ["date_after", "date_before", "person", "kind", "ordering", "page", "page_size"],
    "agreements": ["party", "party_status", "signed_after", "ordering", "page"],
    "people": ["country", "organization", "q", "ordering", "page"],
}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    collection=st.sampled_from(sorted(PARAMETERS)),
    data=st.data(),
)
def test_no_query_string_makes_the_api_fail(api_client, some_of_everything, collection, data):
    names = data.draw(st.lists(st.sampled_from(PARAMETERS[collection]), max_size=3, unique=True))
    values = st.one_of(
        st.text(max_size=30),
        st.integers().map(str),
        st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
        st.sampled_from(["-published_at", "name", "", "0", "-1", "moscow", "uzbekistan"]),
    )
    query = {name: data.draw(values) for name in names}
    response = api_client.get(f"/api/{collection}/", query)
    # A page past the last is a 404 naming the last one; nothing else may be.
    answers = {200, 400, 404} if "page" in query else {200, 400}
    assert response.status_code in answers, (query, response.content)
    if response.status_code == 404:
        assert response.json()["detail"].startswith(f"There is no page {int(query['page'])}:")
