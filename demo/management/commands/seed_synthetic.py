"""A large synthetic archive for benchmarks: stories, people, events, agreements and links.

Everything it writes has a slug starting with "synthetic-", so it never mixes with real
stories and can be told apart (and deleted) at once. Rows are written with bulk inserts in
batches of their own transaction: an interrupted run keeps what it finished, and running the
command again with the same numbers continues where it stopped. The same --seed gives the
same archive.

Bulk inserts bypass Article.save(): bodies are generated from escaped words, so there is
nothing to sanitise, and revisions of text nobody wrote would only be noise.
"""

import datetime
import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape

from articles import story_index
from articles.models import Article, Section
from events.models import Agreement, Country, Event, EventSeries, Person

PREFIX = "synthetic-"
FIRST_NAMES = (
    "Aziz Bekzod Dilnoza Farrukh Gulnara Ilhom Jamshid Kamola Laziz Madina Nodir Otabek "
    "Rustam Sardor Timur Umida Vera Yulia Anna Boris Dmitry Elena Igor Irina Maxim Natalia "
    "Oleg Pavel Sergey Tatiana Aigerim Arman Daniyar Erlan Nursultan Saule Aibek Azamat "
    "Bakyt Chynara Ainura Emomali Firuz Jahongir Anahit Aram Gohar Levon Nino Giorgi"
).split()
LAST_NAMES = (
    "Abdullaev Aliev Azimov Bakirov Davletov Ergashev Fayzullaev Ganiev Hamidov Ibragimov "
    "Jurayev Karimov Latipov Mahmudov Nazarov Ortiqov Pulatov Qodirov Rahimov Saidov "
    "Tursunov Usmonov Valiev Yusupov Zakirov Ivanov Petrov Smirnov Kuznetsov Popov Sokolov "
    "Volkov Novikov Morozov Orlov Zhakupov Seitkali Omarov Bekov Sadykov Jumabaev"
).split()
TOPICS = (
    "trade investment energy security transport agriculture health education culture "
    "tourism water climate digital finance customs migration science sport railway "
    "cybersecurity industry textile banking logistics"
).split()
VERBS = "discuss sign approve review launch extend expand ratify propose welcome".split()
WORDS = (
    "the of and to in a cooperation meeting leaders talks agreement countries regional "
    "development summit delegation ministry president government statement programme "
    "partners relations economic forum initiative dialogue framework bilateral session"
).split()
# (share of stories, status, publication time): most public, some scheduled or never published.
STORY_STATES = [
    (0.970, Article.Status.PUBLISHED, "past"),
    (0.010, Article.Status.PUBLISHED, "future"),
    (0.007, Article.Status.DRAFT, None),
    (0.007, Article.Status.IN_REVIEW, None),
    (0.006, Article.Status.WITHDRAWN, "past"),
]
STORY_WEIGHTS = [share for share, _status, _when in STORY_STATES]
TEN_YEARS = 3650 * 24 * 3600  # seconds: how far back the archive reaches
XA_XZ = [f"X{chr(letter)}" for letter in range(ord("A"), ord("Z") + 1)]  # user-assigned ISO codes


