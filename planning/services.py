"""The diary's writes that touch several rows: planning, assigning, cancelling, starting the
story, making a diary entry public. Each asks rules.py first and records the move in
CoverageChange, in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from core.text import unique_slug
from events.models import Event, Participation
from live.models import LiveCoverage
from planning import rules
from planning.models import CoverageChange, CoverageItem

Status = CoverageItem.Status
Kind = CoverageItem.Kind
MAX_REASON = CoverageItem._meta.get_field("cancel_reason").max_length


def record_move(item, to_status, *, user=None, note=""):
    """Move `item` to `to_status` and keep the move in its history."""
    before = item.status
    item.status = to_status
    item.save()
    CoverageChange.objects.create(
        item=item, from_status=before, to_status=to_status, changed_by=user, note=note[:255]
    )


def _locked(item):
    """The item as it is now, locked until the transaction ends: two editors clicking at
    once see each other's move, not a lost one."""
    return CoverageItem.objects.select_for_update().get(pk=item.pk)


def coverage_plan(*, user, subject, kind, due, section=None, assignee=None, notes=""):
    """A new coverage item of `subject` (an Event or a DiaryEntry): assigned when someone is
    named, otherwise planned, waiting on the desk."""
    if not rules.can_plan(user):
        raise PermissionDenied("Only editors plan coverage.")
    is_event = isinstance(subject, Event)
    with transaction.atomic():
        item = CoverageItem(
            event=subject if is_event else None,
            entry=None if is_event else subject,
            kind=kind,
            due=due,
            section=section,
            assignee=assignee,
            notes=notes,
            status=Status.ASSIGNED if assignee else Status.PLANNED,
            created_by=user,
        )
        item.full_clean()
        item.save()
        note = f"assigned to {assignee}" if assignee else "waiting on the desk"
        CoverageChange.objects.create(item=item, to_status=item.status, changed_by=user, note=note)
    return item


def coverage_assign(*, item, user, assignee):
    """Give the item to `assignee`, or back to the desk (None)."""
    with transaction.atomic():
        item = _locked(item)
        if not rules.can_assign(user, item):
            raise PermissionDenied("Only editors assign coverage that has not started.")
        item.assignee = assignee
        item.accepted_at = None
        if assignee is None:
            record_move(item, Status.PLANNED, user=user, note="back to the desk")
        else:
            record_move(item, Status.ASSIGNED, user=user, note=f"assigned to {assignee}")
    return item


def coverage_accept(*, item, user):
    with transaction.atomic():
        item = _locked(item)
        if not rules.can_accept(user, item):
            raise PermissionDenied("Only the person it is assigned to accepts it.")
        item.accepted_at = timezone.now()
        item.save(update_fields=["accepted_at", "updated_at"])
        CoverageChange.objects.create(
            item=item,
            from_status=item.status,
            to_status=item.status,
            changed_by=user,
            note="accepted",
        )
    return item


def coverage_move(*, item, user, to_status):
    """A move by hand of an item with no story behind it (pictures, video)."""
    with transaction.atomic():
        item = _locked(item)
        if not rules.can_move(user, item, to_status):
            raise PermissionDenied(
                f"This coverage cannot go from {item.get_status_display().lower()} to "
                f"{Status(to_status).label.lower()} by your hand."
            )
        record_move(item, to_status, user=user)
    return item


def coverage_cancel(*, item, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the coverage is cancelled: the reporter will read it.")
    if len(reason) > MAX_REASON:
        raise ValidationError(f"Say why in at most {MAX_REASON} characters.")
    with transaction.atomic():
        item = _locked(item)
        if not rules.can_cancel(user, item):
            raise PermissionDenied("Only editors cancel coverage, and not once it is done.")
        item.cancel_reason = reason
        record_move(item, Status.CANCELLED, user=user, note=reason)
    return item


def coverage_reinstate(*, item, user):
    """A cancelled item comes back where it would be now: following its story if it has one,
    assigned if someone covers it, otherwise planned."""
    with transaction.atomic():
        item = _locked(item)
        if not rules.can_reinstate(user, item):
            raise PermissionDenied("Only editors reinstate cancelled coverage.")
        item.cancel_reason = ""
        if item.story_id is not None:
            story_status = Article.objects.values_list("status", flat=True).get(pk=item.story_id)
            to_status = rules.FOLLOWS_STORY[story_status]
        else:
            to_status = Status.ASSIGNED if item.assignee_id else Status.PLANNED
        record_move(item, to_status, user=user, note="reinstated")
    return item


def _subject_links(item):
    """(event or None, place, people, organizations) the new story links to."""
    if item.event_id:
        event = item.event
        people = [
            participation.person
            for participation in Participation.objects.filter(event=event).select_related("person")
        ]
        return event, event.place, list(dict.fromkeys(people)), [event.organization]
    entry = item.entry
    return entry.event, entry.place, list(entry.people.all()), [entry.organization]


def coverage_start(*, item, user):
    """ "Start the story" ("Start the live page" for live coverage): a new draft linked to the
    event, its place, its participants and its convener, in the planned section, written by
    whoever covers it; the item then follows the story (signals.py). Returns the story."""
    with transaction.atomic():
        item = _locked(item)
        if not rules.can_start(user, item):
            raise PermissionDenied("Only the person it is assigned to, or an editor, starts it.")
        writer = item.assignee or user
        event, place, people, organizations = _subject_links(item)
        subject = item.subject
        headline = f"{subject}: live" if item.kind == Kind.LIVE else str(subject)
        if item.kind == Kind.FACT_BOX:
            headline = f"{subject}: the facts"
        story = Article(
            headline=headline,
            slug=unique_slug(Article, headline),
            section=item.section,
            dateline_place=place,
            bylines=writer.get_full_name() or writer.get_username(),
            created_by=writer,
            status=Article.Status.DRAFT,
        )
        story.save(revision_author=user, revision_note="Started from the diary")
        if event is not None:
            story.events.add(event)
        if place is not None:
            story.places.add(place)
        if people:
            story.people.add(*people)
        organizations = [organization for organization in organizations if organization]
        if organizations:
            story.organizations.add(*organizations)
        if item.kind == Kind.LIVE:
            LiveCoverage.objects.create(article=story, event=event)
        item.story = story
        if item.assignee_id is None:
            item.assignee = writer
        record_move(item, Status.IN_PROGRESS, user=user, note="started: the draft exists")
    return story


def diary_entry_make_public(*, entry, user, slug=None):
    """The diary entry becomes a public event (status scheduled) with its place, convener and
    participants; its coverage moves to the event, and the stories started from it link the
    event. The desk's notes stay in the diary."""
    if not rules.can_make_public(user, entry):
        raise PermissionDenied("Only editors make a diary entry public, once.")
    with transaction.atomic():
        event = Event.objects.create(
            title=entry.title,
            slug=slug or unique_slug(Event, f"{entry.title} {entry.start_date:%Y}"),
            kind=entry.kind,
            status=Event.Status.SCHEDULED,
            start_date=entry.start_date,
            end_date=entry.end_date,
            place=entry.place,
            organization=entry.organization,
        )
        Participation.objects.bulk_create(
            Participation(event=event, person=person) for person in entry.people.all()
        )
        items = list(CoverageItem.objects.select_for_update().filter(entry=entry))
        CoverageItem.objects.filter(pk__in=[item.pk for item in items]).update(
            event=event, entry=None
        )
        for story in Article.objects.filter(pk__in=[i.story_id for i in items if i.story_id]):
            story.events.add(event)
        entry.event = event
        entry.save(update_fields=["event"])
    return event
