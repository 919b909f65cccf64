"""JSON made once and kept: what a kept API response holds is the bytes DRF's renderer gave.

A page of twenty stories is 10–35 KB of JSON; encoding it again for every reader costs more
than the rest of a request that finds its data made. So the data a fragment keeps for the
story list and item is `RenderedJSON`: the renderer's own output for it, made when the data
is made. `KeptJSONRenderer` sends those bytes as they are (the same renderer, the same
settings: the same bytes as rendering the data now would give), and renders the data again
only for a client that asks for indented JSON (`Accept: application/json; indent=4`).
"""

import json

from rest_framework.renderers import JSONRenderer


class RenderedJSON:
    """`data` as JSONRenderer renders it without an indent (what every client gets but one
    that asks for indented JSON)."""

    def __init__(self, data):
        self.content = JSONRenderer().render(data)

    def data(self):
        """The data again: JSON's own types, which render as they did."""
        return json.loads(self.content)


class KeptJSONRenderer(JSONRenderer):
    """JSONRenderer, sending `RenderedJSON` as it was rendered."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, RenderedJSON):
            if self.get_indent(accepted_media_type, renderer_context or {}) is None:
                return data.content
            data = data.data()
        return super().render(data, accepted_media_type, renderer_context)
