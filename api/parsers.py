"""JSON in, with the body's size capped before it is read and every malformed input a 400."""

import json

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from api.exceptions import PayloadTooLarge


def max_body_bytes() -> int:
    # A page body of NEXUS_MAX_BODY_CHARS characters, each up to 4 bytes in UTF-8 (or 6 as a
    # JSON \u escape), with room for the other fields.
    return settings.NEXUS_MAX_BODY_CHARS * 6 + 64 * 1024


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_body_bytes()
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        if length and str(length).isdigit() and int(length) > limit:
            raise PayloadTooLarge()
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge()
        try:
            text = raw.decode("utf-8")
            return json.loads(text, parse_constant=_no_constants)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(f"The body is not valid JSON: {exc}") from None
        except RecursionError:
            raise ParseError("The body is nested too deeply.") from None


def _no_constants(name):
    raise ValueError(f"{name} is not JSON")
