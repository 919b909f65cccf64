"""Request bodies: JSON a client may get wrong in any way without the server failing."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONBodyParser(JSONParser):
    """DRF's JSON parser, except that a body nested deeper than Python's parser goes
    (`[[[[…]]]]`) is a 400 like any other malformed JSON rather than a RecursionError (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the JSON is nested too deeply.") from None
