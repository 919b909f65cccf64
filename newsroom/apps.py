"""The project's apps: the custom User's app, and Django's admin with the desk's site."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class NewsroomConfig(AppConfig):
    default = True  # the app itself; NewsroomAdminConfig below is named in settings
    name = "newsroom"
    verbose_name = "Newsroom"


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the desk's site class (a rate-limited login)."""

    default = False  # Django's AdminConfig is a default; this one is chosen in settings
    default_site = "newsroom.admin_site.NewsroomAdminSite"
