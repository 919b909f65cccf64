"""The live preview: the story as readers would see it, from the form's unsaved content.

The page the desk's form posts (desk/static/desk/desk.js, after each pause in typing) is
turned into an Article that is never saved, with the form's people, events, agreements and
related stories (plus every entity a body link names, as a save would add them), and
rendered with the public template, articles/article_detail.html. Nothing is written: no
view is counted, no cache is read or filled (the preview is not a `public_page`), and the
response tells browsers not to keep it. It costs what the story page costs: one query per
kind of thing shown, plus one per kind of entity the body links to.
"""

from django import forms
from django.utils import timezone

from articles.entity_links import LINK_FIELDS
from articles.forms import ArticleAdminForm
from articles.models import Article, Correction
from articles.story_page.links import story_relation_querysets
from core.html import entity_references, sanitize_html

SHOWN_RELATIONS = ("people", "events", "agreements", "related_articles")


class PreviewForm(forms.ModelForm):
    """The fields of the admin's story form the public page shows; none is required, since
    a story half typed is still worth a look."""

    published_at = forms.SplitDateTimeField(required=False)

    class Meta:
        model = Article
        # The story form's fields but those the public page does not show.
        fields = [
            name
            for name in ArticleAdminForm.Meta.fields
            if name not in {"slug", "places", "organizations"}
        ]

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, instance=_unsaved_copy(article), **kwargs)
        for field in self.fields.values():
            field.required = False
        # Only the form's own boxes say what they say; a reporter's form has no status or
        # publication time, and the story keeps its own.
        for name in ("status", "published_at", "language"):
            if name not in self.data and f"{name}_0" not in self.data:
                del self.fields[name]

    def _post_clean(self):
        # The model's own checks (a unique slug, a published story's time) are for saving.
        self.instance = forms.models.construct_instance(self, self.instance)


def _unsaved_copy(article):
    """A copy of the stored story to put the form's values on, or a new story. It gets a
    primary key it does not have in the database when new: Django's relation managers need
    one, and the relations come from the form (`_load_relations`), never from a query."""
    if article is None:
        return Article(pk=0, status=Article.Status.DRAFT)
    return Article.objects.select_related("section", "agency", "dateline_place", "lead_image").get(
        pk=article.pk
    )


def preview_story(form):
    """The never-saved story for a valid PreviewForm, relations loaded as the page loads them."""
    story = form.instance
    story.body = sanitize_html(story.body or "")
    story.updated_at = timezone.now()
    if story.status == Article.Status.PUBLISHED and story.published_at is None:
        story.published_at = story.updated_at
    chosen = {name: {item.pk for item in form.cleaned_data[name]} for name in SHOWN_RELATIONS}
    for kind, pk in entity_references(story.body):
        if LINK_FIELDS.get(kind) in chosen:
            chosen[LINK_FIELDS[kind]].add(pk)
    _load_relations(story, chosen)
    return story


def _load_relations(story, chosen):
    story_date = timezone.localdate(story.published_at or timezone.now())
    querysets = story_relation_querysets(story_date)
    loaded = {}
    for name, pks in chosen.items():
        queryset = querysets[name].filter(pk__in=pks) if pks else querysets[name].none()
        list(queryset)  # evaluated now, as a prefetch would be
        loaded[name] = queryset
    loaded["corrections"] = (
        Correction.objects.filter(article_id=story.pk) if story.pk else (Correction.objects.none())
    )
    list(loaded["corrections"])
    # Where Django's relation managers look first: story.people.all() is this queryset.
    story._prefetched_objects_cache = loaded
