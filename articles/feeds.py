"""RSS 2.0 and Atom feeds of the latest stories: the whole site, a section, a person.

Each feed has an Atom twin: the same items, `feed_type = Atom1Feed`.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Section
from articles.story_lists import published_stories
from events.models import Person

FEED_LENGTH = 30


def feed_stories():
    """Published stories, newest first, with what an item needs besides the story."""
    return published_stories().select_related("agency")


class LatestStoriesFeed(Feed):
    title = f"{settings.SITE_NAME}: latest stories"
    link = "/"
    description = f"The latest stories published by {settings.SITE_NAME}."
    author_name = settings.SITE_NAME

    def items(self):
        return feed_stories()[:FEED_LENGTH]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        if not issubclass(self.feed_type, Atom1Feed):
            # RSS readers treat the channel's description as HTML, as they do an item's, and a
            # section's description is plain text an editor wrote. Atom's subtitle is text.
            feed.feed["description"] = escape(feed.feed["description"])
        return feed

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        # Readers treat an item's description as HTML: the plain-text summary is escaped.
        return escape(article.summary)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.bylines or (article.agency.name if article.agency_id else None)

    def item_categories(self, article):
        return [article.section.name] if article.section_id else []


class SectionFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return Section.objects.get(slug=slug)

    def title(self, section):
        return f"{settings.SITE_NAME}: {section.name}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or f"The latest {section.name} stories."

    def items(self, section):
        return feed_stories().filter(section=section)[:FEED_LENGTH]


class PersonFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return Person.objects.get(slug=slug)

    def title(self, person):
        return f"{settings.SITE_NAME}: {person.name}"

    def link(self, person):
        return person.get_absolute_url()

    def description(self, person):
        return f"The latest stories about {person.name}."

    def items(self, person):
        return feed_stories().filter(people=person)[:FEED_LENGTH]


class AtomFeedMixin:
    """Makes a feed Atom 1.0: Atom calls the description a subtitle."""

    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self._get_dynamic_attr("description", obj)


class LatestStoriesAtomFeed(AtomFeedMixin, LatestStoriesFeed):
    pass


class SectionAtomFeed(AtomFeedMixin, SectionFeed):
    pass


class PersonAtomFeed(AtomFeedMixin, PersonFeed):
    pass
