"""Who may do what to a story, in one place: the admin and the write API both ask here.

Roles are Django permissions, granted through the Reporter and Editor groups:
- a reporter (add/change article) writes stories, edits their own drafts, submits them;
- an editor (publish_article, edit_any_article) edits any story and moves it through every state.
"""

from articles.models import Article

Status = Article.Status

# Which moves exist at all, and whether they need the editor's right to publish.
TRANSITIONS = {
    (Status.DRAFT, Status.IN_REVIEW): "submit",
    (Status.IN_REVIEW, Status.DRAFT): "return",
    (Status.DRAFT, Status.PUBLISHED): "publish",
    (Status.IN_REVIEW, Status.PUBLISHED): "publish",
    (Status.PUBLISHED, Status.WITHDRAWN): "withdraw",
    (Status.WITHDRAWN, Status.PUBLISHED): "publish",
    (Status.WITHDRAWN, Status.DRAFT): "return",
    (Status.PUBLISHED, Status.DRAFT): "unpublish",
}
REPORTER_ACTIONS = {"submit"}


def is_editor(user):
    return user.is_active and user.has_perm("articles.publish_article")


def is_own(user, article):
    return article.created_by_id is not None and article.created_by_id == user.pk


def can_create(user):
    return user.is_active and user.has_perm("articles.add_article")


def can_edit(user, article):
    """Editors edit anything; a reporter edits only their own story while it is a draft."""
    if not user.is_active or not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    return is_own(user, article) and article.status == Status.DRAFT


def can_delete(user, article):
    """Only a story that never went out may be deleted: a published (or scheduled) one is
    withdrawn first, so the move is recorded and partners who received it are told to take
    it down (distribution's kill notice); deleting it would leave them holding it."""
    if not user.is_active or not user.has_perm("articles.delete_article"):
        return False
    return article.status != Status.PUBLISHED


def can_set_publication_time(user):
    """Scheduling is publishing: only editors choose when a story goes public."""
    return is_editor(user)


def can_transition(user, article, to_status):
    """May `user` move `article` from its current status to `to_status`?"""
    action = TRANSITIONS.get((article.status, to_status))
    if action is None or not user.is_active:
        return False
    if action in REPORTER_ACTIONS:
        return is_editor(user) or (is_own(user, article) and can_edit(user, article))
    return is_editor(user)


# What each move is called on the story form's buttons (desk: the form's primary actions).
# A label ending in "…" asks a question first (a time, or a confirmation of what happens).
STEP_LABELS = {
    "submit": "Submit for review",
    "publish": "Publish now",
    "schedule": "Schedule…",
    "withdraw": "Withdraw…",
    "return": "Back to draft",
    "unpublish": "Unpublish…",
}


def next_steps(user, article):
    """The moves `user` may make on `article` next, as (action, target status) in the order
    the story form shows them: the forward move first. A new story (no pk) is the writer's
    own draft. Scheduling is publishing with a time, so it follows "publish" for editors; a
    scheduled story may also be published now (its time brought forward)."""
    if article.pk is None:
        article = Article(status=Status.DRAFT, created_by=user)
    steps = []
    for to_status in allowed_statuses(user, article):
        action = TRANSITIONS[(article.status, to_status)]
        steps.append((action, to_status))
        if action == "publish" and can_set_publication_time(user):
            steps.append(("schedule", to_status))
    if article.is_scheduled and is_editor(user):
        steps[:0] = [("publish", Status.PUBLISHED), ("schedule", Status.PUBLISHED)]
    order = ["submit", "publish", "schedule", "return", "withdraw", "unpublish"]
    return sorted(steps, key=lambda step: order.index(step[0]))


def allowed_statuses(user, article):
    """The statuses `user` may move `article` to (its current one excluded)."""
    return [status for status in Status if can_transition(user, article, status)]


def role_name(user):
    """The user's job on the desk, as the header says it: what they may do, not their groups."""
    if user.is_superuser:
        return "Administrator"
    if is_editor(user):
        return "Editor"
    if can_create(user):
        return "Reporter"
    return "Desk"
