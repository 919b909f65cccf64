"""A story body as readers see it: the first mention of each linked entity becomes a link.

The body is already sanitised when it is stored (`Article.save()`), so its tags and attributes
are copied through untouched. Only text between tags is searched, and only text outside an
existing link: a link inside a link is invalid HTML, and an editor's own link always wins.
Every piece of text is escaped again on the way out, including the names turned into links.

The editor's references are resolved here, when the page is rendered, never stored as
addresses: a link with `data-entity="person:12"` points at that person's page as it is now
(renamed, a new slug: the link follows; deleted: the words stay, as plain text), and a
`<figure data-image="7">` becomes the library picture with its renditions' `srcset`, caption
and credit (deleted: nothing).
"""

import re
from html.parser import HTMLParser

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.entity_links import MODEL_OF_KIND, STORY_LINKS
from articles.linker import get_linker
from articles.models import Image
from core.caching import fragment
from core.caching.keys import record_objects
from core.html import entity_references as references_in
from core.html import parse_entity_reference

IMAGE_ATTRIBUTE = re.compile(r'<figure data-image="([0-9]+)"')
BODY_IMAGE_SIZES = "(min-width: 50rem) 42rem, 100vw"

# Text inside these is left alone: a link inside a link is invalid, and code is literal.
NO_LINKS_INSIDE = frozenset({"a", "code", "pre"})

# Only the kinds a story links to by hand in the admin get links in its body; places,
# countries and organizations are found by the linker too but have no curated links here.
FIRST_MENTION_LINKS = tuple(link for link in STORY_LINKS if link.first_mention_linked)


def link_targets(article):
    """{(kind, pk): url} for the people, events and agreements the story is linked to.

    Reads the article's related managers, so prefetch them (see `articles.story_page.links`) to keep
    this free of queries.
    """
    return {
        (link.kind, entity.pk): entity.get_absolute_url()
        for link in FIRST_MENTION_LINKS
        for entity in getattr(article, link.field).all()
    }


def entity_references(body, targets):
    """{(kind, pk): url} for every entity the body's links name (`data-entity`).

    Those among `targets` (the story's prefetched relations) cost nothing; the others, one
    query per kind. An entity that no longer exists is absent.
    """
    wanted = {}
    for kind, pk in references_in(body):
        wanted.setdefault(kind, set()).add(pk)
    urls = {}
    for kind, pks in wanted.items():
        missing = {pk for pk in pks if (kind, pk) not in targets}
        urls.update({(kind, pk): targets[(kind, pk)] for pk in pks - missing})
        if missing:
            model = MODEL_OF_KIND[kind]
            for entity in model._default_manager.filter(pk__in=missing):
                urls[(kind, entity.pk)] = entity.get_absolute_url()
    return urls


def body_images(body):
    """{pk: rendered <figure>} for the library pictures in the body; one query, none without."""
    pks = {int(pk) for pk in IMAGE_ATTRIBUTE.findall(body)}
    if not pks:
        return {}
    return {
        image.pk: render_to_string(
            "includes/figure.html",
            {"image": image, "class": "story-image", "sizes": BODY_IMAGE_SIZES, "lazy": True},
        ).strip()
        for image in Image.objects.filter(pk__in=pks)
    }


def link_first_mentions(body, targets, linker=None, references=None, images=None):
    """`body` (sanitised HTML) with the first mention of each target turned into a link.

    `targets` maps (kind, pk) to the URL to link to; mentions of anything else are left as
    text. `references` maps the (kind, pk) of the body's own entity links to their URLs (see
    `entity_references`; a link to anything else loses its tag), `images` the pictures' pks
    to their rendered figures (see `body_images`). Returns a SafeString.
    """
    if not body:
        return mark_safe("")
    references = entity_references(body, targets) if references is None else references
    images = body_images(body) if images is None else images
    if not targets and "data-entity" not in body and "data-image" not in body:
        return mark_safe(body)  # sanitised when it was stored
    linker = linker or get_linker()
    rewriter = _MentionLinkingParser(linker, targets, references, images)
    rewriter.feed(body)
    rewriter.close()
    return mark_safe("".join(rewriter.output))  # tags copied as sanitised, text escaped


def linked_body(article):
    """The story's body with its people, events and agreements linked at first mention."""
    return link_first_mentions(article.body, link_targets(article))


