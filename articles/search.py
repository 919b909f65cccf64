"""Full-text search over stories, one function for the site and the API alike.

On PostgreSQL it uses the stored, GIN-indexed `search_vector` column (migration 0006): words are
stemmed ("ratify" finds "ratified"), headline matches rank above summary above body, and the
query syntax is the web's (`"exact phrase"`, `-excluded`, `or`). On SQLite, the embedded
default, it matches substrings ignoring case (`icontains`), ranked by where the words occur;
a trigram index (migration 0015) finds the candidates, so a rare word no longer reads the text
of every story.

Ranking reads every matching story's text, so it is bounded: the most recent MAX_RANKED
matches are ranked, the rest are not shown. A word found in most of a million stories
("leaders") then costs what a rare one does, and a reader looking for news sees the best of
the recent matches; a rarer word, or a phrase, finds everything it matches. (PostgreSQL finds
the candidates by walking `article_status_published` newest first for a common word, or by
combining it with the GIN index for a rarer one: it picks by its statistics on the vector.)
"""

import contextlib
import datetime
from collections.abc import Sequence

from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core.text import search_terms

MAX_RANKED = 1000
# How far back the looks for the newest matches go, one after the other, before the whole
# archive (see most_recent_matches): at most four queries, each reading only the stories
# older than the last one's.
RECENT_WINDOWS = tuple(datetime.timedelta(days=days) for days in (30, 180, 730))
SEARCH_CONFIG = "english"
# The trigram index (SQLite) finds only terms of at least this many characters.
TRIGRAM = 3


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
        with planned_for_each_search(queryset):
            keys = most_recent_matches(queryset.filter(matches).values_list("pk", flat=True))
    else:
        ranked = _ranked_by_substrings(queryset, terms)
        keys, rank = list(ranked), _known_ranks(queryset.model, ranked)
    found = (
        queryset.filter(among(queryset.model, keys))
        .annotate(search_rank=rank)
        .order_by("-search_rank", "-published_at", "-pk")
    )
    return found, len(keys)


def search_results(queryset, query):
    """(the stories `search_articles(queryset, query)` finds, in its order, as a sequence a
    paginator slices; how many). Each match is ranked as it is found, so a page reads its own
    stories by their keys: the database neither ranks nor sorts the matches a second time."""
    terms = search_terms(query)
    if not terms:
        return queryset.none(), 0
    if connection.vendor == "postgresql":
        ranked = _ranked_by_vector(queryset, terms)
    else:
        ranked = _ranked_by_substrings(queryset, terms)
    return RankedStories(queryset, ranked), len(ranked)


class RankedStories(Sequence):
    """Stories in the order of `ranked` ({key: rank}, best first), read a slice at a time."""

    def __init__(self, queryset, ranked):
        self.queryset, self.ranked, self.keys = queryset, ranked, list(ranked)

    def __len__(self):
        return len(self.keys)

    def annotate(self, **annotations):
        """The same stories, each read with `annotations` (`QuerySet.annotate`)."""
        return RankedStories(self.queryset.annotate(**annotations), self.ranked)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        keys = self.keys[index]
        by_key = {
            story.pk: story for story in self.queryset.filter(among(self.queryset.model, keys))
        }
        # (A story unpublished since its rank was read is left out, as the database would.)
        found = [by_key[key] for key in keys if key in by_key]
        for story in found:
            story.search_rank = self.ranked[story.pk]
        return found


def most_recent_matches(matching, windows=RECENT_WINDOWS):
    """The MAX_RANKED most recent of `matching` (a `values_list` of the matches, key first).

    The recent weeks are asked first: a common word has its MAX_RANKED newest matches there,
    and the years before are never read. Only when a window holds fewer does the next one look
    further back, for the rest, from where the last one ended: no story is read twice. The
    keys are fetched at once: a list page then counts them and ranks its page without looking
    for the matches again.
    """
    # Drafts have no time (the desk searches them too): first, in the first window.
    newest_first = matching.order_by(F("published_at").desc(nulls_first=True), "-pk")
    now = timezone.now()
    rows, newer = [], None
    for since in [*(now - window for window in windows), None]:
        if newer is None:  # the first window, drafts with it
            within = Q() if since is None else Q(published_at__gte=since) | Q(published_at=None)
        elif since is None:
            within = Q(published_at__lt=newer)
        else:
            within = Q(published_at__lt=newer, published_at__gte=since)
        rows += newest_first.filter(within)[: MAX_RANKED - len(rows)]
        if len(rows) == MAX_RANKED:
            break
        newer = since
    return rows


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


