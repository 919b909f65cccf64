"""The story editor's server side: the mention endpoint, the picture search, the policy's
nonce for the import map, and links made in the text becoming the story's relations."""

import json

import pytest
from django.urls import reverse

from articles.models import Article
from tests.admin.helpers import change_form_data
from tests.factories import (
    ArticleFactory,
    CountryFactory,
    EditorFactory,
    EventFactory,
    ImageFactory,
    PersonFactory,
    ReporterFactory,
    UserFactory,
)
from tests.hardening.test_csp_and_login import policy
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

MENTIONS = reverse("admin:articles_article_editor_mentions")
IMAGES = reverse("admin:articles_article_editor_images")


def ask(client, payload):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(MENTIONS, body, content_type="application/json")


@pytest.fixture
def reporter_client(client):
    sign_in(client, ReporterFactory())
    return client


def test_the_endpoint_finds_names_per_paragraph_with_their_entity(reporter_client):
    putin = PersonFactory(name="Vladimir Putin", aliases="Putin")
    summit = EventFactory(title="CIS summit")
    response = ask(
        reporter_client, {"blocks": ["Vladimir Putin opened it.", "The CIS summit; Putin"]}
    )
    assert response.status_code == 200
    assert response.json()["mentions"] == [
        {
            "block": 0,
            "start": 0,
            "end": 14,
            "text": "Vladimir Putin",
            "entity": f"person:{putin.pk}",
            "kind": "person",
            "name": "Vladimir Putin",
            "url": putin.get_absolute_url(),
        },
        {
            "block": 1,
            "start": 4,
            "end": 14,
            "text": "CIS summit",
            "entity": f"event:{summit.pk}",
            "kind": "event",
            "name": "CIS summit",
            "url": summit.get_absolute_url(),
        },
        {
            "block": 1,
            "start": 16,
            "end": 21,
            "text": "Putin",
            "entity": f"person:{putin.pk}",
            "kind": "person",
            "name": "Vladimir Putin",
            "url": putin.get_absolute_url(),
        },
    ]


def test_the_linkers_rules_hold_whole_words_shared_names_and_no_countries(reporter_client):
    PersonFactory(name="Ivan Petrov")
    PersonFactory(name="Ivan Petrov")  # two people, one name: offered for neither
    PersonFactory(name="Aliyev")
    CountryFactory(name="Russia")
    found = ask(reporter_client, {"blocks": ["Ivan Petrov, Aliyevich and Russia."]}).json()
    assert found["mentions"] == []


def test_offsets_count_as_the_browser_does(reporter_client):
    PersonFactory(name="Vladimir Putin")
    [mention] = ask(reporter_client, {"blocks": ["🎉 é Vladimir Putin"]}).json()["mentions"]
    # The emoji is one code point and two UTF-16 units: the browser's offsets.
    assert (mention["start"], mention["end"]) == (5, 19)


def test_one_check_costs_one_query_per_kind_however_many_names(
    reporter_client, django_assert_num_queries
):
    people = [PersonFactory(name=f"Person Number{n}") for n in range(20)]
    event = EventFactory(title="CIS summit")
    blocks = [f"{person.name} at the CIS summit." for person in people]
    ask(reporter_client, {"blocks": ["warm the linker"]})
    # session, user, its permissions (2), people, events, and the desk's section names (the
    # proposer's: articles/editor_proposals.py)
    with django_assert_num_queries(7):
        response = ask(reporter_client, {"blocks": blocks})
    assert len(response.json()["mentions"]) == 40
    assert response.json()["mentions"][1]["entity"] == f"event:{event.pk}"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        ("[1, 2]", "list of strings"),
        ({"text": "Putin"}, "list of strings"),
        ({"blocks": "Putin"}, "list of strings"),
        ({"blocks": [1, 2]}, "list of strings"),
        ({"blocks": ["x" * 400_001]}, "too long"),
        ({"blocks": ["x"] * 5_001}, "too long"),
    ],
)
def test_bad_input_is_a_clear_400(reporter_client, payload, message):
    response = ask(reporter_client, payload)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_only_a_post_is_answered(reporter_client):
    assert reporter_client.get(MENTIONS).status_code == 405


@pytest.mark.parametrize("who", ["anonymous", "reader", "inactive staff"])
def test_anyone_but_the_desk_gets_403(client, who):
    if who == "reader":
        sign_in(client, UserFactory())
    elif who == "inactive staff":
        sign_in(client, ReporterFactory(is_active=False))
    for response in (ask(client, {"blocks": ["Putin"]}), client.get(IMAGES, {"q": "x"})):
        assert response.status_code == 403
        assert "Only the desk" in response.json()["error"]


def test_the_endpoint_needs_the_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    sign_in(strict, ReporterFactory())
    response = strict.post(MENTIONS, '{"blocks": []}', content_type="application/json")
    assert response.status_code == 403


def test_pictures_are_found_by_caption_alt_text_or_credit(reporter_client):
    kremlin = ImageFactory(alt_text="Leaders at a table", caption="The Kremlin hall", credit="TASS")
    ImageFactory(alt_text="A river", caption="Tashkent at dusk", credit="UzA")
    for query in ["kremlin", "leaders table", "tass"]:
        found = reporter_client.get(IMAGES, {"q": query}).json()["images"]
        assert [image["id"] for image in found] == [kremlin.pk], query
    assert len(reporter_client.get(IMAGES).json()["images"]) == 2
    assert reporter_client.get(IMAGES, {"q": "x" * 201}).status_code == 400


def test_the_change_page_loads_the_editor_with_a_nonce_on_the_import_map(client):
    sign_in(client, EditorFactory())
    story = ArticleFactory()
    response = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    directives = policy(response)
    nonces = [source for source in directives["script-src"].split() if "nonce-" in source]
    assert len(nonces) == 1 and "unsafe-inline" not in response["Content-Security-Policy"]
    nonce = nonces[0].removeprefix("'nonce-").removesuffix("'")
    html = response.text
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert 'src="/static/articles/body_editor.js"' in html
    assert "data-django-prose-editor-newsroom=" in html
    assert "fonts.googleapis" not in html and "cdn" not in html.lower()


def test_a_link_made_in_the_text_makes_the_entity_one_of_the_storys_relations(client):
    editor = EditorFactory()
    sign_in(client, editor)
    putin = PersonFactory(name="Vladimir Putin")
    story = ArticleFactory(created_by=editor)
    url = reverse("admin:articles_article_change", args=[story.pk])
    body = f'<p><a href="/anything/" data-entity="person:{putin.pk}">Putin</a> spoke.</p>'
    data = change_form_data(client.get(url), body=body)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    story = Article.objects.get(pk=story.pk)
    assert list(story.people.all()) == [putin]
    assert f'data-entity="person:{putin.pk}"' in story.body