# A site-relative address in an attribute the body's markup carries.
RELATIVE_ADDRESS = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')
SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def resolved_body(article, absolute):
    """The body as the API and ninjs carry it: the editor's references resolved as they are
    now (as on the page), without the page's first-mention links (a partner's page chooses
    its own), every address made absolute by `absolute` (`request.build_absolute_uri`)."""
    body = link_first_mentions(article.body, {})
    if "/" not in body:
        return body

    def absolute_srcset(match):
        entries = []
        for entry in match[1].split(","):
            address, _, width = entry.strip().partition(" ")
            address = absolute(address) if address.startswith("/") else address
            entries.append(f"{address} {width}".strip())
        return f'srcset="{", ".join(entries)}"'

    body = RELATIVE_ADDRESS.sub(lambda m: f'{m[1]}="{absolute(m[2])}"', body)
    return mark_safe(SRCSET.sub(absolute_srcset, body))  # addresses were escaped as written


def kept_resolved_body(article, request):
    """`resolved_body` for the API and ninjs, made once per change and site address for
    readers (a fragment under the keys of what it resolves: core/caching/fragments.py);
    signed-in users and stories not yet public have theirs made for them."""
    absolute = request.build_absolute_uri
    # A push to a subscriber renders with a request of its own, nobody signed in.
    signed_in = getattr(getattr(request, "user", None), "is_authenticated", False)
    if signed_in or not article.is_published:
        return resolved_body(article, absolute)
    name = f"resolved-body:{article.pk}:{absolute('/')}"

    def make():
        record_objects(article)  # read outside: its edits purge what is made of its body
        return resolved_body(article, absolute)

    return fragment(name, make)


class _MentionLinkingParser(HTMLParser):
    """Copies sanitised HTML through, replacing first mentions in text with links."""

    def __init__(self, linker, targets, references, images):
        # convert_charrefs: text arrives decoded ("&amp;" as "&"), so the linker's offsets
        # refer to what a reader sees, and one run of text arrives as one piece.
        super().__init__(convert_charrefs=True)
        self.linker = linker
        self.targets = targets
        self.references = references
        self.images = images
        # An entity the writer linked by hand is not linked again at its first mention.
        self.already_linked = set(references)
        self.no_link_depth = 0
        self.dropped_link = False  # inside an entity link whose entity is gone
        self.in_figure = False  # inside a library picture, replaced as a whole
        self.output = []

    def handle_starttag(self, tag, attrs):
        if self.in_figure:
            return
        if tag == "figure" and (image := dict(attrs).get("data-image")):
            self.in_figure = True
            self.output.append(self.images.get(int(image), ""))
            return
        if tag == "a" and (reference := dict(attrs).get("data-entity")):
            if self._start_entity_link(reference, attrs):
                self.no_link_depth += 1
            return
        if tag in NO_LINKS_INSIDE:
            self.no_link_depth += 1
        self.output.append(self.get_starttag_text())

    def _start_entity_link(self, reference, attrs):
        """Write the link to the entity's page as it is now; False when the entity is gone."""
        parsed = parse_entity_reference(reference)
        url = self.references.get(parsed) if parsed else None
        if url is None:
            self.dropped_link = True
            return False
        kept = "".join(
            format_html(' {}="{}"', name, value)
            for name, value in attrs
            if name not in {"href", "class"} and value is not None
        )
        self.output.append(
            format_html(
                '<a class="mention mention-{}" href="{}"{}>', parsed[0], url, mark_safe(kept)
            )
        )
        return True

    def handle_startendtag(self, tag, attrs):
        if not self.in_figure:
            self.output.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if self.in_figure:
            self.in_figure = tag != "figure"
            return
        if tag == "a" and self.dropped_link:
            self.dropped_link = False
            return
        if tag in NO_LINKS_INSIDE and self.no_link_depth:
            self.no_link_depth -= 1
        self.output.append(f"</{tag}>")

    def handle_data(self, data):
        if self.in_figure:
            return
        if self.no_link_depth:
            self.output.append(escape(data))
            return
        position = 0
        for mention in self.linker.find(data):
            key = (mention.kind, mention.pk)
            if key not in self.targets or key in self.already_linked:
                continue
            self.already_linked.add(key)
            self.output.append(escape(data[position : mention.start]))
            self.output.append(
                format_html(
                    '<a class="mention mention-{}" href="{}">{}</a>',
                    mention.kind,
                    self.targets[key],
                    mention.text,
                )
            )
            position = mention.end
        self.output.append(escape(data[position:]))

    # Comments, doctypes and processing instructions never survive sanitising; drop any
    # that would rather than copy them through unexamined.
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass
