"""A story's teaser as HTML, made in Python: the same bytes as `includes/story_teaser.html`.

Every list of stories (front, section, person, event, archive, search) draws twenty to forty
teasers, and a page nobody made anything for (the long tail of an archive) draws them all: the
template engine spent about 1 ms a teaser resolving variables, running filters and formatting
the date through the localisation machinery, for a fixed string with six holes. The template
stays as the readable description of the markup; `tests/articles/test_teasers.py` renders both
for drafts, scheduled and published stories, with and without a summary, section or badge, and
asks for the same bytes (so do the recorded outputs of every list of the demo).
"""

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, slugify

from articles.story_page import kinds
from core.templatetags.site_tags import iso_datetime

SUMMARY_WORDS = 40  # `truncatewords:40`


def teaser_html(article):
    """`includes/story_teaser.html` rendered for `article` (its section selected with it)."""
    summary = ""
    if article.summary:
        words = Truncator(article.summary).words(SUMMARY_WORDS, truncate=" …")
        summary = f'<p class="teaser-summary">{escape(words)}</p>'
    section = article.section
    section_html = (
        f'<span class="teaser-section">{escape(section.name)}</span> · ' if section else ""
    )
    return (
        '\n  <li class="story-teaser">\n    <h3 class="teaser-headline">'
        f'{badge_html(article)}<a href="{escape(article.get_absolute_url())}">'
        f"{escape(article.headline)}</a></h3>\n    "
        f'{summary}\n    <p class="meta">{section_html}{published_time_html(article)}</p>'
        "\n  </li>\n  "
    )


def badge_html(article):
    """A story's badge before its headline ("Live" while its coverage is open), or nothing:
    articles/story_page/kinds.py says which kinds of story have one."""
    badge = kinds.badge_of(article)
    if badge is None:
        return ""
    words = badge[0]
    return format_html('<span class="story-badge story-badge-{}">{}</span> ', slugify(words), words)


def published_time_html(article):
    """`includes/published_time.html`: the moment as the `date:"j F Y, H:i T"` filter shows
    it in the site's time zone (the day without a leading zero, the month's name in the active
    language), without the localisation machinery's format lookups."""
    if not article.published_at:
        return "<span>Not yet published</span>\n"
    moment = timezone.localtime(article.published_at)
    shown = (
        f"{moment.day} {MONTHS[moment.month]} {moment.year:04d}, "
        f"{moment.hour:02d}:{moment.minute:02d} {moment.tzname()}"
    )
    return f'<time datetime="{escape(iso_datetime(moment))}">{escape(shown)}</time>\n'


def search_results_html(results):
    """The search page's results, each `includes/search_result.html` (`search_result_html`)."""
    return mark_safe("".join(search_result_html(result) for result in results))  # escaped there


def search_result_html(result):
    """`includes/search_result.html` for `result` (a `highlighting.SearchResult`: its
    headline, summary and excerpt already escaped, with the matches marked)."""
    article = result.article
    summary = f'<p class="teaser-summary">{result.summary}</p>' if result.summary else ""
    excerpt = f'<p class="excerpt">{result.excerpt}</p>' if result.excerpt else ""
    section = f"{escape(article.section.name)} · " if article.section else ""
    return (
        '\n    <li class="story-teaser">\n      <h3 class="teaser-headline">'
        f'{badge_html(article)}<a href="{escape(article.get_absolute_url())}">'
        f"{result.headline}</a></h3>\n      {summary}\n      {excerpt}\n"
        f'      <p class="meta">{section}{published_time_html(article)}</p>\n    </li>\n    '
    )
