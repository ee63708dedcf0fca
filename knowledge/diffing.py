"""Line diffs with word-level highlighting (difflib), and three-way merge (merge3).

Everything here returns plain data; templates escape the text, so nothing user-written is ever
marked safe on the way out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import merge3

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Segment:
    text: str
    is_changed: bool = False


@dataclass
class DiffRow:
    kind: str  # "equal", "insert", "delete", "change", "skip"
    old_number: int | None = None
    new_number: int | None = None
    old: list[Segment] = field(default_factory=list)
    new: list[Segment] = field(default_factory=list)
    skipped: int = 0


def _lines(text: str) -> list[str]:
    return (text or "").replace("\r\n", "\n").split("\n")


def _word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    old_segments: list[Segment] = []
    new_segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            old_segments.append(Segment("".join(a[i1:i2])))
            new_segments.append(Segment("".join(b[j1:j2])))
            continue
        if i2 > i1:
            old_segments.append(Segment("".join(a[i1:i2]), True))
        if j2 > j1:
            new_segments.append(Segment("".join(b[j1:j2]), True))
    return old_segments, new_segments


def diff_rows(old_text: str, new_text: str, *, context: int = 3) -> list[DiffRow]:
    """Changed lines with `context` unchanged lines around them; long equal runs collapse."""
    old, new = _lines(old_text), _lines(new_text)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    rows: list[DiffRow] = []
    shown_up_to = 0  # old lines before this index are shown or skipped already
    for group in matcher.get_grouped_opcodes(context):
        first_old = group[0][1]
        if first_old > shown_up_to:
            rows.append(DiffRow("skip", skipped=first_old - shown_up_to))
        shown_up_to = group[-1][2]
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for k in range(i2 - i1):
                    text = [Segment(old[i1 + k])]
                    rows.append(DiffRow("equal", i1 + k + 1, j1 + k + 1, text, text))
            elif tag == "delete":
                for k in range(i1, i2):
                    rows.append(DiffRow("delete", k + 1, None, [Segment(old[k], True)]))
            elif tag == "insert":
                for k in range(j1, j2):
                    rows.append(DiffRow("insert", None, k + 1, [], [Segment(new[k], True)]))
            else:  # replace: pair lines for word-level highlighting, leftovers whole
                pairs = min(i2 - i1, j2 - j1)
                for k in range(pairs):
                    o, n = _word_diff(old[i1 + k], new[j1 + k])
                    rows.append(DiffRow("change", i1 + k + 1, j1 + k + 1, o, n))
                for k in range(i1 + pairs, i2):
                    rows.append(DiffRow("delete", k + 1, None, [Segment(old[k], True)]))
                for k in range(j1 + pairs, j2):
                    rows.append(DiffRow("insert", None, k + 1, [], [Segment(new[k], True)]))
    return rows


@dataclass
class MergeResult:
    text: str
    is_clean: bool


def _merge_lines(text: str) -> list[str]:
    text = (text or "").replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    return text.splitlines(keepends=True)


def merge_texts(*, base: str, mine: str, theirs: str) -> MergeResult:
    """Three-way merge on lines: both sides' changes where they do not overlap.

    On a conflict `text` carries git-style markers; callers show the conflict rather than save.
    """
    m = merge3.Merge3(_merge_lines(base), _merge_lines(theirs), _merge_lines(mine))
    is_clean = all(region[0] != "conflict" for region in m.merge_regions())
    lines = m.merge_lines(name_a="saved in between", name_b="your edit")
    return MergeResult(text="".join(lines).rstrip("\n"), is_clean=is_clean)
