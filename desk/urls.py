"""The desk's endpoints, under /admin/desk/ (newsroom/urls.py)."""

from django.urls import path

from desk import views

app_name = "desk"

urlpatterns = [
    path("stories/new/autosave/", views.autosave, name="autosave_new"),
    path("stories/<int:article_id>/autosave/", views.autosave, name="autosave"),
    path("stories/new/autosave/discard/", views.autosave_discard_view, name="autosave_discard_new"),
    path(
        "stories/<int:article_id>/autosave/discard/",
        views.autosave_discard_view,
        name="autosave_discard",
    ),
    path("stories/new/preview/", views.preview, name="preview_new"),
    path("stories/<int:article_id>/preview/", views.preview, name="preview"),
    path("stories/<int:article_id>/presence/", views.presence, name="presence"),
    path("session/", views.session, name="session"),
]
