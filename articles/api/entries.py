"""The public API's stories as plain dicts, written from the rows themselves (issue 31).

DRF's serializers cost two to three times what the data does (`bench/api_serializers.py`):
every nested serializer builds its fields again for every story, every link asks the request
for an absolute address, every relation is read through a related manager made per story. The
story list and item are therefore written here, from the stories already loaded (with the rows
they join) and one `values()` query per relation for all the stories of a page, their
addresses made from the host and an address template read once per request.

The serializers (`serializers.py`) stay what the API is described by: the OpenAPI schema is
generated from them, the link shapes below read their fields from them, and a test checks that
both give the same JSON for every story of the demo (`tests/api/test_plain_entries.py`).

Surrogate keys: the relations' rows are read as plain values, by SQL compiled once per
number of stories (`core/caching/fixed_shape.py`), not as instances, which would record their
own keys (`core/caching/keys.py`): `story_entry` records the keys of every row and list it
shows (`p5`, and `a12:p`: the people of story 12, which a new link purges).
"""

import datetime
import mimetypes
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from articles.api.links import StoryLinkSerializer
from articles.api.serializers import (
    ArticleSerializer,
    CorrectionSerializer,
    SectionLinkSerializer,
    rendition_links,
)
from articles.entity_links import ENTITY_LINKS
from articles.models import Article, Correction, Quote
from articles.rendering import kept_resolved_body
from core.caching.fixed_shape import IDS, FixedShape
from core.caching.keys import key_of, list_key, not_collected, record, record_objects
from core.slug_urls import PLACEHOLDER, slug_url
from events.api.links import EventLinkSerializer, PersonLinkSerializer, PlaceLinkSerializer
from events.models import Event, Person


