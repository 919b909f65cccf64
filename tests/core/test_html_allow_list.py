"""The one allow-list: the editor's buttons, the sanitiser and the pasted HTML of word
processors, Google Docs and web pages (real clipboard formats, in tests/admin/clipboard/)."""

from pathlib import Path

import html5lib
import pytest
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from hypothesis import given
from hypothesis import strategies as st

from core.html import (
    ALLOWED,
    ALLOWED_TAGS,
    EDITOR_EXTENSIONS,
    PROJECT_EXTENSION_TAGS,
    clean_link,
    sanitize_html,
)

CLIPBOARD = Path(__file__).parent.parent / "admin" / "clipboard"


def elements(html):
    """[(tag, {attribute: value}), …] of `html` as a browser parses it."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    body = document.find("body")
    return [(element.tag, dict(element.attrib)) for element in body.iter() if element is not body]


def test_the_editors_extensions_allow_exactly_the_allow_list():
    """django-prose-editor's own reading of the configuration (its sanitiser's allow-list),
    plus what this project's extensions write, is the allow-list: no button makes markup the
    save would remove, and nothing is allowed that no button makes."""
    editor = allowlist_from_extensions(
        {name: config for name, config in EDITOR_EXTENSIONS.items() if name != "NewsroomImage"}
    )
    tags = editor["tags"] | set(PROJECT_EXTENSION_TAGS["NewsroomImage"])
    assert tags == ALLOWED_TAGS
    # The link's target and rel are the editor's "open in a new window", which is off.
    assert editor["attributes"]["a"] - {"target", "rel"} <= ALLOWED["a"]
    assert "NoSpellCheck" not in expand_extensions(EDITOR_EXTENSIONS)  # spelling stays on


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p class=x style='color:red' lang=en>Hi</p>", "<p>Hi</p>"),
        (
            "<h1>Big</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4>",
            "Big<h2>Two</h2><h3>Three</h3>Four",
        ),
        (
            "<b>bold</b> <i>italic</i> <u>u</u> <span>s</span>",
            "<strong>bold</strong> <em>italic</em> u s",
        ),
        ("<table><tr><td>cell</td></tr></table>", "cell"),
        ('<a href="javascript:alert(1)" onclick="x()">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="/people/p/" data-entity="person:12" target="_blank">P</a>',
            '<a href="/people/p/" data-entity="person:12" rel="noopener noreferrer">P</a>',
        ),
        ('<a href="/x" data-entity="user:1">P</a>', '<a href="/x" rel="noopener noreferrer">P</a>'),
        (
            '<a href="/x" data-entity="person:1 onload">P</a>',
            '<a href="/x" rel="noopener noreferrer">P</a>',
        ),
        (
            '<figure data-image="7"><img src="/media/a.jpg" alt="A"></figure>',
            '<figure data-image="7"><img src="/media/a.jpg" alt="A"></figure>',
        ),
        (
            '<figure data-image="x"><img src="https://tracker.example/p.gif"></figure>',
            "<figure><img></figure>",
        ),
        ("<script>alert(1)</script><style>p{}</style>Text", "Text"),
    ],
)
def test_the_sanitiser_keeps_only_the_allow_list(dirty, clean):
    assert sanitize_html(dirty) == clean


@pytest.mark.parametrize(
    ("url", "cleaned"),
    [
        ("https://example.org/a?utm_source=x&utm_medium=y&id=3", "https://example.org/a?id=3"),
        ("https://example.org/a?fbclid=1&gclid=2", "https://example.org/a"),
        ("https://www.google.com/url?q=https://example.org/x&sa=D&usg=A", "https://example.org/x"),
        (
            "https://www.google.com/url?q=javascript:alert(1)",
            "https://www.google.com/url?q=javascript:alert(1)",
        ),
        ("https://example.org/a?page=2", "https://example.org/a?page=2"),
        ("/people/p/", "/people/p/"),
    ],
)
def test_links_lose_their_trackers_and_redirects(url, cleaned):
    assert clean_link(url) == cleaned


@pytest.mark.parametrize("name", ["word.html", "google_docs.html", "web_page.html"])
def test_pasted_clipboard_html_keeps_words_links_and_emphasis_and_nothing_else(name):
    clean = sanitize_html((CLIPBOARD / name).read_text())
    for tag, attributes in elements(clean):
        assert tag in ALLOWED_TAGS, tag
        assert set(attributes) <= ALLOWED[tag] | ({"rel"} if tag == "a" else set()), (
            tag,
            attributes,
        )
    for leftover in (
        "mso-",
        "o:p",
        "<!--",
        "font",
        "style",
        "class=",
        "utm_",
        "fbclid",
        "docs-internal",
    ):
        assert leftover not in clean, leftover
    assert sanitize_html(clean) == clean


def test_a_word_document_keeps_its_paragraphs_bold_italic_and_link():
    clean = sanitize_html((CLIPBOARD / "word.html").read_text())
    assert "<strong>Vladimir Putin</strong>" in clean
    assert "<em>executive committee</em>" in clean
    assert '<a href="https://www.kremlin.ru/events/president/news/75290?id=7" ' in clean
    assert clean.count("<p>") == 6


def test_a_google_document_loses_its_wrapper_and_keeps_heading_list_and_link():
    clean = sanitize_html((CLIPBOARD / "google_docs.html").read_text())
    assert clean.startswith("<p>Ministers arrived")  # the not-bold <b> wrapper is gone
    assert "<h2>What was agreed</h2>" in clean
    assert "<ol><li><p>A customs accord</p></li><li><p>A youth exchange</p></li></ol>" in clean
    assert '<a href="https://cis.minsk.by/news/2024/10/08" rel="noopener noreferrer">' in clean


def test_a_web_page_loses_ads_scripts_pixels_and_script_links():
    clean = sanitize_html((CLIPBOARD / "web_page.html").read_text())
    assert "iframe" not in clean and "script" not in clean and "tracker" not in clean
    assert "javascript" not in clean
    assert '<a href="https://news.example.org/story/123?page=2" rel="noopener noreferrer">' in clean
    assert "<blockquote><p>Nine countries, one text.</p></blockquote>" in clean


PIECES = [
    "<b>",
    "</b>",
    "<i>",
    "<a href='/x' data-entity='person:1'>",
    "</a>",
    "<p>",
    "<h2>",
    "<",
    ">",
    "&",
    "&amp;",
    " ",
    "Putin",
    "<figure data-image='2'>",
    "<img src='/m.jpg'>",
    "<o:p>",
    "<!--",
    "-->",
    "<b id='docs-internal-guid-1'>",
    "<li>",
    "<ul>",
    "\n",
]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_sanitising_is_idempotent(html):
    once = sanitize_html(html)
    assert sanitize_html(once) == once
