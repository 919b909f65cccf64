"""The writing desk: the story body's editor in the admin and the two JSON endpoints it asks.

The editor is django-prose-editor (ProseMirror/Tiptap) configured from the one allow-list in
`core/html.py`, with this project's own preset (`articles/static/articles/body_editor.js`):
it adds the entity marks, the library pictures and the counters, and serialises one block per
line, as the importer writes bodies, so a story opened and saved unchanged keeps its bytes.

While the reporter types, the editor sends the text of each paragraph (debounced) to
`mentions_view`, which runs the mention linker (articles/linker.py: whole words, longest
match, names shared by two entities skipped) and answers where the names are and which entity
each one is. One automaton search per paragraph: the cost grows with the text, not with the
number of names (`make bench` measures a 2,000-word story at 100,000 names).
"""

import json

from django.db.models import Q
from django.forms.widgets import Script
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import (
    AdminProseEditorWidget,
    prose_editor_admin_media,
    prose_editor_js,
)
from js_asset import Media

from articles.entity_links import LINK_FIELDS, MODEL_OF_KIND
from articles.linker import get_linker
from articles.models import Image
from core.html import EDITOR_EXTENSIONS

PRESET = "newsroom"
# A story of 50,000 words is a book; anything longer is not a story being typed.
MAX_TEXT_CHARACTERS = 400_000
MAX_BLOCKS = 5_000
IMAGE_RESULTS = 12


# Where a headline and a summary are cut short, with the source of each number: the counters
# under the two boxes say when a text is longer (they never stop a save).
HEADLINE_LIMITS = [(60, "Google's results"), (70, "X's cards")]
HEADLINE_HELP = (
    "Google shows about 60 characters of a title in its results (Moz, “Title tag”); X's "
    "cards at most 70 (X developer platform, “Summary card”)."
)
SUMMARY_LIMITS = [(160, "Google's results"), (200, "X's cards")]
SUMMARY_HELP = (
    "One or two sentences under the headline. Google shows about 155–160 characters of a "
    "description (Moz, “Meta description”); X's cards at most 200 (X developer platform)."
)


def prepare_story_form(form):
    """Live character counters on the headline and the summary (articles/body_editor.js),
    names for the publication time's two boxes, which Django's admin leaves unlabelled, and
    the first focus of a new story on its headline."""
    if "published_at" in form.fields and hasattr(form.fields["published_at"].widget, "widgets"):
        date, time = form.fields["published_at"].widget.widgets
        date.attrs["aria-label"] = "Publication date"
        time.attrs["aria-label"] = "Publication time of day"
    if form.instance.pk is None and "headline" in form.fields:
        form.fields["headline"].widget.attrs["autofocus"] = True  # a new story starts there
    for name, limits, help_text in (
        ("headline", HEADLINE_LIMITS, HEADLINE_HELP),
        ("summary", SUMMARY_LIMITS, SUMMARY_HELP),
    ):
        if name in form.fields:
            form.fields[name].widget.attrs["data-counter"] = json.dumps(limits)
            form.fields[name].help_text = help_text


class StoryBodyWidget(AdminProseEditorWidget):
    """django-prose-editor's admin widget with this project's preset and stylesheet."""

    @property
    def media(self):
        return prose_editor_admin_media + Media(
            # After the package's stylesheets: this one adjusts them.
            css={"all": ["django_prose_editor/overrides.css", "articles/body_editor.css"]},
            js=[prose_editor_js, Script("articles/body_editor.js", type="module")],
        )


