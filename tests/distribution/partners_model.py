"""The model's side of tests/distribution/test_outbox_model.py: what it keeps of each partner
and story, and how it reads a push in each format."""

import datetime
from dataclasses import dataclass, field

from articles.models import Article
from distribution.models import Subscriber

Status = Article.Status
Format = Subscriber.Format


@dataclass
class SubscriberModel:
    pk: int
    secret: str
    path: str
    format: str
    receives_embargoed: bool
    receives_all: bool = True
    sections: set = field(default_factory=set)
    people: set = field(default_factory=set)
    active: bool = True
    owed: set = field(default_factory=set)  # story keys it is owed the current version of
    crashes: dict = field(default_factory=dict)  # event id → deliveries cut off after a 2xx

    def matches(self, story):
        return (
            self.receives_all
            or (story.section is not None and story.section in self.sections)
            or bool(story.people & self.people)
        )


@dataclass
class StoryModel:
    pk: int
    headline: str
    status: str
    section: int | None
    published_at: datetime.datetime | None = None
    embargoed_until: datetime.datetime | None = None
    people: set = field(default_factory=set)
    corrections: int = 0

    def visible_to(self, subscriber, at):
        if self.status != Status.PUBLISHED or self.published_at > at:
            return False
        if self.embargoed_until is None or self.embargoed_until <= at:
            return True
        return subscriber.receives_embargoed

    def is_public(self, at):
        return (
            self.status == Status.PUBLISHED
            and self.published_at <= at
            and (self.embargoed_until is None or self.embargoed_until <= at)
        )


def seen_in(push, subscriber_format):
    """What a push says of its story: (headline, corrections, people slugs, embargo)."""
    document = push.document
    if subscriber_format == Format.API_JSON:
        return (
            document["headline"],
            len(document["corrections"]),
            frozenset(person["slug"] for person in document["people"]),
            document.get("embargoed_until"),
        )
    corrections = [item for item in document.get("descriptions", []) if item["role"] != "summary"]
    return (
        document["headlines"][0]["value"],
        len(corrections),
        frozenset(person["literal"] for person in document.get("people", [])),
        document.get("embargoed") or document.get("embargoedUntil"),
    )


def slug_of(push, subscriber_format):
    """Which story a push is about (the API's JSON says `slug`, ninjs `slugline`)."""
    document = push.document
    return document.get("slug") or document["slugline"]
