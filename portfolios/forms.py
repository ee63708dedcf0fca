"""The import form (paste or upload) and the owner's edit form."""

from __future__ import annotations

import json
import os

from django import forms
from django.template.defaultfilters import filesizeformat

from core.forms import StripControlCharactersMixin
from core.markdown import validate_markdown
from portfolios import importer

MAX_README_BYTES = 200 * 1024
EXTENSIONS = {".md", ".markdown", ".mdown", ".mkd", ".txt", ""}


def readme_problem(text: str) -> str | None:
    """Why this text is not a README we can read, or None."""
    if not text.strip():
        return "The README is empty: paste its text or choose a .md file."
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_README_BYTES:
        return (
            f"That README is {filesizeformat(size)}; a README may be at most "
            f"{filesizeformat(MAX_README_BYTES)}. Import it in parts."
        )
    if "\x00" in text:
        return "That is not Markdown or text (it looks like a binary file)."
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r")
    replacement = text.count("\ufffd")
    if (controls + replacement) > max(8, len(text) // 50):
        return "That is not Markdown or text (it looks like a binary file)."
    head = text.lstrip()[:200].casefold()
    if head.startswith(("<!doctype html", "<html")):
        return "That is a web page (HTML), not Markdown. Paste the README's Markdown instead."
    if head.startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return "That is JSON, not Markdown. Paste the README's Markdown instead."
    return None


def decode_upload(data: bytes) -> str | None:
    if b"\x00" in data[:8192]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


class ImportForm(StripControlCharactersMixin, forms.Form):
    readme = forms.CharField(
        label="Your README (Markdown)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text="Paste the text of your learnings README, up to 200 KB.",
    )
    file = forms.FileField(
        label="…or upload it",
        required=False,
        help_text="A .md or .txt file, up to 200 KB. An upload is read instead of the text box.",
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,.txt,text/markdown"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = cleaned.get("readme") or ""
        if upload:
            extension = os.path.splitext(upload.name or "")[1].casefold()
            if extension not in EXTENSIONS:
                raise forms.ValidationError(
                    "Upload a Markdown or text file (.md or .txt), or paste the text."
                )
            if upload.size > MAX_README_BYTES:
                raise forms.ValidationError(
                    f"That file is {filesizeformat(upload.size)}; a README may be at most "
                    f"{filesizeformat(MAX_README_BYTES)}."
                )
            decoded = decode_upload(upload.read(MAX_README_BYTES + 1))
            if decoded is None:
                raise forms.ValidationError(
                    "That file is not Markdown or text (it looks like a binary file)."
                )
            text = decoded
        text = importer.repair(text)
        if problem := readme_problem(text):
            raise forms.ValidationError(problem)
        cleaned["text"] = text
        return cleaned


class ConfirmForm(forms.Form):
    """The preview's form as the page shows it: the README again (re-read on the server when
    sent; nothing else from the page is trusted but which boxes are ticked)."""

    readme = forms.CharField(required=False, widget=forms.HiddenInput)
    items = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = choices


class PortfolioForm(StripControlCharactersMixin, forms.Form):
    overview = forms.CharField(
        label="Overview",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Who you are and what you learned, in Markdown.",
    )
    technologies = forms.CharField(
        label="Key technologies",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One per line: - **Django** – what you used it for.",
    )
    concepts = forms.CharField(
        label="Core concepts",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One per line: - **Caching** – what you learned about it.",
    )
    takeaways = forms.CharField(
        label="Best practices and takeaways",
        required=False,
        max_length=40000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One bullet (- …) per takeaway.",
    )
    collaboration = forms.CharField(
        label="Collaboration",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Who you work with. The people you helped on the hub are listed for you.",
    )

    def _markdown(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        if value:
            validate_markdown(value)
        return value

    def clean_overview(self):
        return self._markdown("overview")

    def clean_takeaways(self):
        return self._markdown("takeaways")

    def clean_collaboration(self):
        return self._markdown("collaboration")
