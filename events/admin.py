"""Admin for the world stories report on, built for tens of thousands of people and events."""

from django.contrib import admin
from django.db.models import Count, Q

from core.admin_fields import HTTPS_URLS, SAFE_IMAGES
from events.models import (
    Agreement,
    AgreementParty,
    Country,
    Event,
    EventSeries,
    Organization,
    Participation,
    Person,
    Place,
    Position,
)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code"]
    search_fields = ["name", "iso_code", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "short_name", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "aliases"]
    autocomplete_fields = ["parent", "member_countries"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "country"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent", "country"]
    search_fields = ["name", "aliases"]
    autocomplete_fields = ["parent", "country"]
    prepopulated_fields = {"slug": ["name"]}


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["organization", "country"]
    fields = ["title", "organization", "country", "start_date", "end_date", "evidence"]


class PersonParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["event"]
    fields = ["event", "role", "evidence"]
    verbose_name = "event taken part in"
    verbose_name_plural = "events taken part in"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    formfield_overrides = SAFE_IMAGES
    list_display = ["name", "country", "updated_at"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["name", "aliases", "slug"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PositionInline, PersonParticipationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases", "country"]}),
        ("Profile", {"fields": ["photo", "photo_credit", "bio"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization", "country", "start_date", "end_date"]
    list_filter = ["country", "organization"]
    list_select_related = ["person", "organization", "country"]
    search_fields = ["title", "person__name"]
    autocomplete_fields = ["person", "organization", "country"]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]
    list_select_related = ["organization"]
    search_fields = ["name"]
    autocomplete_fields = ["organization"]
    prepopulated_fields = {"slug": ["name"]}


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role", "evidence"]
    verbose_name = "participant"
    verbose_name_plural = "participants"


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "start_date", "end_date", "place", "organization"]
    list_filter = ["kind", "status", "series", "organization"]
    list_select_related = ["place", "organization"]
    search_fields = ["title", "aliases", "slug"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["place", "organization", "series", "parent"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ParticipationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "aliases", "kind", "status", "summary"]}),
        ("When and where", {"fields": ["start_date", "end_date", "place"]}),
        ("Context", {"fields": ["organization", "series", "parent"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "event"]
    list_filter = ["role"]
    list_select_related = ["person", "event"]
    search_fields = ["person__name", "event__title"]
    autocomplete_fields = ["person", "event"]


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 1
    autocomplete_fields = ["country"]
    fields = ["country", "status", "signed_on", "ratified_on", "evidence"]
    verbose_name = "party"
    verbose_name_plural = "parties (signature and ratification, per country)"


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "signed_on", "adopted_at", "ratifications"]
    list_filter = ["kind"]
    list_select_related = ["adopted_at"]
    search_fields = ["title", "short_title", "aliases", "slug"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["adopted_at", "initiators"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AgreementPartyInline]
    fieldsets = [
        (None, {"fields": ["title", "short_title", "slug", "aliases", "kind", "summary"]}),
        ("Adoption", {"fields": ["adopted_at", "signed_on", "period_start", "period_end"]}),
        ("Initiative", {"fields": ["initiators"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        ratified = Q(
            parties__status__in=[AgreementParty.Status.RATIFIED, AgreementParty.Status.ACCEDED]
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                party_total=Count("parties", distinct=True),
                ratified_total=Count("parties", filter=ratified, distinct=True),
            )
        )

    @admin.display(description="ratified")
    def ratifications(self, agreement):
        return f"{agreement.ratified_total} of {agreement.party_total}"


@admin.register(AgreementParty)
class AgreementPartyAdmin(admin.ModelAdmin):
    list_display = ["agreement", "country", "status", "signed_on", "ratified_on"]
    list_filter = ["status", "country"]
    list_select_related = ["agreement", "country"]
    search_fields = ["agreement__title", "agreement__short_title", "country__name"]
    autocomplete_fields = ["agreement", "country"]
