"""The diary's addresses, under /admin/planning/ (newsroom/urls.py)."""

from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.week, name="week"),
    path("events/<int:pk>/", views.event_coverage, name="event"),
    path("entries/new/", views.entry_add, name="entry_add"),
    path("entries/<int:pk>/", views.entry_coverage, name="entry"),
    path("entries/<int:pk>/public/", views.entry_make_public, name="entry_public"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:secret>.ics", views.feed, name="feed"),
]
