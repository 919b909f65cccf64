"""A live story in ninjs: its entries as associations (`entry-<id>`), each a ninjs text of
its own with its author, times and body, newest first (the latest 100)."""

from html import unescape

from django.utils.html import strip_tags

from articles.api import ninjs
from live.models import LiveEntry

ENTRIES = 100


def entry_associations(article, absolute):
    if getattr(article, "live_coverage", None) is None:  # selected with the story
        return []
    entries = LiveEntry.objects.visible().filter(coverage_id=article.pk).newest_first()[:ENTRIES]
    associations = []
    for entry in entries:
        plain = unescape(strip_tags(entry.body))
        association = {
            "name": f"entry-{entry.pk}",
            "uri": absolute(f"{article.get_absolute_url()}#entry-{entry.pk}"),
            "type": "text",
            "representationtype": "full",
            "version": str(entry.version),
            "firstcreated": entry.created_at.isoformat(),
            "versioncreated": (entry.changed_at or entry.created_at).isoformat(),
            "pubstatus": "usable",
            "bodies": [
                {
                    "role": "main",
                    "contenttype": "text/html",
                    "value": entry.body,
                    "charcount": len(plain),
                    "wordcount": len(plain.split()),
                }
            ],
        }
        if entry.author_name:
            association["by"] = entry.author_name
        if entry.is_key_event:
            association["headlines"] = [
                {"role": "main", "value": entry.key_event_title or "Key event"}
            ]
        associations.append(association)
    return associations


def register():
    ninjs.register_associations(entry_associations)
