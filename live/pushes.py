"""Partners hear of a live story's new, edited, pinned and deleted entries as an update of the
story (distribution/outbox.py), whose ninjs carries its entries (live/api/ninjs.py).

Listens to entries' saves; the event is written in the entry's own transaction, and an update
not yet sent absorbs the next ones, so a busy live desk makes one push per round of a
subscriber's deliveries, not one per entry. Only a story partners may have is pushed.
"""

from django.db.models.signals import post_save

from distribution import outbox
from live.models import LiveEntry


def entry_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # An update for whoever may have the story now (the public, or only the partners
    # receiving embargoed copy); none while nobody has it.
    outbox.record_update(instance.coverage.article)


def connect_signals():
    post_save.connect(entry_changed, sender=LiveEntry, dispatch_uid="live-pushes")
