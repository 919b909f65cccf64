"""The published stories shown on an item of the API: a person's, an event's, a section's, …

Every item about something stories mention shows how many published stories mention it and
the latest few, with a link to the full list (`/api/articles/?person=<slug>`). Both go through
`Article.objects.published()`, so a draft, a scheduled or a withdrawn story is neither listed
nor counted.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article
from articles.story_index import published_story_count
from core.api_support.fields import ApiUrlField, HtmlUrlField

LATEST_STORIES_SHOWN = 10


class StoryLinkSerializer(serializers.ModelSerializer):
    """A story as a line in a list: enough to show the headline and follow it."""

    url = ApiUrlField("article-detail")
    html_url = HtmlUrlField()

    class Meta:
        model = Article
        fields = ["slug", "headline", "published_at", "url", "html_url"]


class StoriesAboutItMixin(serializers.Serializer):
    """Adds `story_count`, `stories` and `stories_url` to an item's serializer.

    The item's queryset must be optimised with `with_published_stories()`; `stories_link`
    names the Article field that links the stories to it ("people"), `stories_filter` the
    `/api/articles/` filter that lists them all ("person").
    """

    story_count = serializers.IntegerField(
        read_only=True, help_text="How many published stories are about it."
    )
    stories = serializers.SerializerMethodField(
        help_text=f"The latest {LATEST_STORIES_SHOWN} of them; `stories_url` lists them all."
    )
    stories_url = serializers.SerializerMethodField(help_text="Every story about it, paged.")

    stories_link = None
    stories_filter = None

    @extend_schema_field(StoryLinkSerializer(many=True))
    def get_stories(self, obj):
        # One query for the one item an endpoint shows. A prefetch would number every linked
        # story to keep ten per item: 2 s for a person in a quarter of a million stories.
        latest = (
            Article.objects.published()
            .filter(**{self.stories_link: obj})
            .latest_first()[:LATEST_STORIES_SHOWN]
        )
        return StoryLinkSerializer(latest, many=True, context=self.context).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_stories_url(self, obj):
        path = f"{reverse('article-list')}?{self.stories_filter}={obj.slug}"
        return self.context["request"].build_absolute_uri(path)

    @classmethod
    def with_published_stories(cls, queryset):
        """`queryset` with the count of published stories about each row."""
        return queryset.annotate(story_count=published_story_count(cls.stories_link))
