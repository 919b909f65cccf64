"""The audit trail as CSV: what a changelist's filters show, every row, streamed.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula;
a username or a story's headline is text anyone may have typed, so such a cell is written with
a leading apostrophe (OWASP's advice for CSV injection). Rows are read from the database in
chunks and written as they come: a year of trail never sits in memory.
"""

import csv
import datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = [
    "when (UTC)",
    "who",
    "action",
    "action name",
    "target type",
    "target id",
    "what",
    "origin",
    "from address",
    "browser",
    "detail",
]
CHUNK_ROWS = 2000


def safe_cell(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def entry_row(entry):
    target_type = entry.target_content_type.model if entry.target_content_type_id else ""
    return [
        safe_cell(cell)
        for cell in (
            entry.when.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            entry.actor_username,
            entry.action,
            entry.action_label,
            target_type,
            entry.target_object_id,
            entry.target_repr,
            entry.origin,
            entry.address or "",
            entry.user_agent,
            entry.detail,
        )
    ]


class _Echo:
    """A file whose write() hands the line back, for csv.writer to stream through."""

    def write(self, value):
        return value


def csv_lines(queryset):
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for entry in queryset.select_related("target_content_type").iterator(chunk_size=CHUNK_ROWS):
        yield writer.writerow(entry_row(entry))
