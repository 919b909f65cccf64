"""The story form's workflow buttons (the desk's primary actions): which steps a user may take
next (articles/workflow.py decides), what a step asks before it acts, and what the desk says
once it is done, with where to see the result."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import workflow

# What each step's button asks before it acts (a <details> that opens on the form: no script).
STEP_QUESTIONS = {
    "schedule": "Publish the story by itself at this time (your time zone):",
    "withdraw": (
        "Readers will no longer see this story: its page, feeds, search and the API drop it. "
        "Partners who received it are sent a kill notice telling them to take it down. "
        "It can be published again later."
    ),
    "unpublish": (
        "The story goes back to being a draft: readers no longer see it, and partners who "
        "received it are sent a kill notice telling them to take it down."
    ),
}
STEP_CONFIRM = {
    "schedule": "Schedule",
    "withdraw": "Withdraw the story",
    "unpublish": "Unpublish the story",
}


def workflow_buttons(user, article):
    """The story form's primary buttons: the next steps articles/workflow.py allows `user`."""
    return [
        {
            "action": action,
            "label": workflow.STEP_LABELS[action],
            "question": STEP_QUESTIONS.get(action, ""),
            "confirm": STEP_CONFIRM.get(action, ""),
            "default": index == 0 and action in ("submit", "publish"),
        }
        for index, (action, _status) in enumerate(workflow.next_steps(user, article))
    ]


def step_done_message(step, article):
    """What happened, and where to see it (safe HTML for the admin's message)."""
    if step == "publish":
        return format_html(
            'Published. <a href="{}">View it on the site</a>.', article.get_absolute_url()
        )
    if step == "schedule":
        when = timezone.localtime(article.published_at)
        return format_html(
            "Scheduled for {}. It goes out by itself then; until then it waits under "
            '“Scheduled” on <a href="{}">the desk\'s home page</a>.',
            f"{when:%-d %b %Y, %H:%M}",
            reverse("admin:index"),
        )
    if step == "submit":
        return format_html(
            'Submitted for review. Editors find it under “In review” on <a href="{}">the '
            "desk's home page</a>.",
            reverse("admin:index"),
        )
    if step == "withdraw":
        return (
            "Withdrawn. Readers no longer see it; partners who received it are sent a kill notice."
        )
    if step == "unpublish":
        return "Unpublished: a draft again. Partners who received it are sent a kill notice."
    return "Back to draft."
