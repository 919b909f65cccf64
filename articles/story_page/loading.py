"""A story page's rows in few queries, whatever the number of its links.

A story page shows the story's row (its section, agency, dateline, lead picture, and the
relation that makes it live), its related stories, its corrections, its people with the posts
they held on its date, its events and its agreements. One query per kind of thing, that was
seven queries, and the site's sections an eighth, for a reader who finds nothing made ahead
(`articles.story_page.links.story_links`). Here:

- `load_story`: a reader's story, its related stories and its corrections in one query;
- `people_with_positions_then`: the people, each with the posts held then, in one query;
- the events and the agreements: one query each (`links.prefetch_story_relations`).

Rows of a relation that may have many (corrections, positions) come joined to their parent,
one row per related row, and are made into instances here, as `select_related` makes them:
their keys (core/caching/keys.py) are recorded exactly as if they had been loaded apart.
"""

import datetime

from django.db.models import Exists, F, FilteredRelation, OuterRef
from django.utils import timezone

from articles.models import Article, Correction
from articles.story_page import kinds
from core.caching.fixed_shape import FixedShape
from core.caching.keys import collecting, list_key, not_collected, record, record_objects
from events.models import Person, Position, held_on

RELATED_STORIES = Article.related_articles.through


def with_columns(queryset, path, model, name):
    """`queryset` with every column of `model`, reached through `path` (a relation or a
    FilteredRelation's alias), as annotations named `name`: one row per related row where
    the relation holds many, one with NULLs where there is none (`joined`)."""
    columns = {
        f"joined_{name}_{field.attname}": F(f"{path}__{field.attname}") for field in fields(model)
    }
    return queryset.annotate(**columns)


def forget_columns(rows):
    """Drop the annotations of `with_columns` (and `is_related`) from `rows`: the instances
    are kept (in fragments) as a plain query would have made them."""
    for row in rows:
        for name in [name for name in row.__dict__ if name.startswith("joined_")]:
            del row.__dict__[name]
        row.__dict__.pop("is_related", None)


def joined(row, model, name):
    """The `model` instance that `with_columns(…, name)` joined to `row`, or None."""
    values = [getattr(row, f"joined_{name}_{field.attname}") for field in fields(model)]
    if values[[field.primary_key for field in fields(model)].index(True)] is None:
        return None
    return model.from_db(row._state.db, [field.attname for field in fields(model)], values)


def fields(model):
    return model._meta.concrete_fields


def ordering_under(model, path):
    """`model`'s own ordering, for its rows reached through `path`."""
    for item in model._meta.ordering:
        if isinstance(item, str):
            descending = item.startswith("-")
            yield f"{'-' if descending else ''}{path}__{item.removeprefix('-')}"
        else:  # an OrderBy of a field, as F("end_date").desc(nulls_first=True)
            item = item.copy()
            item.expression = F(f"{path}__{item.expression.name}")
            yield item


def set_prefetched(article, relation, rows):
    """Give `article` the rows of `relation` as if `prefetch_related` had loaded them."""
    cache = article.__dict__.setdefault("_prefetched_objects_cache", {})
    queryset = getattr(article, relation).all()  # lazy: no query
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache[relation] = queryset


def load_story(slug):
    """(story, keys): the published story at `slug` with its related published stories and
    its corrections prefetched and its own relations selected, in one query; (None, keys)
    when no published story has that slug. `keys` are the surrogate keys of what the page
    shows of it, for the page and the fragments made of it (not recorded here).

    The rows are the story's and its related stories' (`published()`, newest first), each as
    many times as it has corrections. Every row comes with the relations the story selects;
    the related stories keep only those their own query selects (their sections and lead
    pictures), and only what is kept gives keys: a related story's agency is not shown.
    """
    listed, own = listed_relations(), own_relations()
    with not_collected():  # the keys of what is kept, below
        rows = STORY_ROWS(slug=slug, now=timezone.now())
    story, related, corrections = None, {}, []
    for row in rows:
        if row.slug == slug:
            story = story or row
            if (correction := joined(row, Correction, "correction")) is not None:
                corrections.append(correction)
        if row.is_related:
            related.setdefault(row.pk, row)
    forget_columns(rows)
    if story is None:
        return None, set()
    related = list(related.values())
    for row in related:
        if row is not story:
            for name in own:
                if (field := Article._meta.get_field(name)).is_cached(row):
                    field.delete_cached_value(row)
    set_prefetched(story, "related_articles", related)
    set_prefetched(story, "corrections", corrections)

    keys = story_row_keys(story)
    with collecting() as more:
        record_objects(*corrections)
        for row in related:
            record_objects(row, *selected(row, listed))
        record(list_key(Article, story.pk, Article))  # the list of its related stories
    return story, keys | more


