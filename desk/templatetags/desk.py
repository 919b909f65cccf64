"""The desk's pieces of the admin's pages: its home page and the story form's panels."""

import json

from django import template
from django.conf import settings
from django.urls import reverse

from articles import workflow
from desk import permissions
from desk.home import desk_home

register = template.Library()


@register.inclusion_tag("desk/home.html", takes_context=True)
def desk_home_lists(context):
    return desk_home(context["request"].user)


@register.inclusion_tag("desk/story_preview.html", takes_context=True)
def desk_story_preview(context):
    """The live preview's button and panel, above the story form (not in it)."""
    return {"enabled": desk_story_form_panels(context)["enabled"]}


@register.inclusion_tag("desk/story_form_panels.html", takes_context=True)
def desk_story_form_panels(context):
    """The autosave notice, "who else is here" and the live preview on the story form, with
    the addresses the page's script (desk/desk.js) talks to."""
    request = context["request"]
    article = context.get("original")
    article = article if article is not None and article.pk else None
    if not permissions.can_autosave(request.user, article):
        return {"enabled": False}
    suffix = "_new" if article is None else ""
    args = [] if article is None else [article.pk]
    urls = {
        "autosave": reverse(f"desk:autosave{suffix}", args=args),
        "discard": reverse(f"desk:autosave_discard{suffix}", args=args),
        "preview": reverse(f"desk:preview{suffix}", args=args),
        "session": reverse("desk:session"),
        "login": reverse("admin:login"),
    }
    if article is not None:
        urls["presence"] = reverse("desk:presence", args=args)
    return {
        "enabled": True,
        "config_json": json.dumps(
            {
                "urls": urls,
                # The browser's copy of the words while signed out: one per writer and story.
                "story_key": f"newsroom-desk:{request.user.pk}:{article.pk if article else 'new'}",
                "presence_seconds": settings.NEWSROOM_PRESENCE_SECONDS,
            }
        ),
    }


@register.simple_tag
def desk_role(user):
    """ "Editor", "Reporter"…: the header names the person's job (articles/workflow.py)."""
    return workflow.role_name(user)
