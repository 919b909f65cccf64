"""Search results as readers see them: headline, summary and a piece of the body, with the words
that matched marked the way the search matched them (`articles.search`).

On PostgreSQL the search matches stemmed words ("ratify" finds "ratified"), so the database
marks them itself with `ts_headline` and the search's own query. Elsewhere the search matches
substrings, ignoring case, and so does the marking here. Either way every character of the
stored text is escaped, and <mark> is the only markup added.
"""

import html
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.search import SEARCH_CONFIG
from core.text import search_terms

# About this many words of the body are shown around the first match.
EXCERPT_WORDS = 30

# What PostgreSQL marks in a story, as `_marks` names it.
MARKS = ("marked_headline", "marked_summary", "marked_excerpt")
# Private-use characters stand for <mark> and </mark> while the text is still unescaped.
_START, _STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.DOTALL)
# A sanitised body escapes ">" inside attribute values, so a tag always ends at the first ">".
_TAG = re.compile(r"<[^>]*>")
# A heading, a list item or a cell ends without a full stop: on one line, it would run into
# what follows ("What was agreed A free trade zone"). Its end becomes " · " unless its text
# already ends a sentence. The same rule in SQL for PostgreSQL's excerpts (POSIX classes).
SEPARATOR = " · "
_UNPUNCTUATED_END = re.compile(
    r"([^.!?:;…\s])\s*</(?:h[1-6]|li|dt|dd|th|td|figcaption|caption)>", re.IGNORECASE
)
_UNPUNCTUATED_END_SQL = (
    r"([^.!?:;…[:space:]])[[:space:]]*</(h[1-6]|li|dt|dd|th|td|figcaption|caption)>"
)


@dataclass(frozen=True)
class SearchResult:
    article: Article
    headline: SafeString
    summary: SafeString
    excerpt: SafeString


def highlight_results(articles, query):
    """[SearchResult, …] for `articles` (a page of `search_articles(…, query)`), in order."""
    articles = list(articles)
    if not articles:
        return []
    terms = search_terms(query)
    if connection.vendor == "postgresql":
        # The words the search itself used (`search_articles`), not the raw query.
        return _marked_by_postgresql(articles, " ".join(terms))
    return [
        SearchResult(
            article,
            mark_terms(article.headline, terms),
            mark_terms(article.summary, terms),
            mark_terms(excerpt(body_text(article.body), terms), terms),
        )
        for article in articles
    ]


def body_text(body_html):
    """The words of a sanitised body as plain text on one line. Each tag becomes a space, as
    in the search vector (migration 0006), so paragraphs do not run together, and a heading or
    a list item that ends without punctuation is followed by " · " (`_UNPUNCTUATED_END`)."""
    separated = _UNPUNCTUATED_END.sub(rf"\1{SEPARATOR}", body_html or "")
    return " ".join(html.unescape(_TAG.sub(" ", separated)).split())


def mark_terms(text, terms):
    """`text` escaped, with every occurrence of a term (any case, even inside a word) marked."""
    text = _unmarked(text or "")
    terms = sorted({term for term in terms if term}, key=len, reverse=True)
    if terms:
        pattern = re.compile("|".join(map(re.escape, terms)), re.IGNORECASE)
        text = pattern.sub(lambda match: f"{_START}{match.group()}{_STOP}", text)
    return _as_marked_html(text)


def excerpt(text, terms):
    """About EXCERPT_WORDS words of `text` around the first term found (the start if none)."""
    lowered = text.lower()
    found = [index for index in (lowered.find(term.lower()) for term in terms) if index >= 0]
    first = min(found, default=0)
    # Start at the beginning of the word the match falls in: a term may match mid-word.
    word_start = text.rfind(" ", 0, first) + 1
    words_before = text[:word_start].split()
    before = words_before[-(EXCERPT_WORDS // 2) :] if words_before else []
    after = text[word_start:].split()
    shown = after[: EXCERPT_WORDS - len(before)]
    prefix = "… " if len(before) < len(words_before) else ""
    suffix = " …" if len(shown) < len(after) else ""
    return prefix + " ".join(before + shown) + suffix


def _as_marked_html(text):
    """Escape `text`, whose matches are wrapped in the stand-ins, and turn those into <mark>.

    The stored text had any stand-in removed before the matches were wrapped, so each one
    here is ours.
    """
    pieces, position = [], 0
    for match in _MARKED.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(1))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece of the text was escaped above


def _unmarked(text):
    """`text` without the stand-in characters, so none of them can come from a story."""
    return text.replace(_START, "").replace(_STOP, "")


def with_marks(stories, query):
    """`stories` (`search.search_results`), read on PostgreSQL with the marks the database makes
    (`highlight_results`): one query for a page's stories and their marks, not two."""
    if connection.vendor != "postgresql":
        return stories
    return stories.annotate(**_marks(" ".join(search_terms(query))))


def _marks(query):
    """{name in MARKS: ts_headline(…)}: a story's headline, summary and a piece of its body
    marked, with the search's configuration and query."""
    tsquery = f"websearch_to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)"
    whole = f'StartSel="{_START}", StopSel="{_STOP}", HighlightAll=true'
    # ts_headline's default mode keeps the punctuation at the ends of the piece it picks.
    piece = f'StartSel="{_START}", StopSel="{_STOP}", MaxWords={EXCERPT_WORDS}, MinWords=15'

    def headline(column, options):
        # translate() removes any stand-in the story itself holds, as _unmarked() does.
        return RawSQL(
            f"ts_headline('{SEARCH_CONFIG}'::regconfig, translate({column}, %s, ''), "
            f"{tsquery}, %s)",
            [_START + _STOP, query, options],
        )

    # The body as the search vector reads it (migration 0006): tags out, entities kept; and
    # the ends of headings and list items separated as body_text() does.
    body = (
        "regexp_replace(regexp_replace(coalesce(articles_article.body, ''), "
        f"'{_UNPUNCTUATED_END_SQL}', '\\1{SEPARATOR}', 'gi'), '<[^>]*>', ' ', 'g')"
    )
    return {
        "marked_headline": headline("articles_article.headline", whole),
        "marked_summary": headline("articles_article.summary", whole),
        "marked_excerpt": headline(body, piece),
    }


def _marked_by_postgresql(articles, query):
    """The marks PostgreSQL made for `articles`: read with them (`with_marks`), or else in one
    query over the page's rows."""
    if all(hasattr(article, MARKS[0]) for article in articles):
        marked = {article.pk: [getattr(article, name) for name in MARKS] for article in articles}
    else:
        marked = {
            pk: marks
            for pk, *marks in Article.objects.filter(pk__in=[article.pk for article in articles])
            .annotate(**_marks(query))
            .values_list("pk", *MARKS)
        }
    return [
        SearchResult(
            article,
            _as_marked_html(marked[article.pk][0]),
            _as_marked_html(marked[article.pk][1]),
            _as_marked_html(_with_ellipses(marked[article.pk][2], article.body)),
        )
        for article in articles
    ]


def _with_ellipses(marked_piece, body_html):
    """The piece of the body PostgreSQL picked, as plain text, with "…" where it was cut."""
    piece = " ".join(html.unescape(marked_piece).split())
    plain_piece, whole = _unmarked(piece), body_text(body_html)
    prefix = "" if whole.startswith(plain_piece) else "… "
    suffix = "" if whole.endswith(plain_piece) else " …"
    return prefix + piece + suffix
