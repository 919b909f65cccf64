"""Root URLs: the public site, the admin, the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from newsroom import views

admin.site.site_header = f"{settings.SITE_NAME} desk"
admin.site.site_title = f"{settings.SITE_NAME} desk"
admin.site.index_title = "Stories, people, events and agreements"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("api/", include("newsroom.api")),
    path("", include("articles.urls")),
    path("", include("events.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
