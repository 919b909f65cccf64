"""Writing a live story: posting, editing, pinning and deleting entries, opening and closing.

Each write is one short transaction and never waits for readers: their pages learn of it from
the update poll, whose cached answers the change's surrogate keys purge on commit
(live/caching.py). The entities an entry names become the live story's links, as a story's
do (`articles.services`), so its first mention of each is a link on the page.
"""

from html import unescape

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles.entity_links import LINK_FIELDS
from articles.linker import find_mentions
from core.html import sanitize_html
from live import rules
from live.models import LiveEntry

# Entries are short; a body this long is a story being pasted into the wrong box.
MAX_BODY_CHARACTERS = 50_000
CLOSED = "This live coverage has ended: nothing more can be posted to it."


def entry_plain_text(entry):
    body = unescape(strip_tags(entry.body.replace("</p>", "</p>\n\n")))
    return "\n\n".join(part for part in (body, entry.quote, entry.key_event_title) if part)


def live_link_entry_mentions(*, entry):
    """Link the live story to the people, events and agreements the entry names; one query
    per kind it names."""
    wanted = {}
    for mention in find_mentions(entry_plain_text(entry)):
        if mention.kind in LINK_FIELDS:
            wanted.setdefault(mention.kind, set()).add(mention.pk)
    article = entry.coverage.article
    for kind, pks in wanted.items():
        field = getattr(article, LINK_FIELDS[kind])
        field.add(*field.model.objects.filter(pk__in=pks))


def _clean_words(*, body, quote, quote_by, image):
    if len(body) > MAX_BODY_CHARACTERS:
        raise ValidationError(
            f"An entry holds at most {MAX_BODY_CHARACTERS:,} characters: post it as a story."
        )
    clean = sanitize_html(body)
    has_words = unescape(strip_tags(clean)).strip() or "<figure data-image=" in clean
    if not (has_words or quote.strip() or image):
        raise ValidationError("Write something, or add a quote or a picture, before posting.")
    if quote_by.strip() and not quote.strip():
        raise ValidationError("Say what was quoted, or leave “quote by” empty.")


def live_entry_post(*, coverage, user, body="", quote="", quote_by="", image=None):
    if not rules.can_see_desk(user):
        raise PermissionDenied("Only the desk posts to live stories.")
    _clean_words(body=body, quote=quote, quote_by=quote_by, image=image)
    with transaction.atomic():
        coverage = type(coverage).objects.select_for_update().get(pk=coverage.pk)
        if not coverage.is_open:
            raise ValidationError(CLOSED)
        entry = LiveEntry.objects.create(
            coverage=coverage,
            author=user,
            # A full name may be 301 characters (150 + space + 150); the byline holds 255.
            author_name=(user.get_full_name() or user.get_username())[:255],
            body=body,
            quote=quote.strip(),
            quote_by=quote_by.strip(),
            image=image,
        )
        live_link_entry_mentions(entry=entry)
    return entry


def _changed(entry, fields):
    entry.version += 1
    entry.changed_at = timezone.now()
    entry.save(update_fields=[*fields, "version", "changed_at"])


def live_entry_edit(*, entry, user, body, quote="", quote_by="", image=None):
    if not rules.can_edit_entry(user, entry):
        raise PermissionDenied("Only an editor may change another writer's entry.")
    _clean_words(body=body, quote=quote, quote_by=quote_by, image=image)
    with transaction.atomic():
        entry.body, entry.quote, entry.quote_by, entry.image = body, quote, quote_by, image
        entry.edited_at = timezone.now()
        _changed(entry, ["body", "quote", "quote_by", "image", "edited_at"])
        live_link_entry_mentions(entry=entry)
    return entry


def live_entry_pin(*, entry, user, pinned, title=""):
    if not rules.can_pin(user):
        raise PermissionDenied("Only editors choose the key events.")
    if entry.is_deleted:
        raise ValidationError("This entry was deleted.")
    if len(title) > LiveEntry._meta.get_field("key_event_title").max_length:
        raise ValidationError("A key event's title holds at most 140 characters.")
    entry.is_key_event = pinned
    entry.key_event_title = title.strip() if pinned else ""
    _changed(entry, ["is_key_event", "key_event_title"])
    return entry


def live_entry_delete(*, entry, user):
    """Gone from every surface: its words are wiped, the tombstone tells open pages."""
    if not rules.can_delete_entry(user, entry):
        raise PermissionDenied("Only an editor may delete another writer's entry.")
    entry.body = entry.quote = entry.quote_by = entry.key_event_title = ""
    entry.image = None
    entry.is_key_event = False
    entry.deleted_at = timezone.now()
    _changed(
        entry,
        ["body", "quote", "quote_by", "key_event_title", "image", "is_key_event", "deleted_at"],
    )
    return entry


def live_coverage_set_open(*, coverage, user, is_open):
    if not rules.can_open_or_close(user):
        raise PermissionDenied("Only editors open and close live coverage.")
    coverage.is_open = is_open
    coverage.closed_at = None if is_open else timezone.now()
    coverage.save(update_fields=["is_open", "closed_at"])
    return coverage
