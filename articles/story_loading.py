"""A story page's rows in few queries, whatever the number of its links.

A story page shows the story's row (its section, agency, dateline, lead picture, and the
relation that makes it live), its related stories, its corrections, its people with the posts
they held on its date, its events and its agreements. One query per kind of thing, that was
seven queries, and the site's sections an eighth, for a reader who finds nothing made ahead
(`articles.views.story_links`). Here:

- `load_story`: a reader's story, its related stories and its corrections in one query;
- `people_with_positions_then`: the people, each with the posts held then, in one query;
- the events and the agreements: one query each (`articles.views.prefetch_story_relations`).

Rows of a relation that may have many (corrections, positions) come joined to their parent,
one row per related row, and are made into instances here, as `select_related` makes them:
their keys (newsroom/caching/keys.py) are recorded exactly as if they had been loaded apart.
"""

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q

from articles import story_pages
from articles.models import Article, Correction
from events.models import Person, Position, held_on
from newsroom.caching.keys import collecting, list_key, list_keys_of_query

RELATED_STORIES = Article.related_articles.through


def with_columns(queryset, path, model, name):
    """`queryset` with every column of `model`, reached through `path` (a relation or a
    FilteredRelation's alias), as annotations named `name`: one row per related row where
    the relation holds many, one with NULLs where there is none (`joined`)."""
    columns = {
        f"joined_{name}_{field.attname}": F(f"{path}__{field.attname}") for field in fields(model)
    }
    return queryset.annotate(**columns)


def forget_columns(rows, queryset):
    """Drop `queryset`'s annotations from its `rows`: the instances are kept (in fragments)
    as a plain query would have made them."""
    for row in rows:
        for name in queryset.query.annotations:
            row.__dict__.pop(name, None)


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
    its corrections prefetched, and its own selected relations, in one query; (None, keys)
    when no published story has that slug. `keys` are the surrogate keys of what it loaded,
    for the page and for the fragments made of it (they are not recorded here).

    The rows are the story's and its related stories' (`published()`, newest first, their
    sections and lead pictures selected, as the related stories' own query selects them),
    each as many times as it has corrections; the story's agency, dateline and the relation
    that makes it live come as columns, made into instances for the story only, so that the
    related stories' agencies and datelines add no key to the page.
    """
    own = ["agency", "dateline_place", *story_pages.related_names()]
    rows = (
        Article.objects.published()
        .select_related("section", "lead_image")
        .annotate(
            is_related=Exists(
                RELATED_STORIES.objects.filter(from_article__slug=slug, to_article=OuterRef("pk"))
            )
        )
        .filter(Q(slug=slug) | Q(is_related=True))
        .latest_first()
    )
    rows = with_columns(rows, "corrections", Correction, "correction")
    for name in own:
        rows = with_columns(rows, name, Article._meta.get_field(name).related_model, name)
    # A story's corrections in their order (the story's own, `Correction.Meta.ordering`).
    rows = rows.order_by(*rows.query.order_by, "corrections__published_at", "corrections__pk")
    story, related, corrections = None, {}, []
    with collecting() as keys:
        rows = list(queryset := rows)
        for row in rows:
            if row.slug == slug:
                story = story or row
                if (correction := joined(row, Correction, "correction")) is not None:
                    corrections.append(correction)
            if row.is_related:
                related.setdefault(row.pk, row)
        if story is not None:
            for name in own:
                field = Article._meta.get_field(name)
                field.set_cached_value(story, joined(story, field.related_model, name))
    forget_columns(rows, queryset)
    # The query selects one story by its slug, or a story related to it: the list it reads
    # is the story's related stories (as their prefetch says), not every story.
    keys -= list_keys_of_query(queryset.query)
    if story is None:
        return None, keys
    keys.add(list_key(Article, story.pk, Article))
    set_prefetched(story, "related_articles", related.values())
    set_prefetched(story, "corrections", corrections)
    return story, keys


def people_with_positions_then(article, day):
    """The people of `article`, each with `positions_then`: the posts they held on `day`
    (with their organizations and countries), in one query."""
    rows = Person.objects.filter(articles=article).annotate(
        held_then=FilteredRelation("positions", condition=held_on(day, "positions__"))
    )
    rows = with_columns(rows, "held_then", Position, "position")
    position_relations = ["organization", "country"]
    for name in position_relations:
        model = Position._meta.get_field(name).related_model
        rows = with_columns(rows, f"held_then__{name}", model, f"position_{name}")
    rows = rows.order_by(*Person._meta.ordering, "pk", *ordering_under(Position, "held_then"))
    people = {}
    rows = list(queryset := rows)
    for row in rows:
        person = people.setdefault(row.pk, row)
        if person is row:
            person.positions_then = []
        position = joined(row, Position, "position")
        if position is not None:
            for name in position_relations:
                field = Position._meta.get_field(name)
                field.set_cached_value(
                    position, joined(row, field.related_model, f"position_{name}")
                )
            person.positions_then.append(position)
    forget_columns(rows, queryset)
    return list(people.values())
