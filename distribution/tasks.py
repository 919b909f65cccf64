"""Distribution's background work: fanning a story event out to its subscribers, sending each
delivery, and the sweep that finds work nobody enqueued.

What a receiver can count on, and what it costs:
- **At least once.** A delivery is claimed for a lease (twice the timeout, plus 2 s) before
  its POST; a worker killed mid-POST leaves the claim to expire, and the next sweep (every
  NEWSROOM_WORKER_PERIODIC_SECONDS in each worker) sends it again. Receivers deduplicate on
  the event id; otherwise each event goes out once.
- **In order per story.** A delivery waits while an earlier event of the same story is not
  yet fanned out, or an earlier delivery of it to the same subscriber is still pending; the
  one that finishes enqueues the next.
- **Retries.** A timeout, a connection error, a 429 or a 5xx is tried again after
  30 s × 2^(attempt − 1) (at most an hour), jittered by up to half, or after `Retry-After`
  when that is longer; after NEWSROOM_DISTRIBUTION_RETRY_SECONDS (a day) it has failed. Any
  other answer outside 2xx (a 4xx, a redirect) fails at once: retrying will not change it.
- **Isolation.** Each attempt is its own task, so a subscriber failing for hours costs one
  timeout per retry of each of its deliveries, never a worker held while it waits; after
  NEWSROOM_DISTRIBUTION_PAUSE_AFTER failed attempts in a row it is paused (the desk's home
  page says so) and costs nothing until an editor resumes it.
"""

import http.client
import logging
import random
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from articles.models import Article
from core.task_queue import enqueue
from distribution import payloads, sending
from distribution.addresses import EndpointRefused
from distribution.models import Delivery, DeliveryAttempt, StoryEvent, Subscriber

logger = logging.getLogger(__name__)

Status = Delivery.Status
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600
# A task enqueued this long ago and still not run is taken for lost and enqueued again.
STALE_QUEUE_SECONDS = 300
# An event not fanned out this long after it was written lost its task (RQ, in the moment
# between the commit and the enqueue): the sweep fans it out itself.
STALE_FAN_OUT_SECONDS = 60
SWEEP_BATCH = 1000


@task()
def fan_out(event_pk):
    """One pending Delivery per subscriber that wants this event; the due ones enqueued."""
    now = timezone.now()
    with transaction.atomic():
        claimed = StoryEvent.objects.filter(pk=event_pk, fanned_out_at=None).update(
            fanned_out_at=now
        )
        if not claimed:
            return 0  # done already, by another worker or the sweep
        event = StoryEvent.objects.get(pk=event_pk)
        article = Article.objects.prefetch_related("people", "events").get(pk=event.article_id)
        subscribers = Subscriber.objects.filter(
            **{f"on_{event.kind}": True}, created_at__lte=event.created_at
        ).prefetch_related("sections", "agencies", "people", "events")
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                event=event,
                subscriber=subscriber,
                article_id=article.pk,
                next_attempt_at=event.deliver_after,
                created_at=now,
            )
            for subscriber in subscribers
            if subscriber.receives(article)
        )
        active = {subscriber.pk for subscriber in subscribers if subscriber.is_active}
        due = [
            delivery.pk
            for delivery in deliveries
            if delivery.subscriber_id in active and delivery.next_attempt_at <= now
        ]
        enqueue_deliveries(due, now)
    return len(deliveries)


@task()
def deliver(delivery_pk):
    """Send one delivery if it is due, unclaimed and next in its story's order."""
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(pk=delivery_pk, status=Status.PENDING, next_attempt_at__lte=now)
        .filter(subscriber__is_active=True)
        .filter(Q(locked_until=None) | Q(locked_until__lte=now))
        .update(locked_until=now + timedelta(seconds=lease_seconds()), enqueued_at=None)
    )
    if not claimed:
        return "not due"
    delivery = Delivery.objects.select_related("event", "subscriber", "article").get(pk=delivery_pk)
    earlier_until = waits_until(delivery, now)
    if earlier_until is not None:
        # The earlier one enqueues this when it finishes; until then the sweep need not look.
        Delivery.objects.filter(pk=delivery.pk).update(
            locked_until=None, next_attempt_at=earlier_until
        )
        return "waiting"
    reason = cancel_reason(delivery)
    if reason:
        finish(delivery, Status.CANCELLED, reason)
        return "cancelled"
    return send(delivery)


