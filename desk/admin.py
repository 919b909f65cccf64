"""The desk's hooks in the admin: its home page is the admin index (desk/home.py, through
the `desk_home` tag in desk/templates/admin/desk_index.html)."""

from django.contrib import admin

admin.site.index_template = "admin/desk_index.html"