def moment(value):
    """A time as DRF's DateTimeField writes it: in the current time zone, "Z" for UTC."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def plain(value):
    """A column's value as the serializers' fields write it."""
    if isinstance(value, datetime.datetime):
        return moment(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class Addresses:
    """The absolute addresses of one request: the host read once, each kind's address a
    template read once, a link then one string replace (where `build_absolute_uri` parses
    and quotes every one: slugs and the patterns' own addresses need no quoting)."""

    def __init__(self, request):
        self.request = request
        self.host = request.build_absolute_uri("/")[:-1]
        self._templates = {}

    def _template(self, name, path):
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.host + path()
        return template

    def item(self, view_name, slug):
        """The object's item in this API (`ApiUrlField`)."""
        return self._template(view_name, lambda: slug_url(view_name, PLACEHOLDER)).replace(
            PLACEHOLDER, slug, 1
        )

    def page(self, model, slug):
        """The object's public page (`HtmlUrlField`: its model's `get_absolute_url()`)."""
        return self._template(model, lambda: model(slug=PLACEHOLDER).get_absolute_url()).replace(
            PLACEHOLDER, slug, 1
        )

    def file(self, path):
        """A stored file's address, which may be absolute already (object storage)."""
        return self.request.build_absolute_uri(path)


@dataclass(frozen=True)
class LinkShape:
    """What a link serializer shows of an object (`PersonLinkSerializer`): its columns, by
    name, and its two addresses, in the serializer's order."""

    serializer: type

    @cached_property
    def model(self):
        return self.serializer.Meta.model

    @cached_property
    def fields(self):
        return tuple(self.serializer.Meta.fields)

    @cached_property
    def columns(self):
        return tuple(name for name in self.fields if name not in {"url", "html_url"})

    @cached_property
    def view_name(self):
        return self.serializer._declared_fields["url"].view_name

    def link(self, value_of, addresses):
        """The link as a dict; `value_of(column)` reads the row (a dict's or an instance's)."""
        slug = value_of("slug")
        return {
            name: addresses.item(self.view_name, slug)
            if name == "url"
            else addresses.page(self.model, slug)
            if name == "html_url"
            else plain(value_of(name))
            for name in self.fields
        }

    def link_of(self, instance, addresses):
        if instance is None:
            return None
        return self.link(lambda name: getattr(instance, name), addresses)


SECTION = LinkShape(SectionLinkSerializer)
PLACE = LinkShape(PlaceLinkSerializer)
PERSON = LinkShape(PersonLinkSerializer)
EVENT = LinkShape(EventLinkSerializer)
STORY = LinkShape(StoryLinkSerializer)
# The link shape of each relation a story shows, from the story serializer's own fields.
RELATIONS = tuple(
    (link, LinkShape(ArticleSerializer._declared_fields[link.field].child.__class__))
    for link in ENTITY_LINKS
)


def relation_rows(link, shape):
    """A story relation's rows for some stories' ids, in its model's order as a prefetch
    reads it: the story's id under the relation's name back to stories (`articles`)."""
    to_story = Article._meta.get_field(link.field).related_query_name()
    return to_story, FixedShape(
        lambda ids: shape.model.objects.filter(**{f"{to_story}__in": ids}).values(
            to_story, "pk", *shape.columns
        ),
        ids=IDS,
        list_keys=False,
    )


RELATION_ROWS = {link.field: relation_rows(link, shape) for link, shape in RELATIONS}
CORRECTION_ROWS = FixedShape(
    lambda ids: Correction.objects.filter(article__in=ids).values(
        "article", *CorrectionSerializer.Meta.fields
    ),
    ids=IDS,
    list_keys=False,
)

# A story's quotes, with their speakers' and events' columns (either may be missing).
QUOTE_ROWS = FixedShape(
    lambda ids: Quote.objects.filter(article__in=ids).values(
        "text",
        "speaker_name",
        "speaker",
        *(f"speaker__{column}" for column in PERSON.columns),
        "event",
        *(f"event__{column}" for column in EVENT.columns),
    ),
    ids=IDS,
    list_keys=False,
)
# The stories a story's editors linked to it (only the published ones are shown).
RELATED_ROWS = FixedShape(
    lambda ids: Article.related_articles.through.objects.filter(from_article__in=ids).values(
        "to_article"
    ),
    ids=IDS,
    list_keys=False,
)


def links_of_stories(story_ids, addresses):
    """{relation: {story id: [(row id, link)]}} of the stories, one query per relation, and
    their corrections ({"corrections": {story id: [correction]}}). The keys of the lists
    and rows read are for `story_entry` to record."""
    found = {}
    for link, shape in RELATIONS:
        to_story, rows = RELATION_ROWS[link.field]
        by_story = found[link.field] = {pk: [] for pk in story_ids}
        for row in rows(ids=story_ids):
            by_story[row[to_story]].append((row["pk"], shape.link(row.__getitem__, addresses)))
    corrections = found["corrections"] = {pk: [] for pk in story_ids}
    columns = CorrectionSerializer.Meta.fields
    for row in CORRECTION_ROWS(ids=story_ids):
        corrections[row["article"]].append({name: plain(row[name]) for name in columns})
    return found


def lead_image(image, addresses):
    """`LeadImageSerializer`'s dict."""
    if image is None:
        return None
    return {
        "url": addresses.file(image.file.url) if image.file else None,
        "content_type": mimetypes.guess_type(image.file.name)[0],
        "width": image.width,
        "height": image.height,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "renditions": rendition_links(image, addresses.file),
    }


def agency_of(agency):
    """`AgencySerializer`'s dict."""
    if agency is None:
        return None
    return {"name": agency.name, "short_name": agency.short_name, "website": agency.url or None}


def story_entry(article, links, addresses):
    """`article` as the list shows it (`ArticleSerializer`), from the story loaded with the
    rows it joins and `links` (`links_of_stories`). The keys of every row and list it shows
    are recorded (they were loaded for the whole page, outside this entry's fragment): the
    rows' own, and the lists of its people, events… (`a12:p`, which a new link purges)."""
    pk, slug = article.pk, article.slug
    record(*(list_key(Article, pk, link.model) for link, _ in RELATIONS))
    record(*(key_of(link.model, row) for link, _ in RELATIONS for row, _ in links[link.field][pk]))
    record_objects(
        article, article.section, article.agency, article.dateline_place, article.lead_image
    )
    return {
        "slug": slug,
        "headline": article.headline,
        "summary": article.summary,
        "section": SECTION.link_of(article.section, addresses),
        "agency": agency_of(article.agency),
        "dateline": PLACE.link_of(article.dateline_place, addresses),
        "bylines": article.bylines,
        "language": article.language,
        "published_at": moment(article.published_at),
        "updated_at": moment(article.updated_at),
        "lead_image": lead_image(article.lead_image, addresses),
        **{link.field: [entry for _, entry in links[link.field][pk]] for link, _ in RELATIONS},
        "corrections": links["corrections"][pk],
        "url": addresses.item("article-detail", slug),
        "html_url": addresses.page(Article, slug),
        "ninjs_url": addresses.item("article-ninjs", slug),
    }


def story_item(article, request):
    """`article` as its item shows it (`ArticleDetailSerializer`): the entry, its body, its
    quotes and the published stories related to it."""
    addresses = Addresses(request)
    entry = story_entry(article, links_of_stories([article.pk], addresses), addresses)
    return {
        **entry,
        "body": kept_resolved_body(article, request),
        "quotes": quotes_of(article, addresses),
        "related_articles": [STORY.link_of(story, addresses) for story in related_to(article)],
    }


def quotes_of(article, addresses):
    """`QuoteSerializer`'s dicts of the story's quotes; the keys of the speakers and events
    they show are recorded (read as values, they are no instances to record themselves)."""
    quotes = []
    for row in QUOTE_ROWS(ids=[article.pk]):
        speaker, event = row["speaker"], row["event"]
        record(*(key_of(model, pk) for model, pk in ((Person, speaker), (Event, event)) if pk))
        quotes.append(
            {
                "text": row["text"],
                "speaker": joined_link(PERSON, row, "speaker", addresses),
                "speaker_name": row["speaker__name"] if speaker else row["speaker_name"],
                "event": joined_link(EVENT, row, "event", addresses),
            }
        )
    return quotes


def joined_link(shape, row, relation, addresses):
    """The link to the row joined through `relation` (its columns `relation__slug`…), or None
    when there is none."""
    if row[relation] is None:
        return None
    return shape.link(lambda name: row[f"{relation}__{name}"], addresses)


def related_to(article):
    """The published stories related to `article`, newest first: their ids from the links'
    table, then the published ones among them (most stories have none: one query). Joined
    from the stories' side, SQLite walked every published story to find them (7 ms in 5,000)."""
    ids = [row["to_article"] for row in RELATED_ROWS(ids=[article.pk])]
    record(list_key(Article, article.pk, Article))  # its related stories: a new link purges it
    if not ids:
        return []
    # Read by id, the query would record the list of every story (`a`), which every new
    # story purges: the keys are its list's, above, and its rows'.
    with not_collected():
        stories = list(Article.objects.published().latest_first().filter(pk__in=ids))
    record_objects(*stories)
    return stories
