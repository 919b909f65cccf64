"""Validation against the official IPTC ninjs schemas kept in `articles/api/schemas/`, offline.

Shared by the API's ninjs tests and anything else that writes ninjs (pushes to subscribers).
"""

import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

import articles.api

SCHEMAS = Path(articles.api.__file__).resolve().parent / "schemas"
SCHEMA_FILES = {"2.2": "ninjs-schema_2.2.json", "3.1": "ninjs-schema_3.1.json"}

# The ninjs schemas $ref the GeoJSON schema on geojson.org, which jsonschema would download.
# A local stand-in for the only geometry this API writes: a point, longitude first.
GEOJSON_POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"const": "Point"},
        "coordinates": {
            "type": "array",
            "prefixItems": [
                {"type": "number", "minimum": -180, "maximum": 180},
                {"type": "number", "minimum": -90, "maximum": 90},
            ],
            "minItems": 2,
            "maxItems": 2,
        },
    },
}


def _no_network(uri):
    raise NoSuchResource(ref=uri)


REGISTRY = Registry(retrieve=_no_network).with_resource(
    "https://geojson.org/schema/GeoJSON.json", DRAFT202012.create_resource(GEOJSON_POINT)
)


@functools.cache
def validator(version):
    schema = json.loads((SCHEMAS / SCHEMA_FILES[version]).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker())


def schema_errors(document, version):
    """Each way `document` breaks the ninjs `version` schema, as "path: message"; [] if none."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(version).iter_errors(document)
    ]
