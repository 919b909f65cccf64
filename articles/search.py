"""Full-text search over stories, one function for the site and the API alike.

On PostgreSQL it uses the stored, GIN-indexed `search_vector` column (migration 0006): words are
stemmed ("ratify" finds "ratified"), headline matches rank above summary above body, and the
query syntax is the web's (`"exact phrase"`, `-excluded`, `or`). On SQLite, the embedded
default, it falls back to `icontains` lookups ranked by where the words occur.

Ranking reads every matching story's text, so it is bounded: the most recent MAX_RANKED
matches are ranked, the rest are not shown. A word found in most of a million stories
("leaders") then costs what a rare one does, and a reader looking for news sees the best of
the recent matches; a rarer word, or a phrase, finds everything it matches. (PostgreSQL finds
the candidates by walking `article_status_published` newest first for a common word, or by
combining it with the GIN index for a rarer one: it picks by its statistics on the vector.)
"""

import datetime

from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core.text import search_terms

MAX_RANKED = 1000
# How far back the looks for the newest matches go, one after the other, before the whole
# archive (see most_recent_matches): at most four queries, and the window that suffices reads
# at most about six times the matches it needs.
RECENT_WINDOWS = tuple(datetime.timedelta(days=days) for days in (30, 180, 730))
SEARCH_CONFIG = "english"


def search_articles(queryset, query):
    """`queryset` narrowed to stories matching `query`, best match first.

    Each result is annotated with `search_rank` (higher is better). An empty query finds
    nothing rather than everything; a common one, its MAX_RANKED most recent matches.
    """
    return counted_search(queryset, query)[0]


def counted_search(queryset, query):
    """(`search_articles(queryset, query)`, how many stories it finds): the matches are found
    once, so their number is known without counting them again (a count in the list's own
    order ranked every match a second time: 19 ms of a 60 ms page on SQLite at 5,000)."""
    terms = search_terms(query)
    if not terms:
        return queryset.none(), 0
    if connection.vendor == "postgresql":
        matches, rank = _postgresql_matches_and_rank(" ".join(terms))
    else:
        matches, rank = _portable_matches_and_rank(terms)
    keys = most_recent_matches(queryset, matches)
    found = (
        queryset.filter(among(queryset.model, keys))
        .annotate(search_rank=rank)
        .order_by("-search_rank", "-published_at", "-pk")
    )
    return found, len(keys)


def most_recent_matches(queryset, matches):
    """The keys of `queryset`'s MAX_RANKED most recent rows that satisfy `matches`.

    The recent weeks are asked first: a common word has its MAX_RANKED newest matches there,
    and the years before are never read. Only when a window holds fewer does the next, longer
    one look further back. The keys are fetched at once: a list page then counts them and ranks
    its page without looking for the matches again.
    """
    newest_first = (
        queryset.filter(matches)
        # Drafts have no time (the desk searches them too): first, in every window.
        .order_by(F("published_at").desc(nulls_first=True), "-pk")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    for window in RECENT_WINDOWS:
        since = Q(published_at__gte=now - window) | Q(published_at__isnull=True)
        keys = list(newest_first.filter(since)[:MAX_RANKED])
        if len(keys) == MAX_RANKED:
            break
    else:
        keys = list(newest_first[:MAX_RANKED])
    return keys


def among(model, keys):
    """ "The row's key is one of `keys`", for up to MAX_RANKED integer keys, as SQL that Django
    does not prepare value by value: `pk__in` makes one placeholder per key, and preparing a
    thousand took longer than the database answering. PostgreSQL takes them as one array
    parameter; SQLite as a list of numbers in the SQL (integers read from the database, made
    `int` again here: nothing a reader typed), which its planner reads as well as
    placeholders (a `json_each` parameter made it scan every story)."""
    table, column = model._meta.db_table, model._meta.pk.column
    if connection.vendor == "postgresql":
        sql, params = f'"{table}"."{column}" = ANY(%s)', [[int(key) for key in keys]]
    elif connection.vendor == "sqlite" and keys:
        sql, params = f'"{table}"."{column}" IN ({",".join(str(int(key)) for key in keys)})', []
    else:
        return Q(pk__in=keys)
    return RawSQL(sql, params, output_field=BooleanField())


def _postgresql_matches_and_rank(query):
    tsquery = f"websearch_to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)"
    matches = RawSQL(
        f"articles_article.search_vector @@ {tsquery}", [query], output_field=BooleanField()
    )
    rank = RawSQL(
        f"ts_rank_cd(articles_article.search_vector, {tsquery}, 32)",
        [query],
        output_field=FloatField(),
    )
    return matches, rank


def _portable_matches_and_rank(terms):
    matches_all = Q()
    rank = Value(0)
    for term in terms:
        in_headline = Q(headline__icontains=term)
        in_summary = Q(summary__icontains=term)
        in_body = Q(body__icontains=term)
        matches_all &= in_headline | in_summary | in_body
        rank = (
            rank
            + Case(When(in_headline, then=Value(4)), default=Value(0), output_field=IntegerField())
            + Case(When(in_summary, then=Value(2)), default=Value(0), output_field=IntegerField())
            + Case(When(in_body, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
    return matches_all, rank
