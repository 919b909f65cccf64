"""The desk's user accounts in the admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from newsroom.models import User

admin.site.register(User, UserAdmin)
