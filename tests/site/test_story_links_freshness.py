"""A story's links made ahead of time (`articles.views.story_links`), and a person's or an
event's lists made once (`events.views.kept_for_readers`), are never stale.

They are kept under the surrogate keys of everything they show, so a change that purges the
story page makes them stale at the same moment: a renamed person, a new slug, a deleted
entity, a withdrawn related story show at once, with the page cache on or off; a scheduled
related story appears when it is due, with no save; an edit made without signals shows within
the page cache's time limit, as for every cached page.
"""

import datetime

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory
from tests.signing_in import sign_in


@pytest.fixture(params=[False, True], ids=["page-cache-off", "page-cache-on"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE = request.param
    return request.param


def story_about(person):
    story = ArticleFactory(
        body=(
            f'<p>Said <a href="/people/old/" data-entity="person:{person.pk}">the president</a>.'
            f" Then {person.name} left.</p>"
        )
    )
    story.people.add(person)
    return story


def test_a_renamed_person_and_a_new_slug_show_at_once(client, db, page_cache):
    putin = PersonFactory(name="Vladimir Putin", slug="vladimir-putin")
    story = story_about(putin)
    before = client.get(story.get_absolute_url()).text
    assert 'href="/people/vladimir-putin/"' in before
    putin.name = "Vladimir V. Putin"
    putin.slug = "vladimir-v-putin"
    putin.save()
    after = client.get(story.get_absolute_url()).text
    assert "/people/vladimir-putin/" not in after
    # The editor's own link and the people box follow the new address and name.
    assert after.count('href="/people/vladimir-v-putin/"') >= 2
    assert ">Vladimir V. Putin</a>" in after
    assert '"name": "Vladimir V. Putin"' in after  # the JSON-LD too


def test_a_deleted_person_is_never_linked(client, db, page_cache):
    gone = PersonFactory(name="Somebody Gone")
    story = story_about(gone)
    assert f'href="{gone.get_absolute_url()}"' in client.get(story.get_absolute_url()).text
    gone.delete()
    after = client.get(story.get_absolute_url()).text
    assert "<p>Said the president. Then Somebody Gone left.</p>" in after
    assert "Somebody Gone</a>" not in after


def test_a_withdrawn_related_story_leaves_at_once(client, db, page_cache):
    story = ArticleFactory()
    related = ArticleFactory(headline="The related one")
    story.related_articles.add(related)
    assert "The related one" in client.get(story.get_absolute_url()).text
    related.status = Article.Status.WITHDRAWN
    related.save()
    assert "The related one" not in client.get(story.get_absolute_url()).text


def test_a_scheduled_related_story_appears_when_due_without_a_save(client, db, clock, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    story = ArticleFactory()
    soon = ArticleFactory(
        headline="Coming at noon", published_at=story.published_at + datetime.timedelta(hours=1)
    )
    soon.published_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)
    soon.save()
    story.related_articles.add(soon)
    assert "Coming at noon" not in client.get(story.get_absolute_url()).text
    clock.advance(minutes=6)
    assert "Coming at noon" in client.get(story.get_absolute_url()).text


def test_an_edit_without_signals_shows_within_the_page_cache_time_limit(
    client, db, clock, settings
):
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    person = PersonFactory(name="Old Name")
    story = story_about(person)
    client.get(story.get_absolute_url())
    type(person).objects.filter(pk=person.pk).update(name="New Name")  # no signal, no purge
    assert ">Old Name</a>" in client.get(story.get_absolute_url()).text
    clock.advance(seconds=61)
    assert ">New Name</a>" in client.get(story.get_absolute_url()).text


def test_a_rename_makes_the_links_again_ahead_of_the_next_reader(
    client,
    db,
    settings,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
    buffered_view_counts,
):
    settings.NEWSROOM_PAGE_CACHE = False
    with django_capture_on_commit_callbacks(execute=True):  # committed, each in its turn
        person = PersonFactory(name="Old Name")
        story = story_about(person)
    client.get(story.get_absolute_url())
    # The rename commits: its purge enqueues the task (run at once in tests) that makes the
    # links of the person's stories again.
    with django_capture_on_commit_callbacks(execute=True):
        person.name = "New Name"
        person.save()
    with django_assert_max_num_queries(1):  # the story's own row: its links were made ahead
        page = client.get(story.get_absolute_url()).text
    assert ">New Name</a>" in page


def test_a_draft_is_never_made_ahead_nor_kept(client, db, settings, editor):
    from django.contrib.auth.models import Permission

    settings.NEWSROOM_PAGE_CACHE = False
    editor.user_permissions.add(Permission.objects.get(codename="view_article"))
    sign_in(client, editor)
    draft = ArticleFactory(draft=True, body="<p>First words.</p>")
    assert "First words." in client.get(draft.get_absolute_url()).text
    # No purge reaches a preview's own rendering: it is made for each look.
    Article.objects.filter(pk=draft.pk).update(body="<p>Second words.</p>")
    assert "Second words." in client.get(draft.get_absolute_url()).text


def test_a_person_and_an_event_page_show_a_rename_and_a_withdrawal_at_once(client, db, page_cache):
    from tests.factories import ParticipationFactory, QuoteFactory

    participation = ParticipationFactory(event__title="Old summit title")
    person, event = participation.person, participation.event
    quote = QuoteFactory(speaker=person, event=event, text="Words worth keeping.")
    for page in (person.get_absolute_url(), event.get_absolute_url()):
        assert "Words worth keeping." in client.get(page).text
    event.title = "New summit title"
    event.save()
    assert "New summit title" in client.get(person.get_absolute_url()).text
    participation.person.name = "Renamed Person"
    participation.person.save()
    assert "Renamed Person" in client.get(event.get_absolute_url()).text
    quote.article.status = Article.Status.WITHDRAWN
    quote.article.save()
    for page in (person.get_absolute_url(), event.get_absolute_url()):
        assert "Words worth keeping." not in client.get(page).text


def test_the_api_and_ninjs_bodies_follow_a_new_slug_at_once(client, db, page_cache):
    person = PersonFactory(name="Vladimir Putin", slug="vladimir-putin")
    story = story_about(person)
    item, ninjs = f"/api/articles/{story.slug}/", f"/api/articles/{story.slug}/ninjs/"
    assert "/people/vladimir-putin/" in client.get(item).json()["body"]
    assert "/people/vladimir-putin/" in client.get(ninjs).json()["bodies"][0]["value"]
    person.slug = "vladimir-v-putin"
    person.save()
    for body in (
        client.get(item).json()["body"],
        client.get(ninjs).json()["bodies"][0]["value"],
    ):
        assert 'href="http://testserver/people/vladimir-v-putin/"' in body
        assert "/people/vladimir-putin/" not in body


def test_an_api_list_entry_follows_a_rename_a_new_link_and_a_correction_at_once(
    client, db, page_cache
):
    from tests.factories import CorrectionFactory

    person = PersonFactory(name="Old Name", slug="old-name")
    story = story_about(person)
    entry = client.get("/api/articles/").json()["results"][0]
    assert [linked["name"] for linked in entry["people"]] == ["Old Name"]
    person.name, person.slug = "New Name", "new-name"
    person.save()
    story.people.add(PersonFactory(name="Added Person"))
    CorrectionFactory(article=story, text="A fixed date.")
    entry = client.get("/api/articles/").json()["results"][0]
    assert sorted(linked["name"] for linked in entry["people"]) == ["Added Person", "New Name"]
    assert "http://testserver/people/new-name/" in [p["html_url"] for p in entry["people"]]
    assert [correction["text"] for correction in entry["corrections"]] == ["A fixed date."]


def test_an_api_item_shows_a_new_quote_and_loses_a_withdrawn_related_story_at_once(
    client, db, page_cache
):
    from tests.factories import QuoteFactory

    story = ArticleFactory()
    related = ArticleFactory(headline="The related one")
    story.related_articles.add(related)
    item = f"/api/articles/{story.slug}/"
    assert [r["headline"] for r in client.get(item).json()["related_articles"]] == [
        "The related one"
    ]
    QuoteFactory(article=story, text="New words.")
    related.status = Article.Status.WITHDRAWN
    related.save()
    again = client.get(item).json()
    assert again["related_articles"] == []
    assert [quote["text"] for quote in again["quotes"]] == ["New words."]


def test_a_teaser_follows_its_story_and_its_section_at_once(client, db, page_cache):
    story = ArticleFactory(headline="First headline", section__name="Old desk")
    for page in ("/", story.section.get_absolute_url()):
        assert "First headline" in client.get(page).text
    story.headline = "Second headline"
    story.save()
    story.section.name = "New desk"
    story.section.save()
    for page in ("/", story.section.get_absolute_url()):
        html = client.get(page).text
        assert "Second headline" in html and "First headline" not in html
        assert '<span class="teaser-section">New desk</span>' in html


def test_an_edit_of_the_body_and_a_correction_show_at_once(client, db, page_cache):
    from tests.factories import CorrectionFactory

    person = PersonFactory(name="Ann Example")
    story = story_about(person)
    assert "Then Ann Example left." in client.get(story.get_absolute_url()).text
    story.body = "<p>Ann Example stayed.</p>"
    story.save()
    CorrectionFactory(article=story, text="An earlier version said she left.")
    for path in (story.get_absolute_url(), f"/api/articles/{story.slug}/"):
        text = client.get(path).text
        assert "stayed" in text and "Then Ann Example left." not in text
        assert "An earlier version said she left." in text


def test_most_read_is_as_of_the_last_change_to_a_list_of_stories(client, db, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    quiet = ArticleFactory(headline="Quiet story", view_count=1)
    ArticleFactory(headline="Busy story", view_count=50)

    def most_read():
        page = client.get("/").text
        return page.split('id="most-read-heading"')[1].split("</ol>")[0]

    assert most_read().index("Busy story") < most_read().index("Quiet story")
    # Views are added without a purge (articles/view_counts.py): the list stays as it was...
    Article.objects.filter(pk=quiet.pk).update(view_count=500)
    assert most_read().index("Busy story") < most_read().index("Quiet story")
    # ...until a change to a list of stories, as the cached front page always had it.
    ArticleFactory(headline="Another story")
    assert most_read().index("Quiet story") < most_read().index("Busy story")
