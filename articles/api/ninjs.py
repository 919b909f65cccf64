"""A published story as IPTC ninjs ("News in JSON"), version 2.2 or 3.1.

ninjs is what news agencies exchange stories in; a partner's ingest system reads it without
knowing this API. The story's links fill the standard's own slots: people, organisations,
places (with a GeoJSON point when the place has coordinates) and events; its agreements and
section become subjects, its agency an info source, its lead image an associated picture, and
its corrections descriptions with the role "correction" or "clarification" (ninjs has no
slot of its own for them).

Both versions carry the same facts. 3.x renamed the keys to camelCase (`firstcreated` →
`firstCreated`, `geojson` → `geoJSON`); the 3.1 document is the 2.2 one with its keys renamed.
The official schemas are kept in `articles/api/schemas/` (with their source and licence).
"""

import mimetypes
from html import unescape

from django.utils.html import strip_tags

from articles.rendering import kept_resolved_body

VERSIONS = ("2.2", "3.1")
DEFAULT_VERSION = "2.2"
SCHEMA_URIS = {
    "2.2": "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
    "3.1": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
}

# The 2.2 keys this module writes whose 3.x name differs.
KEYS_IN_3 = {
    "representationtype": "representationType",
    "firstcreated": "firstCreated",
    "versioncreated": "versionCreated",
    "pubstatus": "pubStatus",
    "contenttype": "contentType",
    "charcount": "charCount",
    "wordcount": "wordCount",
    "infosources": "infoSources",
    "geojson": "geoJSON",
    "embargoed": "embargoedUntil",
}

# A partial description for the OpenAPI schema; the IPTC schemas above are the full contract.
NINJS_RESPONSE_SCHEMA = {
    "type": "object",
    "description": "An IPTC ninjs document (https://iptc.org/standards/ninjs/): 2.2 by default, "
    "3.1 with `?ninjs_version=3.1`.",
    "properties": {
        "uri": {"type": "string", "format": "uri"},
        "type": {"type": "string", "enum": ["text"]},
        "standard": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "version": {"type": "string", "enum": list(VERSIONS)},
                "schema": {"type": "string", "format": "uri"},
            },
        },
    },
    "required": ["uri", "type", "standard"],
}


def ninjs_document(article, request, version=DEFAULT_VERSION):
    """`article` (published, with its links loaded) as a ninjs `version` document."""
    if version not in VERSIONS:
        raise ValueError(f"ninjs version {version!r} is not one of {', '.join(VERSIONS)}.")
    document = _document_2_2(article, request)
    if version == "2.2":
        return document
    return {**_renamed(document, KEYS_IN_3), "standard": _standard("3.1")}


def ninjs_kill_notice(article, request, version=DEFAULT_VERSION, notice=""):
    """A "kill" for a withdrawn story: its identity, `pubstatus` canceled, and no content.

    Receivers match it to what they hold by `uri` and take the story down; the words are
    left out, as they are no longer the desk's to publish.
    """
    if version not in VERSIONS:
        raise ValueError(f"ninjs version {version!r} is not one of {', '.join(VERSIONS)}.")
    document = {
        "uri": request.build_absolute_uri(article.get_absolute_url()),
        "type": "text",
        "version": str(article.version),
        "versioncreated": article.updated_at.isoformat(),
        "pubstatus": "canceled",
        "language": article.language,
        "slugline": article.slug,
        "headlines": [{"role": "main", "value": article.headline}],
        "descriptions": [{"role": "kill", "contenttype": "text/plain", "value": notice}],
        "standard": _standard("2.2"),
    }
    if version == "2.2":
        return document
    return {**_renamed(document, KEYS_IN_3), "standard": _standard("3.1")}


