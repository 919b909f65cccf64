"""The story counts and the countries' story lists (articles/story_index.py) stay equal to a
recount through `Article.objects.published()` after every kind of change, and readers get
exactly what the old queries gave."""

import datetime
import random

import pytest
from django.db.models import ProtectedError, Q
from django.utils import timezone

from articles import story_index
from articles.models import Article, CountryStory, ScheduledLink, Section, StoryCount
from articles.sitemaps import ArticleSitemap
from articles.story_lists import published_stories
from events.models import Country, Person
from tests.factories import (
    AgreementFactory,
    ArticleFactory,
    CountryFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

LINKED = story_index.LINKED_MODELS


@pytest.fixture
def clock(monkeypatch):
    """Django's clock, moved by hand: scheduled stories come due with no write."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += datetime.timedelta(**delta)

    fake = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fake.now)
    return fake


def recounted():
    """Every count, the slow way: counting what the one door lets through."""
    published = Article.objects.published()
    counts = {("all", 0): published.count()}
    for section in Section.objects.all():
        counts["section", section.pk] = published.filter(section=section).count()
    for link, model in LINKED.items():
        for row in model.objects.all():
            counts[link, row.pk] = published.filter(**{link: row}).count()
    return counts


def indexed():
    """Every count as readers now get them: the annotation and the sitemap's total."""
    counts = {("all", 0): story_index.published_story_total()}
    annotated = [("section", Section), *LINKED.items()]
    for link, model in annotated:
        rows = model.objects.annotate(n=story_index.published_story_count(link))
        counts.update({(link, row.pk): row.n for row in rows})
    return counts


def country_stories_the_old_way(country):
    return list(
        published_stories()
        .filter(
            Q(
                pk__in=Article.people.through.objects.filter(person__country=country).values(
                    "article"
                )
            )
            | Q(
                pk__in=Article.places.through.objects.filter(place__country=country).values(
                    "article"
                )
            )
            | Q(dateline_place__country=country)
        )
        .values_list("pk", flat=True)
    )


def country_stories(country):
    """As the country's page reads them (events/views.py)."""
    return list(
        published_stories()
        .filter(country_links__country=country)
        .order_by("-country_links__published_at", "-country_links__article_id")
        .values_list("pk", flat=True)
    )


def table_rows():
    return (
        sorted(StoryCount.objects.exclude(stories=0).values_list("link", "object_id", "stories")),
        sorted(CountryStory.objects.values_list("country_id", "article_id", "published_at")),
        sorted(
            ScheduledLink.objects.filter(published_at__gt=timezone.now()).values_list(
                "link", "object_id", "article_id", "published_at"
            )
        ),
    )


def assert_in_step():
    assert indexed() == recounted()
    for country in Country.objects.all():
        assert country_stories(country) == country_stories_the_old_way(country)
    incremental = table_rows()
    story_index.rebuild()
    assert table_rows() == incremental


def change(manager, verb, rows):
    if verb == "set":
        manager.set(rows)
    elif verb == "clear":
        manager.clear()
    else:
        getattr(manager, verb)(*rows)


class World:
    """A small world of stories and what they link, changed at random."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.countries = CountryFactory.create_batch(3)
        self.sections = SectionFactory.create_batch(3)
        self.people = [PersonFactory(country=self.pick(self.countries)) for _ in range(5)]
        self.places = [PlaceFactory(country=self.pick(self.countries)) for _ in range(4)]
        self.places.append(PlaceFactory(country=None))
        self.linked = {
            "people": self.people,
            "places": self.places,
            "events": EventFactory.create_batch(3),
            "agreements": AgreementFactory.create_batch(2),
            "organizations": OrganizationFactory.create_batch(2),
        }
        self.stories = []

    def pick(self, rows, *, or_none=False):
        rows = list(rows)
        if or_none and self.random.random() < 0.3:
            return None
        return self.random.choice(rows) if rows else None

    def some(self, rows):
        rows = list(rows)
        return self.random.sample(rows, self.random.randint(0, min(3, len(rows))))

    def state(self):
        now = timezone.now()
        return self.random.choice(
            [
                {"status": "draft", "published_at": None},
                {"status": "in_review", "published_at": None},
                {"status": "published", "published_at": now - datetime.timedelta(hours=2)},
                {"status": "published", "published_at": now + datetime.timedelta(hours=20)},
                {"status": "withdrawn", "published_at": now - datetime.timedelta(days=3)},
            ]
        )

    # The changes, each made as the admin, the API or a shell would make it.

    def new_story(self):
        story = ArticleFactory(
            section=self.pick(self.sections, or_none=True),
            dateline_place=self.pick(self.places, or_none=True),
            **self.state(),
        )
        for link, rows in self.linked.items():
            getattr(story, link).add(*self.some(rows))
        self.stories.append(story)

    def move_story(self):
        story = self.pick(self.stories)
        for field, value in self.state().items():
            setattr(story, field, value)
        story.save()

    def change_section_or_dateline(self):
        story = self.pick(self.stories)
        story.section = self.pick(self.sections, or_none=True)
        story.dateline_place = self.pick(self.places, or_none=True)
        story.save()

    def link_forward(self):
        story, link = self.pick(self.stories), self.pick(self.linked)
        verb = self.random.choice(["add", "remove", "set", "clear"])
        rows = self.some(self.linked[link])
        change(getattr(story, link), verb, rows)

    def link_backward(self):
        row = self.pick(self.linked[self.pick(self.linked)])
        verb = self.random.choice(["add", "remove", "set", "clear"])
        stories = self.some(self.stories)
        change(row.articles, verb, stories)

    def move_to_another_country(self):
        row = self.pick(self.people + self.places)
        row.country = self.pick(self.countries, or_none=True)
        row.save()

    def delete_something(self):
        row = self.pick(self.stories + self.people + self.places + self.linked["events"])
        try:
            row.delete()
        except ProtectedError:  # a place a story is datelined at
            return
        for rows in [self.stories, *self.linked.values()]:
            if row in rows:
                rows.remove(row)

    def run(self, clock, steps):
        changes = [
            self.new_story,
            self.move_story,
            self.change_section_or_dateline,
            self.link_forward,
            self.link_backward,
            self.move_to_another_country,
            self.delete_something,
            lambda: clock.advance(hours=self.random.choice([1, 12, 30])),
        ]
        for _ in range(4):
            self.new_story()
        for _ in range(steps):
            self.random.choice(changes)()
            if not self.stories:
                self.new_story()
            assert_in_step()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_and_country_lists_stay_equal_to_a_recount_through_every_change(clock, seed):
    World(seed).run(clock, steps=60)


def test_a_scheduled_story_counts_when_it_comes_due_with_no_write(clock):
    person = PersonFactory()
    ArticleFactory(scheduled=True).people.add(person)

    def count():
        return Person.objects.annotate(n=story_index.published_story_count("people")).get().n

    assert count() == 0
    assert story_index.published_story_total() == 0
    clock.advance(days=2)
    assert count() == 1
    assert story_index.published_story_total() == 1


def test_a_withdrawn_story_leaves_the_counts_and_deleting_a_person_leaves_no_count():
    person = PersonFactory()
    story = ArticleFactory()
    story.people.add(person)
    assert StoryCount.objects.get(link="people", object_id=person.pk).stories == 1
    story.status = Article.Status.WITHDRAWN
    story.save()
    assert StoryCount.objects.get(link="people", object_id=person.pk).stories == 0
    person.delete()
    assert not StoryCount.objects.filter(link="people", object_id=person.pk).exists()


def test_removing_what_was_never_linked_counts_nothing():
    person, stranger = PersonFactory(), PersonFactory()
    story = ArticleFactory()
    story.people.add(person)
    story.people.remove(person, stranger)
    story.people.remove(person)
    assert not StoryCount.objects.filter(link="people").exclude(stories=0).exists()
    assert_in_step()


def test_the_sitemap_index_pages_by_the_kept_count(clock):
    ArticleFactory.create_batch(3)
    ArticleFactory(scheduled=True)
    ArticleFactory(draft=True)
    assert ArticleSitemap().paginator.count == 3 == Article.objects.published().count()


def test_the_rebuild_command_repairs_counts_changed_around_the_signals(client):
    country = CountryFactory()
    story = ArticleFactory()
    story.people.add(PersonFactory(country=country))
    Article.objects.filter(pk=story.pk).update(status=Article.Status.WITHDRAWN)  # no signals
    assert story_index.published_story_total() == 1
    from django.core.management import call_command

    call_command("rebuild_story_index", verbosity=0)
    assert story_index.published_story_total() == 0
    assert_in_step()


def test_the_migration_fills_the_tables_from_a_database_that_had_stories(django_db_blocker):
    """`rebuild` with a migration's registry writes what the signals would have."""
    from django.apps import apps

    country = CountryFactory()
    story = ArticleFactory(dateline_place=PlaceFactory(country=country))
    story.people.add(PersonFactory(country=country))
    StoryCount.objects.all().delete()
    CountryStory.objects.all().delete()
    story_index.rebuild(apps)
    assert_in_step()
    assert CountryStory.objects.get().country == country
