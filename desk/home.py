"""The desk's home page (the admin index): what waits for me, what waits for the desk.

Each list is its newest (or oldest) few stories read along an index, and a count that stops
at COUNT_LIMIT: a count of every draft at a million stories would cost more than the page.
So the page runs the same dozen queries with 50 stories or 1,000,000 (tests/desk/
test_home.py counts them; `make bench BENCH=desk` times it against the archive's size).
"""

import datetime

from django.utils import timezone

from articles import workflow
from articles.models import Article, StatusChange
from desk.models import Autosave

LIST_LENGTH = 10
# The lists in the order each role works through them: an editor starts from what waits for
# them, a reporter from their own words.
EDITOR_ORDER = [
    "in_review",
    "scheduled",
    "under_embargo",
    "published_today",
    "my_drafts",
    "my_autosaves",
]
REPORTER_ORDER = [
    "my_drafts",
    "my_autosaves",
    "in_review",
    "published_today",
    "scheduled",
    "under_embargo",
]
COUNT_LIMIT = 1_000

# Panels other apps add to the home page (the diary's, …), one row each: the desk imports
# none of them; each app registers its own in its AppConfig.ready().
PANELS = {}


def register_panel(name, *, template, context, order=100):
    """Show `template` on the desk's home page, after the story lists, in `order`.
    `context(user)` returns the template's `panel` (None: not for this user). Like the lists,
    a panel reads a bounded number of rows along indexes."""
    PANELS[name] = (order, template, context)


def panels(user):
    shown = []
    for name, (_order, template, context) in sorted(PANELS.items(), key=lambda row: row[1][0]):
        panel = context(user)
        if panel is not None:
            shown.append({"name": name, "template": template, "panel": panel})
    return shown


def capped_count(queryset):
    """How many, counting no further than COUNT_LIMIT + 1 rows (shown as "1,000+")."""
    return queryset.order_by().values("pk")[: COUNT_LIMIT + 1].count()


def _listing(queryset):
    stories = list(queryset[:LIST_LENGTH])
    count = len(stories) if len(stories) < LIST_LENGTH else capped_count(queryset)
    return {"stories": stories, "count": count, "more": count > COUNT_LIMIT}


def desk_home(user):
    """The lists on the desk's home page for `user`, each at most LIST_LENGTH long."""
    now = timezone.now()
    # What the lists show, not the bodies: ten of those weigh more than the whole page.
    stories = Article.objects.only(
        "headline",
        "status",
        "published_at",
        "embargoed_until",
        "updated_at",
        "view_count",
        "created_by_id",
    )
    in_review = stories.filter(status=Article.Status.IN_REVIEW).order_by("updated_at", "pk")
    if not workflow.is_editor(user):
        in_review = in_review.filter(created_by=user)
    lists = {
        "my_drafts": _listing(
            stories.filter(created_by=user, status=Article.Status.DRAFT).order_by(
                "-updated_at", "-pk"
            )
        ),
        "in_review": _listing(in_review),
        # Scheduled: not released to anyone yet. Under embargo: partners receiving embargoed
        # copy may hold it; the public sees it when the embargo ends.
        "scheduled": _listing(stories.unreleased().order_by("published_at", "pk")),
        "under_embargo": _listing(stories.under_embargo().order_by("embargoed_until", "pk")),
        "published_today": _listing(
            stories.published()
            .filter(published_at__gte=now - datetime.timedelta(hours=24))
            .latest_first()
        ),
    }
    _add_submissions(lists["in_review"]["stories"])
    autosaves = list(
        Autosave.objects.filter(user=user)
        .select_related("article")
        .order_by("-saved_at")[: LIST_LENGTH + 1]
    )
    lists["my_autosaves"] = {
        "autosaves": autosaves[:LIST_LENGTH],
        "more": len(autosaves) > LIST_LENGTH,
    }
    lists["is_editor"] = workflow.is_editor(user)
    lists["order"] = EDITOR_ORDER if lists["is_editor"] else REPORTER_ORDER
    lists["may_write"] = workflow.can_create(user)
    # Opening a live story is an editor's move (live/rules.py says the same).
    lists["may_start_live"] = lists["is_editor"] and user.is_staff
    lists["panels"] = panels(user)
    return lists


def _add_submissions(stories):
    """`story.submission`: the latest StatusChange that put each story in review (one query)."""
    latest = {}
    for change in (
        StatusChange.objects.filter(article__in=stories, to_status=Article.Status.IN_REVIEW)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    ):
        latest[change.article_id] = change
    for story in stories:
        story.submission = latest.get(story.pk)