def send(delivery):
    event, subscriber = delivery.event, delivery.subscriber
    body = rendered_body(event, delivery.article, subscriber.format)
    headers = payloads.headers(
        event=event,
        subscriber=subscriber,
        body=body,
        timestamp=int(time.time()),
        attempt=delivery.attempt_count + 1,
    )
    started_at = timezone.now()
    answer, error, permanent = None, "", False
    try:
        answer = sending.post(
            subscriber.endpoint_url, body, headers, timeout=settings.NEWSROOM_DISTRIBUTION_TIMEOUT
        )
    except EndpointRefused as refused:
        error, permanent = f"Refused: {refused}", True
    except (OSError, http.client.HTTPException) as failure:
        error = describe_failure(failure)
    record_attempt(delivery, started_at, answer, error, permanent)
    return delivery.status


def rendered_body(event, article, subscriber_format):
    """The push's body, rendered once per event and format in each worker: an event going to
    a thousand subscribers is serialised a few times, not a thousand. (A later change to the
    story is an event of its own, with its own body.)"""
    key = (event.event_id, subscriber_format)
    body = _bodies.get(key)
    if body is None:
        body = payloads.render(article, subscriber_format=subscriber_format, kind=event.kind)
        if len(_bodies) >= 64:
            _bodies.pop(next(iter(_bodies)))
        _bodies[key] = body
    return body


_bodies = {}


@transaction.atomic
def record_attempt(delivery, started_at, answer, error, permanent):
    now = timezone.now()
    code = answer.status_code if answer else None
    DeliveryAttempt.objects.create(
        delivery=delivery,
        started_at=started_at,
        status_code=code,
        response_ms=answer.response_ms if answer else None,
        error=error[:500],
        response_excerpt=answer.excerpt if answer else "",
    )
    delivery.attempt_count += 1
    delivery.first_attempt_at = delivery.first_attempt_at or started_at
    delivery.locked_until = None
    if code is not None and 200 <= code < 300:
        Subscriber.objects.filter(pk=delivery.subscriber_id, consecutive_failures__gt=0).update(
            consecutive_failures=0
        )
        finish(delivery, Status.DELIVERED, "")
        return
    problem = error or f"HTTP {code}" + (
        ": redirects are not followed" if 300 <= code < 400 else ""
    )
    note_failure(delivery.subscriber, problem)
    retryable = (code is None and not permanent) or code == 429 or (code or 0) >= 500
    if not retryable:
        finish(delivery, Status.FAILED, problem)
        return
    delay = retry_delay(delivery.attempt_count, answer.retry_after if answer else None)
    give_up_at = delivery.first_attempt_at + timedelta(
        seconds=settings.NEWSROOM_DISTRIBUTION_RETRY_SECONDS
    )
    if now + timedelta(seconds=delay) > give_up_at:
        finish(delivery, Status.FAILED, f"Gave up retrying: {problem}")
        return
    delivery.next_attempt_at = now + timedelta(seconds=delay)
    delivery.last_error = problem[:500]
    delivery.save()


def finish(delivery, status, message):
    """Close a delivery for good and hand its story's turn to the next one."""
    delivery.status = status
    delivery.last_error = message[:500]
    delivery.finished_at = timezone.now()
    delivery.locked_until = None
    delivery.save()
    following = (
        Delivery.objects.filter(
            subscriber_id=delivery.subscriber_id,
            article_id=delivery.article_id,
            status=Status.PENDING,
            event__deliver_after__lte=timezone.now(),
        )
        .order_by("event_id")
        .values_list("pk", flat=True)
        .first()
    )
    if following is not None:
        Delivery.objects.filter(pk=following).update(next_attempt_at=timezone.now())
        enqueue_deliveries([following], timezone.now())


