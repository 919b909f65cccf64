"""Who may do what in the diary, in one place (the shape of articles/workflow.py): the views
and the services both ask here.

- editors (articles.publish_article) plan coverage, assign and reassign it, cancel and
  reinstate it, enter diary entries and make them public events;
- reporters see the diary, accept what is assigned to them and start it; an item with no story
  behind it (pictures, video) is moved on by its reporter (in progress, filed) and signed off
  by an editor.

An item whose story exists follows that story (signals.py): nobody moves it by hand, except
to cancel it.
"""

from articles import workflow
from planning.models import CoverageItem

Status = CoverageItem.Status
Kind = CoverageItem.Kind

# Moves made by hand, and who makes them ("editor", or "reporter": the assignee or an editor).
TRANSITIONS = {
    (Status.ASSIGNED, Status.IN_PROGRESS): "reporter",
    (Status.IN_PROGRESS, Status.FILED): "reporter",
    (Status.FILED, Status.IN_PROGRESS): "editor",
    (Status.FILED, Status.DONE): "editor",
    (Status.DONE, Status.IN_PROGRESS): "editor",
}
# What a started story becomes, by the story's status (signals.py keeps it so).
FOLLOWS_STORY = {
    "draft": Status.IN_PROGRESS,
    "in_review": Status.FILED,
    "published": Status.DONE,
    "withdrawn": Status.IN_PROGRESS,
}
# Kinds that become a story in the CMS ("Start the story"; a live page: "Start the live page").
STARTABLE = {Kind.STORY, Kind.FACT_BOX, Kind.LIVE}


def is_editor(user):
    return workflow.is_editor(user)


def can_see_diary(user):
    """The desk: staff who may write stories (reporters and editors)."""
    return user.is_authenticated and user.is_active and user.is_staff and workflow.can_create(user)


def can_plan(user):
    """Plan coverage, enter diary entries, assign, cancel: editors only."""
    return can_see_diary(user) and is_editor(user)


def is_assignee(user, item):
    return item.assignee_id is not None and item.assignee_id == user.pk


def can_accept(user, item):
    return (
        can_see_diary(user)
        and is_assignee(user, item)
        and item.accepted_at is None
        and item.status in (Status.ASSIGNED, Status.IN_PROGRESS)
    )


def can_start(user, item):
    """Start the story (or the live page): the assignee or an editor, once, while it is
    planned or assigned."""
    if not can_see_diary(user) or item.kind not in STARTABLE or item.story_id is not None:
        return False
    if item.status not in (Status.PLANNED, Status.ASSIGNED):
        return False
    return is_editor(user) or is_assignee(user, item)


def can_assign(user, item):
    return can_plan(user) and item.is_open and item.story_id is None


def can_cancel(user, item):
    return can_plan(user) and item.is_open


def can_reinstate(user, item):
    return can_plan(user) and item.status == Status.CANCELLED


def can_move(user, item, to_status):
    """A move by hand: only for an item with no story behind it, and only along TRANSITIONS."""
    who = TRANSITIONS.get((item.status, to_status))
    if who is None or item.story_id is not None or not can_see_diary(user):
        return False
    if who == "reporter":
        return is_editor(user) or is_assignee(user, item)
    return is_editor(user)


def allowed_moves(user, item):
    return [status for status in Status if can_move(user, item, status)]


def can_make_public(user, entry):
    return can_plan(user) and entry.event_id is None
