"""What is drawn in Python rather than by the template engine is the same bytes as its
template: a teaser (`articles/teasers.py`, `includes/story_teaser.html`) for every state and
shape of story, the sections' links (`includes/navigation_sections.html`)."""

import datetime

import pytest
from django.template.loader import get_template
from django.utils import timezone

from articles.context_processors import NAVIGATION_LINKS, draw_navigation_links
from articles.highlighting import highlight_results
from articles.models import Article
from articles.story_lists import published_stories
from articles.story_page import loading
from articles.teasers import search_result_html, teaser_html
from tests.factories import ArticleFactory, LiveCoverageFactory, SectionFactory

pytestmark = pytest.mark.django_db

LONG_SUMMARY = " ".join(f"word{n}" for n in range(60)) + ' <b>"quoted" & odd</b>'


def as_listed(story):
    return Article.objects.select_related(*loading.listed_relations()).get(pk=story.pk)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"draft": True},
        {"scheduled": True},
        {"withdrawn": True},
        {"summary": ""},
        {"summary": LONG_SUMMARY},
        {"section": None},
        {"headline": 'Tom & Jerry <script>"x"</script>'},
        # A minute and a day that need (or must not have) a leading zero.
        {"published_at": datetime.datetime(2024, 3, 5, 7, 4, tzinfo=datetime.UTC)},
        {"published_at": datetime.datetime(2024, 12, 25, 23, 59, 59, 999, tzinfo=datetime.UTC)},
    ],
)
def test_teaser_is_the_templates_bytes(options):
    story = as_listed(ArticleFactory(**options))
    assert teaser_html(story) == get_template("includes/story_teaser.html").render(
        {"article": story}
    )


def test_teaser_of_a_live_story_has_its_badge_as_the_template_draws_it():
    story = published_stories().get(pk=LiveCoverageFactory().article_id)
    html = teaser_html(story)
    assert '<span class="story-badge story-badge-live">Live</span> ' in html
    assert html == get_template("includes/story_teaser.html").render({"article": story})


def test_teaser_shows_the_moment_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Asia/Tashkent"
    moment = timezone.now().replace(hour=22, minute=30, second=0, microsecond=0)
    story = as_listed(ArticleFactory(published_at=moment - datetime.timedelta(days=1)))
    html = teaser_html(story)
    assert "+05:00" in html and " +05</time>" in html
    assert html == get_template("includes/story_teaser.html").render({"article": story})


@pytest.mark.parametrize("marked", [None, 1, "missing"])
def test_navigation_links_are_the_templates_bytes(marked):
    sections = [SectionFactory(name="World"), SectionFactory(name='Arts & "Culture" <b>')]
    current = {None: None, 1: sections[1].pk, "missing": 10**6}[marked]
    section = next((section for section in sections if section.pk == current), None)
    drawn = get_template(NAVIGATION_LINKS).render(
        {"navigation_sections": sections, "section": section}
    )
    assert draw_navigation_links(sections, current) == drawn
    assert drawn.count('aria-current="page"') == (1 if marked == 1 else 0)


@pytest.mark.parametrize(
    "options", [{}, {"summary": ""}, {"section": None}, {"headline": "Tom & <b>CIS</b>"}]
)
def test_search_result_is_the_templates_bytes(options):
    story = published_stories().get(pk=ArticleFactory(body="<p>The CIS met.</p>", **options).pk)
    LiveCoverageFactory(article=story)
    story = published_stories().get(pk=story.pk)
    (result,) = highlight_results([story], "cis")
    drawn = get_template("includes/search_result.html").render({"result": result})
    assert search_result_html(result) == drawn
    assert "<mark>" in drawn and "story-badge-live" in drawn
