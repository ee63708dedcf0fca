"""The bounds a markdown text must keep before it is rendered, checked in a few linear passes.

Python-Markdown's work grows faster than its input on some shapes (deep nesting recurses,
long paragraphs are rebuilt per construct, unclosed tags are rescanned): `markdown_problems`
finds those shapes, and core.markdown refuses or escapes what breaks them.
"""

from __future__ import annotations

import re

from django.conf import settings

# ----------------------------------------------------------------------------------
# Lists and quotes nested deeper than this are refused (Python-Markdown recurses per level and
# ~500 levels raised RecursionError); no one writes more than a handful.
MAX_NESTING = 20
# [links](…), [[wiki links]], <http://…> and @mentions (which become links).
MAX_LINKS = 2_000
# A reference definition ("[id]: url 'title'") is reused by every [text][id]: keep it short so
# links cannot multiply the output.
MAX_REFERENCE_CHARS = 2_000
# The rendered HTML (code highlighting multiplies text by up to ~30).
MAX_HTML_CHARS = 4_000_000
# Python-Markdown rebuilds a paragraph's text for every link, code span or escape in it, so its
# work grows with (paragraph length x constructs in it): paragraphs are kept this short.
MAX_PARAGRAPH_CHARS = 10_000
MAX_UNCLOSED_TAGS = 200

# --- checking ---------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
# The start of a line made of list markers, quote markers and indentation.
_LINE_PREFIX = re.compile(rf"^[ \t>*+\-\d.)]{{{MAX_NESTING},}}", re.MULTILINE)
_LEVEL = re.compile(r"[ \t]*(?:>|[*+\-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
_LINKISH = re.compile(r"\]\(|\]\[|\[\[|<(?:https?:|mailto:)|(?<![\w@/`\[])@\w", re.IGNORECASE)
_REFERENCE = re.compile(r"^ {0,3}\[[^\[\]\n]*\]:[^\n]*(?:\n[^\n]*)?", re.MULTILINE)
# Python-Markdown parses blocks (text between blank lines); a block that starts with a list
# item is split at its items (up to 3 spaces in), a table at its rows; any other block is one
# run of inline text, whatever lines it holds.
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_ITEM = re.compile(r"[ ]{0,3}(?:[*+\-]|\d{1,9}\.)[ \t]")
_ITEM_BREAK = re.compile(r"\n(?=[ ]{0,3}(?:[*+\-]|\d{1,9}\.)[ \t])")
_TABLE_RULE = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_ANGLE = re.compile(r"<(?=[a-zA-Z/!?])|>")


def _prose(text: str) -> str:
    """`text` without its fenced code blocks (never parsed as Markdown); an unclosed fence runs
    to the end."""
    parts, pos, opened = [], 0, None
    for m in _FENCE.finditer(text):
        fence = m.group(1)
        if opened is None:
            parts.append(text[pos : m.start()])
            opened = fence
        elif fence[0] == opened[0] and len(fence) >= len(opened):
            pos, opened = m.end(), None
    if opened is None:
        parts.append(text[pos:])
    return "\n\n".join(parts)


def _nesting(prefix: str) -> int:
    """Levels of a line prefix: each quote or list marker is one, and each 4 columns of
    indentation before the first one more (that is how nested list items are written)."""
    indent = len(prefix) - len(prefix.lstrip(" \t"))
    levels, pos = len(prefix[:indent].expandtabs(4)) // 4, 0
    while (m := _LEVEL.match(prefix, pos)) and m.end() > pos:
        levels += 1
        pos = m.end()
    return levels


def _longest(text: str, breaks: re.Pattern[str]) -> int:
    longest, last = 0, 0
    for m in breaks.finditer(text):
        longest = max(longest, m.start() - last)
        last = m.end()
    return max(longest, len(text) - last)


def _run_length(block: str) -> int:
    """The longest text Python-Markdown processes inline at once in this block."""
    if _ITEM.match(block):
        return _longest(block, _ITEM_BREAK)
    lines = block.split("\n", 2)
    if len(lines) > 1 and "|" in lines[0] and "|" in lines[1] and _TABLE_RULE.match(lines[1]):
        return _longest(block, re.compile("\n"))
    return len(block)


def _longest_run(prose: str) -> int:
    longest, last = 0, 0
    for m in [*_BLOCK_BREAK.finditer(prose), None]:
        end = m.start() if m else len(prose)
        if end - last > longest:
            longest = max(longest, _run_length(prose[last:end]))
        last = m.end() if m else last
    return longest


def _unclosed_tags(prose: str) -> int:
    """How many "<tag" openers have another "<" before their ">" (Python's HTML parser, which
    Python-Markdown uses, rescans the rest of the text from each of them)."""
    count, opened = 0, False
    for m in _ANGLE.finditer(prose):
        if m.group(0) == "<":
            count += opened
            opened = True
        else:
            opened = False
    return count + opened


def markdown_problems(text: str) -> list[str]:
    """What makes `text` too big or too complex to render, in words for its author: one entry
    per bound it is past, none when it may be rendered. Linear in len(text)."""
    text = text or ""
    limit = settings.NEXUS_MAX_BODY_CHARS
    if len(text) > limit:
        # Nothing else is worth saying until it is short enough.
        return [
            f"The text is {len(text):,} characters long; the limit is {limit:,}. Shorten it or "
            "split it in parts."
        ]
    problems = []
    prose = _prose(text)
    deepest = max((_nesting(m.group(0)) for m in _LINE_PREFIX.finditer(prose)), default=0)
    if deepest > MAX_NESTING:
        problems.append(
            f"Lists or quotes are nested {deepest} levels deep; at most {MAX_NESTING} are "
            "allowed. Flatten them (a line starting with many “- ”, “1. ” or “> ” nests once per "
            "marker, and so does each 4 spaces of indentation)."
        )
    links = sum(1 for _ in _LINKISH.finditer(prose))
    if links > MAX_LINKS:
        problems.append(
            f"The text has {links:,} links, wiki links or mentions (or runs of “[[”); at most "
            f"{MAX_LINKS:,} are allowed. Remove some, or split the text in parts."
        )
    if any(len(m.group(0)) > MAX_REFERENCE_CHARS for m in _REFERENCE.finditer(prose)):
        problems.append(
            f"A link definition (“[name]: address”) is longer than {MAX_REFERENCE_CHARS:,} "
            "characters. Shorten its address or title."
        )
    if (run := _longest_run(prose)) > MAX_PARAGRAPH_CHARS:
        problems.append(
            f"A paragraph or table is {run:,} characters long without a blank line; at most "
            f"{MAX_PARAGRAPH_CHARS:,} are allowed. Break it up with blank lines, or split it."
        )
    if (tags := _unclosed_tags(prose)) > MAX_UNCLOSED_TAGS:
        problems.append(
            f"The text has {tags:,} “<” that look like the start of an HTML tag but are not "
            f"closed by “>”; at most {MAX_UNCLOSED_TAGS:,} are allowed. Put code in `backticks` "
            "or write &lt; for a lone “<”."
        )
    return problems
