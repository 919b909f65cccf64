"""What a push carries: the story in the subscriber's format, and the headers that sign it.

The documents are the API's own (articles/api/ninjs.py and the API serializers), rendered
outside any request: links are made absolute on NEWSROOM_SITE_URL, the address partners know
the site by. The signature is HMAC-SHA256, keyed with the subscriber's secret, over
"<timestamp>.<body>": a receiver recomputes it and refuses a body that was changed or a
timestamp too old to be fresh (docs/how-to/subscribers.md shows the ten lines it takes).
"""

import hashlib
import hmac
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

from articles.api import ninjs
from articles.api.serializers import ArticleDetailSerializer, ArticleSerializer
from articles.models import Article
from distribution.models import StoryEvent, Subscriber

Format = Subscriber.Format
NINJS_VERSIONS = {Format.NINJS_2_2: "2.2", Format.NINJS_3_1: "3.1"}
KILL_NOTICE = "Withdrawn by the desk: take this story down and do not use it again."
SIGNATURE_HEADER = "X-Newsroom-Signature"


class SiteRequest(HttpRequest):
    """A GET of the site's root on NEWSROOM_SITE_URL: enough for the serializers' links."""

    def __init__(self):
        super().__init__()
        site = urlsplit(settings.NEWSROOM_SITE_URL)
        self.method = "GET"
        self.path = self.path_info = "/"
        self._site_scheme = site.scheme or "https"
        self._site_host = site.netloc

    def get_host(self):
        # The configured address, not a Host header: there is no client to forge one.
        return self._site_host

    def _get_scheme(self):
        return self._site_scheme


def render(article, *, subscriber_format, kind):
    """The body of a push of `kind` about `article`, as bytes of JSON."""
    request = SiteRequest()
    if kind == StoryEvent.Kind.WITHDRAWN:
        document = _kill_notice(article, request, subscriber_format)
    elif subscriber_format in NINJS_VERSIONS:
        loaded = ArticleSerializer.optimize_queryset(Article.objects.filter(pk=article.pk)).get()
        document = ninjs.ninjs_document(loaded, request, NINJS_VERSIONS[subscriber_format])
    else:
        loaded = ArticleDetailSerializer.optimize_queryset(
            Article.objects.filter(pk=article.pk)
        ).get()
        document = ArticleDetailSerializer(loaded, context={"request": request}).data
        # The public API never shows a story under embargo, so the field is the push's own:
        # until when a partner receiving embargoed copy must hold the story (null: it may
        # publish it now), as ninjs's `embargoed`.
        document["embargoed_until"] = (
            loaded.embargoed_until.isoformat() if loaded.is_under_embargo else None
        )
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _kill_notice(article, request, subscriber_format):
    if subscriber_format in NINJS_VERSIONS:
        return ninjs.ninjs_kill_notice(
            article, request, NINJS_VERSIONS[subscriber_format], notice=KILL_NOTICE
        )
    return {
        "slug": article.slug,
        "headline": article.headline,
        "html_url": request.build_absolute_uri(article.get_absolute_url()),
        "status": "withdrawn",
        "kill": True,
        "notice": KILL_NOTICE,
    }


def signature(secret, timestamp, body):
    """`sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>." + body)."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def headers(*, event, subscriber, body, timestamp, attempt):
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": f"{settings.SITE_NAME} distribution (+{settings.NEWSROOM_SITE_URL})",
        "X-Newsroom-Event": event.kind,
        "X-Newsroom-Event-Id": str(event.event_id),
        "X-Newsroom-Timestamp": str(timestamp),
        "X-Newsroom-Attempt": str(attempt),
        SIGNATURE_HEADER: signature(subscriber.secret, timestamp, body),
    }
