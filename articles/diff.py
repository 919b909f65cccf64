"""A readable word-by-word diff of two texts, as safe HTML (<del>/<ins>) for the admin; a
story's body is compared by its words, as a reader sees them, not by its markup."""

import difflib
import re
from html import unescape

from django.utils.html import format_html, format_html_join, strip_tags

TOKEN = re.compile(r"\s+|[^\s<>]+|<[^>]*>|[<>]")


def word_diff(old, new):
    """HTML showing what changed from `old` to `new`: removed words struck, added underlined.

    Works on the text as stored (a body's tags are shown as text, escaped), so nothing in a
    revision can run in the editor's browser.
    """
    old_tokens, new_tokens = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    pieces = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = "".join(old_tokens[old_start:old_end])
        added = "".join(new_tokens[new_start:new_end])
        if operation == "equal":
            pieces.append(("span", removed))
            continue
        if removed:
            pieces.append(("del", removed))
        if added:
            pieces.append(("ins", added))
    return format_html_join("", "<{}>{}</{}>", ((tag, text, tag) for tag, text in pieces))


# Where a block ends in a body, a line ends in its words.
BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>", re.IGNORECASE)


def words_of(html):
    """A body's words as a reader reads them: tags gone, one block a line."""
    text = unescape(strip_tags(BLOCK_END.sub(lambda match: match.group(0) + "\n", html or "")))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def body_diff(old, new):
    """The word diff of two bodies' words (no markup shown); says so when only links or
    formatting changed, which the words alone would hide."""
    old_words, new_words = words_of(old), words_of(new)
    diff = word_diff(old_words, new_words)
    if old_words == new_words and has_changes(old, new):
        return format_html('{}<em class="diff-note"> Links or formatting changed.</em>', diff)
    return diff


def has_changes(old, new):
    return (old or "") != (new or "")


def field_diffs(old, new, fields=("headline", "summary", "body")):
    """[(field name, diff HTML, changed?)] between two objects with the given text fields."""
    return [
        (
            field,
            (body_diff if field == "body" else word_diff)(
                getattr(old, field, ""), getattr(new, field, "")
            ),
            has_changes(getattr(old, field, ""), getattr(new, field, "")),
        )
        for field in fields
    ]