@contextlib.contextmanager
def planned_for_each_search(queryset):
    """PostgreSQL plans the queries that look for the matches for each search, never once for
    all (`DATABASE_PREPARE_THRESHOLD` prepares a query that comes again): the best plan for a
    word in most stories (walk the newest) is the worst for a rare one (ask the GIN index),
    and a prepared statement's generic plan, chosen without the word, made a search at
    100,000 stories three times slower (38 → 107 ms). psycopg's threshold is set aside for
    these queries only, on the connection that runs them."""
    connection_ = connections[queryset.db]
    connection_.ensure_connection()
    raw = connection_.connection
    saved = raw.prepare_threshold
    raw.prepare_threshold = None  # never prepared
    try:
        yield
    finally:
        raw.prepare_threshold = saved


def _ranked_by_vector(queryset, terms):
    """{key: rank} of the MAX_RANKED most recent matches of `terms` on PostgreSQL, best first
    in the order of `counted_search`."""
    matches, rank = _postgresql_matches_and_rank(" ".join(terms))
    with planned_for_each_search(queryset):
        rows = most_recent_matches(
            queryset.filter(matches).annotate(search_rank=rank).values_list("pk", "search_rank")
        )
    # The rows come newest first (drafts first, as PostgreSQL puts no time first in a
    # descending order); a stable sort keeps that order within a rank.
    rows.sort(key=lambda row: -row[1])
    return dict(rows)


def _ranked_by_substrings(queryset, terms):
    """{key: rank} of the MAX_RANKED most recent matches of `terms`, best first in the order
    of `counted_search`, each match ranked as it is found: its text is read once."""
    matches, rank = _portable_matches_and_rank(terms)
    matching = (
        queryset.filter(matches)
        .annotate(
            search_rank=rank,
            # Not the time itself: reading a thousand times costs more than finding them.
            undated=ExpressionWrapper(Q(published_at__isnull=True), output_field=IntegerField()),
        )
        .values_list("pk", "search_rank", "undated")
    )
    candidates = _trigram_candidates(queryset, terms)
    if candidates is None:
        rows = most_recent_matches(matching)
    else:
        # A few candidates: checked and ranked at once, with no window to look in first.
        rows = most_recent_matches(matching.filter(among(queryset.model, candidates)), ())
    # The rows come newest first; a stable sort keeps that order within a rank, and puts the
    # stories with no time (drafts) last in it: -search_rank, -published_at, -pk on SQLite.
    rows.sort(key=lambda row: (-row[1], row[2]))
    return {key: rank for key, rank, _ in rows}


def _known_ranks(model, ranks):
    """The rank of each key in `ranks` ({key: integer rank}) as SQL, so the list is ordered by
    the database as before (an API `ordering` may replace the order). Keys are grouped by rank:
    a handful of `IN` lists, each one lookup per row. Integers read from the database and made
    `int` again here, as in `among`."""
    by_rank = {}
    for key, rank in ranks.items():
        by_rank.setdefault(int(rank), []).append(str(int(key)))
    column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    cases = " ".join(
        f"WHEN {column} IN ({','.join(keys)}) THEN {rank}" for rank, keys in by_rank.items()
    )
    return RawSQL(f"CASE {cases} ELSE 0 END" if cases else "0", [], output_field=IntegerField())


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


def _trigram_candidates(queryset, terms):
    """The keys of the stories whose headline, summary or body hold every term of three
    characters or more, from SQLite's trigram index (migration 0015); None where there is no
    index, no such term, or more than MAX_RANKED stories. Up to MAX_RANKED, every match is
    ranked, and the candidates are all there is to read; past it, the word is a common one and
    its newest matches are found sooner in the recent stories (`most_recent_matches`), where
    a window stops the reading. The index matches
    substrings ignoring case as `icontains` does (and the case of more letters than LIKE: the
    lookups that follow keep the results exactly theirs)."""
    indexed = [term for term in terms if len(term) >= TRIGRAM]
    connection = connections[queryset.db]
    if not indexed or connection.vendor != "sqlite" or not _has_trigram_index(connection):
        return None
    # Each term one FTS5 string ("" is a quote inside it): no operator a reader types applies.
    phrases = " AND ".join('"{}"'.format(term.replace('"', '""')) for term in indexed)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM articles_article_search WHERE articles_article_search MATCH %s "
            "LIMIT %s",
            [phrases, MAX_RANKED + 1],
        )
        keys = [key for (key,) in cursor.fetchall()]
    return keys if len(keys) <= MAX_RANKED else None


def _has_trigram_index(connection):
    # The migration makes it where SQLite has the trigram tokenizer (3.34, December 2020).
    return connection.Database.sqlite_version_info >= (3, 34, 0)
