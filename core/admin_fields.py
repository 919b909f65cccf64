"""Form field settings every app's admin shares (`formfield_overrides`)."""

from django.db import models

from core.images import ImageUploadField

# Editors paste bare host names ("uza.uz"); assume https, as Django 6 will.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}

# Every image upload in the admin gets the clear refusals of core/images.py.
SAFE_IMAGES = {models.ImageField: {"form_class": ImageUploadField}}
