"""Friendly 404 and 500 pages in the site's design."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
def test_not_found_page_is_friendly_and_offers_a_way_on(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.text
    assert "We can’t find that page" in page
    assert 'id="not-found-q"' in page  # a search box
    assert 'href="/archive/"' in page
    assert '<meta name="robots" content="noindex">' in page
    assert "/static/css/site.css" in page


def test_server_error_page_is_friendly_and_needs_no_database():
    """Django renders 500.html without a request or context processors, and the database may
    be the very thing that failed. This test has no database: pytest-django makes any query
    raise, so the page passing proves it makes none."""
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "/static/css/site.css" in response.content.decode()


def test_server_error_page_renders_without_any_context():
    html = render_to_string("500.html")
    assert "<title>Something went wrong – Newsroom</title>" in html
