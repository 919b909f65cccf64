"""Live entries as readers see them: one template for the page, the poll and the older pages.

Entries are drawn with the story body's rules (articles/rendering.py): the sanitised body
copied through, the first mention of each of the live story's people, events and agreements
linked, the editor's entity links and library pictures resolved when drawn. The references
and pictures of a whole batch of entries are read together, so a batch costs the same few
queries whether it holds one entry or fifty.
"""

from django.template.loader import render_to_string

from articles.linker import get_linker
from articles.rendering import body_images, entity_references, link_first_mentions

PAGE_SIZE = 20
KEY_EVENTS = 20


def rendered_entries(entries, targets, request=None):
    """[(entry, html)] for `entries` (with `image` selected), linked against `targets`."""
    entries = list(entries)
    joined = "\n".join(entry.body for entry in entries)
    references = entity_references(joined, targets) if "data-entity" in joined else {}
    images = body_images(joined)
    linker = get_linker() if entries else None
    drawn = []
    for entry in entries:
        body = link_first_mentions(entry.body, targets, linker, references, images)
        html = render_to_string("live/entry.html", {"entry": entry, "body": body}, request)
        drawn.append((entry, html.strip()))
    return drawn
