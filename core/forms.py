"""What every form a person fills shares."""

from __future__ import annotations

from django import forms

from core.text import strip_control_characters


class StripControlCharactersMixin:
    """Removes control characters (all but tab, newline and carriage return) from every text
    field before it is validated, so none is ever stored. Put it first among the bases."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.to_python = _stripping(field.to_python)


def _stripping(to_python):
    def strip(value):
        value = to_python(value)
        return strip_control_characters(value) if isinstance(value, str) else value

    return strip
