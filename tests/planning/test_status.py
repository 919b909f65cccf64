"""Coverage statuses: every move by hand and every move that follows the story (draft, filed,
published, withdrawn, returned, deleted), cancellation with its reason, reinstatement; who may
make each; "Start the story" and "Start the live page" link the draft to the event's world."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from articles.services import article_transition
from events.models import Participation
from live.models import LiveCoverage
from planning import rules, services
from planning.models import CoverageChange, CoverageItem
from tests.factories import (
    ArticleFactory,
    CountryFactory,
    CoverageItemFactory,
    DiaryEntryFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    ReporterFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db
Status = CoverageItem.Status
Kind = CoverageItem.Kind


@pytest.fixture
def summit():
    country = CountryFactory(name="Russia")
    place = PlaceFactory(name="Moscow", country=country)
    cis = OrganizationFactory(name="CIS")
    event = EventFactory(
        title="CIS Council of Heads of State",
        place=place,
        organization=cis,
        start_date=timezone.localdate() + datetime.timedelta(days=2),
        status="scheduled",
    )
    for name, role in (("Vladimir Putin", "host"), ("Shavkat Mirziyoyev", "attendee")):
        ParticipationFactory(event=event, person=PersonFactory(name=name), role=role)
    return event


def plan(editor, subject, assignee=None, kind=Kind.STORY, section=None):
    return services.coverage_plan(
        user=editor,
        subject=subject,
        kind=kind,
        due=timezone.now() + datetime.timedelta(days=2),
        section=section,
        assignee=assignee,
        notes="Ask the press service about the agenda.",
    )


def moves(item):
    return [
        (change.from_status, change.to_status)
        for change in CoverageChange.objects.filter(item=item).order_by("pk")
    ]


def test_planned_without_anyone_then_assigned_then_back_to_the_desk(editor, reporter, summit):
    item = plan(editor, summit)
    assert item.status == Status.PLANNED and item.assignee is None
    services.coverage_assign(item=item, user=editor, assignee=reporter)
    item.refresh_from_db()
    assert item.status == Status.ASSIGNED and item.assignee == reporter
    services.coverage_assign(item=item, user=editor, assignee=None)
    item.refresh_from_db()
    assert item.status == Status.PLANNED and item.assignee is None
    assert moves(item) == [
        ("", Status.PLANNED),
        (Status.PLANNED, Status.ASSIGNED),
        (Status.ASSIGNED, Status.PLANNED),
    ]


def test_planned_with_someone_is_assigned_at_once(editor, reporter, summit):
    assert plan(editor, summit, assignee=reporter).status == Status.ASSIGNED


def test_only_editors_plan_assign_and_cancel(editor, reporter, summit):
    with pytest.raises(PermissionDenied):
        plan(reporter, summit)
    item = plan(editor, summit, assignee=reporter)
    with pytest.raises(PermissionDenied):
        services.coverage_assign(item=item, user=reporter, assignee=None)
    with pytest.raises(PermissionDenied):
        services.coverage_cancel(item=item, user=reporter, reason="Not going")
    item.refresh_from_db()
    assert item.status == Status.ASSIGNED


def test_a_reporter_accepts_their_own_assignment_only(editor, reporter, summit):
    other = ReporterFactory()
    item = plan(editor, summit, assignee=reporter)
    with pytest.raises(PermissionDenied):
        services.coverage_accept(item=item, user=other)
    services.coverage_accept(item=item, user=reporter)
    item.refresh_from_db()
    assert item.accepted_at is not None and item.status == Status.ASSIGNED
    assert not rules.can_accept(reporter, item)  # once


def test_start_the_story_makes_a_linked_draft_and_the_coverage_follows_it(editor, reporter, summit):
    section = SectionFactory(name="World")
    item = plan(editor, summit, assignee=reporter, section=section)
    other = ReporterFactory()
    with pytest.raises(PermissionDenied):
        services.coverage_start(item=item, user=other)  # not theirs

    story = services.coverage_start(item=item, user=reporter)
    item.refresh_from_db()
    assert item.story == story and item.status == Status.IN_PROGRESS
    assert story.status == Article.Status.DRAFT and story.created_by == reporter
    assert story.section == section and story.dateline_place == summit.place
    assert list(story.events.all()) == [summit]
    assert list(story.places.all()) == [summit.place]
    assert {p.name for p in story.people.all()} == {"Vladimir Putin", "Shavkat Mirziyoyev"}
    assert list(story.organizations.all()) == [summit.organization]
    assert not rules.can_start(reporter, item)  # once

    # Submitted for review → filed; returned → in progress; submitted and published → done.
    article_transition(article=story, to_status=Article.Status.IN_REVIEW, user=reporter)
    item.refresh_from_db()
    assert item.status == Status.FILED
    article_transition(article=story, to_status=Article.Status.DRAFT, user=editor)
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    article_transition(article=story, to_status=Article.Status.IN_REVIEW, user=reporter)
    article_transition(article=story, to_status=Article.Status.PUBLISHED, user=editor)
    item.refresh_from_db()
    assert item.status == Status.DONE
    # Withdrawn → back in progress; published again → done.
    article_transition(article=story, to_status=Article.Status.WITHDRAWN, user=editor)
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS
    article_transition(article=story, to_status=Article.Status.PUBLISHED, user=editor)
    item.refresh_from_db()
    assert item.status == Status.DONE
    assert moves(item) == [
        ("", Status.ASSIGNED),
        (Status.ASSIGNED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.FILED),
        (Status.FILED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.FILED),
        (Status.FILED, Status.DONE),
        (Status.DONE, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.DONE),
    ]
    notes = list(CoverageChange.objects.filter(item=item).values_list("note", flat=True))
    assert "the story was withdrawn" in notes and "the story was published" in notes


def test_a_save_that_changes_no_status_moves_nothing(editor, reporter, summit):
    item = plan(editor, summit, assignee=reporter)
    story = services.coverage_start(item=item, user=reporter)
    before = CoverageChange.objects.filter(item=item).count()
    story.headline = "Leaders gather in Moscow"
    story.save()
    assert CoverageChange.objects.filter(item=item).count() == before


def test_a_story_saved_by_any_writer_is_heard(editor, reporter, summit):
    """Not only the workflow's service: a plain save (the admin's form, a shell) too."""
    item = plan(editor, summit, assignee=reporter)
    story = services.coverage_start(item=item, user=reporter)
    Article.objects.get(pk=story.pk)
    story.status = Article.Status.IN_REVIEW
    story.save()
    item.refresh_from_db()
    assert item.status == Status.FILED


def test_stories_not_planned_touch_no_coverage(editor, reporter, summit):
    item = plan(editor, summit, assignee=reporter)
    ArticleFactory(status=Article.Status.PUBLISHED)
    item.refresh_from_db()
    assert item.status == Status.ASSIGNED


def test_deleting_the_story_sends_the_coverage_back(editor, reporter, summit):
    item = plan(editor, summit, assignee=reporter)
    story = services.coverage_start(item=item, user=reporter)
    story.delete()
    item.refresh_from_db()
    assert item.story is None and item.status == Status.ASSIGNED
    assert rules.can_start(reporter, item)  # and it can be started again


def test_cancel_needs_a_reason_and_the_story_no_longer_moves_it(editor, reporter, summit):
    item = plan(editor, summit, assignee=reporter)
    story = services.coverage_start(item=item, user=reporter)
    with pytest.raises(ValidationError):
        services.coverage_cancel(item=item, user=editor, reason="  ")
    with pytest.raises(ValidationError):
        services.coverage_cancel(item=item, user=editor, reason="x" * 256)
    services.coverage_cancel(item=item, user=editor, reason="The summit moved online")
    item.refresh_from_db()
    assert item.status == Status.CANCELLED and item.cancel_reason == "The summit moved online"
    article_transition(article=story, to_status=Article.Status.IN_REVIEW, user=reporter)
    item.refresh_from_db()
    assert item.status == Status.CANCELLED
    # Reinstated, it follows its story where it is now.
    services.coverage_reinstate(item=item, user=editor)
    item.refresh_from_db()
    assert item.status == Status.FILED and item.cancel_reason == ""


def test_cancelled_without_a_story_comes_back_assigned_or_planned(editor, reporter, summit):
    assigned = plan(editor, summit, assignee=reporter)
    planned = plan(editor, summit)
    for item in (assigned, planned):
        services.coverage_cancel(item=item, user=editor, reason="Not our story")
        services.coverage_reinstate(item=item, user=editor)
        item.refresh_from_db()
    assert assigned.status == Status.ASSIGNED and planned.status == Status.PLANNED


def test_done_coverage_cannot_be_cancelled(editor, reporter, summit):
    item = plan(editor, summit, assignee=reporter, kind=Kind.PICTURES)
    for to_status in (Status.IN_PROGRESS, Status.FILED):
        services.coverage_move(item=item, user=reporter, to_status=to_status)
    services.coverage_move(item=item, user=editor, to_status=Status.DONE)
    with pytest.raises(PermissionDenied):
        services.coverage_cancel(item=item, user=editor, reason="Too late")


def test_pictures_move_by_hand_reporter_files_and_editor_signs_off(editor, reporter, summit):
    item = plan(editor, summit, assignee=reporter, kind=Kind.PICTURES)
    assert not rules.can_start(reporter, item)  # no story to start for pictures
    with pytest.raises(PermissionDenied):
        services.coverage_move(item=item, user=reporter, to_status=Status.DONE)  # skips
    services.coverage_move(item=item, user=reporter, to_status=Status.IN_PROGRESS)
    services.coverage_move(item=item, user=reporter, to_status=Status.FILED)
    with pytest.raises(PermissionDenied):
        services.coverage_move(item=item, user=reporter, to_status=Status.DONE)  # editor's
    services.coverage_move(item=item, user=editor, to_status=Status.IN_PROGRESS)  # sent back
    services.coverage_move(item=item, user=reporter, to_status=Status.FILED)
    services.coverage_move(item=item, user=editor, to_status=Status.DONE)
    item.refresh_from_db()
    assert item.status == Status.DONE
    services.coverage_move(item=item, user=editor, to_status=Status.IN_PROGRESS)  # reopened


def test_an_item_with_a_story_is_not_moved_by_hand(editor, reporter, summit):
    item = plan(editor, summit, assignee=reporter)
    services.coverage_start(item=item, user=reporter)
    item.refresh_from_db()
    assert rules.allowed_moves(editor, item) == []
    with pytest.raises(PermissionDenied):
        services.coverage_move(item=item, user=editor, to_status=Status.FILED)


def test_start_the_live_page_opens_live_coverage_of_the_event(editor, reporter, summit):
    item = plan(editor, summit, assignee=reporter, kind=Kind.LIVE)
    story = services.coverage_start(item=item, user=reporter)
    coverage = LiveCoverage.objects.get(article=story)
    assert coverage.event == summit and coverage.is_open
    assert story.status == Article.Status.DRAFT and story.headline.endswith(": live")
    article_transition(article=story, to_status=Article.Status.PUBLISHED, user=editor)
    item.refresh_from_db()
    assert item.status == Status.DONE


def test_an_editor_starts_an_unassigned_item_and_it_becomes_theirs(editor, summit):
    item = plan(editor, summit)
    story = services.coverage_start(item=item, user=editor)
    item.refresh_from_db()
    assert item.assignee == editor and story.created_by == editor
    assert item.status == Status.IN_PROGRESS


def test_a_diary_entry_made_public_becomes_an_event_and_takes_its_coverage(editor, reporter):
    place = PlaceFactory(name="Tashkent")
    entry = DiaryEntryFactory(title="Visit of the Kazakh president", place=place, notes="Secret")
    guest = PersonFactory(name="Kassym-Jomart Tokayev")
    entry.people.add(guest)
    item = plan(editor, entry, assignee=reporter)
    story = services.coverage_start(item=item, user=reporter)
    assert list(story.events.all()) == []  # nothing public to link yet
    assert list(story.people.all()) == [guest] and list(story.places.all()) == [place]
    with pytest.raises(PermissionDenied):
        services.diary_entry_make_public(entry=entry, user=reporter)

    event = services.diary_entry_make_public(entry=entry, user=editor)
    item.refresh_from_db()
    entry.refresh_from_db()
    assert item.event == event and item.entry is None and entry.event == event
    assert event.status == "scheduled" and event.place == place and event.summary == ""
    assert list(Participation.objects.filter(event=event).values_list("person", flat=True)) == [
        guest.pk
    ]
    assert list(story.events.all()) == [event]
    with pytest.raises(PermissionDenied):
        services.diary_entry_make_public(entry=entry, user=editor)  # once


def test_the_database_refuses_coverage_of_nothing_or_of_both(editor, summit):
    entry = DiaryEntryFactory()
    for event, diary_entry in ((None, None), (summit, entry)):
        with pytest.raises(IntegrityError), transaction.atomic():
            CoverageItem.objects.create(event=event, entry=diary_entry, due=timezone.now())


def test_the_database_refuses_a_cancellation_without_reason(summit):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoverageItemFactory(event=summit, status=Status.CANCELLED, cancel_reason="")


def test_deleting_an_account_sends_its_assignments_back_to_the_desk(editor, summit):
    leaving = ReporterFactory(username="leaving")
    assigned = plan(editor, summit, assignee=leaving)
    started = plan(editor, summit, assignee=leaving)
    services.coverage_start(item=started, user=leaving)
    leaving.delete()
    assigned.refresh_from_db()
    started.refresh_from_db()
    assert assigned.status == Status.PLANNED and assigned.assignee is None
    assert started.status == Status.IN_PROGRESS and started.assignee is None
