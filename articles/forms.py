"""The story form of the admin, aware of who is using it and of the version they started from
(the desk's preview checks a draft with it too)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import editor, workflow
from articles.models import Article
from articles.services import (
    EditConflict,
    article_check_version,
)

# The story list links the mentions of this many stories in the request; more go to a worker.


class ArticleAdminForm(forms.ModelForm):
    """The story form, aware of who is using it and of the version they started from."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    body = editor.StoryBodyField(required=False)

    class Meta:
        model = Article
        # The admin narrows this to its fieldsets; listed here so a new field is a choice.
        fields = [
            "headline",
            "slug",
            "summary",
            "body",
            "status",
            "published_at",
            "section",
            "language",
            "bylines",
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The story form's workflow buttons (desk: `_step` is one of workflow.next_steps):
        # the status they stand for goes through the status field's own check below.
        self.step = self.data.get("_step") or None
        if self.step is not None and "status" in self.fields:
            self.data = self.data.copy()
            self.data["status"] = self._status_of_step(self.step)
            if self.step == "schedule":
                when = self.data.get("_schedule_at", "")
                date, _, time = when.partition("T")
                self.data["published_at_0"], self.data["published_at_1"] = date, time
        self.fields["expected_version"].initial = self.instance.version
        editor.prepare_story_form(self)
        if "status" in self.fields:
            allowed = {self.instance.status, *self._allowed_statuses()}
            self.fields["status"].choices = [
                choice for choice in Article.Status.choices if choice[0] in allowed
            ]
            self.fields["status"].error_messages["invalid_choice"] = (
                "You may not move this story to “%(value)s”."
            )
            # Moved by the workflow buttons (the template's desk-steps), not by a select.
            self.fields["status"].widget = forms.HiddenInput()

    def _status_of_step(self, step):
        for action, to_status in workflow.next_steps(self.user, self.instance):
            if action == step:
                return to_status
        # Not a step this user may take: the status check refuses it, naming the step.
        return step

    def _allowed_statuses(self):
        article = self.instance
        if article.pk is None:
            # A new story is the writer's own draft; it may go straight to review.
            article = Article(status=Article.Status.DRAFT, created_by=self.user)
        return workflow.allowed_statuses(self.user, article)

    def clean(self):
        cleaned = super().clean()
        # Refuse, not ignore, a publication time sent by someone who may not set it: the
        # field is not on their form, so only a crafted request carries it.
        if not workflow.can_set_publication_time(self.user) and any(
            key.startswith("published_at") for key in self.data
        ):
            raise ValidationError("Only editors choose when a story is published.")
        if self.step == "schedule" and "published_at" in self.fields:
            when = cleaned.get("published_at")
            if when is None or when <= timezone.now():
                self.add_error(None, "Choose a time in the future to schedule the story.")
        if self.step == "publish" and "published_at" in self.fields:
            cleaned["published_at"] = timezone.now()  # "Publish now" means now
            self.instance.published_at = cleaned["published_at"]
        if (
            cleaned.get("status") == Article.Status.PUBLISHED
            and "published_at" in self.fields
            and not cleaned.get("published_at")
        ):
            cleaned["published_at"] = self.instance.published_at or timezone.now()
            self.instance.published_at = cleaned["published_at"]
        if self.instance.pk is not None:
            try:
                article_check_version(
                    article_id=self.instance.pk, expected_version=cleaned.get("expected_version")
                )
            except EditConflict as conflict:
                raise ValidationError(str(conflict), code="edit_conflict") from None
        return cleaned
