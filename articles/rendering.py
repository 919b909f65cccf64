"""A story body as readers see it: the first mention of each linked entity becomes a link.

The body is already sanitised when it is stored (`Article.save()`), so its tags and attributes
are copied through untouched. Only text between tags is searched, and only text outside an
existing link: a link inside a link is invalid HTML, and an editor's own link always wins.
Every piece of text is escaped again on the way out, including the names turned into links.
"""

from html.parser import HTMLParser

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.linker import get_linker

# Text inside these is left alone: a link inside a link is invalid, and code is literal.
NO_LINKS_INSIDE = frozenset({"a", "code", "pre"})

# Only the kinds a story links to by hand in the admin get links in its body; places,
# countries and organizations are found by the linker too but have no curated links here.
LINKED_KINDS = ("person", "event", "agreement")


def link_targets(article):
    """{(kind, pk): url} for the people, events and agreements the story is linked to.

    Reads the article's related managers, so prefetch them (see `articles.views`) to keep
    this free of queries.
    """
    related = {
        "person": article.people.all(),
        "event": article.events.all(),
        "agreement": article.agreements.all(),
    }
    return {
        (kind, entity.pk): entity.get_absolute_url()
        for kind in LINKED_KINDS
        for entity in related[kind]
    }


def link_first_mentions(body, targets, linker=None):
    """`body` (sanitised HTML) with the first mention of each target turned into a link.

    `targets` maps (kind, pk) to the URL to link to; mentions of anything else are left as
    text. Returns a SafeString.
    """
    if not targets or not body:
        return mark_safe(body or "")  # sanitised when it was stored
    linker = linker or get_linker()
    rewriter = _MentionLinkingParser(linker, targets)
    rewriter.feed(body)
    rewriter.close()
    return mark_safe("".join(rewriter.output))  # tags copied as sanitised, text escaped


def linked_body(article):
    """The story's body with its people, events and agreements linked at first mention."""
    return link_first_mentions(article.body, link_targets(article))


class _MentionLinkingParser(HTMLParser):
    """Copies sanitised HTML through, replacing first mentions in text with links."""

    def __init__(self, linker, targets):
        # convert_charrefs: text arrives decoded ("&amp;" as "&"), so the linker's offsets
        # refer to what a reader sees, and one run of text arrives as one piece.
        super().__init__(convert_charrefs=True)
        self.linker = linker
        self.targets = targets
        self.already_linked = set()
        self.no_link_depth = 0
        self.output = []

    def handle_starttag(self, tag, attrs):
        if tag in NO_LINKS_INSIDE:
            self.no_link_depth += 1
        self.output.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.output.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in NO_LINKS_INSIDE and self.no_link_depth:
            self.no_link_depth -= 1
        self.output.append(f"</{tag}>")

    def handle_data(self, data):
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
