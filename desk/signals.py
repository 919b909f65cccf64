"""A saved story needs no autosave: its writer's is deleted when the save is kept.

Listens for revisions, which every save of a story's words makes with its author (admin,
write API); imports and restores without an author touch no autosave.
"""

from django.db import transaction
from django.db.models.signals import post_save

from articles.models import Revision
from desk.models import Autosave


def forget_saved_words(sender, instance, created, **kwargs):
    if not created or instance.created_by_id is None:
        return
    user_id, article_id = instance.created_by_id, instance.article_id
    stories = [article_id]

    def forget():
        # The first save of a new story also ends its writer's autosave from the add page.
        new_story = instance.version == 1
        Autosave.objects.filter(user_id=user_id, article_id__in=stories).delete()
        if new_story:
            Autosave.objects.filter(user_id=user_id, article__isnull=True).delete()

    transaction.on_commit(forget)


def connect_signals():
    post_save.connect(forget_saved_words, sender=Revision, dispatch_uid="desk-forget-saved")
