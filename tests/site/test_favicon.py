"""The site's icon: served at /favicon.ico (where browsers and feed readers look unasked) and
named by every public page and every page of the desk, from this site only."""

import re
from io import BytesIO

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from tests.factories import EditorFactory
from tests.signing_in import sign_in
from tests.site.conftest import add_what_the_demo_lacks, public_pages

pytestmark = pytest.mark.django_db

ICON_LINK = re.compile(r'<link rel="icon" href="([^"]+)"')


def test_favicon_ico_is_an_icon_kept_a_day(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "max-age=86400" in response["Cache-Control"]
    icon = Image.open(BytesIO(response.content))
    assert icon.format == "ICO" and {(16, 16), (32, 32)} <= icon.info["sizes"]


def assert_names_a_served_icon(client, html, where):
    links = ICON_LINK.findall(html)
    assert links, f"{where} names no icon"
    for href in links:
        assert href.startswith("/"), f"{where}: the icon {href} is on another host"
        path = href.removeprefix("/static/")
        assert finders.find(path), f"{where}: {href} is not one of the site's files"


def test_every_public_page_names_the_sites_icon(client):
    add_what_the_demo_lacks()
    for name, path in public_pages(every_object=False).items():
        assert_names_a_served_icon(client, client.get(path).text, name)


def test_the_desk_names_the_sites_icon(client):
    assert_names_a_served_icon(client, client.get("/admin/login/").text, "the desk's login")
    sign_in(client, EditorFactory())
    for path in ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_names_a_served_icon(client, response.text, path)
