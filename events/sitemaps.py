"""Sitemaps of the world's pages: people, events and agreements with their last change."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from events.models import Agreement, Event, Person


class UpdatedAtSitemap(Sitemap):
    """People, events and agreements: the page changes when the record does."""

    model = None
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return self.model.objects.order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        # Django's default computes every item's lastmod to find the newest.
        return self.model.objects.aggregate(latest=Max("updated_at"))["latest"]


class PersonSitemap(UpdatedAtSitemap):
    model = Person


class EventSitemap(UpdatedAtSitemap):
    model = Event


class AgreementSitemap(UpdatedAtSitemap):
    model = Agreement


SITEMAPS = {
    "people": PersonSitemap,
    "events": EventSitemap,
    "agreements": AgreementSitemap,
}
