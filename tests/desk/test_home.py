"""The desk's home page (the admin index): my drafts, in review, scheduled, published in the
last 24 hours with view counts, my unsaved autosaves; a bounded number of queries however
large the archive."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, StatusChange
from desk.home import COUNT_LIMIT
from desk.models import Autosave
from tests.factories import ArticleFactory, EditorFactory, ReporterFactory, SectionFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")
Status = Article.Status


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def bulk_stories(count, *, created_by, status, published_at=None, start=0):
    """Stories written straight to the table (no revisions): an archive's worth, quickly."""
    section = SectionFactory()
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Archive story {start + number}",
            slug=f"archive-{status}-{start + number}",
            section=section,
            created_by=created_by,
            status=status,
            published_at=published_at or (now - datetime.timedelta(days=2, minutes=number))
            if status == Status.PUBLISHED
            else None,
        )
        for number in range(count)
    )


@pytest.fixture
def reporter():
    return ReporterFactory(username="rita", first_name="Rita", last_name="Reporter")


@pytest.fixture
def editor():
    return EditorFactory(username="eddie")


def home_list(html, list_id):
    """One list of the home page (the lists come in the role's order, desk/home.py)."""
    start = html.index(f'id="{list_id}"')
    return html[start : html.index("</table>", start)]


def test_each_list_shows_its_stories_one_click_from_their_form(client, reporter, editor):
    ArticleFactory(draft=True, created_by=reporter, headline="Rita's draft")
    ArticleFactory(draft=True, created_by=editor, headline="Eddie's draft")
    waiting = ArticleFactory(in_review=True, created_by=reporter, headline="Waiting for review")
    StatusChange.objects.create(
        article=waiting,
        from_status=Status.DRAFT,
        to_status=Status.IN_REVIEW,
        changed_by=reporter,
        changed_at=timezone.now() - datetime.timedelta(hours=3),
    )
    scheduled = ArticleFactory(scheduled=True, headline="Tomorrow's story")
    fresh = ArticleFactory(headline="Out this morning", view_count=1234)
    ArticleFactory(
        headline="Last week's story", published_at=timezone.now() - datetime.timedelta(days=7)
    )
    autosaved = ArticleFactory(headline="Half-edited story")
    Autosave.objects.create(user=editor, article=autosaved, headline="Half-edited, unsaved")
    Autosave.objects.create(user=editor, headline="A story not saved yet")

    sign_in(client, editor)
    html = client.get(INDEX).text
    drafts = home_list(html, "desk-my-drafts")
    assert "Rita&#x27;s draft" not in drafts and "Eddie&#x27;s draft" in drafts
    review = home_list(html, "desk-in-review")
    assert f'href="{change_url(waiting)}"' in review
    assert "submitted by Rita Reporter, 3\xa0hours ago" in review
    scheduled_part = home_list(html, "desk-scheduled")
    assert f'href="{change_url(scheduled)}"' in scheduled_part
    assert f"{timezone.localtime(scheduled.published_at):%H:%M}" in scheduled_part
    today = home_list(html, "desk-published-today")
    assert f'href="{change_url(fresh)}"' in today and "1,234 views" in today
    assert "Last week" not in today
    autosaves = home_list(html, "desk-my-autosaves")
    assert f'href="{change_url(autosaved)}"' in autosaves
    assert f'href="{reverse("admin:articles_article_add")}"' in autosaves
    assert "A story not saved yet" in autosaves


def test_a_reporter_sees_their_own_stories_in_review_only(client, reporter, editor):
    ArticleFactory(in_review=True, created_by=reporter, headline="Mine in review")
    ArticleFactory(in_review=True, created_by=editor, headline="Theirs in review")
    sign_in(client, reporter)
    html = client.get(INDEX).text
    assert "My stories in review" in html
    assert "Mine in review" in html and "Theirs in review" not in html


def test_in_review_lists_the_longest_waiting_first(client, editor):
    newer = ArticleFactory(in_review=True, headline="Submitted second")
    older = ArticleFactory(in_review=True, headline="Submitted first")
    Article.objects.filter(pk=older.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=1)
    )
    sign_in(client, editor)
    html = client.get(INDEX).text
    assert html.index(older.headline) < html.index(newer.headline)


def test_counts_stop_at_the_limit(client, editor, settings):
    bulk_stories(COUNT_LIMIT + 5, created_by=editor, status=Status.DRAFT)
    sign_in(client, editor)
    html = client.get(INDEX).text
    assert f"My drafts ({COUNT_LIMIT + 1:,}+)" in html


def test_the_home_page_runs_the_same_queries_at_50_and_5000_stories(
    client, editor, django_assert_max_num_queries
):
    def queries_for_home():
        client.get(INDEX)  # the session and permissions warm up
        # 21: django-otp reads the device this session passed its second factor with.
        with django_assert_max_num_queries(21) as captured:
            response = client.get(INDEX)
        assert response.status_code == 200
        return len(captured.captured_queries)

    sign_in(client, editor)
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED):
        bulk_stories(17, created_by=editor, status=status, start=0)
    small = queries_for_home()
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED):
        bulk_stories(1700, created_by=editor, status=status, start=100)
    for number in range(50):
        Autosave.objects.create(
            user=editor, article=Article.objects.filter(status=Status.DRAFT)[number]
        )
    assert Article.objects.count() > 5000
    assert queries_for_home() == small
