"""The desk's story admin, built for hundreds of thousands of stories."""

from django.contrib import admin

from articles.models import Agency, Article, Correction, Image, Quote, Section
from newsroom.admin import HTTPS_URLS


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
    list_display = ["alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height", "uploaded_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "published_at", "text"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "event"]
    fields = ["text", "speaker", "speaker_name", "event", "evidence"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "section",
        "status",
        "published_at",
        "agency",
        "created_by",
        "view_count",
    ]
    list_filter = ["status", "section", "agency"]
    list_select_related = ["section", "agency", "created_by"]
    search_fields = ["headline", "slug", "summary"]
    date_hierarchy = "published_at"
    # Counting every match on a large archive costs more than the page itself.
    show_full_result_count = False
    autocomplete_fields = [
        "section",
        "agency",
        "dateline_place",
        "lead_image",
        "people",
        "events",
        "agreements",
        "places",
        "organizations",
        "related_articles",
    ]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["created_by", "created_at", "updated_at", "view_count", "source_fingerprint"]
    inlines = [CorrectionInline, QuoteInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "summary", "body"]}),
        ("Publication", {"fields": ["status", "published_at", "section", "language"]}),
        ("Credit", {"fields": ["bylines", "agency", "dateline_place"]}),
        ("Lead image", {"fields": ["lead_image"]}),
        (
            "What the story is about",
            {"fields": ["people", "events", "agreements", "places", "organizations"]},
        ),
        ("Related stories", {"fields": ["related_articles"]}),
        (
            "Record",
            {
                "fields": [
                    "created_by",
                    "created_at",
                    "updated_at",
                    "view_count",
                    "source_fingerprint",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "published_at"]
    list_filter = ["kind"]
    list_select_related = ["article"]
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    date_hierarchy = "published_at"


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "speaker_name", "article", "event"]
    list_select_related = ["speaker", "article", "event"]
    search_fields = ["text", "speaker__name", "speaker_name"]
    autocomplete_fields = ["article", "speaker", "event"]
