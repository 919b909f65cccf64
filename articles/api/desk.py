"""The desk's write API for stories: a story in any state, as the desk reads and writes it,
with its links set by slug, its status moved through the workflow and edits checked against
the version the writer started from.

It writes through the same rules as the admin: `articles/workflow.py` decides who may do
what, `articles/services.py` moves a story through the workflow and refuses stale saves, and
the model's own validation (`full_clean()`) and `save()` (sanitised body, revisions) do the
rest.
"""

import copy

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles import workflow

# Sections
from articles.entity_links import RELATED_FIELDS
from articles.models import Agency, Article, Image, Section
from articles.services import (
    EditConflict,
    article_check_version,
    article_link_body_entities,
    article_transition,
)
from core.api_support.exceptions import Conflict
from core.api_support.fields import (
    HtmlUrlField,
)
from core.api_support.filters import unknown_name_message
from events.models import Agreement, Event, Organization, Person, Place


class LinkField(serializers.SlugRelatedField):
    """Names a linked object by its slug (or another unique field) in a write.

    DRF reads "" as null for a relation; here null is said with null, and "" names nothing.
    """

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("invalid")
        return super().run_validation(data)


def link_field(model, slug_field="slug", **kwargs):
    return LinkField(
        slug_field=slug_field,
        queryset=model.objects.all(),
        required=False,
        # Worded as the filters word it (core/api_support/filters.py, slug_filter).
        error_messages={
            "does_not_exist": unknown_name_message(model._meta.verbose_name, slug_field, "{value}")
        },
        **kwargs,
    )


# The many-to-many links a write may set; each replaces the story's whole list of that kind.
LINK_FIELDS = list(RELATED_FIELDS)


