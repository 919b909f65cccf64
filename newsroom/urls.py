"""Root URLs: the public site, the admin, the API."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles import feeds, sitemaps, views
from core.caching import public_page
from events import sitemaps as event_sitemaps

# The sitemap index, in the order its parts are listed.
SITEMAPS = {**sitemaps.SITEMAPS, **event_sitemaps.SITEMAPS}

# An unreachable database is a 503 with Retry-After, not a 500 (core/availability.py).
handler500 = "core.availability.server_error"

urlpatterns = [
    path("", public_page(views.home), name="home"),
    path("admin/desk/", include("desk.urls")),  # before the admin's catch-all
    path("admin/planning/", include("planning.urls")),
    # django-otp-webauthn's endpoints keep their own namespace, which its template tags name.
    path("admin/security/webauthn/", include("accounts.webauthn_urls")),
    path("admin/security/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("newsroom.api")),
    path("", include("articles.urls")),
    path("", include("live.urls")),
    path("", include("events.urls")),
    path("search/", public_page(views.search), name="search"),
    path("feeds/", public_page(feeds.LatestStoriesFeed()), name="feed"),
    path("feeds/atom/", public_page(feeds.LatestStoriesAtomFeed()), name="atom_feed"),
    path("feeds/sections/<slug:slug>/", public_page(feeds.SectionFeed()), name="section_feed"),
    path(
        "feeds/sections/<slug:slug>/atom/",
        public_page(feeds.SectionAtomFeed()),
        name="section_atom_feed",
    ),
    path("feeds/people/<slug:slug>/", public_page(feeds.PersonFeed()), name="person_feed"),
    path(
        "feeds/people/<slug:slug>/atom/",
        public_page(feeds.PersonAtomFeed()),
        name="person_atom_feed",
    ),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "newsroom/sitemap_news.xml"},
        name="news_sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS, "template_name": "newsroom/sitemap.xml"},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
