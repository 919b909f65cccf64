"""Sitemaps of the stories: every story and section page with its last change, and a Google
News sitemap of the last two days' stories
(https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, Section
from articles.story_index import published_story_total
from articles.story_lists import published_stories

NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000  # Google reads at most this many stories from one news sitemap.


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Article.objects.published().order_by("-published_at", "-pk")

    @property
    def paginator(self):
        # The index pages the stories by their count: kept in StoryCount, where counting a
        # million rows took 0.3 s on PostgreSQL.
        paginator = super().paginator
        paginator.count = published_story_total()
        return paginator

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        # A section page changes when a story is published in it.
        latest_story = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .latest_first()
            .values("published_at")[:1]
        )
        return Section.objects.annotate(latest_story_at=Subquery(latest_story))

    def lastmod(self, section):
        return section.latest_story_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("published_at"))["latest"]


# The stories' part of the sitemap index; the project's urls.py puts the whole index together.
SITEMAPS = {
    "stories": ArticleSitemap,
    "sections": SectionSitemap,
}


class NewsSitemap(Sitemap):
    """Stories of the last two days, for Google News; the template adds the news: fields."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return published_stories().filter(published_at__gte=since)

    def lastmod(self, article):
        return article.updated_at
