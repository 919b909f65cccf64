"""Who may do what on a live story, beside articles/workflow.py and in its shape.

Reporters post entries to a live story an editor opened, and edit or delete their own; only
editors pin (key events), delete others' entries, and open or close the coverage.
"""

from articles import workflow


def is_desk_member(user):
    return user.is_authenticated and user.is_active and user.is_staff


def can_see_desk(user):
    return is_desk_member(user) and workflow.can_create(user)


def can_post(user, coverage):
    return can_see_desk(user) and coverage.is_open


def can_edit_entry(user, entry):
    if not can_see_desk(user) or entry.is_deleted:
        return False
    if workflow.is_editor(user):
        return True
    return entry.author_id == user.pk and entry.coverage.is_open


def can_delete_entry(user, entry):
    return can_edit_entry(user, entry)


def can_pin(user):
    return can_see_desk(user) and workflow.is_editor(user)


def can_open_or_close(user):
    return can_see_desk(user) and workflow.is_editor(user)