def note_failure(subscriber, problem):
    """Count a failed attempt; pause the subscriber after too many in a row."""
    Subscriber.objects.filter(pk=subscriber.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    limit = settings.NEWSROOM_DISTRIBUTION_PAUSE_AFTER
    paused = Subscriber.objects.filter(
        pk=subscriber.pk, is_active=True, consecutive_failures__gte=limit
    ).update(
        is_active=False,
        paused_reason=(
            f"Paused automatically after {limit} failed attempts in a row (last: {problem})"
        )[:255],
    )
    if paused:
        logger.warning("Subscriber %s paused after %d failed attempts.", subscriber.pk, limit)


def waits_until(delivery, now):
    """None when `delivery` is next in its story's order; else when to look again: when the
    earlier delivery blocking it is due (a few seconds when its event is not fanned out)."""
    soon = now + timedelta(seconds=5)
    if StoryEvent.objects.filter(
        article_id=delivery.article_id, pk__lt=delivery.event_id, fanned_out_at=None
    ).exists():
        return soon
    blocking = (
        Delivery.objects.filter(
            subscriber_id=delivery.subscriber_id,
            article_id=delivery.article_id,
            status=Status.PENDING,
            event_id__lt=delivery.event_id,
        )
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if blocking is None:
        return None
    return max(blocking, soon)


def cancel_reason(delivery):
    """Why this delivery must not go out any more, or "": nothing unpublished is pushed."""
    if delivery.event.kind == StoryEvent.Kind.WITHDRAWN:
        reached = Delivery.objects.filter(
            subscriber_id=delivery.subscriber_id,
            article_id=delivery.article_id,
            event_id__lt=delivery.event_id,
            status__in=[Status.DELIVERED, Status.FAILED],
        ).exists()
        if not reached:
            return "Nothing about this story reached the subscriber: there is nothing to take down."
        return ""
    if not Article.objects.published().filter(pk=delivery.article_id).exists():
        return "The story is not published now (withdrawn or taken back before this went out)."
    return ""


def retry_delay(attempt_count, retry_after=None):
    """Exponential backoff with jitter, or the receiver's Retry-After when that is longer."""
    backoff = min(RETRY_BASE_SECONDS * 2 ** (attempt_count - 1), RETRY_MAX_SECONDS)
    delay = backoff * random.uniform(0.5, 1.0)  # spreads retries; not a secret
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


def lease_seconds():
    return 2 * settings.NEWSROOM_DISTRIBUTION_TIMEOUT + 2


def describe_failure(failure):
    if isinstance(failure, TimeoutError | socket.timeout):
        return f"No answer within {settings.NEWSROOM_DISTRIBUTION_TIMEOUT:g} s."
    if isinstance(failure, socket.gaierror):
        return "The host name did not resolve."
    if isinstance(failure, http.client.RemoteDisconnected | ConnectionResetError):
        return "The receiver closed the connection without answering."
    if isinstance(failure, ConnectionRefusedError):
        return "The connection was refused."
    return f"{type(failure).__name__}: {failure}"[:500]


def enqueue_deliveries(pks, now):
    if not pks:
        return
    Delivery.objects.filter(pk__in=pks).update(enqueued_at=now)
    for pk in pks:
        enqueue(deliver, pk)


def sweep():
    """What came due without anyone enqueueing it: scheduled publications, retries, held
    deliveries of a resumed subscriber, deliveries whose worker died, lost fan-outs.

    Every worker runs it every NEWSROOM_WORKER_PERIODIC_SECONDS (newsroom's run_worker).
    """
    now = timezone.now()
    for event_pk in StoryEvent.objects.filter(
        fanned_out_at=None, created_at__lte=now - timedelta(seconds=STALE_FAN_OUT_SECONDS)
    ).values_list("pk", flat=True)[:SWEEP_BATCH]:
        fan_out.call(event_pk)
    due = (
        Delivery.objects.filter(
            status=Status.PENDING, next_attempt_at__lte=now, subscriber__is_active=True
        )
        .filter(Q(locked_until=None) | Q(locked_until__lte=now))
        .filter(
            Q(enqueued_at=None) | Q(enqueued_at__lte=now - timedelta(seconds=STALE_QUEUE_SECONDS))
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    enqueue_deliveries(list(due), now)


def redeliver(deliveries):
    """Send these deliveries again (an editor's request), whatever became of them."""
    now = timezone.now()
    pks = list(deliveries.values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=pks).update(
        status=Status.PENDING,
        next_attempt_at=now,
        first_attempt_at=None,
        finished_at=None,
        locked_until=None,
        last_error="",
    )
    with transaction.atomic():
        enqueue_deliveries(pks, now)
    return len(pks)


def resume(subscriber):
    """An editor resumes a paused subscriber: what it missed goes out now, in order, each
    delivery with a fresh day of retries."""
    now = timezone.now()
    Subscriber.objects.filter(pk=subscriber.pk).update(
        is_active=True, consecutive_failures=0, paused_reason=""
    )
    pending = Delivery.objects.filter(subscriber=subscriber, status=Status.PENDING)
    pending.filter(next_attempt_at__gt=now, event__deliver_after__lte=now).update(
        next_attempt_at=now
    )
    # Tasks enqueued while it was paused found it paused and did nothing: the sweep takes
    # these at once.
    pending.update(enqueued_at=None, first_attempt_at=None, locked_until=None)
