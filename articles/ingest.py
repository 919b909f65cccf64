"""Raw story text → draft articles: parsers for the two export formats we receive, and the import.

Two formats reach the desk, each with its quirks (see `fixtures/sources/` for one of each):

- a **news-site export**: headline, section, a separator line ("−"), a date without a year
  ("09 October"), then one paragraph per line. The page's view count is glued to the first
  paragraph ("8801The heads of state…") and the site's navigation ("LiveAll") trails the story.
- an **agency export**: blank lines, the headline, then paragraphs separated by blank lines, one of
  which may be broken in two mid-sentence; the date is inside the first sentence ("On December 26,
  2017, …") and the agency's credit closes the file as a Markdown link ("[UzA](#)").

Parsing is pure (`parse_story`, `read_story`); writing is `articles_import`, which refuses the
whole batch when one file is bad, so a run never leaves half its files imported.

**Which article a file updates.** `Article.source_fingerprint` is the SHA-256 of the story's
*identity*, not of the file's bytes: its format, agency, publication date and headline. A
byte-for-byte fingerprint would make every re-export a new story, and the news site's exports
change on every download (the view count is part of the file). A file name would survive edits,
but two unrelated `story.txt` files would then overwrite each other, and renaming a file would
lose its article. With the identity, a corrected re-export (a fixed typo, a new view count)
updates the same draft; a re-export with a new headline or date becomes a new draft, which an
editor can delete: a duplicate is a smaller harm than overwriting another story.

Re-imports only ever update drafts and stories in review. A published or withdrawn story belongs
to the desk now: its file is left alone (the outcome says so) rather than change words readers
have seen, and the other files of the run are imported: a desk that drains an inbox on a
schedule must not be stuck on a story it has since published.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import format_html

from articles.linker import find_mentions
from articles.models import Agency, Article, Section
from articles.services import article_link_mentions
from core.html import sanitize_html
from core.text import unique_slug

NEWS_SITE = "news-site"
AGENCY = "agency"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NAMES = "|".join(MONTHS)

# News-site export: "−" (U+2212) in the files we have; other dashes are the same line to a reader.
SEPARATOR_LINE = re.compile(r"^[−–—-]$")
# "09 October", or "09 October 2024" should the site ever print the year.
DAY_MONTH_LINE = re.compile(
    rf"^(?P<day>\d{{1,2}}) (?P<month>{_MONTH_NAMES})(?: (?P<year>\d{{4}}))?$"
)
# "8801The heads of state…": the view count is every leading digit. A first paragraph that
# itself starts with a digit cannot be told apart from the count; the site's stories we have
# never do.
GLUED_VIEW_COUNT = re.compile(r"^(?P<views>\d+)(?P<rest>.*)$")
# The site's navigation links, exported as text after the story: "LiveAll".
SITE_NAVIGATION_LINE = re.compile(r"^(?:Live|All)+$")

# Agency export: the credit line "[UzA](#)", a Markdown link to the agency.
AGENCY_CREDIT_LINE = re.compile(r"^\[(?P<agency>[^\]\n]+)\]\((?P<url>[^)\s]*)\)$")
# "December 26, 2017" or "December 26" inside the first sentence.
MONTH_DAY_DATE = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES}) (?P<day>\d{{1,2}})\b(?:, (?P<year>\d{{4}})\b)?"
)
# A paragraph that ends like this is complete; one that does not, followed by one starting in
# lower case, is a single paragraph the export broke in two ("our country" / "continues …").
SENTENCE_END = re.compile(r"[.!?:;…\"”»)\]]$")
FIRST_SENTENCE = re.compile(r"^.*?[.!?](?=\s|$)", re.DOTALL)

RE_IMPORTABLE_STATUSES = {Article.Status.DRAFT, Article.Status.IN_REVIEW}


class StoryError(ValueError):
    """A story file that cannot be imported; the message names the file and the reason."""


@dataclass(frozen=True)
class ParsedStory:
    """What a story file says, the quirks of its format removed."""

    source: str  # where it came from, for messages: the path as given
    source_format: str  # NEWS_SITE or AGENCY
    headline: str
    section: str | None
    published_on: datetime.date
    view_count: int | None
    agency: str | None  # the short name credited: "UzA"
    paragraphs: tuple[str, ...]

    @property
    def text(self):
        """The story's paragraphs as one text; mention offsets refer to it."""
        return "\n\n".join(self.paragraphs)

    @property
    def fingerprint(self):
        """SHA-256 of the story's identity: see the module docstring for why not of its bytes."""
        identity = "\n".join(
            [
                self.source_format,
                self.agency or "",
                self.published_on.isoformat(),
                " ".join(self.headline.split()),
            ]
        )
        return hashlib.sha256(identity.encode()).hexdigest()

    @property
    def body_html(self):
        """The paragraphs as the HTML of an article body, every character of the text escaped."""
        return paragraphs_to_html(self.paragraphs)


