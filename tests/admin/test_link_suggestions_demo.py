"""Link suggestions on the real demo stories: unlink everyone, and every person comes back."""

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.services import article_suggested_links
from tests.articles.test_linker import DEMO_PEOPLE  # the twelve people of the site story

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize(
    "slug", ["presidents-gather-at-the-kremlin", "informal-meeting-of-the-cis-heads-of-states"]
)
def test_every_person_linked_in_a_demo_story_is_suggested_once_unlinked(demo, slug):
    story = Article.objects.get(slug=slug)
    linked = set(story.people.values_list("slug", flat=True))
    assert linked, "the demo links people to each story"
    story.people.clear()
    suggested = {person.slug for person in article_suggested_links(story).get("person", [])}
    assert suggested == linked


def test_all_twelve_people_of_the_site_story_are_found(demo):
    story = Article.objects.get(slug="presidents-gather-at-the-kremlin")
    story.people.clear()
    suggested = {person.slug for person in article_suggested_links(story)["person"]}
    assert suggested == DEMO_PEOPLE
