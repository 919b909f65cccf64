"""The coverage follows its story in any order of moves: Hypothesis drives a story through the
workflow (submit, return, publish, withdraw, unpublish, delete and start again) while an
editor cancels and reinstates the coverage, and after every step the item's status is the one
the rules say: cancelled stays cancelled, no story means assigned, otherwise the story's
status read through `rules.FOLLOWS_STORY`."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from articles import workflow
from articles.models import Article
from articles.services import article_transition
from planning import rules, services
from planning.models import CoverageChange, CoverageItem
from tests.factories import EditorFactory, EventFactory, ReporterFactory

pytestmark = pytest.mark.django_db
Status = CoverageItem.Status


class CoverageFollowsItsStory(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.editor = EditorFactory()
        self.reporter = ReporterFactory()
        self.item = services.coverage_plan(
            user=self.editor,
            subject=EventFactory(),
            kind="story",
            due=timezone.now() + datetime.timedelta(days=1),
            assignee=self.reporter,
        )
        self.cancelled = False

    def refresh(self):
        self.item.refresh_from_db()
        return self.item

    @precondition(lambda self: self.refresh().story_id is None and not self.cancelled)
    @rule()
    def start(self):
        services.coverage_start(item=self.item, user=self.reporter)

    @precondition(lambda self: self.refresh().story_id is not None)
    @rule(to_status=st.sampled_from(list(Article.Status)))
    def move_the_story(self, to_status):
        story = Article.objects.get(pk=self.item.story_id)
        if (story.status, to_status) in workflow.TRANSITIONS:
            article_transition(article=story, to_status=to_status, user=self.editor)

    @precondition(lambda self: self.refresh().story_id is not None)
    @rule()
    def delete_the_story(self):
        Article.objects.get(pk=self.item.story_id).delete()

    @precondition(lambda self: not self.cancelled and self.refresh().status != Status.DONE)
    @rule()
    def cancel(self):
        services.coverage_cancel(item=self.item, user=self.editor, reason="Plans changed")
        self.cancelled = True

    @precondition(lambda self: self.cancelled)
    @rule()
    def reinstate(self):
        services.coverage_reinstate(item=self.item, user=self.editor)
        self.cancelled = False

    @invariant()
    def status_is_what_the_rules_say(self):
        item = self.refresh()
        if self.cancelled:
            expected = Status.CANCELLED
        elif item.story_id is None:
            expected = Status.ASSIGNED
        else:
            story_status = Article.objects.values_list("status", flat=True).get(pk=item.story_id)
            expected = rules.FOLLOWS_STORY[story_status]
        assert item.status == expected

    @invariant()
    def history_ends_where_the_item_is(self):
        last = CoverageChange.objects.filter(item=self.item).order_by("pk").last()
        assert last.to_status == self.refresh().status


def test_coverage_follows_its_story_whatever_the_order_of_moves():
    run_state_machine_as_test(
        CoverageFollowsItsStory,
        settings=settings(
            max_examples=20,
            stateful_step_count=12,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