@dataclass(frozen=True)
class ImportResult:
    article: Article
    outcome: str  # "created", "updated", "unchanged" or LEFT_ALONE
    links_added: int


# The outcome of a file whose story the desk has published or withdrawn since it was imported.
LEFT_ALONE = "left alone"


def paragraphs_to_html(paragraphs):
    return "\n".join(format_html("<p>{}</p>", paragraph) for paragraph in paragraphs)


# Reading and parsing -----------------------------------------------------------------------


def read_story(path, *, year=None, today=None):
    """Read and parse one story file. Raises StoryError naming the file and the reason."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoryError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise StoryError(f"{path}: is a folder; give the story files inside it.") from None
    except OSError as error:
        raise StoryError(f"{path}: cannot be read ({error.strerror}).") from None
    try:
        return parse_story(raw, source=str(path), year=year, today=today)
    except StoryError as error:
        raise StoryError(f"{path}: {error}") from None


def parse_story(raw, *, source="<text>", year=None, today=None):
    """Parse the bytes of a story export of either format.

    `year` completes a date printed without one; without it the date is the latest such day
    that is not after `today` (the desk's local date by default).
    """
    text = _decode(raw)
    if not text.strip():
        raise StoryError("the file is empty.")
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    context = {"source": source, "year": year, "today": today or timezone.localdate()}
    if _is_news_site_export(lines):
        return _parse_news_site_export(lines, **context)
    if _is_agency_export(lines):
        return _parse_agency_export(lines, **context)
    raise StoryError(
        "not a story export this importer knows. Expected either a news-site export (headline, "
        "section, a “−” line, a date such as “09 October”, then the story) or an agency export "
        "(headline, paragraphs separated by blank lines, and a credit such as “[UzA](#)” as "
        "the last line)."
    )


def _decode(raw):
    try:
        # utf-8-sig: a byte-order mark, which some Windows editors add, is not part of the story.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StoryError(
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x} at position {error.start}); "
            "save it as UTF-8 and import it again."
        ) from None


def _is_news_site_export(lines):
    return (
        len(lines) >= 4
        and bool(SEPARATOR_LINE.match(lines[2].strip()))
        and bool(DAY_MONTH_LINE.match(lines[3].strip()))
    )


def _is_agency_export(lines):
    return bool(lines) and bool(AGENCY_CREDIT_LINE.match(lines[-1].strip()))


def _parse_news_site_export(lines, *, source, year, today):
    headline, section, _separator, date_line = (line.strip() for line in lines[:4])
    story_lines = [line.strip() for line in lines[4:] if line.strip()]
    while story_lines and SITE_NAVIGATION_LINE.match(story_lines[-1]):
        story_lines.pop()
    view_count = None
    if story_lines:
        glued = GLUED_VIEW_COUNT.match(story_lines[0])
        if glued:
            view_count = int(glued["views"])
            rest = glued["rest"].strip()
            story_lines = [rest, *story_lines[1:]] if rest else story_lines[1:]
    if not headline or not section:
        raise StoryError("the headline or the section line is blank.")
    if not story_lines:
        raise StoryError("there is no story text after the date line.")
    date_match = DAY_MONTH_LINE.match(date_line)
    published_on = _resolve_date(date_match, year=year, today=today, as_written=date_line)
    return ParsedStory(
        source=source,
        source_format=NEWS_SITE,
        headline=headline,
        section=section,
        published_on=published_on,
        view_count=view_count,
        agency=None,
        paragraphs=tuple(story_lines),
    )


def _parse_agency_export(lines, *, source, year, today):
    blocks = _blank_line_blocks(lines)
    credit = AGENCY_CREDIT_LINE.match(blocks.pop())
    if len(blocks) < 2:
        raise StoryError("an agency export needs a headline and at least one paragraph.")
    headline, *paragraphs = blocks
    paragraphs = _join_broken_paragraphs(paragraphs)
    first_sentence = FIRST_SENTENCE.match(paragraphs[0])
    first_sentence = first_sentence.group() if first_sentence else paragraphs[0]
    date_match = MONTH_DAY_DATE.search(first_sentence)
    if date_match is None:
        raise StoryError(
            "no date in the first sentence; an agency story starts like “On December 26, 2017, …”."
        )
    published_on = _resolve_date(date_match, year=year, today=today, as_written=date_match[0])
    return ParsedStory(
        source=source,
        source_format=AGENCY,
        headline=headline,
        section=None,
        published_on=published_on,
        view_count=None,
        agency=credit["agency"].strip(),
        paragraphs=tuple(paragraphs),
    )


def _blank_line_blocks(lines):
    """Groups of consecutive non-blank lines, each joined into one line."""
    blocks, current = [], []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    return blocks


def _join_broken_paragraphs(paragraphs):
    joined = []
    for paragraph in paragraphs:
        if joined and not SENTENCE_END.search(joined[-1]) and paragraph[:1].islower():
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return joined


def _resolve_date(match, *, year, today, as_written):
    """The date of a day-and-month match, completing a missing year (see `parse_story`)."""
    day, month = int(match["day"]), MONTHS.index(match["month"]) + 1
    written_year = int(match["year"]) if match["year"] else None
    if written_year or year:
        try:
            return datetime.date(written_year or year, month, day)
        except ValueError:
            raise StoryError(f"“{as_written}” is not a date in {written_year or year}.") from None
    # The latest such day not after today. 29 February can be eight years back (2096 → 2104).
    for candidate_year in range(today.year, today.year - 9, -1):
        try:
            candidate = datetime.date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise StoryError(f"“{as_written}” is not a date.")


def story_preview(story):
    """The dry run's report of one story: what an import would store, and what it mentions."""
    return {
        "headline": story.headline,
        "section": story.section,
        "published_on": story.published_on.isoformat(),
        "view_count": story.view_count,
        "agency": story.agency,
        "paragraphs": list(story.paragraphs),
        "mentions": [mention.as_dict() for mention in find_mentions(story.text)],
    }


# Importing -----------------------------------------------------------------------------------


def publication_time(day, *, now=None):
    """When a story dated `day` (no time given) was published: noon UTC, never in the future.

    Noon UTC is the same calendar day in every time zone from UTC−11 to UTC+11, so the date a
    reader sees is the date the source printed. A story dated today but imported before noon
    gets the import time instead: publishing it must not schedule it for later.
    """
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    return min(noon, now or timezone.now())


def articles_import(*, stories):
    """Import parsed stories as draft articles, all or none: one failure writes nothing."""
    with transaction.atomic():
        return [article_import(story=story) for story in stories]


def article_import(*, story):
    """Create the draft for `story`, or update the draft an earlier import of it created.

    New articles are drafts with no author account (`created_by` empty: nobody on the desk
    wrote them). Links to the people, events, agreements, places and organizations the text
    mentions are added; links an editor made are kept.
    """
    try:
        return _article_import_once(story)
    except IntegrityError:
        # Two first imports of one story at once: both found nothing, the other wrote the
        # draft (or its new section or agency) first. Its write is committed now and this
        # one's rolled back to the savepoint, so once more is an update.
        return _article_import_once(story)


def _article_import_once(story):
    with transaction.atomic():
        # Locked like an editor's save locks it, so neither overwrites the other unseen.
        article = (
            Article.objects.select_for_update().filter(source_fingerprint=story.fingerprint).first()
        )
        if article is None:
            article = Article(
                source_fingerprint=story.fingerprint,
                status=Article.Status.DRAFT,
                published_at=publication_time(story.published_on),
            )
            outcome = "created"
        elif article.status not in RE_IMPORTABLE_STATUSES:
            # The desk has taken it over (published or withdrawn): an edit is theirs to make,
            # and an inbox that still holds the file must not stop importing the others.
            return ImportResult(article=article, outcome=LEFT_ALONE, links_added=0)
        else:
            outcome = "updated"

        before = _import_snapshot(article)
        article.headline = story.headline
        # Sanitised as `save()` would, so an unchanged re-import compares equal.
        article.body = sanitize_html(story.body_html)
        # What the source leaves out (a section, a view count) an editor may have filled in:
        # kept.
        if story.section:
            article.section = _section_named(story.section)
        if story.agency:
            article.agency = _agency_credited(story.agency)
        if story.view_count is not None:
            article.view_count = story.view_count
        if outcome == "updated" and _import_snapshot(article) == before:
            outcome = "unchanged"
        else:
            article.save(revision_note=f"Imported from {Path(story.source).name}")
        links_added = article_link_mentions(article=article)
    return ImportResult(article=article, outcome=outcome, links_added=links_added)


def _import_snapshot(article):
    """The fields an import writes, to tell whether a re-import changes anything."""
    return (
        article.headline,
        article.body,
        article.section_id,
        article.agency_id,
        article.view_count,
    )


def _section_named(name):
    section = Section.objects.filter(name=name).first()
    return section or Section.objects.create(name=name, slug=unique_slug(Section, name))


def _agency_credited(short_name):
    agency = Agency.objects.filter(short_name=short_name).first()
    # An agency the desk does not know yet: its full name is for an editor to fill in.
    return agency or Agency.objects.create(short_name=short_name, name=short_name)
