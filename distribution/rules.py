"""Who may manage distribution, in one place: the admin asks here.

Subscribers receive every story the desk publishes, signed with a secret: choosing who they
are, what they get and where it goes is an editor's decision, like publishing. Reporters see
nothing of it.
"""

from articles import workflow


def can_manage_subscribers(user):
    return workflow.is_editor(user)


def can_view_deliveries(user):
    return workflow.is_editor(user)


def can_redeliver(user):
    return workflow.is_editor(user)
