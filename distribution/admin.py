"""Subscribers and their deliveries in the desk's admin. Who may see and change them is
decided in distribution/rules.py; what a delivery does, in distribution/tasks.py."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from distribution import rules, tasks
from distribution.models import Delivery, DeliveryAttempt, StoryEvent, Subscriber, new_secret

FILTER_FIELDS = ["sections", "agencies", "people", "events"]


class EditorsOnly:
    """Distribution is the editors' business (distribution/rules.py), whatever the model
    permissions of their groups say."""

    def has_module_permission(self, request):
        return rules.can_view_deliveries(request.user)

    def has_view_permission(self, request, obj=None):
        return rules.can_view_deliveries(request.user)


class SubscriberForm(forms.ModelForm):
    class Meta:
        model = Subscriber
        fields = [
            "name",
            "endpoint_url",
            "format",
            "is_active",
            "receives_all",
            *FILTER_FIELDS,
            "on_published",
            "on_updated",
            "on_corrected",
            "on_withdrawn",
        ]

    # Editors paste bare host names; assume https, as Django 6 will.
    endpoint_url = forms.URLField(
        label="Endpoint URL",
        max_length=500,
        assume_scheme="https",
        # The admin's own wide URL box: an endpoint is read whole before it is saved.
        widget=forms.URLInput(attrs={"class": "vURLField desk-wide-field"}),
        help_text=Subscriber._meta.get_field("endpoint_url").help_text,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("receives_all") and not any(
            cleaned.get(field) for field in FILTER_FIELDS
        ):
            raise forms.ValidationError(
                "Choose what the subscriber receives: tick “every story”, or pick sections, "
                "agencies, people or events."
            )
        if not any(cleaned.get(f"on_{kind}") for kind in StoryEvent.Kind):
            raise forms.ValidationError("Tick at least one kind of change to push.")
        return cleaned


@admin.register(Subscriber)
class SubscriberAdmin(EditorsOnly, admin.ModelAdmin):
    form = SubscriberForm
    list_display = [
        "name",
        "endpoint_url",
        "format",
        "is_active",
        "consecutive_failures",
        "deliveries_link",
    ]
    list_filter = ["is_active", "format"]
    search_fields = ["name", "endpoint_url"]
    autocomplete_fields = FILTER_FIELDS
    readonly_fields = ["secret_note", "paused_reason", "consecutive_failures", "created_at"]
    actions = ["resume", "make_new_secret"]
    fieldsets = [
        (None, {"fields": ["name", "endpoint_url", "format", "secret_note", "is_active"]}),
        ("What it receives", {"fields": ["receives_all", *FILTER_FIELDS]}),
        (
            "Which changes",
            {"fields": ["on_published", "on_updated", "on_corrected", "on_withdrawn"]},
        ),
        ("Health", {"fields": ["paused_reason", "consecutive_failures", "created_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a subscriber not saved yet has no health to show
            return [fieldset for fieldset in fieldsets if fieldset[0] != "Health"]
        return fieldsets

    @admin.display(description="deliveries")
    def deliveries_link(self, subscriber):
        url = reverse("admin:distribution_delivery_changelist")
        return format_html(
            '<a href="{}?subscriber__id__exact={}">Deliveries</a>', url, subscriber.pk
        )

    @admin.display(description="secret")
    def secret_note(self, obj):
        return (
            "Shown once, when the subscriber is created; it is never shown again. Lost it? "
            "Use the list action “Make a new secret”."
        )

    def has_add_permission(self, request):
        return rules.can_manage_subscribers(request.user)

    def has_change_permission(self, request, obj=None):
        return rules.can_manage_subscribers(request.user)

    def has_delete_permission(self, request, obj=None):
        return rules.can_manage_subscribers(request.user)

    def save_model(self, request, obj, form, change):
        resumed = change and "is_active" in form.changed_data and obj.is_active
        super().save_model(request, obj, form, change)
        if resumed:
            tasks.resume(obj)

    def response_add(self, request, obj, post_url_continue=None):
        # The only time the secret is shown: in this response, never stored in a message,
        # a cookie or a log.
        return self._secret_page(request, obj, created=True)

    @admin.action(description="Resume the selected subscribers (send what they missed)")
    def resume(self, request, queryset):
        for subscriber in queryset:
            tasks.resume(subscriber)
        count = queryset.count()
        self.message_user(
            request, ngettext("Resumed %d subscriber.", "Resumed %d subscribers.", count) % count
        )

    @admin.action(description="Make a new secret (the old one stops working at once)")
    def make_new_secret(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose one subscriber.", messages.ERROR)
            return None
        subscriber = queryset.get()
        subscriber.secret = new_secret()
        subscriber.save(update_fields=["secret"])
        return self._secret_page(request, subscriber, created=False)

    def _secret_page(self, request, subscriber, *, created):
        context = {
            **self.admin_site.each_context(request),
            "title": f"The secret of {subscriber}",
            "subscriber": subscriber,
            "created": created,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/distribution/subscriber_secret.html", context)


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["started_at", "status_code", "response_ms", "error", "response_excerpt"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return rules.can_view_deliveries(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = [
        "event_kind",
        "article",
        "subscriber",
        "status",
        "attempt_count",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["status", "event__kind", "subscriber"]
    list_select_related = ["event", "article", "subscriber"]
    search_fields = ["article__headline", "subscriber__name", "=event__event_id"]
    inlines = [DeliveryAttemptInline]
    actions = ["redeliver"]
    readonly_fields = [
        "event",
        "subscriber",
        "article",
        "status",
        "attempt_count",
        "next_attempt_at",
        "first_attempt_at",
        "created_at",
        "finished_at",
        "last_error",
    ]
    fields = readonly_fields

    @admin.display(description="event", ordering="event__kind")
    def event_kind(self, delivery):
        return delivery.event.get_kind_display()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The page shows the delivery; its only change is the redeliver action.
        return rules.can_redeliver(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Redeliver the selected deliveries")
    def redeliver(self, request, queryset):
        count = tasks.redeliver(queryset)
        self.message_user(
            request,
            ngettext("%d delivery will be sent again.", "%d deliveries will be sent again.", count)
            % count,
        )