class StoryBodyField(ProseEditorFormField):
    """The body on the story form: the editor, configured from the allow-list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", StoryBodyWidget)
        kwargs.setdefault(
            "help_text",
            "Paragraphs, headings, bold, italic, links, lists, quotes and pictures from the "
            "library. Names the desk knows are underlined as you type: one click on ⊕ links "
            "one. Anything else pasted in is cleaned away when saved.",
        )
        super().__init__(
            config={"extensions": EDITOR_EXTENSIONS, "entityLinks": LINK_FIELDS},
            preset=PRESET,
            **kwargs,
        )


def story_form_media_with_nonce(media, request):
    """The change form's media with the request's CSP nonce on every tag.

    The editor's modules are found through an import map, which is an inline script: the
    policy allows no inline script except one carrying the nonce of its response.
    """
    return Media.from_media(media, nonce=str(request.csp_nonce))


# --- the endpoints -----------------------------------------------------------------------


def _json_body(request):
    try:
        return json.loads(request.body or b"")
    except (UnicodeDecodeError, ValueError):
        raise _BadRequest("The request body is not JSON.") from None


class _BadRequest(Exception):
    pass


def _utf16_offsets(text):
    """Code point index → UTF-16 index: the browser counts a character outside the Basic
    Multilingual Plane (an emoji) as two."""
    if text.isascii() or all(ord(character) < 0x10000 for character in text):
        return None
    offsets, position = [], 0
    for character in text:
        offsets.append(position)
        position += 2 if ord(character) >= 0x10000 else 1
    offsets.append(position)
    return offsets


def find_block_mentions(blocks, linker=None):
    """Mentions of linkable entities in each block of text: (block index, Mention, offsets).

    Kinds a story does not link to (countries) are left out.
    """
    linker = linker or get_linker()
    found = []
    for index, text in enumerate(blocks):
        offsets = None
        for mention in linker.find(text):
            if mention.kind not in LINK_FIELDS:
                continue
            if offsets is None:
                offsets = _utf16_offsets(text) or False
            start, end = (
                (offsets[mention.start], offsets[mention.end])
                if offsets
                else (mention.start, mention.end)
            )
            found.append((index, mention, start, end))
    return found


def _entities_by_key(mentions):
    """{(kind, pk): entity} for the mentions, one query per kind."""
    wanted = {}
    for _index, mention, _start, _end in mentions:
        wanted.setdefault(mention.kind, set()).add(mention.pk)
    entities = {}
    for kind, pks in wanted.items():
        model = MODEL_OF_KIND[kind]
        for entity in model._default_manager.filter(pk__in=pks):
            entities[(kind, entity.pk)] = entity
    return entities


@require_POST
def mentions_view(request):
    """POST {"blocks": ["text of a paragraph", …]} → where each known entity is named.

    Answers {"mentions": [{block, start, end, text, entity: "person:12", kind, name, url}]},
    offsets in UTF-16 code units into each block (what the browser counts).
    """
    try:
        data = _json_body(request)
        blocks = data.get("blocks") if isinstance(data, dict) else None
        if not isinstance(blocks, list) or not all(isinstance(block, str) for block in blocks):
            raise _BadRequest('Send {"blocks": ["text", …]}: a list of strings.')
        if len(blocks) > MAX_BLOCKS or sum(map(len, blocks)) > MAX_TEXT_CHARACTERS:
            raise _BadRequest(
                f"The text is too long to check: at most {MAX_TEXT_CHARACTERS:,} characters "
                f"in {MAX_BLOCKS:,} paragraphs."
            )
    except _BadRequest as error:
        return JsonResponse({"error": str(error)}, status=400)
    found = find_block_mentions(blocks)
    entities = _entities_by_key(found)
    mentions = []
    for index, mention, start, end in found:
        entity = entities.get((mention.kind, mention.pk))
        if entity is None:  # deleted since the linker was built
            continue
        mentions.append(
            {
                "block": index,
                "start": start,
                "end": end,
                "text": mention.text,
                "entity": f"{mention.kind}:{mention.pk}",
                "kind": mention.kind,
                "name": str(entity),
                "url": entity.get_absolute_url(),
            }
        )
    return JsonResponse({"mentions": mentions})


@require_GET
def image_search_view(request):
    """GET ?q=words → library pictures whose caption, alt text or credit hold them."""
    query = request.GET.get("q", "").strip()
    if len(query) > 200:
        return JsonResponse({"error": "Search with at most 200 characters."}, status=400)
    images = Image.objects.order_by("-created_at", "-pk")  # a picture just uploaded first
    for word in query.split()[:10]:
        images = images.filter(
            Q(caption__icontains=word) | Q(alt_text__icontains=word) | Q(credit__icontains=word)
        )
    return JsonResponse(
        {
            "images": [
                {
                    "id": image.pk,
                    "src": image.rendition_url(640),
                    "thumbnail": image.rendition_url(320),
                    "alt": image.alt_text,
                    "caption": image.caption,
                    "credit": image.credit,
                }
                for image in images[:IMAGE_RESULTS]
            ]
        }
    )


def desk_only(view, may_write):
    """A 403 in JSON for anyone but a signed-in member of the desk who may write stories
    (`may_write(request)`); never cached."""

    @never_cache
    def checked(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff and may_write(request)):
            return JsonResponse(
                {"error": "Only the desk, signed in, may use the story editor's services."},
                status=403,
            )
        return view(request, *args, **kwargs)

    return checked
