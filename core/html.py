"""The one HTML allow-list: what a story body may hold, and nothing else.

The same lists configure three things that must never disagree: the admin's editor (its
buttons and what it keeps of a paste, `EDITOR_EXTENSIONS`), the sanitiser every save goes
through (`sanitize_html`, called by `Article.save()`), and the public page, which reads the two
references the editor writes (`data-entity` on a link, `data-image` on a figure) and resolves
them when the page is rendered (`articles/rendering.py`). A test checks that
django-prose-editor's own reading of `EDITOR_EXTENSIONS` allows exactly these tags.
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import nh3

# tag → the attributes it may carry. Paragraphs, two heading levels (the headline is the h1),
# bold, italic, links, bullet and numbered lists, block quotes, line breaks, and pictures from
# the image library.
ALLOWED = {
    "p": set(),
    "br": set(),
    "h2": set(),
    "h3": set(),
    "strong": set(),
    "em": set(),
    "a": {"href", "title", "data-entity"},
    "ul": set(),
    "ol": {"start"},
    "li": set(),
    "blockquote": set(),
    "figure": {"data-image"},
    "img": {"src", "alt"},
    "figcaption": set(),
}
ALLOWED_TAGS = set(ALLOWED)
ALLOWED_ATTRIBUTES = {tag: attributes for tag, attributes in ALLOWED.items() if attributes}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# The kinds of entity a link may name (`data-entity="person:12"`): those a story links to,
# registered by the app that owns the table of them (articles/entity_links.py, from its
# AppConfig.ready). The sanitiser drops a reference to any other.
ENTITY_KINDS = []
ENTITY_REFERENCE = re.compile(r"^([a-z]+):([1-9][0-9]{0,18})$")
# An entity link in sanitised HTML: in an <a> tag, where no attribute's value holds a raw `"`
# or `>` (the sanitiser escapes them), while text may hold `data-entity="…"` as words.
ENTITY_LINK = re.compile(r'<a\s[^>]*?\bdata-entity="([^"]*)"')
IMAGE_REFERENCE = re.compile(r"^[1-9][0-9]{0,18}$")

# The editor (django-prose-editor's extensions), one button per kind of markup above; "HTML"
# is the source view for editors who need it, "History" undo and redo. `NewsroomEntity` and
# `NewsroomImage` are this project's own (articles/static/articles/body_editor.js): the link's
# `data-entity` and the library picture.
EDITOR_EXTENSIONS = {
    "Paragraph": True,
    "HardBreak": True,
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
    "BulletList": True,
    "OrderedList": {"enableListAttributes": False},  # a number's style is the site's
    "ListItem": True,
    "Blockquote": True,
    "NewsroomImage": True,
    "HTML": True,
    "History": True,
    # django-prose-editor turns the browser's spelling check off by default; reporters want it.
    "NoSpellCheck": False,
}
# What each of this project's extensions may write, for django-prose-editor's check of the
# configuration (settings.DJANGO_PROSE_EDITOR_EXTENSIONS names them).
PROJECT_EXTENSION_TAGS = {
    "NewsroomImage": {"figure": {"data-image"}, "img": {"src", "alt"}, "figcaption": set()},
}

# Query parameters that only tell an advertiser where a click came from.
TRACKING_PARAMETER = re.compile(r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_[a-z]+|_hs[a-z]+)$")
# Link wrappers that redirect through a tracker: the real address is in a parameter.
REDIRECT_WRAPPERS = {("www.google.com", "/url"): "q", ("google.com", "/url"): "q"}


def clean_link(url):
    """`url` without redirect wrappers and tracking parameters; anything else unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    wrapped_in = REDIRECT_WRAPPERS.get((parts.netloc.lower(), parts.path))
    if wrapped_in:
        target = dict(parse_qsl(parts.query)).get(wrapped_in, "")
        if target.startswith(("http://", "https://")):
            return clean_link(target)
    if not parts.query:
        return url
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(key, value) for key, value in query if not TRACKING_PARAMETER.match(key.lower())]
    if len(kept) == len(query):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


def register_entity_kinds(kinds):
    """Let links name entities of `kinds` (`data-entity="<kind>:<pk>"`)."""
    ENTITY_KINDS.extend(kind for kind in kinds if kind not in ENTITY_KINDS)


def parse_entity_reference(value):
    """(kind, pk) for a `data-entity` value naming an entity of a registered kind, else None.
    The one reading of the attribute: the sanitiser, the page and the services ask here."""
    match = ENTITY_REFERENCE.match(value)
    if match is None or match[1] not in ENTITY_KINDS:
        return None
    return match[1], int(match[2])


def entity_references(html):
    """Every (kind, pk) the entity links of sanitised `html` name, in the order they come (a
    repeated one as often as it is linked), without parsing the whole text."""
    return [
        reference
        for value in ENTITY_LINK.findall(html)
        if (reference := parse_entity_reference(value)) is not None
    ]


def _filter_attribute(tag, attribute, value):
    """Keep only well-formed references, and links without their trackers."""
    if attribute not in ALLOWED.get(tag, ()) and (tag, attribute) != ("a", "rel"):
        return None  # nh3 allows `lang` and `title` on every tag; the allow-list does not
    if attribute == "data-entity":
        return value if parse_entity_reference(value) else None
    if attribute == "data-image":
        return value if IMAGE_REFERENCE.match(value) else None
    if tag == "a" and attribute == "href":
        return clean_link(value)
    if attribute == "title" and not value.strip():
        return None  # the editor's link dialog leaves an empty title
    if tag == "img" and attribute == "src":
        # Pictures come from this site's library; an address elsewhere tells another host
        # who reads the story (a tracking pixel).
        return value if value.startswith("/") and not value.startswith("//") else None
    return value


# Word processors and older HTML write bold and italic as <b> and <i>: kept as the editor's
# <strong> and <em> (renamed after cleaning, when they can carry no attribute). Google Docs wraps
# a whole paste in a <b> that is not bold at all: that one goes first.
RENAMED_TAGS = {"b": "strong", "i": "em"}
_RENAMED = re.compile(r"<(/?)(b|i)>")
_GOOGLE_DOCS_WRAPPER = re.compile(r'<b\b[^>]*\bid="docs-internal-guid-[^"]*"[^>]*>', re.IGNORECASE)

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS | set(RENAMED_TAGS),
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    clean_content_tags={"script", "style"},
    link_rel="noopener noreferrer",
    attribute_filter=_filter_attribute,
)


def sanitize_html(html):
    """Return `html` with every tag, attribute and URL scheme outside the allow-list removed.

    Script and style elements go with their content; <b> and <i> become <strong> and <em>;
    links get rel="noopener noreferrer" and lose tracking parameters; a `data-entity` or
    `data-image` that is not a well-formed reference is dropped, and so is a picture's address
    on another host. Idempotent: sanitising sanitised HTML changes nothing.
    """
    html = _GOOGLE_DOCS_WRAPPER.sub("", html or "")
    # Unwrapping a tag can leave markup the parser reads differently next time (a heading
    # inside a heading, kept apart only by a removed <span>): clean until it stands still.
    for _ in range(3):
        cleaned = _RENAMED.sub(
            lambda match: f"<{match[1]}{RENAMED_TAGS[match[2]]}>", _cleaner.clean(html)
        )
        if cleaned == html:
            break
        html = cleaned
    return cleaned