def _document_2_2(article, request):
    absolute = request.build_absolute_uri
    html_url = absolute(article.get_absolute_url())
    body = kept_resolved_body(article, request)
    plain_body = unescape(strip_tags(body))
    document = {
        "uri": html_url,
        "type": "text",
        "representationtype": "full",
        "version": str(article.version),
        "firstcreated": article.published_at.isoformat(),
        "versioncreated": max(article.updated_at, article.published_at).isoformat(),
        "pubstatus": "usable",
        "language": article.language,
        "slugline": article.slug,
        "headlines": [{"role": "main", "value": article.headline}],
        "descriptions": _descriptions(article),
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": body,
                "charcount": len(plain_body),
                "wordcount": len(plain_body.split()),
            }
        ],
        "by": article.bylines,
        "located": article.dateline_place.name if article.dateline_place else "",
        "people": [_entity(person, person.name, absolute) for person in article.people.all()],
        "organisations": [
            _entity(organization, organization.name, absolute)
            for organization in article.organizations.all()
        ],
        "places": [_place(place, absolute) for place in article.places.all()],
        "events": [_entity(event, event.title, absolute) for event in article.events.all()],
        "subjects": _subjects(article, absolute),
        "infosources": _infosources(article),
        "renditions": [{"name": "html", "href": html_url, "contenttype": "text/html"}],
        "associations": _associations(article, absolute),
        "standard": _standard("2.2"),
    }
    if article.is_under_embargo:
        # Only partners receiving embargoed copy see a story before its embargo ends: they
        # must not publish it before this time. Once it has passed the key is left out.
        document["embargoed"] = article.embargoed_until.isoformat()
    # An empty string or list says nothing: leave the key out, as the standard's examples do.
    return {key: value for key, value in document.items() if value not in ("", [])}


def _standard(version):
    return {"name": "ninjs", "version": version, "schema": SCHEMA_URIS[version]}


def _descriptions(article):
    descriptions = []
    if article.summary:
        descriptions.append(
            {"role": "summary", "contenttype": "text/plain", "value": article.summary}
        )
    for correction in article.corrections.all():
        descriptions.append(
            {
                "role": correction.kind,
                "contenttype": "text/plain",
                "value": f"{correction.published_at:%Y-%m-%d}: {correction.text}",
            }
        )
    return descriptions


def _entity(obj, name, absolute):
    return {"name": name, "uri": absolute(obj.get_absolute_url()), "literal": obj.slug}


def _place(place, absolute):
    entry = _entity(place, place.name, absolute)
    if place.latitude is not None and place.longitude is not None:
        # GeoJSON puts longitude first.
        entry["geojson"] = {
            "type": "Point",
            "coordinates": [float(place.longitude), float(place.latitude)],
        }
    return entry


def _subjects(article, absolute):
    subjects = []
    if article.section:
        subjects.append(
            {**_entity(article.section, article.section.name, absolute), "rel": "section"}
        )
    subjects.extend(
        {**_entity(agreement, agreement.title, absolute), "rel": "agreement"}
        for agreement in article.agreements.all()
    )
    return subjects


def _infosources(article):
    agency = article.agency
    if agency is None:
        return []
    source = {"name": agency.name, "literal": agency.short_name}
    if agency.url:
        source["uri"] = agency.url
    return [source]


# Other apps' associations: (article, absolute) -> [association], registered with
# `register_associations` (a live story's entries: live/api/ninjs.py). Stories never import them.
ASSOCIATION_SOURCES = []


def register_associations(source):
    ASSOCIATION_SOURCES.append(source)


def _associations(article, absolute):
    others = [item for source in ASSOCIATION_SOURCES for item in source(article, absolute)]
    return _lead_image_association(article, absolute) + others


def _lead_image_association(article, absolute):
    image = article.lead_image
    if image is None:
        return []
    original = absolute(image.file.url)
    content_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
    renditions = [{"name": "original", "href": original, "contenttype": content_type}]
    if image.width and image.height:
        renditions[0].update(width=image.width, height=image.height)
    storage = image.file.storage
    for width, name in sorted(image.renditions.items(), key=lambda item: int(item[0])):
        renditions.append(
            {
                "name": f"w{width}",
                "href": absolute(storage.url(name)),
                "contenttype": content_type,
                "width": int(width),
            }
        )
    picture = {
        "name": "featureimage",
        "uri": original,
        "type": "picture",
        "descriptions": [{"role": "alt", "value": image.alt_text}],
        "renditions": renditions,
    }
    if image.caption:
        picture["descriptions"].append({"role": "caption", "value": image.caption})
    if image.credit:
        picture["by"] = image.credit
    return [picture]


def _renamed(value, names):
    """`value` with every dictionary key found in `names` renamed, at any depth."""
    if isinstance(value, dict):
        return {names.get(key, key): _renamed(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed(item, names) for item in value]
    return value
