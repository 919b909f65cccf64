"""The desk's own state: what a writer typed but has not saved yet."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article


class AutosaveQuerySet(models.QuerySet):
    def for_story(self, user, article):
        """`user`'s autosave of `article`, or of their new, never saved story (None)."""
        return self.filter(user=user, article=article)

    def older_than(self, moment):
        return self.filter(saved_at__lt=moment)


class Autosave(models.Model):
    """A writer's unsaved words of one story, kept while they type (desk/services.py).

    Not a revision: readers, other editors and the story's version never see it. One per
    writer and story, and one per writer for the story they are starting on the add page.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves"
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
        help_text="Empty for a new story that was never saved.",
    )
    base_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The story's version the form was opened at."
    )
    headline = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Sanitised like a story's body.")
    saved_at = models.DateTimeField(default=timezone.now)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_user_and_story",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="autosave_one_new_story_per_user",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-saved_at"], name="autosave_user_latest"),
            models.Index(fields=["saved_at"], name="autosave_saved_at"),
        ]

    def __str__(self):
        story = self.article or "a new story"
        return f"{self.user}'s unsaved words of {story}"
