"""The admin of entity proposals: the new names `import_story --propose-drafts` left for the
desk, created or dismissed here (editors), and the record of what was decided."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import ngettext

from articles.models import EntityProposal
from articles.proposals import ProposalError, entity_proposal_confirm


@admin.register(EntityProposal)
class EntityProposalAdmin(admin.ModelAdmin):
    """New names the proposer found: drafts an import left for the desk to confirm, and the
    record of what was created or dismissed. Proposals come from stories, never from a form."""

    list_display = ["name", "kind", "status", "title", "country_name", "article", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["article"]
    search_fields = ["name", "evidence", "article__headline"]
    date_hierarchy = "created_at"
    actions = ["create_entities", "dismiss_proposals"]
    fields = [
        "kind",
        "name",
        "mention",
        "evidence",
        "title",
        "organization_name",
        "country_name",
        "aliases",
        "category",
        "status",
        "article",
        "person",
        "organization",
        "place",
        "event",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.action(
        description="Create the selected entities (with their evidence)", permissions=["change"]
    )
    def create_entities(self, request, queryset):
        created, refused = [], []
        for row in queryset.filter(status=EntityProposal.Status.PROPOSED):
            try:
                _row, entity = entity_proposal_confirm(row=row, user=request.user)
                created.append(str(entity))
            except ProposalError as error:
                refused.append(str(error))
        if created:
            self.message_user(request, f"Created {', '.join(created)}.")
        for message in refused:
            self.message_user(request, message, messages.WARNING)
        if not created and not refused:
            self.message_user(
                request,
                "Nothing to create: only proposals waiting for the desk are created.",
                messages.WARNING,
            )

    @admin.action(description="Dismiss the selected proposals", permissions=["change"])
    def dismiss_proposals(self, request, queryset):
        count = queryset.filter(status=EntityProposal.Status.PROPOSED).update(
            status=EntityProposal.Status.DISMISSED,
            decided_by=request.user,
            decided_at=timezone.now(),
        )
        self.message_user(
            request, ngettext("Dismissed %d proposal.", "Dismissed %d proposals.", count) % count
        )
