"""factory_boy factories for every model; tests build what they need instead of loading the demo."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from articles.models import Agency, Article, Correction, EntityProposal, Image, Quote, Section
from distribution.models import Delivery, StoryEvent, Subscriber
from events.models import (
    Agreement,
    AgreementParty,
    Country,
    Event,
    EventSeries,
    Organization,
    Participation,
    Person,
    Place,
    Position,
)
from live.models import LiveCoverage, LiveEntry
from newsroom.models import User
from planning.models import CoverageItem, DiaryEntry

ISO_CODES = ["UZ", "RU", "KZ", "KG", "TJ", "TM", "AZ", "BY", "AM", "GE", "MD", "UA", "FR", "DE"]


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.test")
    password = factory.django.Password("correct-horse-battery")


class SuperUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country

    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    # Two capital letters, unique per test run: AA, AB, …
    iso_code = factory.Sequence(lambda n: chr(65 + (n // 26) % 26) + chr(65 + n % 26))


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")
    kind = Place.Kind.CITY


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person Number{n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    title = "President"
    start_date = datetime.date(2016, 12, 14)


class EventSeriesFactory(DjangoModelFactory):
    class Meta:
        model = EventSeries

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = Event.Kind.SUMMIT
    status = Event.Status.HELD
    start_date = datetime.date(2024, 10, 8)


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participation.Role.ATTENDEE


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Agreement {n}")
    slug = factory.Sequence(lambda n: f"agreement-{n}")
    kind = Agreement.Kind.TREATY
    signed_on = datetime.date(2023, 10, 13)


class AgreementPartyFactory(DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    country = factory.SubFactory(CountryFactory)
    status = AgreementParty.Status.SIGNED


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    short_name = factory.Sequence(lambda n: f"AG{n}")


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.django.ImageField(width=64, height=48, color="navy")
    alt_text = "A test picture"


class ArticleFactory(DjangoModelFactory):
    """A published story by default; use the traits for every other state."""

    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    summary = "A short summary."
    body = "<p>The body of the story.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        in_review = factory.Trait(status=Article.Status.IN_REVIEW, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
        )
        withdrawn = factory.Trait(status=Article.Status.WITHDRAWN)


class CorrectionFactory(DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version of this story misspelled a name."


class QuoteFactory(DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(PersonFactory)
    text = "We are committed to cooperation."


class EntityProposalFactory(DjangoModelFactory):
    """A new name an import left for the desk to confirm."""

    class Meta:
        model = EntityProposal

    article = factory.SubFactory(ArticleFactory, draft=True)
    kind = EntityProposal.Kind.PERSON
    name = factory.Sequence(lambda n: f"Yury Ushakov{n}")
    mention = factory.LazyAttribute(lambda proposal: proposal.name)
    evidence = factory.LazyAttribute(
        lambda proposal: f"{proposal.name}, an aide to the President of Russia, said so."
    )
    title = "Aide to the President of Russia"
    country_name = "Russia"


def _in_group(name):
    def add_to_group(user, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        from articles.roles import ensure_groups

        if create:
            if not Group.objects.filter(name=name).exists():  # flushed by a transactional test
                ensure_groups()
            user.groups.add(Group.objects.get(name=name))

    return factory.PostGeneration(add_to_group)


class ReporterFactory(UserFactory):
    """A staff account in the Reporter group (created by a migration)."""

    class Meta:
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"reporter{n}")
    is_staff = True
    group = _in_group("Reporter")


class EditorFactory(UserFactory):
    """A staff account in the Editor group (created by a migration)."""

    class Meta:
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"editor{n}")
    is_staff = True
    group = _in_group("Editor")


class SubscriberFactory(DjangoModelFactory):
    """A partner's receiver, on a public address (the tests' receivers replace it)."""

    class Meta:
        model = Subscriber

    name = factory.Sequence(lambda n: f"Partner {n}")
    endpoint_url = factory.Sequence(lambda n: f"https://93.184.215.14/newsroom/{n}")


class StoryEventFactory(DjangoModelFactory):
    class Meta:
        model = StoryEvent

    article = factory.SubFactory(ArticleFactory)
    kind = StoryEvent.Kind.PUBLISHED


class DeliveryFactory(DjangoModelFactory):
    class Meta:
        model = Delivery

    event = factory.SubFactory(StoryEventFactory)
    subscriber = factory.SubFactory(SubscriberFactory)
    article = factory.SelfAttribute("event.article")


class LiveCoverageFactory(DjangoModelFactory):
    """A published story made live, open."""

    class Meta:
        model = LiveCoverage

    article = factory.SubFactory(ArticleFactory, headline=factory.Sequence(lambda n: f"Live {n}"))
    opened_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class LiveEntryFactory(DjangoModelFactory):
    class Meta:
        model = LiveEntry

    coverage = factory.SubFactory(LiveCoverageFactory)
    author_name = "Jane Reporter"
    body = factory.Sequence(lambda n: f"<p>Update number {n} from the summit.</p>")


class DiaryEntryFactory(DjangoModelFactory):
    """An internal diary entry: something coming the public does not know yet."""

    class Meta:
        model = DiaryEntry

    title = factory.Sequence(lambda n: f"Diary entry {n}")
    start_date = factory.LazyFunction(timezone.localdate)


class CoverageItemFactory(DjangoModelFactory):
    """A planned story for an event, due at the end of the day, waiting on the desk."""

    class Meta:
        model = CoverageItem

    event = factory.SubFactory(EventFactory)
    kind = CoverageItem.Kind.STORY
    due = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=6))
    status = factory.LazyAttribute(
        lambda item: CoverageItem.Status.ASSIGNED if item.assignee else CoverageItem.Status.PLANNED
    )
    assignee = None