class Progress:
    """A one-line progress bar on stderr: count, percentage, rate."""

    def __init__(self, label, total, stream, enabled):
        self.label, self.total, self.stream, self.enabled = label, total, stream, enabled
        self.started = time.monotonic()

    def update(self, done):
        if not self.enabled or not self.total:
            return
        rate = done / max(time.monotonic() - self.started, 1e-6)
        width = 30
        filled = int(width * done / self.total)
        self.stream.write(
            f"\r{self.label:<11} [{'#' * filled}{'.' * (width - filled)}] "
            f"{done:>9,}/{self.total:,} {100 * done / self.total:5.1f}% {rate:,.0f}/s"
        )
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Write a large synthetic archive (slugs 'synthetic-…') for benchmarks; resumable."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="stories in all")
        parser.add_argument("--people", type=int, help="people (default: articles / 20)")
        parser.add_argument("--events", type=int, help="events (default: articles / 200)")
        parser.add_argument("--agreements", type=int, help="agreements (default: events / 4)")
        parser.add_argument("--sections", type=int, default=8)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        counts = self._counts(options)
        self.seed = options["seed"]
        self.batch_size = options["batch_size"]
        self.show_progress = not options["no_progress"] and sys.stderr.isatty()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Losing the last batches in a crash is fine for synthetic data; waiting for
                # the disk at every commit is not.
                cursor.execute("SET synchronous_commit TO OFF")
        started = time.monotonic()
        countries = self._countries()
        sections = self._sections(counts["sections"])
        series = self._series()
        people = self._people(counts["people"], countries)
        events = self._events(counts["events"], series)
        agreements = self._agreements(counts["agreements"], events)
        self._articles(counts["articles"], sections, people, events, agreements)
        with transaction.atomic():
            story_index.rebuild()  # the bulk inserts sent no signals
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Synthetic archive ready in {time.monotonic() - started:.1f}s: "
            + ", ".join(f"{value:,} {name}" for name, value in counts.items())
        )

    @staticmethod
    def _counts(options):
        articles = options["articles"]
        people = options["people"] if options["people"] is not None else max(articles // 20, 10)
        events = options["events"] if options["events"] is not None else max(articles // 200, 5)
        agreements = options["agreements"]
        if agreements is None:
            agreements = max(events // 4, 2)
        counts = {
            "articles": articles,
            "people": people,
            "events": events,
            "agreements": agreements,
            "sections": options["sections"],
        }
        for name, value in counts.items():
            if value < 1:
                raise CommandError(f"--{name} must be at least 1 (got {value}).")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        return counts

    def _rng(self, *salt):
        return random.Random(f"{self.seed}:{':'.join(map(str, salt))}")

    # --- the world ------------------------------------------------------------------

    def _countries(self):
        existing = list(Country.objects.all())
        if existing:
            return existing
        return [
            Country.objects.get_or_create(
                iso_code=code,
                defaults={"name": f"Synthetia {code}", "slug": f"{PREFIX}{code.lower()}"},
            )[0]
            for code in XA_XZ
        ]

    def _sections(self, total):
        sections = []
        for number in range(total):
            topic = TOPICS[number % len(TOPICS)]
            section, _ = Section.objects.get_or_create(
                slug=f"{PREFIX}{topic}",
                defaults={"name": f"Synthetic {topic}", "position": 100 + number},
            )
            sections.append(section)
        return sections

    def _series(self):
        return EventSeries.objects.get_or_create(
            slug=f"{PREFIX}summits", defaults={"name": "Synthetic summits"}
        )[0]

    def _bulk(self, model, label, total, make_row):
        """Create rows `existing..total-1` of `model` with `make_row(index)`, in batches."""
        existing = model.objects.filter(slug__startswith=PREFIX).count()
        progress = Progress(label, total, sys.stderr, self.show_progress)
        for start in range(existing, total, self.batch_size):
            stop = min(start + self.batch_size, total)
            with transaction.atomic():
                model.objects.bulk_create([make_row(index) for index in range(start, stop)])
            progress.update(stop)
        return list(
            model.objects.filter(slug__startswith=PREFIX)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def _people(self, total, countries):
        def make(index):
            rng = self._rng("person", index)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {last} {index}"  # the number keeps names unique, as in life
            return Person(
                name=name,
                slug=f"{PREFIX}person-{index}",
                aliases=f"{first[0]}. {last} {index}",
                country=rng.choice(countries),
                bio=f"{name} is a synthetic person for benchmarks.",
            )

        return self._bulk(Person, "people", total, make)

    def _events(self, total, series):
        today = timezone.localdate()

        def make(index):
            rng = self._rng("event", index)
            start = today - datetime.timedelta(days=rng.randrange(-60, 3650))
            kind_of_gathering = rng.choice(["summit", "forum", "meeting"])
            return Event(
                title=f"Synthetic {rng.choice(TOPICS)} {kind_of_gathering} {index}",
                slug=f"{PREFIX}event-{index}",
                kind=rng.choice(Event.Kind.values),
                status=Event.Status.SCHEDULED if start > today else Event.Status.HELD,
                start_date=start,
                end_date=start + datetime.timedelta(days=rng.choice([0, 0, 1, 2])),
                series=series if index % 10 == 0 else None,
            )

        return self._bulk(Event, "events", total, make)

    def _agreements(self, total, events):
        def make(index):
            rng = self._rng("agreement", index)
            topic = rng.choice(TOPICS)
            return Agreement(
                title=f"Synthetic agreement on {topic} cooperation {index}",
                short_title=f"{topic.title()} agreement {index}",
                slug=f"{PREFIX}agreement-{index}",
                kind=rng.choice(Agreement.Kind.values),
                adopted_at_id=rng.choice(events),
                signed_on=timezone.localdate() - datetime.timedelta(days=rng.randrange(0, 3650)),
            )

        return self._bulk(Agreement, "agreements", total, make)

    # --- the stories ----------------------------------------------------------------

    def _articles(self, total, sections, people, events, agreements):
        now = timezone.now()
        section_ids = [section.pk for section in sections]
        existing = Article.objects.filter(slug__startswith=PREFIX).count()
        progress = Progress("articles", total, sys.stderr, self.show_progress)
        links = [
            (Article.people.through, "person_id", people, (1, 4)),
            (Article.events.through, "event_id", events, (0, 2)),
            (Article.agreements.through, "agreement_id", agreements, (0, 1)),
        ]
        for start in range(existing, total, self.batch_size):
            stop = min(start + self.batch_size, total)
            rows = []
            for index in range(start, stop):
                rng = self._rng("article", index)
                status, published_at = self._state(rng, now)
                topic = rng.choice(TOPICS)
                rows.append(
                    Article(
                        headline=f"Leaders {rng.choice(VERBS)} {topic} plans ({index})",
                        slug=f"{PREFIX}story-{index}",
                        summary=" ".join(rng.choices(WORDS, k=25)).capitalize() + ".",
                        body=self._body(rng, topic),
                        section_id=rng.choice(section_ids),
                        status=status,
                        published_at=published_at,
                        # Most stories are read a little, a few a lot (a Pareto tail).
                        view_count=int(rng.paretovariate(1.16) * 40),
                    )
                )
            with transaction.atomic():
                created = Article.objects.bulk_create(rows)
                if any(article.pk is None for article in created):
                    by_slug = dict(
                        Article.objects.filter(slug__in=[a.slug for a in created]).values_list(
                            "slug", "pk"
                        )
                    )
                    for article in created:
                        article.pk = by_slug[article.slug]
                for through, column, choices, (low, high) in links:
                    through.objects.bulk_create(
                        self._links(created, through, column, choices, low, high),
                        ignore_conflicts=True,
                    )
            progress.update(stop)

    @staticmethod
    def _state(rng, now):
        """A story's (status, publication time), drawn from STORY_STATES."""
        [(_share, status, when)] = rng.choices(STORY_STATES, weights=STORY_WEIGHTS)
        if when == "past":
            return status, now - datetime.timedelta(seconds=rng.randrange(60, TEN_YEARS))
        if when == "future":
            return status, now + datetime.timedelta(seconds=rng.randrange(3600, 86400 * 30))
        return status, None

    @staticmethod
    def _body(rng, topic):
        paragraphs = []
        for _ in range(rng.randint(3, 6)):
            words = rng.choices(WORDS, k=rng.randint(25, 45))
            words.insert(rng.randrange(len(words)), topic)
            paragraphs.append(f"<p>{escape(' '.join(words).capitalize())}.</p>")
        return "".join(paragraphs)

    def _links(self, articles, through, column, choices, low, high):
        rows = []
        for article in articles:
            rng = self._rng("links", column, article.slug)
            # Popular people and events come up far more often: skew towards the front.
            picked = {
                choices[min(int(rng.paretovariate(0.9)) - 1, len(choices) - 1) % len(choices)]
                if rng.random() < 0.5
                else rng.choice(choices)
                for _ in range(rng.randint(low, high))
            }
            rows.extend(through(article_id=article.pk, **{column: pk}) for pk in picked)
        return rows
