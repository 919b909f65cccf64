"""A readable word-by-word diff of two texts, as safe HTML (<del>/<ins>) for the admin."""

import difflib
import re

from django.utils.html import format_html_join

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


def has_changes(old, new):
    return (old or "") != (new or "")


def field_diffs(old, new, fields=("headline", "summary", "body")):
    """[(field name, diff HTML, changed?)] between two objects with the given text fields."""
    return [
        (
            field,
            word_diff(getattr(old, field, ""), getattr(new, field, "")),
            has_changes(getattr(old, field, ""), getattr(new, field, "")),
        )
        for field in fields
    ]
