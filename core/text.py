"""Text a person typed, made safe to store and to put in XML (feeds, e-mail headers)."""

from __future__ import annotations

import re

# C0 control characters but tab, newline and carriage return, and DEL: no one types them on
# purpose, and XML 1.0 cannot carry them (Django's feed writer raises on them).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text) if text else text
