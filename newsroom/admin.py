"""The desk's user accounts in the admin, and shared admin field settings."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models

from newsroom.images import ImageUploadField
from newsroom.models import User

admin.site.register(User, UserAdmin)

# Editors paste bare host names ("uza.uz"); assume https, as Django 6 will.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}

# Every image upload in the admin gets the clear refusals of newsroom/images.py.
SAFE_IMAGES = {models.ImageField: {"form_class": ImageUploadField}}