def story_rows(slug, now):
    """The rows of `load_story`: the story at `slug` and its related stories, published at
    `now`, each with its corrections joined."""
    related_to_it = RELATED_STORIES.objects.order_by().filter(from_article__slug=slug)
    # The ids as one subquery, a UNION: "slug = … OR related" would read every story (no
    # database uses an index for an OR with a subquery; 1 s at 100,000 on PostgreSQL).
    ids = (
        Article.objects.order_by()
        .filter(slug=slug)
        .values("pk")
        .union(related_to_it.values("to_article_id"), all=True)
    )
    rows = (
        Article.objects.published(now=now)
        .filter(pk__in=ids)
        .select_related(*listed_relations(), *own_relations())
        # Which of the rows are related to it (the story itself may be).
        .annotate(is_related=Exists(related_to_it.filter(to_article=OuterRef("pk"))))
        .latest_first()
    )
    rows = with_columns(rows, "corrections", Correction, "correction")
    # A story's corrections in their order (the story's own, `Correction.Meta.ordering`).
    return rows.order_by(*rows.query.order_by, "corrections__published_at", "corrections__pk")


# Built and compiled once per connection: building it was a third of a story page made from
# nothing (core/caching/fixed_shape.py).
STORY_ROWS = FixedShape(story_rows, slug=str, now=datetime.datetime)


# What a list of stories selects (`articles.story_lists.published_stories`), and what a story's
# page selects besides. A list selects the kinds' relations too: a related story's teaser shows
# its badge ("Live"), and is kept as the same fragment as on every other list.
def listed_relations():
    return ["section", "lead_image", *kinds.related_names()]


def own_relations():
    return ["agency", "dateline_place"]


def selected(row, names):
    """The related objects `row` has selected among `names` (None where it has none)."""
    return [Article._meta.get_field(name).get_cached_value(row, None) for name in names]


def story_row_keys(story):
    """The keys of a story's row and of the relations its page selects with it."""
    with collecting() as keys:
        record_objects(story, *selected(story, [*listed_relations(), *own_relations()]))
    return keys


def people_with_positions_then(article, day):
    """The people of `article`, each with `positions_then`: the posts they held on `day`
    (with their organizations and countries), in one query."""
    people = {}
    rows = PEOPLE_ROWS(article=article.pk, day=day)
    for row in rows:
        person = people.setdefault(row.pk, row)
        if person is row:
            person.positions_then = []
        position = joined(row, Position, "position")
        if position is not None:
            for name in POSITION_RELATIONS:
                field = Position._meta.get_field(name)
                field.set_cached_value(
                    position, joined(row, field.related_model, f"position_{name}")
                )
            person.positions_then.append(position)
    forget_columns(rows)
    return list(people.values())


POSITION_RELATIONS = ("organization", "country")


def people_rows(article, day):
    """The rows of `people_with_positions_then`: a person per row with one post then."""
    rows = Person.objects.filter(articles=article).annotate(
        held_then=FilteredRelation("positions", condition=held_on(day, "positions__"))
    )
    rows = with_columns(rows, "held_then", Position, "position")
    for name in POSITION_RELATIONS:
        model = Position._meta.get_field(name).related_model
        rows = with_columns(rows, f"held_then__{name}", model, f"position_{name}")
    return rows.order_by(*Person._meta.ordering, "pk", *ordering_under(Position, "held_then"))


PEOPLE_ROWS = FixedShape(people_rows, article=int, day=datetime.date)
