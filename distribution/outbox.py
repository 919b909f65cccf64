"""The outbox: every story change subscribers may hear about becomes a StoryEvent row, written
in the transaction of the change itself.

Stories know nothing of distribution; this module listens to their saves. It compares the
story's state before and after each save (the row as it was: core/previous_state.py), so
every writer — the admin, the write API, the importer, a shell — is heard. A story is in one
of four phases (`phase`): off (not published), waiting (its publication time ahead: nobody has
it), under embargo (released to the partners receiving embargoed copy only) and public.

- off or waiting → released: "published", one event for everyone; under an embargo, two:
  one for the partners receiving embargoed copy at the publication time, one for the others
  when the embargo ends. An event due later is fanned out when due (tasks.fan_out), so a
  partner added before a story goes out gets it.
- a save of a story still waiting: its waiting events are dropped and made again from the
  new time and embargo (rescheduling, setting or lifting an embargo before release).
- a save of a story under embargo: "updated" for those who have it (lifting the embargo early
  tells them so); the others' event follows a changed embargo.
- a save of a public story: "updated"; a new correction or clarification: "corrected".
- released → off: "withdrawn", a kill notice, to everyone who had the story; whatever was
  still waiting for its time is dropped.

Which subscribers get an event is decided by the worker that fans it out (tasks.py), once
the transaction has committed the story's links too (the admin and the API save links after
the row). An "updated" event not yet fanned out absorbs the next save of the same story: the
push renders the story as it is when it goes out. Once fanned out it absorbs nothing: its
subscribers were chosen then (possibly none at all), and a later save may concern others, so
it is an event of its own (issue 25: a story edited while nobody subscribed was never pushed
again, to anyone).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.utils import timezone

from articles.models import Article, Correction
from core import previous_state
from core.signals import is_restoring_rows
from core.task_queue import enqueue
from distribution import tasks
from distribution.models import StoryEvent

Kind = StoryEvent.Kind
Audience = StoryEvent.Audience
PUBLISHED = Article.Status.PUBLISHED

OFF, WAITING, EMBARGOED, PUBLIC = "off", "waiting", "embargoed", "public"


def connect_signals():
    previous_state.track(Article, when_adding=True)
    pre_save.connect(remember_previous_state, sender=Article, dispatch_uid="distribution-pre")
    post_save.connect(record_story_change, sender=Article, dispatch_uid="distribution-post")
    post_save.connect(record_correction, sender=Correction, dispatch_uid="distribution-fix")
    # Who matches a story depends on its people and events too (Subscriber.receives): a
    # change of them is a change of the story, whoever makes it (the admin saves the row
    # first, so its update absorbs this one; a shell's `story.people.add(…)` has no other).
    for through in (Article.people.through, Article.events.through):
        m2m_changed.connect(record_link_change, sender=through, dispatch_uid=f"dist-{through}")


def phase(status, published_at, embargoed_until, now):
    """Who may have the story now: nobody (off, waiting), embargo partners, or everyone."""
    if status != PUBLISHED or published_at is None:
        return OFF
    if published_at > now:
        return WAITING
    if embargoed_until is not None and embargoed_until > now:
        return EMBARGOED
    return PUBLIC


def remember_previous_state(sender, instance, raw=False, **kwargs):
    row = previous_state.previous(instance, when_adding=True)
    instance._distribution_before = (
        None if row is None else (row.status, row.published_at, row.embargoed_until)
    )


def record_story_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return  # fixtures and restores replay history; they make no news
    now = timezone.now()
    before = getattr(instance, "_distribution_before", None)
    was = phase(*before, now) if before is not None else OFF
    embargo_before = before[2] if before is not None else None
    is_now = phase(instance.status, instance.published_at, instance.embargoed_until, now)
    if is_now == OFF:
        if was != OFF:
            drop_waiting_events(instance, now)
        if was in (EMBARGOED, PUBLIC):
            record_event(instance, Kind.WITHDRAWN)
    elif was in (OFF, WAITING):
        if was == WAITING:
            drop_waiting_events(instance, now)
        record_publication(instance, now)
    elif was == EMBARGOED:
        if instance.embargoed_until != embargo_before:
            # Lifted early, or moved: the others get the story at the new time.
            drop_waiting_events(instance, now)
            record_event(
                instance,
                Kind.PUBLISHED,
                deliver_after=max(instance.public_from, now),
                audience=Audience.UNEMBARGOED,
            )
        record_update(instance, Audience.EMBARGOED)
    else:
        # Public before this save: an update for whoever may have it now (an embargo set
        # on a public story is refused by articles/workflow.py; a shell that does it
        # anyway reaches only the partners receiving embargoed copy).
        record_update(instance)


def record_publication(article, now):
    released_at = max(article.published_at, now)
    if article.public_from > released_at:
        record_event(
            article, Kind.PUBLISHED, deliver_after=released_at, audience=Audience.EMBARGOED
        )
        record_event(
            article,
            Kind.PUBLISHED,
            deliver_after=article.public_from,
            audience=Audience.UNEMBARGOED,
        )
    else:
        record_event(article, Kind.PUBLISHED, deliver_after=released_at)


def record_link_change(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or is_restoring_rows():
        return
    if action == "post_clear" and reverse:
        return  # a person or event cleared of its stories: Django does not say which
    stories = Article.objects.filter(pk__in=pk_set) if reverse else [instance]
    for story in stories:
        record_update(story)


def record_correction(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    article = instance.article
    now = timezone.now()
    current = phase(article.status, article.published_at, article.embargoed_until, now)
    if current == PUBLIC:
        record_event(article, Kind.CORRECTED)
    elif current == EMBARGOED:
        record_event(article, Kind.CORRECTED, audience=Audience.EMBARGOED)


def record_event(article, kind, deliver_after=None, audience=Audience.EVERYONE):
    now = timezone.now()
    event = StoryEvent.objects.create(
        article=article,
        kind=kind,
        audience=audience,
        created_at=now,
        deliver_after=deliver_after or now,
    )
    if event.deliver_after <= now:
        enqueue(tasks.fan_out, event.pk)
    # else the worker's sweep fans it out when it is due
    return event


def record_update(article, audience=None):
    """An "updated" event, or the one still waiting to be fanned out, which absorbs this save.

    Its audience follows the story's phase unless given: everyone once public, the partners
    receiving embargoed copy while under embargo; a story nobody has makes no event.

    The waiting event's row is locked until this transaction ends, so a worker cannot fan it
    out between this check and the commit (fan_out's claim waits, then sees this save). It
    takes this save's time: a subscriber added since the first save it absorbed gets it too.
    """
    if audience is None:
        current = phase(
            article.status, article.published_at, article.embargoed_until, timezone.now()
        )
        audience = {PUBLIC: Audience.EVERYONE, EMBARGOED: Audience.EMBARGOED}.get(current)
        if audience is None:
            return None
    # Its own transaction when the caller has none (a live entry's save): the lock needs one.
    with transaction.atomic():
        latest = (
            StoryEvent.objects.select_for_update()
            .filter(article=article)
            .order_by("-pk")
            .values_list("pk", "kind", "audience", "fanned_out_at")
            .first()
        )
        if latest is not None and latest[1:] == (Kind.UPDATED, audience, None):
            StoryEvent.objects.filter(pk=latest[0]).update(created_at=timezone.now())
            return latest[0]
        return record_event(article, Kind.UPDATED, audience=audience)


def drop_waiting_events(article, now):
    """Events of this story still waiting for their time will not go out as planned (the
    story was withdrawn, rescheduled or its embargo changed): marked as fanned out to no one,
    so they neither go out later nor hold up the story's next events."""
    StoryEvent.objects.filter(article=article, fanned_out_at=None, deliver_after__gt=now).update(
        fanned_out_at=now
    )
