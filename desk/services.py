"""Autosave and presence: keeping a writer's unsaved words, and saying who else is here.

An autosave is the words of one open form (headline, summary, body), sent by the page a few
seconds after typing stops and when the tab is hidden or closed (desk/static/desk/desk.js).
It is stored per writer and story, never on the story: nothing a reader or another editor
sees changes, `Article.version` does not move, and a writer can only ever overwrite their
own autosave. The body is sanitised as a story's is, so restoring it puts nothing on the form
that a save would not keep. A save of the story deletes its writer's autosave (signals.py);
`prune_autosaves` deletes the ones left behind. Each autosave costs one upsert on a small
table; the page sends at most one every few seconds while someone types.

Presence is a heartbeat: each open form says "I am here" every NEWSROOM_PRESENCE_SECONDS / 3
seconds, and the names heard within NEWSROOM_PRESENCE_SECONDS are shown on the other forms.
It lives in the cache (Redis when configured, shared by every process), one small entry per
open story; losing it loses nothing but a name for one heartbeat.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from articles.diff import field_diffs
from articles.models import Revision
from core.html import sanitize_html
from desk.models import Autosave

WORD_FIELDS = ("headline", "summary", "body")


def autosave_store(*, user, article, headline, summary, body, base_version):
    """Keep `user`'s unsaved words of `article` (None: their new story); the saved record, or
    None when the words are the story's own (then there is nothing to keep)."""
    words = {"headline": headline, "summary": summary, "body": sanitize_html(body)}
    if article is not None and all(getattr(article, name) == words[name] for name in words):
        Autosave.objects.for_story(user, article).delete()
        return None
    # Two requests at once (the pause's and the closing tab's beacon) cannot make two rows:
    # the unique constraints refuse the second insert and update_or_create updates instead.
    autosave, _ = Autosave.objects.update_or_create(
        user=user,
        article=article,
        defaults={**words, "base_version": base_version, "saved_at": timezone.now()},
    )
    return autosave


def autosave_discard(*, user, article):
    Autosave.objects.for_story(user, article).delete()


def autosave_offer(*, user, article):
    """What the form offers to restore: the autosave and its word diffs against the saved
    story (against nothing for a new story), or None when there is nothing to offer."""
    autosave = Autosave.objects.for_story(user, article).first()
    if autosave is None:
        return None
    diffs = field_diffs(article or Revision(), autosave, WORD_FIELDS)
    if not any(changed for _name, _diff, changed in diffs):
        autosave.delete()
        return None
    return autosave, diffs


# --- presence ----------------------------------------------------------------------------


def _presence_key(article_id):
    return f"desk:presence:{article_id}"


def display_name(user):
    return user.get_full_name() or user.get_username()


def presence_heartbeat(*, user, article_id):
    """Note that `user` has the story open; the names of the others who have it open."""
    key = _presence_key(article_id)
    now = timezone.now().timestamp()
    lifetime = settings.NEWSROOM_PRESENCE_SECONDS
    present = {
        user_id: (name, until)
        for user_id, (name, until) in (cache.get(key) or {}).items()
        if until > now and user_id != user.pk
    }
    others = sorted(name for name, _until in present.values())
    present[user.pk] = (display_name(user), now + lifetime)
    cache.set(key, present, lifetime)
    return others


def presence_leave(*, user, article_id):
    key = _presence_key(article_id)
    present = cache.get(key) or {}
    if present.pop(user.pk, None) is not None:
        cache.set(key, present, settings.NEWSROOM_PRESENCE_SECONDS)
