"""Root URLs: the public site, the admin, the API."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from newsroom import feeds, views
from newsroom.sitemaps import SITEMAPS, NewsSitemap

admin.site.site_header = f"{settings.SITE_NAME} desk"
admin.site.site_title = f"{settings.SITE_NAME} desk"
admin.site.index_title = "Stories, people, events and agreements"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("api/", include("newsroom.api")),
    path("", include("articles.urls")),
    path("", include("events.urls")),
    path("search/", views.search, name="search"),
    path("feeds/", feeds.LatestStoriesFeed(), name="feed"),
    path("feeds/atom/", feeds.LatestStoriesAtomFeed(), name="atom_feed"),
    path("feeds/sections/<slug:slug>/", feeds.SectionFeed(), name="section_feed"),
    path("feeds/sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_atom_feed"),
    path("feeds/people/<slug:slug>/", feeds.PersonFeed(), name="person_feed"),
    path("feeds/people/<slug:slug>/atom/", feeds.PersonAtomFeed(), name="person_atom_feed"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "newsroom/sitemap_news.xml"},
        name="news_sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "newsroom/sitemap.xml"},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
