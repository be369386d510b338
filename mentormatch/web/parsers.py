"""The API's JSON parser: DRF's, except that JSON nested too deeply to read is a 400, not a 500.

Python's JSON reader gives up on deep nesting (`[[[[...` a few thousand levels) with a RecursionError, which
DRF does not catch. The form webhooks answer such a body `malformed_json`; here it is a `ParseError` with the
code `invalid_body`, which the bot view and the error handler turn into the API's one error shape.
"""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

NESTED_TOO_DEEPLY = "JSON nested too deeply to read"


class NestedTooDeeply(ParseError):
    default_detail = f"The body is {NESTED_TOO_DEEPLY}."
    default_code = "invalid_body"


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise NestedTooDeeply() from None
