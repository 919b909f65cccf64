"""The outbox: every story change subscribers may hear about becomes a StoryEvent row, written
in the transaction of the change itself.

Stories know nothing of distribution; this module listens to their saves. It compares the
story's status before and after each save (the row as it was: core/previous_state.py), so every
writer — the admin, the write API, the importer, a shell — is heard:

- not published → published: "published", pushed when the story is due (a scheduled one
  later, never if it is withdrawn first: the worker checks again before sending);
- published and public → saved again: "updated";
- a new correction or clarification to a public story: "corrected";
- published → anything else: "withdrawn", a kill notice.

Which subscribers get an event is decided by the worker that fans it out (tasks.py), once
the transaction has committed the story's links too (the admin and the API save links after
the row). An "updated" event not yet sent to anyone absorbs the next save of the same story:
the push renders the story as it is when it goes out.
"""

from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from articles.models import Article, Correction
from core import previous_state
from core.task_queue import enqueue
from distribution import tasks
from distribution.models import Delivery, StoryEvent

Kind = StoryEvent.Kind
PUBLISHED = Article.Status.PUBLISHED


def connect_signals():
    previous_state.track(Article, when_adding=True)
    pre_save.connect(remember_previous_state, sender=Article, dispatch_uid="distribution-pre")
    post_save.connect(record_story_change, sender=Article, dispatch_uid="distribution-post")
    post_save.connect(record_correction, sender=Correction, dispatch_uid="distribution-fix")


def remember_previous_state(sender, instance, raw=False, **kwargs):
    row = previous_state.previous(instance, when_adding=True)
    instance._distribution_before = None if row is None else (row.status, row.published_at)


def record_story_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return  # fixtures and restores replay history; they make no news
    before = getattr(instance, "_distribution_before", None)
    was_published = before is not None and before[0] == PUBLISHED
    now = timezone.now()
    if instance.status == PUBLISHED and not was_published:
        record_event(instance, Kind.PUBLISHED, deliver_after=max(instance.published_at, now))
    elif was_published and instance.status != PUBLISHED:
        record_event(instance, Kind.WITHDRAWN)
    elif was_published and before[1] is not None and before[1] > now:
        # Still scheduled when it was saved: nothing went out yet; the publication follows
        # the new time.
        reschedule_publication(instance, max(instance.published_at, now))
    elif was_published:
        record_update(instance)


def record_correction(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.article.is_published:
        record_event(instance.article, Kind.CORRECTED)


def record_event(article, kind, deliver_after=None):
    event = StoryEvent.objects.create(
        article=article, kind=kind, deliver_after=deliver_after or timezone.now()
    )
    enqueue(tasks.fan_out, event.pk)
    return event


def record_update(article):
    latest = StoryEvent.objects.filter(article=article).order_by("-pk").first()
    if latest is not None and latest.kind == Kind.UPDATED and not latest_is_under_way(latest):
        return latest
    return record_event(article, Kind.UPDATED)


def latest_is_under_way(event):
    """Has any delivery of `event` been tried (or finished)? Then it cannot absorb a save."""
    return (
        Delivery.objects.filter(event=event)
        .exclude(status=Delivery.Status.PENDING, attempt_count=0)
        .exists()
    )


def reschedule_publication(article, deliver_after):
    waiting = list(
        StoryEvent.objects.filter(
            article=article, kind=Kind.PUBLISHED, deliver_after__gt=timezone.now()
        ).values_list("pk", flat=True)
    )
    StoryEvent.objects.filter(pk__in=waiting).update(deliver_after=deliver_after)
    Delivery.objects.filter(
        event__in=waiting, status=Delivery.Status.PENDING, attempt_count=0
    ).update(next_attempt_at=deliver_after)
