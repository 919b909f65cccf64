"""The desk's JSON endpoints for the story form: autosave, live preview, presence, session.

Thin: each finds the story, asks desk/permissions.py, and hands off to desk/services.py or
desk/preview.py. All answer in JSON with a sentence saying what is wrong (the preview's
success is the page's HTML): 401 when the login has expired (the page then keeps the words
in the browser until the writer signs in again), 403 when the story is not the writer's to
touch, 404 for an unknown story, 413 for a text too long to be a story, 400 for anything
malformed. CSRF is checked as on every form post; none of them is ever cached.
"""

import functools

from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article
from articles.story_page.page import story_page_context
from desk import permissions
from desk.preview import PreviewForm, preview_story
from desk.services import (
    autosave_discard,
    autosave_offer,
    autosave_store,
    presence_heartbeat,
    presence_leave,
)

# Longer than any story the desk has written; what is longer is not being typed.
MAX_FIELD_CHARACTERS = {"headline": 1_000, "summary": 10_000, "body": 1_000_000}


class Refusal(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def desk_endpoint(view):
    """Signed-in members of the desk only, answered in JSON (never a redirect to the login:
    the page asking must learn the login expired), never cached."""

    @never_cache
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        try:
            if not request.user.is_authenticated:
                raise Refusal(401, "You are signed out. Sign in again to keep saving.")
            if not permissions.is_desk_member(request.user):
                raise Refusal(403, "Only the desk may use this.")
            content_length = request.META.get("CONTENT_LENGTH") or "0"
            if not content_length.isdigit():
                raise Refusal(400, "The request's length is not a number.")
            if int(content_length) > settings.NEWSROOM_AUTOSAVE_MAX_BYTES:
                raise Refusal(413, "Too long to keep: is this the whole story, once?")
            return view(request, *args, **kwargs)
        except Refusal as refusal:
            return JsonResponse({"error": str(refusal)}, status=refusal.status)

    return checked


def _story(request, article_id, rule):
    """The story `article_id` names (None: a new one), if `rule` lets the user touch it."""
    article = None
    if article_id is not None:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise Refusal(404, "There is no such story.")
    if not rule(request.user, article):
        raise Refusal(403, "This story is not yours to change.")
    return article


def _words(data):
    words = {}
    for name, limit in MAX_FIELD_CHARACTERS.items():
        value = data.get(name)
        if value is None:
            raise Refusal(400, "Send the story's headline, summary and body.")
        if len(value) > limit:
            raise Refusal(413, f"The {name} is longer than {limit:,} characters.")
        words[name] = value
    return words


def _version(data, article):
    value = data.get("expected_version", "")
    if article is None and value == "":
        return None
    if not value.isdigit():
        raise Refusal(400, "Send the version of the story the form was opened at.")
    return int(value)


@desk_endpoint
@require_http_methods(["GET", "POST"])
def autosave(request, article_id=None):
    """GET: what the form may restore (with its diff); POST: keep the form's words."""
    article = _story(request, article_id, permissions.can_autosave)
    if request.method == "GET":
        offer = autosave_offer(user=request.user, article=article)
        if offer is None:
            return JsonResponse({"autosave": None})
        saved, diffs = offer
        return JsonResponse(
            {
                "autosave": {
                    "saved_at": saved.saved_at.isoformat(),
                    "saved_at_display": f"{timezone.localtime(saved.saved_at):%H:%M}",
                    "base_version": saved.base_version,
                    "story_version": article.version if article else None,
                    "headline": saved.headline,
                    "summary": saved.summary,
                    "body": saved.body,
                    "diffs": [
                        {"field": name, "html": str(diff), "changed": changed}
                        for name, diff, changed in diffs
                    ],
                }
            }
        )
    kept = autosave_store(
        user=request.user,
        article=article,
        base_version=_version(request.POST, article),
        **_words(request.POST),
    )
    return JsonResponse({"saved_at": kept.saved_at.isoformat() if kept else None})


@desk_endpoint
@require_POST
def autosave_discard_view(request, article_id=None):
    article = _story(request, article_id, permissions.can_restore)
    autosave_discard(user=request.user, article=article)
    return JsonResponse({"discarded": True})


@desk_endpoint
@require_POST
def preview(request, article_id=None):
    """The public page of the story as the form has it now."""
    article = _story(request, article_id, permissions.can_preview)
    form = PreviewForm(request.POST, article=article)
    if not form.is_valid():
        return JsonResponse({"error": "The form has errors.", "fields": form.errors}, status=400)
    response = TemplateResponse(
        request, "articles/article_detail.html", story_page_context(preview_story(form))
    )
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


@desk_endpoint
@require_POST
def presence(request, article_id):
    """A heartbeat from an open form: the names of the others who have the story open."""
    article = _story(request, article_id, permissions.can_see_presence)
    if request.POST.get("leaving"):
        presence_leave(user=request.user, article_id=article.pk)
        return JsonResponse({"others": []})
    return JsonResponse({"others": presence_heartbeat(user=request.user, article_id=article.pk)})


@desk_endpoint
@require_GET
def session(request):
    """Still signed in: and the CSRF token now valid (a new login changes it), which the page
    puts on its form so the edits kept while signed out can be sent and saved."""
    return JsonResponse({"signed_in": True, "csrf_token": get_token(request)})
