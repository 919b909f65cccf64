"""The story admin: stories (with their corrections and quotes), corrections and quotes."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import ngettext

from articles import editor, tasks, workflow
from articles.diff import field_diffs
from articles.entity_links import LINK_FIELDS, RELATED_FIELDS

# The story list links the mentions of this many stories in the request; more go to a worker.
from articles.forms import ArticleAdminForm
from articles.models import Article, Correction, Quote, Revision
from articles.services import (
    article_link_body_entities,
    article_link_entity,
    article_link_mentions,
    article_restore_revision,
    article_suggested_links,
    article_transition,
    record_status_change,
)
from articles.story_steps import STEP_QUESTIONS, step_done_message, workflow_buttons
from core.task_queue import enqueue

LINK_IN_REQUEST_AT_MOST = 10


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "published_at", "text"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "event"]
    fields = ["text", "speaker", "speaker_name", "event", "evidence"]


SIDE = ["newsroom-side"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
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
        *RELATED_FIELDS,  # what a story links to (articles/entity_links.py)
    ]
    prepopulated_fields = {"slug": ["headline"]}
    record_fields = [
        "created_by",
        "created_at",
        "updated_at",
        "version",
        "view_count",
        "source_fingerprint",
    ]
    readonly_fields = record_fields
    inlines = [CorrectionInline, QuoteInline]
    actions = ["submit_for_review", "publish_now", "withdraw", "link_mentions"]
    fieldsets = [
        # Headline and text first and full width (articles/static/articles/body_editor.css);
        # the rest beside them on a wide screen, below on a narrow one.
        (
            None,
            {
                "fields": ["headline", "summary", "body", "slug", "expected_version"],
                "classes": ["newsroom-writing"],
            },
        ),
        (
            "Publication",
            {"fields": ["status", "published_at", "section", "language"], "classes": SIDE},
        ),
        ("Credit", {"fields": ["bylines", "agency", "dateline_place"], "classes": SIDE}),
        ("Lead image", {"fields": ["lead_image"], "classes": SIDE}),
        (
            "What the story is about",
            {
                "fields": list(LINK_FIELDS.values()),
                "classes": SIDE,
            },
        ),
        ("Related stories", {"fields": ["related_articles"], "classes": SIDE}),
        ("Record", {"fields": record_fields, "classes": ["collapse"]}),
    ]

    # --- who may do what -------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return workflow.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.can_set_publication_time(request.user):
            fields.append("published_at")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class FormForUser(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, user=user, **form_kwargs)

        return FormForUser

    # --- saving ----------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        previous_status = form.initial.get("status", Article.Status.DRAFT)
        obj.save(revision_author=request.user)
        record_status_change(article=obj, from_status=previous_status, user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article_link_body_entities(article=form.instance)
        link = request.POST.get("_link")
        if link == "all":
            added = article_link_mentions(article=form.instance)
            self.message_user(
                request, ngettext("Linked %d entity.", "Linked %d entities.", added) % added
            )
        elif link:
            kind, _, pk = link.partition(":")
            if not pk.isdigit():
                raise PermissionDenied("Unknown link.")
            try:
                entity = article_link_entity(article=form.instance, kind=kind, pk=int(pk))
            except ValidationError as error:
                raise PermissionDenied(error.messages[0]) from None
            self.message_user(request, f"Linked {entity}.")

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["media"] = editor.story_form_media_with_nonce(context["media"], request)
        form = context["adminform"].form
        if form.is_bound and form.errors and "status" in form.fields:
            # A refused step leaves the story where it was: the next plain Save must not
            # carry the step's status in the hidden field.
            form.data = form.data.copy()
            form.data["status"] = form.initial.get("status", Article.Status.DRAFT)
        article = obj if obj is not None else Article(created_by=request.user)
        if context.get("has_change_permission", True) or obj is None:
            context["workflow_steps"] = workflow_buttons(request.user, article)
        context["story_status"] = article.get_status_display() if obj is not None else ""
        context["story_is_scheduled"] = obj is not None and obj.is_scheduled
        # The schedule's time box starts at the next hour and refuses the past.
        now = timezone.localtime()
        context["schedule_min"] = f"{now:%Y-%m-%dT%H:%M}"
        next_hour = (now + datetime.timedelta(hours=1)).replace(minute=0)
        context["schedule_default"] = f"{next_hour:%Y-%m-%dT%H:%M}"
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        return self._response_step(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        if "_link" in request.POST:  # stay on the story, as "Save and continue" does
            return HttpResponseRedirect(request.path)
        return self._response_step(request, obj) or super().response_change(request, obj)

    def _response_step(self, request, obj):
        """After a workflow button: say what happened and where to see it, on the story."""
        step = request.POST.get("_step")
        if not step:
            return None
        self.message_user(request, step_done_message(step, obj), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    # --- the change page's extra panels ---------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context.update(
                link_suggestions=[
                    (Article._meta.get_field(LINK_FIELDS[kind]).verbose_name, kind, objects)
                    for kind, objects in article_suggested_links(article).items()
                ],
                status_changes=article.status_changes.select_related("changed_by"),
                can_edit_story=workflow.can_edit(request.user, article),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    # --- revisions: history, diff, restore -------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        may_write = self.has_add_permission
        return [
            path(
                "editor/mentions/",
                editor.desk_only(editor.mentions_view, may_write),
                name="articles_article_editor_mentions",
            ),
            path(
                "editor/images/",
                editor.desk_only(editor.image_search_view, may_write),
                name="articles_article_editor_images",
            ),
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/<int:version>/",
                view(self.revision_view),
                name="articles_article_revision",
            ),
            *super().get_urls(),
        ]

    def _article_for_history(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such story.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def revisions_view(self, request, object_id):
        article = self._article_for_history(request, object_id)
        revisions = list(article.revisions.select_related("created_by"))
        # Each revision against the one before it (the oldest against nothing).
        history = [
            (revision, field_diffs(older or Revision(), revision))
            for revision, older in zip(revisions, [*revisions[1:], None], strict=True)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "history": history,
            "title": f"Revisions of “{article}”",
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def revision_view(self, request, object_id, version):
        article = self._article_for_history(request, object_id)
        revision = get_object_or_404(article.revisions, version=version)
        if request.method == "POST":
            article_restore_revision(article=article, revision=revision, user=request.user)
            self.message_user(
                request,
                f"Restored version {version} as version {article.version}.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "revision": revision,
            "diffs": field_diffs(revision, article),
            "can_restore": workflow.can_edit(request.user, article),
            "title": f"Version {version} of “{article}”",
        }
        return TemplateResponse(request, "admin/articles/article/revision.html", context)

    # --- actions on the story list ---------------------------------------------------

    def _transition_many(self, request, queryset, to_status, done):
        moved, refused = 0, []
        for article in queryset:
            try:
                article_transition(article=article, to_status=to_status, user=request.user)
                moved += 1
            except (PermissionDenied, ValidationError):
                refused.append(article.headline)
        if moved:
            self.message_user(
                request, ngettext(f"{done} %d story.", f"{done} %d stories.", moved) % moved
            )
        if refused:
            self.message_user(
                request,
                f"Not allowed for: {', '.join(refused[:10])}{' …' if len(refused) > 10 else ''}",
                messages.WARNING,
            )

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._transition_many(request, queryset, Article.Status.IN_REVIEW, "Submitted")

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        self._transition_many(request, queryset, Article.Status.PUBLISHED, "Published")

    @admin.action(description="Withdraw…", permissions=["publish"])
    def withdraw(self, request, queryset):
        """Asks first, as the story form's "Withdraw…" does: what readers and partners lose."""
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Withdraw these stories?",
                "stories": queryset,
                "question": STEP_QUESTIONS["withdraw"],
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/articles/article/withdraw_confirmation.html", context
            )
        self._transition_many(request, queryset, Article.Status.WITHDRAWN, "Withdrew")
        return None

    @admin.action(
        description="Link the people, events, agreements and places mentioned",
        permissions=["change"],
    )
    def link_mentions(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        if len(pks) > LINK_IN_REQUEST_AT_MOST:  # a linker pass per story: a worker's job
            enqueue(tasks.link_mentions, pks, request.user.pk)
            self.message_user(
                request,
                f"Linking what {len(pks)} stories mention in the background: "
                "reload the list in a minute to see the links.",
            )
            return
        added = 0
        for article in queryset:
            if workflow.can_edit(request.user, article):
                added += article_link_mentions(article=article)
        self.message_user(request, ngettext("Added %d link.", "Added %d links.", added) % added)


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
