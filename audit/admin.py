"""The audit trail in the desk: a list editors read, filter and export; nobody writes to it.

Add, change and delete are refused to everyone, superusers too (the admin answers 403), and
there is no bulk action. The list reads only the entry's own columns: one query for the page,
whatever its length.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import path
from django.utils import timezone

from audit.export import csv_lines
from audit.models import ACTIONS, AuditEntry, action_label


class ActionFilter(admin.SimpleListFilter):
    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        present = set(AuditEntry.objects.order_by().values_list("action", flat=True).distinct())
        known = [(action, label) for action, label in ACTIONS.items() if action in present]
        others = sorted((action, action_label(action)) for action in present - set(ACTIONS))
        return sorted(known + others, key=lambda choice: choice[1].lower())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


class PersonFilter(admin.SimpleListFilter):
    """Who did it, by the name kept on the entry (an account deleted since still shows).

    A failed sign-in's username is whatever a guesser typed: those are left out of the choices
    (thousands of them would bury the desk's fifty people) and found by the search instead."""

    title = "person"
    parameter_name = "who"

    def lookups(self, request, model_admin):
        names = (
            AuditEntry.objects.exclude(actor_username="")
            .exclude(action="sign_in_failed")
            .order_by("actor_username")
            .values_list("actor_username", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(actor_username=self.value())
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["when", "actor_username", "action_name", "target_repr", "address"]
    list_display_links = ["when"]
    list_filter = [PersonFilter, ActionFilter, "origin"]
    search_fields = ["actor_username", "target_repr"]
    date_hierarchy = "when"
    ordering = ["-when", "-pk"]
    list_per_page = 50
    show_full_result_count = False  # one count query fewer on a long trail
    actions = None
    empty_value_display = "—"
    fields = [
        "when",
        "actor_username",
        "action_name",
        "target_type",
        "target_object_id",
        "target_repr",
        "origin",
        "address",
        "user_agent",
        "detail",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": ["audit/audit_admin.css"]}

    @admin.display(description="action", ordering="action")
    def action_name(self, entry):
        return entry.action_label

    @admin.display(description="kind of target")
    def target_type(self, entry):
        if entry.target_content_type_id is None:
            return "—"
        return entry.target_content_type.name

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Audit trail: who did what, when and from where"}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {"title": "Audit trail entry"}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_changelist_instance(self, request):
        # PostgreSQL refuses a NUL character in any text it compares: a crafted filter or
        # search would be a 500. Django's admin answers unreadable filters by starting again.
        if any("\x00" in value for _name, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters("A filter holds a NUL character.")
        return super().get_changelist_instance(request)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("target_content_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        export = path(
            "export.csv",
            self.admin_site.admin_view(self.export_view),
            name="audit_auditentry_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request):
        """The rows the changelist shows under the same filters and search, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest(
                "These filters cannot be read. Go back to the audit trail, choose the filters "
                "again and export from there.",
                content_type="text/plain; charset=utf-8",
            )
        response = StreamingHttpResponse(
            csv_lines(changelist.queryset), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
        return response
