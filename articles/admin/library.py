"""The desk's library in the admin: sections, agencies and pictures."""

from django.contrib import admin
from django.utils.html import format_html

from articles.models import Agency, Image, Section
from core.admin_fields import HTTPS_URLS, SAFE_IMAGES

# The story list links the mentions of this many stories in the request; more go to a worker.


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["short_name", "name", "url"]
    search_fields = ["name", "short_name"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    formfield_overrides = SAFE_IMAGES
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "created_at"]
    list_display_links = ["alt_text"]  # the thumbnail's alt is empty: the link is the words
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height", "uploaded_by", "created_at"]

    @admin.display(description="picture")
    def thumbnail(self, image):
        # alt="": the alt text is the next column, read once.
        return format_html(
            '<img src="{}" alt="" class="desk-thumbnail" width="96" loading="lazy">',
            image.rendition_url(320),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
