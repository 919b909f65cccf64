"""A model of what partners must receive, checked against the outbox in every order of events
(the state machine that tests/distribution/test_outbox_model.py runs).

Hypothesis's RuleBasedStateMachine drives the real code — the story services an editor's
screen calls, subscribers as the admin changes them, the real task queue and worker
(`run_worker --once`), a real HTTP receiver — and keeps, beside it, a small model of who
is owed what. After every step the worker is drained (the clock moved to each retry) and:

- every active subscriber that matches a story it may have, and that matched it when the
  story last changed (or when it became visible to the subscriber), has received, in order,
  events whose last one carries the story as it is now (headline, corrections, people);
- a withdrawn story's last event, for every active subscriber that had it, is a kill;
- nothing reached a subscriber about a story it might not have at that moment (a draft, a
  story in review, a scheduled story before its time, an embargoed one before its embargo
  unless the subscriber receives embargoed copy, which then carries the embargo);
- no subscriber accepted an event id twice, except once more for each delivery whose worker
  "died" after the receiver answered (at least once, deduplicated by the id).

"A worker killed mid-delivery" is emulated in the test process: a delivery is claimed and
POSTed with tasks.py's own functions and its attempt never recorded, exactly what a worker
SIGKILLed between the answer and the commit leaves behind (test_worker_crash.py kills a real
worker process). A subscriber created after a change is owed nothing of it (the backfill
action exists for that), nor is one whose filter starts to match a story without the story
changing.

CI runs a fixed seed and a few hundred steps; NEWSROOM_OUTBOX_MODEL_LONG=1 (a test marked slow)
runs the long profile (docs/explanation/outbox.md notes what it took and found).
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from articles.models import Article, Correction
from articles.services import article_set_embargo, article_transition
from distribution import tasks
from distribution.models import Delivery, DeliveryAttempt, StoryEvent, Subscriber
from tests.conftest import run_worker_once
from tests.distribution.partners_model import StoryModel, SubscriberModel, seen_in, slug_of
from tests.factories import ArticleFactory, PersonFactory, SectionFactory

Status = Article.Status
Format = Subscriber.Format
MINUTES = [1, 5, 30, 90, 60 * 24]


class OutboxMachine(RuleBasedStateMachine):
    """Set from the test before it runs: the receiver, the clock and an editor."""

    receiver = None
    clock = None
    editor = None
    runs = 0

    stories = Bundle("stories")
    sections = Bundle("sections")
    people = Bundle("people")

    def __init__(self):
        super().__init__()
        # Each example starts from nothing: the test database is shared by every example.
        Article.objects.all().delete()  # their events and deliveries go with them
        Subscriber.objects.all().delete()
        self.receiver.pushes.clear()
        self.receiver.script.clear()
        OutboxMachine.runs += 1
        self.run = OutboxMachine.runs
        self.made = []
        self.subs = {}
        self.story = {}
        self.checked = 0  # pushes already judged for earliness
        self.visible = set()  # (subscriber, story) pairs visible after the last step

    # --- the world ---------------------------------------------------------------------

    @initialize(
        target=sections,
        embargo_partner_format=st.sampled_from(list(Format)),
    )
    def a_desk_at_work(self, embargo_partner_format):
        """Where every run starts: a story published and edited before anyone subscribed
        (issue 25's start), then a partner taking everything and one taking embargoed copy,
        so that the first steps already have someone to tell."""
        section = SectionFactory().pk
        key = self.create_story(section, False)
        self.publish_now(key=key)
        article = self._article(key)
        article.headline = self.story[key].headline = f"{key} v2"
        article.save(revision_author=self.editor)
        self.settle()
        self.add_subscriber(True, None, None, False, Format.NINJS_2_2)
        self.add_subscriber(True, None, None, True, embargo_partner_format)
        return section

    @initialize(target=people)
    def a_person(self):
        return PersonFactory().slug

    @rule(target=sections)
    def add_section(self):
        return SectionFactory().pk

    @rule(target=people)
    def add_person(self):
        person = PersonFactory()
        return person.slug

    @rule(
        receives_all=st.booleans(),
        section=st.none() | sections,
        person=st.none() | people,
        receives_embargoed=st.booleans(),
        subscriber_format=st.sampled_from(list(Format)),
    )
    def add_subscriber(self, receives_all, section, person, receives_embargoed, subscriber_format):
        # Names in the order made, so that a replayed run draws the same ones (Hypothesis
        # shrinks by replaying), and unique across runs (a late push of the last run).
        name = f"partner-{len(self.made):02d}-{self.run}"
        self.made.append(name)
        subscriber = Subscriber.objects.create(
            name=name,
            endpoint_url=f"{self.receiver.url}/{name}",
            format=subscriber_format,
            receives_all=receives_all,
            receives_embargoed=receives_embargoed,
        )
        model = SubscriberModel(
            pk=subscriber.pk,
            secret=subscriber.secret,
            path=f"/newsroom/push/{name}",
            format=subscriber_format,
            receives_embargoed=receives_embargoed,
            receives_all=receives_all,
        )
        self._set_filter(subscriber, model, section, person)
        self.subs[name] = model
        # What it may see already is not owed to it: only what changes from now on.
        now = timezone.now()
        self.visible |= {
            (name, key) for key, story in self.story.items() if story.visible_to(model, now)
        }
        self.settle()

    def _set_filter(self, subscriber, model, section, person):
        model.sections = {section} if section is not None else set()
        model.people = {person} if person is not None else set()
        subscriber.sections.set(model.sections)
        subscriber.people.set(list(subscriber.people.model.objects.filter(slug__in=model.people)))
        # A subscriber whose filter stops matching a story is owed nothing more of it.
        model.owed = {key for key in model.owed if model.matches(self.story[key])}

    def _a_subscriber(self, data):
        return data.draw(st.sampled_from(sorted(self.subs)), label="subscriber")

    @precondition(lambda self: self.subs)
    @rule(
        data=st.data(),
        receives_all=st.booleans(),
        section=st.none() | sections,
        person=st.none() | people,
    )
    def change_filter(self, data, receives_all, section, person):
        name = self._a_subscriber(data)
        model = self.subs[name]
        subscriber = Subscriber.objects.get(pk=model.pk)
        subscriber.receives_all = model.receives_all = receives_all
        subscriber.save()
        self._set_filter(subscriber, model, section, person)
        self.settle()

    @precondition(lambda self: self.subs)
    @rule(data=st.data())
    def pause(self, data):
        name = self._a_subscriber(data)
        if self.subs[name].active:
            Subscriber.objects.filter(pk=self.subs[name].pk).update(is_active=False)
            self.subs[name].active = False
            self.settle()

    @precondition(lambda self: any(not model.active for model in self.subs.values()))
    @rule(data=st.data())
    def resume(self, data):
        name = data.draw(
            st.sampled_from(sorted(name for name, model in self.subs.items() if not model.active))
        )
        tasks.resume(Subscriber.objects.get(pk=self.subs[name].pk))
        self.subs[name].active = True
        self.settle()

    @precondition(lambda self: self.subs)
    @rule(data=st.data())
    def delete_subscriber(self, data):
        name = self._a_subscriber(data)
        Subscriber.objects.filter(pk=self.subs.pop(name).pk).delete()
        self.settle()

    @precondition(lambda self: self.subs)
    @rule(data=st.data(), days=st.sampled_from([1, 3, 30]))
    def backfill(self, data, days):
        """The editor's action: the current version of matching stories of the last days."""
        name = self._a_subscriber(data)
        model = self.subs[name]
        now = timezone.now()
        tasks.backfill.call(model.pk, days)
        since = now - datetime.timedelta(days=days)
        for key, story in self.story.items():
            went_out = story.published_at is not None and (
                story.published_at >= since
                or (story.embargoed_until is not None and story.embargoed_until >= since)
            )
            if went_out and story.visible_to(model, now) and model.matches(story):
                model.owed.add(key)
        self.settle()

    # --- stories -----------------------------------------------------------------------

    @rule(target=stories, section=st.none() | sections, in_review=st.booleans())
    def create_story(self, section, in_review):
        key = f"s{len(self.story):02d}r{self.run}"
        article = ArticleFactory(
            headline=f"{key} v1",
            slug=key,
            section_id=section,
            status=Status.IN_REVIEW if in_review else Status.DRAFT,
            published_at=None,
        )
        self.story[key] = StoryModel(
            pk=article.pk, headline=article.headline, status=article.status, section=section
        )
        self.settle()
        return key

    def _article(self, key):
        return Article.objects.get(pk=self.story[key].pk)

    def _changed(self, key):
        """The story changed: whoever may have it and matches is owed this version."""
        story, now = self.story[key], timezone.now()
        for model in self.subs.values():
            if story.visible_to(model, now) and model.matches(story):
                model.owed.add(key)

    @precondition(lambda self: self.story)
    @rule(data=st.data())
    def publish_now(self, data=None, key=None):
        key = key or data.draw(st.sampled_from(sorted(self.story)))
        story = self.story[key]
        if story.status == Status.PUBLISHED:
            return
        article = article_transition(
            article=self._article(key), to_status=Status.PUBLISHED, user=self.editor
        )
        story.status, story.published_at = Status.PUBLISHED, article.published_at
        self._changed(key)
        self.settle()

    @precondition(lambda self: self.story)
    @rule(data=st.data(), minutes=st.sampled_from(MINUTES))
    def schedule(self, data, minutes):
        key = data.draw(st.sampled_from(sorted(self.story)), label="story")
        story = self.story[key]
        if story.status == Status.PUBLISHED:
            return
        when = timezone.now() + datetime.timedelta(minutes=minutes)
        article_transition(
            article=self._article(key),
            to_status=Status.PUBLISHED,
            user=self.editor,
            published_at=when,
        )
        story.status, story.published_at = Status.PUBLISHED, when
        self.settle()

    @precondition(lambda self: self.story)
    @rule(data=st.data(), minutes=st.sampled_from([-1, *MINUTES]))
    def reschedule(self, data, minutes):
        """A scheduled story's time moved (to a minute ago: out now)."""
        key = data.draw(st.sampled_from(sorted(self.story)), label="story")
        story, now = self.story[key], timezone.now()
        if story.status != Status.PUBLISHED or story.published_at <= now:
            return
        article = self._article(key)
        article.published_at = story.published_at = now + datetime.timedelta(minutes=minutes)
        article.save(revision_author=self.editor)
        self._changed(key)
        self.settle()

    @precondition(lambda self: self.story)
    @rule(data=st.data(), times=st.integers(1, 3))
    def edit(self, data, times):
        """One or more saves before the worker runs (they may fold into one update)."""
        key = data.draw(st.sampled_from(sorted(self.story)), label="story")
        story = self.story[key]
        for _ in range(times):
            article = self._article(key)
            number = int(story.headline.rsplit("v", 1)[1]) + 1
            article.headline = story.headline = f"{key} v{number}"
            article.save(revision_author=self.editor)
            self._changed(key)
        self.settle()

    @precondition(lambda self: self.story)
    @rule(data=st.data())
    def correct(self, data):
        key = data.draw(st.sampled_from(sorted(self.story)), label="story")
        Correction.objects.create(article=self._article(key), text="A date was wrong.")
        self.story[key].corrections += 1
        self._changed(key)
        self.settle()

    @precondition(lambda self: self.story)
    @rule(data=st.data())
    def withdraw(self, data):
        key = data.draw(st.sampled_from(sorted(self.story)), label="story")
        story = self.story[key]
        if story.status != Status.PUBLISHED:
            return
        article_transition(article=self._article(key), to_status=Status.WITHDRAWN, user=self.editor)
        story.status = Status.WITHDRAWN
        for model in self.subs.values():
            model.owed.discard(key)
        self.settle()

    @precondition(lambda self: self.story)
    @rule(data=st.data(), section=st.none() | sections)
    def move_to_section(self, data, section):
        key = data.draw(st.sampled_from(sorted(self.story)), label="story")
        article = self._article(key)
        article.section_id = self.story[key].section = section
        article.save(revision_author=self.editor)
        self._after_link_change(key)

    @precondition(lambda self: self.story)
    @rule(data=st.data(), person=people, linked=st.booleans())
    def link_person(self, data, person, linked):
        """A shell's `story.people.add(…)`/`.remove(…)`: no save of the story row."""
        key = data.draw(st.sampled_from(sorted(self.story)), label="story")
        article, story = self._article(key), self.story[key]
        thing = PersonFactory._meta.model.objects.get(slug=person)
        if linked:
            article.people.add(thing)
            story.people.add(person)
        else:
            article.people.remove(thing)
            story.people.discard(person)
        self._after_link_change(key)

    def _after_link_change(self, key):
        story = self.story[key]
        for model in self.subs.values():
            if not model.matches(story):
                model.owed.discard(key)
        self._changed(key)
        self.settle()

    @precondition(lambda self: self.story)
    @rule(data=st.data(), minutes=st.sampled_from([-5, *MINUTES]))
    def set_embargo(self, data, minutes):
        key = data.draw(st.sampled_from(sorted(self.story)), label="story")
        story, now = self.story[key], timezone.now()
        until = now + datetime.timedelta(minutes=minutes)
        try:
            article_set_embargo(article=self._article(key), user=self.editor, embargoed_until=until)
        except ValidationError:
            # The workflow refuses an embargo that would take a public story back.
            assert story.is_public(now) and until > now, "a possible embargo was refused"
            return
        assert not (story.is_public(now) and until > now), "a public story was embargoed"
        story.embargoed_until = until
        self._changed(key)
        self.settle()

    @precondition(lambda self: self.story)
    @rule(data=st.data())
    def lift_embargo(self, data):
        key = data.draw(st.sampled_from(sorted(self.story)), label="story")
        story = self.story[key]
        if story.embargoed_until is None:
            return
        article_set_embargo(article=self._article(key), user=self.editor, embargoed_until=None)
        story.embargoed_until = None
        self._changed(key)
        self.settle()

    # --- time, the worker and the receiver -----------------------------------------------

    @rule(minutes=st.sampled_from(MINUTES))
    def move_clock(self, minutes):
        self.clock.advance(minutes=minutes)
        self.settle()

    @rule()
    def run_worker(self):
        """One worker pass on its own (the drain after each step runs more)."""
        run_worker_once()
        self.settle()

    @rule(kind=st.sampled_from(["500", "429", "timeout"]), times=st.integers(1, 2))
    def receiver_trouble(self, kind, times):
        """The receiver's next answers fail; the step after this one meets them."""
        self.receiver.trouble(kind, times, timeout=0.8)

    @precondition(lambda self: self.story)
    @rule(data=st.data())
    def edit_and_kill_the_worker(self, data):
        """A story saved, then its first due delivery POSTed by a worker that dies before
        recording the answer: the delivery stays claimed until its lease ends, and goes
        out again (the same event id) after that."""
        key = data.draw(st.sampled_from(sorted(self.story)), label="story")
        story = self.story[key]
        article = self._article(key)
        number = int(story.headline.rsplit("v", 1)[1]) + 1
        article.headline = story.headline = f"{key} v{number}"
        article.save(revision_author=self.editor)
        self._changed(key)
        now = timezone.now()
        for event_pk in StoryEvent.objects.filter(
            fanned_out_at=None, deliver_after__lte=now
        ).values_list("pk", flat=True):
            tasks.fan_out.call(event_pk)
        delivery = (
            Delivery.objects.filter(
                status=Delivery.Status.PENDING,
                next_attempt_at__lte=now,
                subscriber__is_active=True,
            )
            .select_related("event", "subscriber", "article")
            .order_by("pk")
            .first()
        )
        sendable = (
            delivery is not None
            and tasks.claim(delivery.pk, now)
            and tasks.waits_until(delivery, now) is None
            and not tasks.cancel_reason(delivery)
        )
        if sendable:
            answer = tasks.post(delivery)[1]
            if answer is not None and 200 <= answer.status_code < 300:
                crashes = self.subs[delivery.subscriber.name].crashes
                event_id = str(delivery.event.event_id)
                crashes[event_id] = crashes.get(event_id, 0) + 1
        # …and the worker is gone: nothing recorded, a claim left to expire.
        self.settle()

    # --- draining and the invariants -----------------------------------------------------

    def settle(self):
        """Run the worker until nothing is due: the clock moved to each retry or lease end."""
        for _ in range(80):
            run_worker_once()
            now = timezone.now()
            pending = list(
                Delivery.objects.filter(
                    status=Delivery.Status.PENDING, subscriber__is_active=True
                ).values_list("next_attempt_at", "locked_until")
            )
            unfanned = StoryEvent.objects.filter(
                fanned_out_at=None, deliver_after__lte=now
            ).exists()
            if not pending and not unfanned:
                break
            ready_at = min(
                (max(attempt, locked or attempt) for attempt, locked in pending), default=now
            )
            wait = (ready_at - now).total_seconds()
            self.clock.advance(seconds=max(wait, 0) + (1 if pending else 61))
            self._note_new_visibility()
        else:
            raise AssertionError("the worker never finished: " + repr(pending))
        self._note_new_visibility()

    def _note_new_visibility(self):
        """A story that became visible to a subscriber by the clock (its time came, its
        embargo ended) is owed to it when it matches then."""
        now = timezone.now()
        visible = set()
        for name, model in self.subs.items():
            for key, story in self.story.items():
                if story.visible_to(model, now):
                    visible.add((name, key))
                    if (name, key) not in self.visible and model.matches(story):
                        model.owed.add(key)
        self.visible = visible

    @invariant()
    def nothing_early(self):
        """Every push was about a story its subscriber might have when it arrived."""
        by_path = {model.path: model for model in self.subs.values()}
        for push in self.receiver.pushes[self.checked :]:
            model = by_path.get(push.path)
            if model is None or push.kind == "withdrawn":
                continue
            key = slug_of(push, model.format)
            story = self.story[key]
            assert story.visible_to(model, push.arrived_at), (
                f"{push.kind} of {key} reached {push.path} at {push.arrived_at}: {story}"
            )
            embargo = seen_in(push, model.format)[3]
            if story.embargoed_until is not None and story.embargoed_until > push.arrived_at:
                assert embargo is not None, f"{key} reached {push.path} without its embargo"
        self.checked = len(self.receiver.pushes)

    @invariant()
    def every_owed_story_arrived_in_order_and_once(self):
        event_order = dict(StoryEvent.objects.values_list("event_id", "pk"))
        now = timezone.now()
        for name, model in self.subs.items():
            counts, by_story = self._accepted_by_story(model)
            unheard = self._unheard_attempts(model)
            for event_id, count in counts.items():
                # Once more for each attempt whose answer the sender never heard: its
                # worker died, or the answer came after the timeout (at least once).
                allowed = 1 + model.crashes.get(event_id, 0) + unheard.get(event_id, 0)
                assert count <= allowed, f"{name} accepted event {event_id} {count} times"
            for key, pushes in by_story.items():
                order = [event_order[uuid.UUID(push.event_id)] for push in pushes]
                assert order == sorted(order), f"{name} got {key}'s events out of order"
            if not model.active:
                continue
            for key, story in self.story.items():
                pushes = by_story.get(key, [])
                if key in model.owed and story.visible_to(model, now) and model.matches(story):
                    assert pushes, f"{name} never received {key}"
                    last = pushes[-1]
                    assert last.kind != "withdrawn", f"{name}'s last word on {key} is a kill"
                    headline, corrections, people, _ = seen_in(last, model.format)
                    assert (headline, corrections, people) == (
                        story.headline,
                        story.corrections,
                        frozenset(story.people),
                    ), f"{name} holds an old version of {key}"
                had = any(push.kind != "withdrawn" for push in pushes)
                if story.status != Status.PUBLISHED and had:
                    assert pushes[-1].kind == "withdrawn", f"{name} was not told to kill {key}"

    @staticmethod
    def _unheard_attempts(model):
        """{event id: attempts that timed out or lost their connection} for a subscriber."""
        return {
            str(event_id): count
            for event_id, count in DeliveryAttempt.objects.filter(
                delivery__subscriber_id=model.pk, status_code=None
            )
            .values("delivery__event__event_id")
            .annotate(count=Count("pk"))
            .values_list("delivery__event__event_id", "count")
        }

    def _accepted_by_story(self, model):
        counts, by_story = {}, {}
        for push in self.receiver.pushes:
            if push.path != model.path or push.answered is None or push.answered >= 300:
                continue
            counts[push.event_id] = counts.get(push.event_id, 0) + 1
            if counts[push.event_id] == 1:
                by_story.setdefault(slug_of(push, model.format), []).append(push)
        return counts, by_story
