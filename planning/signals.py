"""The coverage follows its story: the diary listens to the stories' saves and deletions, and
the story code knows nothing of it (articles/ never imports planning/).

Every writer of a story is heard (the admin, the write API, a shell): a draft means the
coverage is in progress, submitted for review means filed, published means done, withdrawn or
returned to a draft means back in progress; a deleted story sends its coverage back to the desk
(assigned, or planned when nobody covers it). Cancelled coverage stays cancelled. Cost: one
query per story save along the story's index on the coverage table, and two writes when the
status moves. Runs in the story's own transaction: the move is kept exactly when the story's is.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_delete

from articles.models import Article
from planning import rules
from planning.models import CoverageItem
from planning.services import record_move

Status = CoverageItem.Status
STORY_NAMES = {
    Status.IN_PROGRESS: "the story is a draft",
    Status.FILED: "the story was submitted for review",
    Status.DONE: "the story was published",
}


def connect_signals():
    post_save.connect(follow_story, sender=Article, dispatch_uid="planning-follow-story")
    pre_delete.connect(story_deleted, sender=Article, dispatch_uid="planning-story-deleted")
    pre_delete.connect(
        account_deleted, sender=get_user_model(), dispatch_uid="planning-account-deleted"
    )


def follow_story(sender, instance, raw=False, **kwargs):
    if raw:
        return  # fixtures and restores replay history: the diary's rows come with them
    wanted = rules.FOLLOWS_STORY.get(instance.status)
    if wanted is None:
        return
    items = CoverageItem.objects.filter(story_id=instance.pk).exclude(
        status__in=[Status.CANCELLED, wanted]
    )
    for item in items:
        note = STORY_NAMES.get(wanted, "")
        if instance.status == Article.Status.WITHDRAWN:
            note = "the story was withdrawn"
        record_move(item, wanted, note=note)


def story_deleted(sender, instance, **kwargs):
    # Before the deletion: the foreign key still names the story (it is emptied afterwards).
    for item in CoverageItem.objects.filter(story_id=instance.pk).exclude(status=Status.CANCELLED):
        back = Status.ASSIGNED if item.assignee_id else Status.PLANNED
        item.story = None
        record_move(item, back, note="the story was deleted")


def account_deleted(sender, instance, **kwargs):
    # An item assigned to nobody is planned, waiting on the desk (the database insists); work
    # already under way keeps its status and loses only its name.
    for item in CoverageItem.objects.filter(assignee_id=instance.pk, status=Status.ASSIGNED):
        item.assignee = None
        record_move(item, Status.PLANNED, note=f"{instance}'s account was deleted")
