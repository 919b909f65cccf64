from django.urls import path

from core.caching import public_page
from live import views

app_name = "live"

urlpatterns = [
    path("stories/<slug:slug>/live/updates/", views.poll_view, name="updates"),
    path("stories/<slug:slug>/live/feed/", public_page(views.LiveEntriesFeed()), name="feed"),
    path(
        "stories/<slug:slug>/live/feed/atom/",
        public_page(views.LiveEntriesAtomFeed()),
        name="atom_feed",
    ),
]
