"""schema.org descriptions as JSON-LD: the pieces every app's descriptions share.

Each builder (`articles.structured_data`, `events.structured_data`, `live.structured_data`)
takes the object and `absolute`, a function turning a path into a full URL on the current host
(`request.build_absolute_uri`); `json_ld_script` puts the result on the page.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SCHEMA_ORG = "https://schema.org"

# The characters that could end the <script> element or open a comment inside it, written as
# JSON escapes so the data means the same and the HTML parser never sees them, as Django's
# json_script does.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """`data` as a <script type="application/ld+json"> element, safe whatever the strings hold."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def publisher(absolute):
    return {"@type": "NewsMediaOrganization", "name": settings.SITE_NAME, "url": absolute("/")}


def without_empty_values(data):
    """Leave out what is not known rather than state it as empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
