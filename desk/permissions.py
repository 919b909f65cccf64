"""Who may autosave, restore and preview what: the desk's rules, beside articles/workflow.py.

A writer's autosave and live preview show the words on their own form, so they follow the
right to write those words: the story's own edit rule, or the right to start a story on the
add page. Nobody reads another person's autosave.
"""

from articles import workflow


def is_desk_member(user):
    return user.is_authenticated and user.is_active and user.is_staff


def can_autosave(user, article):
    """`article` None is the new story on the add page."""
    if not is_desk_member(user):
        return False
    if article is None:
        return workflow.can_create(user)
    return workflow.can_edit(user, article)


# Restoring puts the words back on the form, which is saved by the story's own rules.
can_restore = can_autosave


def can_preview(user, article):
    """The live preview renders the form's words: whoever may write them may see them."""
    return can_autosave(user, article)


def can_see_presence(user, article):
    """Who else has the story open: anyone of the desk who may see the story in the admin."""
    return is_desk_member(user) and user.has_perm("articles.view_article")