class DeskArticleSerializer(serializers.ModelSerializer):
    """A story as the desk reads and writes it, in any state.

    Writes follow the admin's rules: a reporter writes and edits their own drafts and may
    submit them (`status: in_review`); publishing, scheduling (a `published_at`) and
    withdrawing need the editor's right. `version` must be the one last read: a save based on
    an older version is refused with 409 and nothing is overwritten.
    """

    url = serializers.HyperlinkedIdentityField(view_name="desk-article-detail")
    html_url = HtmlUrlField(help_text="The public page; it answers once the story is published.")
    status = serializers.ChoiceField(
        choices=Article.Status.choices,
        required=False,
        help_text="A change moves the story through the workflow: `allowed_statuses` says where "
        "it may go now; a move the workflow does not have is a 409.",
    )
    published_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Editors only; a future time schedules."
    )
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="Required when editing: the version you read. Goes up by one at every save.",
    )
    section = link_field(Section, allow_null=True)
    agency = link_field(Agency, slug_field="short_name", allow_null=True)
    dateline = link_field(Place, source="dateline_place", allow_null=True)
    lead_image = serializers.PrimaryKeyRelatedField(
        queryset=Image.objects.all(),
        required=False,
        allow_null=True,
        pk_field=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        help_text="The id of a picture in the desk's library.",
        error_messages={"does_not_exist": unknown_name_message("image", "id", "{pk_value}")},
    )
    people = link_field(Person, many=True)
    events = link_field(Event, many=True)
    agreements = link_field(Agreement, many=True)
    places = link_field(Place, many=True)
    organizations = link_field(Organization, many=True)
    related_articles = link_field(Article, many=True)
    created_by = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="The account that wrote it; null for imported stories.",
    )
    allowed_statuses = serializers.SerializerMethodField(
        help_text="The statuses you may move this story to now."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "headline",
            "summary",
            "body",
            "section",
            "agency",
            "dateline",
            "bylines",
            "language",
            "lead_image",
            *LINK_FIELDS,
            "status",
            "published_at",
            "version",
            "allowed_statuses",
            "created_by",
            "created_at",
            "updated_at",
            "url",
            "html_url",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            "slug": {"required": False, "help_text": "Made from the headline when left out."},
            "body": {"help_text": "HTML; anything outside the allowed tags is removed."},
        }

    @classmethod
    def optimize_queryset(cls, queryset):
        return queryset.select_related(
            "section", "agency", "dateline_place", "created_by"
        ).prefetch_related(*LINK_FIELDS)

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(Article.Status.choices))
    )
    def get_allowed_statuses(self, article):
        return workflow.allowed_statuses(self.context["request"].user, article)

    # Checks, in the order a person would want to hear about them.

    def validate(self, attrs):
        user = self.context["request"].user
        article = self.instance
        if article is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": ["Send the version you read, so that nobody's changes are lost."]}
            )
        current_status = article.status if article else Article.Status.DRAFT
        to_status = attrs.get("status", current_status)
        if to_status != current_status:
            self._check_transition(user, article, current_status, to_status)
        current_time = article.published_at if article else None
        changes_time = attrs.get("published_at", current_time) != current_time
        if changes_time and not workflow.can_set_publication_time(user):
            raise PermissionDenied("Only editors choose when a story is published.")
        self._full_clean(attrs)
        return attrs

    @staticmethod
    def _check_transition(user, article, current_status, to_status):
        if (current_status, to_status) not in workflow.TRANSITIONS:
            # Only an edit gets here (a new story's choices are its moves): the story's current
            # state, not the request, stands in the way, so a 409 like a stale version's.
            current, wanted = (Article.Status(s).label.lower() for s in (current_status, to_status))
            moves = " or ".join(
                Article.Status(to).label.lower()
                for start, to in workflow.TRANSITIONS
                if start == current_status
            )
            raise Conflict(
                f"A story that is {current} cannot become {wanted}; it can become {moves}. "
                "Nothing was saved.",
                current_version=article.version,
                current_status=current_status,
            )
        # A story being created is the user's own draft until it is saved.
        subject = article or Article(status=current_status, created_by=user)
        if not workflow.can_transition(user, subject, to_status):
            raise PermissionDenied(f"You may not move this story to {to_status}.")

    def _full_clean(self, attrs):
        """The model's own validation, as the admin's form runs it: field rules, unique slug,
        constraints. Links and the workflow fields are checked elsewhere."""
        # A copy, so that a refused write leaves the instance as it was read.
        candidate = copy.copy(self.instance) if self.instance else Article()
        for name, value in self._content(attrs).items():
            setattr(candidate, name, value)
        exclude = [] if candidate.slug else ["slug"]  # save() makes one from the headline
        try:
            candidate.full_clean(exclude=exclude, validate_unique=True)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None

    @staticmethod
    def _content(attrs):
        """What a save writes directly: everything but links, status and the version."""
        skip = {*LINK_FIELDS, "status", "version"}
        return {name: value for name, value in attrs.items() if name not in skip}

    # Saving: one transaction, so a refused step leaves nothing half-saved.

    @transaction.atomic
    def create(self, validated_data):
        user = self.context["request"].user
        to_status = validated_data.get("status", Article.Status.DRAFT)
        content = self._content(validated_data)
        publish_at = (
            content.pop("published_at", None) if to_status == Article.Status.PUBLISHED else None
        )
        article = Article(**content, created_by=user, status=Article.Status.DRAFT)
        if to_status == Article.Status.DRAFT:
            article.save(revision_author=user)
        else:
            # Created and moved on in one save: version 1, whatever the status.
            article_transition(
                article=article,
                to_status=to_status,
                user=user,
                published_at=publish_at,
                with_other_changes=True,
            )
        self._set_links(article, validated_data)
        return article

    @transaction.atomic
    def update(self, article, validated_data):
        user = self.context["request"].user
        try:
            article_check_version(article_id=article.pk, expected_version=validated_data["version"])
        except EditConflict as conflict:
            current = conflict.article.version
            raise Conflict(
                f"The story is at version {current}, not {validated_data['version']}: someone "
                "saved it after you read it. Nothing was saved; read it again and redo your "
                "change.",
                current_version=current,
            ) from None
        to_status = validated_data.get("status", article.status)
        content = self._content(validated_data)
        publish_at = None
        if to_status == Article.Status.PUBLISHED and to_status != article.status:
            publish_at = content.pop("published_at", None)
        # Links are part of the story too: changing them is a save, and moves the version.
        changes_story = bool(content) or any(name in validated_data for name in LINK_FIELDS)
        for name, value in content.items():
            setattr(article, name, value)
        if to_status != article.status:
            # The words and the move in one save: one change, one version.
            article_transition(
                article=article,
                to_status=to_status,
                user=user,
                published_at=publish_at,
                with_other_changes=changes_story,
            )
        elif changes_story:
            article.save(revision_author=user)
        self._set_links(article, validated_data)
        return article

    @staticmethod
    def _set_links(article, validated_data):
        for name in LINK_FIELDS:
            if name in validated_data:
                getattr(article, name).set(validated_data[name])
        # As in the admin: an entity the text links to is one the story is about.
        article_link_body_entities(article=article)


class DeskArticleCreateSerializer(DeskArticleSerializer):
    """A new story: a draft, or submitted or published at once (the choices say which)."""

    status = serializers.ChoiceField(
        choices=[
            (status, label)
            for status, label in Article.Status.choices
            if status == Article.Status.DRAFT
            or (Article.Status.DRAFT, status) in workflow.TRANSITIONS
        ],
        required=False,
        help_text="A new story starts as a draft; it may be submitted or published at once.",
    )


class DeskArticleEditSerializer(DeskArticleSerializer):
    """An edit of a story: the same, except that `version` must be sent (a PATCH too; see
    `core.api_support.schema.require_in_partial_updates`)."""

    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; a save based on an older one is refused."
    )
    required_in_partial_updates = ["version"]
