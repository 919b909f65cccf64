"""Linking the first mention of a story's people, events and agreements in its body."""

import pytest

from articles.linker import MentionLinker, Target
from articles.rendering import link_first_mentions, linked_body
from core.html import sanitize_html
from tests.factories import ArticleFactory, OrganizationFactory, PersonFactory

PUTIN = Target("person", "vladimir-putin", 1)
SUMMIT = Target("event", "cis-summit", 2)
LEBEDEV = Target("person", "sergey-lebedev", 3)
LINKER = MentionLinker(
    [
        ("Vladimir Putin", PUTIN),
        ("Putin", PUTIN),
        ("CIS summit", SUMMIT),
        ("Sergey Lebedev", LEBEDEV),
        ("AT&T <Holdings>", Target("agreement", "att", 4)),
    ]
)
TARGETS = {("person", 1): "/people/vladimir-putin/", ("event", 2): "/events/cis-summit/"}


def link(body, targets=TARGETS):
    return str(link_first_mentions(sanitize_html(body), targets, linker=LINKER))


def test_only_the_first_mention_of_each_entity_becomes_a_link():
    html = link("<p>Vladimir Putin opened the CIS summit. Putin spoke; Putin left.</p>")
    assert html == (
        '<p><a class="mention mention-person" href="/people/vladimir-putin/">Vladimir Putin</a>'
        ' opened the <a class="mention mention-event" href="/events/cis-summit/">CIS summit</a>.'
        " Putin spoke; Putin left.</p>"
    )


def test_entities_the_story_is_not_linked_to_stay_text():
    html = link("<p>Sergey Lebedev and Putin.</p>")
    assert "Sergey Lebedev and" in html
    assert html.count("<a ") == 1


def test_a_mention_inside_an_existing_link_is_left_alone_and_the_next_one_is_linked():
    html = link('<p><a href="https://kremlin.ru/">Putin</a> said. Then Putin left.</p>')
    assert '<a href="https://kremlin.ru/" rel="noopener noreferrer">Putin</a>' in html
    assert 'said. Then <a class="mention mention-person"' in html
    assert html.count("<a ") == 2


def test_code_is_not_story_markup_its_words_are_kept():
    assert sanitize_html("<p><code>Putin</code></p><pre>CIS summit</pre>") == (
        "<p>Putin</p>CIS summit"
    )


def test_markup_around_the_text_is_kept_exactly():
    stored = sanitize_html(
        '<h2>Talks</h2><p><strong>Putin</strong> met <abbr title="a > b">CIS</abbr>.<br>End</p>'
    )
    linked = '<a class="mention mention-person" href="/people/vladimir-putin/">Putin</a>'
    assert link(stored) == stored.replace("<strong>Putin</strong>", f"<strong>{linked}</strong>")


def test_text_stays_escaped_and_linked_names_are_escaped():
    targets = {**TARGETS, ("agreement", 4): "/agreements/att/"}
    html = link("<p>&lt;script&gt;alert(1)&lt;/script&gt; AT&amp;T &lt;Holdings&gt;</p>", targets)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        '<a class="mention mention-agreement" href="/agreements/att/">AT&amp;T &lt;Holdings&gt;</a>'
        in html
    )


def test_a_name_split_by_markup_is_not_a_mention():
    assert "<a " not in link("<p>Vladimir <em>Put</em>in</p>", {("person", 1): "/p/"})


def test_a_body_without_targets_is_returned_as_stored():
    body = sanitize_html("<p>Putin &amp; co.</p>")
    assert str(link_first_mentions(body, {}, linker=LINKER)) == body


@pytest.mark.django_db
def test_linked_body_links_the_story_people_events_and_agreements_not_organizations():
    putin = PersonFactory(name="Vladimir Putin", slug="vladimir-putin")
    cis = OrganizationFactory(name="Commonwealth of Independent States", short_name="CIS")
    story = ArticleFactory(body="<p>Vladimir Putin hosted the CIS.</p>")
    story.people.add(putin)
    story.organizations.add(cis)
    html = str(linked_body(story))
    assert 'href="/people/vladimir-putin/">Vladimir Putin</a>' in html
    assert "hosted the CIS." in html
