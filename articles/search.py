"""Full-text search over stories, one function for the site and the API alike.

The portable version ranks by where the words occur (headline above summary above body) with
plain `icontains` lookups, so it works on SQLite and PostgreSQL. Issue 8 (scale) replaces the
inside with PostgreSQL's stored, indexed search vector; callers do not change.
"""

from django.db.models import Case, IntegerField, Q, Value, When

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10


def search_terms(query):
    """The words of a query, without repeats, bounded in number and length."""
    words = (query or "")[:MAX_QUERY_LENGTH].split()
    return list(dict.fromkeys(word for word in words if word))[:MAX_TERMS]


def search_articles(queryset, query):
    """`queryset` narrowed to stories containing every word of `query`, best match first.

    Each result is annotated with `search_rank` (higher is better). An empty query finds
    nothing rather than everything.
    """
    terms = search_terms(query)
    if not terms:
        return queryset.none()
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
    return (
        queryset.filter(matches_all)
        .annotate(search_rank=rank)
        .order_by("-search_rank", "-published_at", "-pk")
    )
