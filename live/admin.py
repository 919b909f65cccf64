"""The live desk in the admin: editors open and close live stories; reporters and editors post.

The desk page of a live story (`/admin/live/livecoverage/<id>/desk/`) has a short form above
the entries: one click posts an entry, and the entries others post appear without a reload
(live/static/live/live_desk.js asks `…/desk/entries/?since=` every few seconds). Who may do
what is decided in live/rules.py.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache

from articles import editor
from articles.models import Image
from live import rules, services
from live.models import LiveCoverage, LiveEntry
from live.rendering import rendered_entries

DESK_ENTRIES = 50
# How long a deleted entry waits, "Undo" offered, before readers lose it (live_desk.js).
UNDO_SECONDS = 8
MAX_ID = 2**63 - 1


def is_entry_id(value):
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID


class EntryForm(forms.Form):
    body = editor.StoryBodyField(required=False, label="Update")
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    quote_by = forms.CharField(required=False, max_length=255, label="Quote by")
    image = forms.ModelChoiceField(
        Image.objects.all(),
        required=False,
        # The number travels in a hidden field; the desk's script shows the picture chosen
        # from the library's thumbnails (live/static/live/live_desk.js, the editor's picker).
        widget=forms.HiddenInput,
        label="Picture",
        error_messages={"invalid_choice": "There is no picture with that number."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "body"
        ].help_text = (
            "Names the desk knows are underlined as you type; posted, they link to their page."
        )


@admin.register(LiveCoverage)
class LiveCoverageAdmin(admin.ModelAdmin):
    list_display = ["article", "event", "is_open", "opened_at", "desk_link"]
    list_display_links = None
    list_filter = ["is_open"]
    # Chosen by typing a headline or an event's name (the story and event admins' searches).
    autocomplete_fields = ["article", "event"]
    fields = ["article", "event", "is_open", "opened_at"]
    change_form_template = "admin/live/livecoverage/change_form.html"

    @admin.display(description="Live desk")
    def desk_link(self, coverage):
        return format_html(
            '<a href="{}">Open the live desk</a>',
            reverse("admin:live_livecoverage_desk", args=[coverage.pk]),
        )

    def has_module_permission(self, request):
        return rules.can_see_desk(request.user)

    def has_view_permission(self, request, obj=None):
        return rules.can_see_desk(request.user)

    def has_add_permission(self, request):
        return rules.can_open_or_close(request.user)

    def has_change_permission(self, request, obj=None):
        return rules.can_open_or_close(request.user)

    def has_delete_permission(self, request, obj=None):
        return rules.can_open_or_close(request.user)

    def save_model(self, request, obj, form, change):
        if "is_open" in form.changed_data:
            obj.closed_at = None if obj.is_open else timezone.now()
        super().save_model(request, obj, form, change)

    def get_urls(self):
        def desk(view):
            return self.admin_site.admin_view(never_cache(view))

        return [
            path("<int:pk>/desk/", desk(self.desk_view), name="live_livecoverage_desk"),
            path("<int:pk>/desk/entries/", desk(self.entries_view), name="live_desk_entries"),
            path("<int:pk>/desk/post/", desk(self.post_view), name="live_desk_post"),
            path("<int:pk>/desk/open/", desk(self.open_view), name="live_desk_open"),
            path(
                "<int:pk>/desk/entries/<int:entry_pk>/<str:action>/",
                desk(self.entry_action_view),
                name="live_desk_entry_action",
            ),
            *super().get_urls(),
        ]

    # --- the desk ---------------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        # The primary key is the story's, through a one-to-one field: Django's own guard
        # against numbers past the database's integers does not cover it (a 500 on SQLite).
        if not is_entry_id(object_id):
            return None
        return super().get_object(request, object_id, from_field)

    def _coverage(self, request, pk):
        if not rules.can_see_desk(request.user):
            raise PermissionDenied
        if not is_entry_id(str(pk)):
            raise Http404("There is no such live story.")
        return get_object_or_404(LiveCoverage.objects.select_related("article", "event"), pk=pk)

    def _desk_entries(self, request, coverage, since=0):
        entries = (
            coverage.entries.visible()
            .filter(pk__gt=since)
            .select_related("image", "coverage__article")
            .newest_first()[:DESK_ENTRIES]
        )
        return [
            {
                "entry": entry,
                "html": html,
                "may_edit": rules.can_edit_entry(request.user, entry),
                "may_pin": rules.can_pin(request.user),
            }
            for entry, html in rendered_entries(entries, {}, request)
        ]

    def desk_view(self, request, pk):
        coverage = self._coverage(request, pk)
        form = EntryForm()
        media = editor.story_form_media_with_nonce(self.media + form.media, request)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Live desk: {coverage.article.headline}",
            "coverage": coverage,
            "form": form,
            "media": media,
            "entries": self._desk_entries(request, coverage),
            "may_post": rules.can_post(request.user, coverage),
            "may_open_or_close": rules.can_open_or_close(request.user),
            "undo_ms": 1000 * getattr(settings, "NEWSROOM_LIVE_UNDO_SECONDS", UNDO_SECONDS),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/live/desk.html", context)

    def entries_view(self, request, pk):
        """The desk's own poll: every visible entry newer than `since`, and the recent
        changes, for a live story in any state (the desk writes drafts too). Never cached."""
        coverage = self._coverage(request, pk)
        since = request.GET.get("since", "0")
        if not since.isascii() or not since.isdigit() or len(since) > 18:
            return JsonResponse({"error": "“since” is an entry number."}, status=400)
        new = self._desk_entries(request, coverage, int(since))
        changed = (
            coverage.entries.filter(changed_at__isnull=False, pk__lte=int(since))
            .select_related("image", "coverage__article")
            .order_by("-changed_at")[:30]
        )
        changes = []
        drawn = {
            entry.pk: html
            for entry, html in rendered_entries(
                [entry for entry in changed if not entry.is_deleted], {}, request
            )
        }
        for entry in changed:
            changes.append(
                {"id": entry.pk, "version": entry.version, "deleted": entry.is_deleted}
                | ({} if entry.is_deleted else {"html": self._desk_html(request, entry, drawn)})
            )
        return JsonResponse(
            {
                "open": coverage.is_open,
                "latest": new[0]["entry"].pk if new else int(since),
                "entries": [
                    {
                        "id": item["entry"].pk,
                        "version": item["entry"].version,
                        "html": self._desk_html(
                            request, item["entry"], {item["entry"].pk: item["html"]}
                        ),
                    }
                    for item in new
                ],
                "changes": changes,
            }
        )

    def _desk_html(self, request, entry, drawn):
        return render_to_string(
            "admin/live/desk_entry.html",
            {
                "item": {
                    "entry": entry,
                    "html": drawn[entry.pk],
                    "may_edit": rules.can_edit_entry(request.user, entry),
                    "may_pin": rules.can_pin(request.user),
                }
            },
            request,
        ).strip()

    def _answer(self, request, coverage, error=None, status=200, entry=None):
        wants_json = "application/json" in request.headers.get("Accept", "")
        if wants_json:
            if error:
                return JsonResponse({"error": error}, status=status)
            return JsonResponse({"ok": True, "id": entry.pk if entry else None})
        if error:
            messages.error(request, error)
        return redirect("admin:live_livecoverage_desk", coverage.pk)

    def post_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        coverage = self._coverage(request, pk)
        if not coverage.is_open:
            return self._answer(request, coverage, services.CLOSED, 409)
        form = EntryForm(request.POST)
        if not form.is_valid():
            error = " ".join(message for errors in form.errors.values() for message in errors)
            return self._answer(request, coverage, error, 400)
        try:
            entry = services.live_entry_post(
                coverage=coverage, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            status = 409 if services.CLOSED in error.messages else 400
            return self._answer(request, coverage, " ".join(error.messages), status)
        return self._answer(request, coverage, entry=entry)

    def open_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        coverage = self._coverage(request, pk)
        wanted = request.POST.get("open")
        if wanted not in ("0", "1"):
            return self._answer(request, coverage, "Say open=1 or open=0.", 400)
        try:
            services.live_coverage_set_open(
                coverage=coverage, user=request.user, is_open=wanted == "1"
            )
        except PermissionDenied as error:
            return self._answer(request, coverage, str(error), 403)
        return self._answer(request, coverage)

    def entry_action_view(self, request, pk, entry_pk, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        coverage = self._coverage(request, pk)
        entry = (
            LiveEntry.objects.filter(pk=entry_pk, coverage=coverage)
            .select_related("coverage")
            .first()
        )
        if entry is None or entry.is_deleted:
            return self._answer(request, coverage, "There is no such entry.", 404)
        try:
            if action == "pin":
                services.live_entry_pin(
                    entry=entry,
                    user=request.user,
                    pinned=request.POST.get("pinned", "1") == "1",
                    title=request.POST.get("title", ""),
                )
            elif action == "delete":
                services.live_entry_delete(entry=entry, user=request.user)
            elif action == "edit":
                form = EntryForm(request.POST)
                if not form.is_valid():
                    error = " ".join(m for errors in form.errors.values() for m in errors)
                    return self._answer(request, coverage, error, 400)
                services.live_entry_edit(entry=entry, user=request.user, **form.cleaned_data)
            else:
                return self._answer(request, coverage, f"No such action: {action}.", 404)
        except PermissionDenied as error:
            return self._answer(request, coverage, str(error), 403)
        except ValidationError as error:
            return self._answer(request, coverage, " ".join(error.messages), 400)
        return self._answer(request, coverage, entry=entry)
