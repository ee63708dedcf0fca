"""Read a learner's "project nexus" README into its parts. Pure functions: no database.

Learners write the same README again and again, in many shapes (docs/portfolios.md lists the
ones recognised): headings with or without emoji and numbering, at any level; sections called
by many names; `**Term** – description` bullets; challenge tables of two or three columns;
`Challenge:` / `Solution:` pairs; Problem / Solution / Outcome sub-sections. `parse(text)`
repairs mis-encoded text (ftfy) first, then reads what it can. Nothing is lost: what it cannot
place goes into the overview and is listed in `unplaced`.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import ftfy

MAX_TERM_CHARS = 60
MAX_TITLE_CHARS = 200
TITLE_SOFT_CHARS = 120

OVERVIEW = "overview"
TECHNOLOGIES = "technologies"
CONCEPTS = "concepts"
CHALLENGES = "challenges"
TAKEAWAYS = "takeaways"
COLLABORATION = "collaboration"
UNPLACED = "unplaced"
CONTENTS = "contents"  # a table of contents: links to the other sections, rebuilt on export
TITLE = "title"


# --- results -------------------------------------------------------------------------------


@dataclass
class Term:
    name: str
    description: str = ""

    @property
    def key(self) -> str:
        return term_key(self.name)


@dataclass
class ChallengeEntry:
    title: str
    description: str = ""
    solution: str = ""
    outcome: str = ""

    @property
    def key(self) -> str:
        return title_key(self.title)

    def challenge_body(self) -> str:
        return self.description.strip() or self.title

    def solution_body(self) -> str:
        parts = [self.solution.strip()]
        if self.outcome.strip():
            parts.append(f"**Outcome:** {self.outcome.strip()}")
        return "\n\n".join(p for p in parts if p)


@dataclass
class Unplaced:
    heading: str
    text: str


@dataclass
class ParsedReadme:
    title: str = ""
    overview: str = ""
    technologies: list[Term] = field(default_factory=list)
    concepts: list[Term] = field(default_factory=list)
    challenges: list[ChallengeEntry] = field(default_factory=list)
    takeaways: list[str] = field(default_factory=list)
    collaboration: str = ""
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def full_overview(self) -> str:
        """The overview with every unplaced block after it (nothing is lost)."""
        parts = [self.overview.strip()] if self.overview.strip() else []
        for block in self.unplaced:
            text = block.text.strip()
            if block.heading:
                parts.append(f"### {block.heading}\n\n{text}" if text else f"### {block.heading}")
            elif text:
                parts.append(text)
        return "\n\n".join(parts)

    @property
    def is_empty(self) -> bool:
        return not (
            self.overview.strip()
            or self.technologies
            or self.concepts
            or self.challenges
            or self.takeaways
            or self.collaboration.strip()
            or self.unplaced
        )


# --- keys: what counts as "the same" -------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _plain_words(text: str) -> str:
    text = strip_inline(text)
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"[\w+#.]+", text)).strip(". ")


def title_key(title: str) -> str:
    """Two challenge titles are the same when their words are (case, emoji, punctuation aside)."""
    words = re.findall(r"\w+", _plain_words(title))
    return " ".join(words)[:200]


def term_key(name: str) -> str:
    """Django REST Framework, django-rest-framework and `django rest framework` are one key;
    C++ / C# / .NET keep their symbols."""
    text = _plain_words(name)
    text = re.sub(r"[\s_\-/.]+(?=\w)", "-", text)
    return text.strip("-. ")[:MAX_TERM_CHARS]


def text_key(text: str) -> str:
    """A fingerprint of a note: its words, whatever the formatting."""
    words = " ".join(re.findall(r"\w+", _plain_words(text)))
    return hashlib.sha256(words.encode()).hexdigest()[:40]


# --- inline clean-up -----------------------------------------------------------------------

_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\((?:[^()\n]|\([^()\n]{0,200}\)){0,1000}\)")
_REF_LINK = re.compile(r"\[([^\]\n]{0,300})\]\[[^\]\n]{0,100}\]")
_HTML_TAG = re.compile(r"<[^>\n]{0,500}>")
_EMPHASIS = re.compile(r"(\*\*|__|~~|`)")
_SINGLE_EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")


def _is_symbol(ch: str) -> bool:
    if ch in "\u200d\ufe0f\ufe0e\u20e3":
        return True
    cat = unicodedata.category(ch)
    return cat in ("So", "Sk", "Cs", "Co", "Cn") or (cat == "Mn" and ord(ch) > 0x2000)


def strip_symbols(text: str) -> str:
    if text.isascii():  # the usual case, and the fast one
        return text
    return "".join(ch for ch in text if not _is_symbol(ch))


def lstrip_symbols(text: str) -> str:
    """ "✅ **Python** – …", "🛠 Solution: …": the emoji before the words, off."""
    i = 0
    while i < len(text) and (text[i].isspace() or _is_symbol(text[i])):
        i += 1
    return text[i:]


def strip_inline(text: str) -> str:
    """Markdown and emoji off a short piece of text (a heading, a term, a title)."""
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _SINGLE_EMPHASIS.sub("", text)
    text = strip_symbols(text)
    return re.sub(r"\s+", " ", text).strip()


_NUMBERING = re.compile(
    r"^\s*(?:(?:step|part|section|phase|week|day)\s+)?(?:\d{1,3}|[ivx]{1,5}|[a-h])[.):]\s+",
    re.IGNORECASE,
)


def clean_heading(text: str) -> str:
    text = strip_inline(text.strip().strip("#").strip())
    text = re.sub(r"^\d{1,3}\s+(?=[A-Za-z])", "", text)  # "1 Overview"
    text = _NUMBERING.sub("", text)
    return text.strip(" :.-–—|*_").strip()


def clean_term(text: str) -> str:
    name = clean_heading(text)
    name = re.sub(r"\s*\((?:optional|basics?)\)$", "", name, flags=re.IGNORECASE)
    return name[:MAX_TERM_CHARS].strip()


def clean_title(text: str) -> str:
    title = clean_heading(text)
    title = re.sub(
        r"^(?:challenge|problem|issue)\s*#?\d*\s*[:.–—-]\s*", "", title, flags=re.IGNORECASE
    )
    title = title.strip(" :.-–—")
    if len(title) > TITLE_SOFT_CHARS:
        sentence = re.split(r"(?<=[.!?])\s", title, maxsplit=1)[0]
        title = sentence if len(sentence) <= TITLE_SOFT_CHARS else sentence[:TITLE_SOFT_CHARS]
        title = title.rstrip(" .,;:") + ("…" if not sentence.endswith((".", "!", "?")) else "")
    return title[:MAX_TITLE_CHARS]


# --- repair and preparation ----------------------------------------------------------------


def repair(text: str) -> str:
    """Mojibake (UTF-8 read as cp1252/latin-1: "ðŸš€", "â€“") back to what was written, one
    newline convention, no byte-order mark or control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = ftfy.fix_text(text, normalization="NFC")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


# --- classification ------------------------------------------------------------------------

_KINDS: list[tuple[str, str]] = [
    (CONTENTS, r"table of contents|contents|toc"),
    (
        CHALLENGES,
        r"challenges?|problems?|issues?|obstacles?|troubleshooting|hurdles?|difficult(?:y|ies)"
        r"|struggles?|pain ?points?|roadblocks?|blockers?|solutions?|bugs? (?:i )?(?:fixed|met)",
    ),
    (
        TAKEAWAYS,
        r"best practices?|takeaways?|lessons?|key learnings?|learnings?|reflections?"
        r"|what i(?:'ve| have)? learn(?:ed|t)|tips|insights?|advice|recommendations?"
        r"|guidelines?",
    ),
    (CONCEPTS, r"concepts?|fundamentals|principles|theory|topics covered|core knowledge"),
    (
        TECHNOLOGIES,
        r"technolog(?:y|ies)|tech ?stack|stack|tools?|tooling|languages?|frameworks?"
        r"|librar(?:y|ies)|built with|dependencies|skills?|skill ?set|tech",
    ),
    (
        COLLABORATION,
        r"collaborat\w*|team ?work|teams?|working with|work with|peers?|community|partners?"
        r"|connect\w*|networking|pair(?:ing)? programming",
    ),
    (
        OVERVIEW,
        r"overview|introduction|intro|about|summary|description|purpose|objectives?|goals?"
        r"|background|welcome|context|conclusions?|final thoughts|wrap.?up",
    ),
]
_KIND_RES = [(kind, re.compile(rf"\b(?:{pattern})\b")) for kind, pattern in _KINDS]

_PART_LABELS: list[tuple[str, str]] = [
    (
        "challenge",
        r"the challenge|challenge|the problem|problem(?: statement)?|the issue|issue|symptoms?"
        r"|what went wrong",
    ),
    ("description", r"description|context|background|details|cause|root cause|why"),
    (
        "solution",
        r"the solution|solutions?|the fix|fix(?:es)?|resolution|resolved by|how i (?:solved|fixed)"
        r" it|how we (?:solved|fixed) it|approach|what i did|implementation|solution implemented"
        r"|workaround|answer",
    ),
    (
        "outcome",
        r"outcome|results?|impact|lessons? learned|what i learned|takeaway|learning|benefit"
        r"|effect",
    ),
]
_PART_ALT = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PART_LABELS)
# A label at the start of a line, maybe bold or italic, maybe numbered ("Challenge 2:"), then a
# colon or a dash: "**Challenge:** …", "*Solution*: …", "- Problem – …".
_LABELED = re.compile(
    rf"^[\s*_>]*(?:{_PART_ALT})[ \t]*#?\d{{0,2}}[ \t]*[*_]*[ \t]*"
    r"(?:[:：]|[–—-](?=\s))[ \t]*[*_]*[ \t]*",
    re.IGNORECASE,
)
_LABEL_ONLY = re.compile(rf"^\s*(?:{_PART_ALT})\s*#?\d{{0,2}}\s*[:：]?\s*$", re.IGNORECASE)


def classify(heading: str) -> str | None:
    """Which section a heading starts, whatever its words: the kind whose word comes first."""
    text = clean_heading(heading).casefold().replace("&", " and ")
    text = re.sub(r"[-–—/]", " ", text)
    best: tuple[int, str] | None = None
    for kind, pattern in _KIND_RES:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else None


def part_label(text: str) -> tuple[str | None, str]:
    """("challenge" | "description" | "solution" | "outcome" | None, the rest of the text)."""
    plain = lstrip_symbols(text.strip())
    only = _LABEL_ONLY.match(strip_inline(plain))
    if only:
        return _label_name(only), ""
    match = _LABELED.match(plain)
    if not match:
        return None, text
    rest = plain[match.end() :].strip()
    # "Solution – Django" is a label; "Solutions architect – …" never got here (word boundary).
    return _label_name(match), rest


def _label_name(match: re.Match) -> str:
    return next(name for name, _ in _PART_LABELS if match.group(name))


# --- blocks --------------------------------------------------------------------------------

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]*(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+•]|\d{1,3}[.)])[ \t]+(?P<text>.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<text>[^*_\n]{2,80}?)(\*\*|__)\s*:?\s*$")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>\n]{0,200}>(.{0,300}?)</h\1>\s*$", re.IGNORECASE)
_HR = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


@dataclass
class Block:
    kind: str  # heading | item | para | code | table | html
    text: str = ""
    level: int = 0  # heading level, or list indent
    rows: list[list[str]] = field(default_factory=list)


def _indent_width(indent: str) -> int:
    return len(indent.replace("\t", "    "))


def split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return [c.strip().replace("\\|", "|") for c in cells]


def blocks(text: str) -> list[Block]:
    """Markdown lines to blocks: headings (ATX, setext, a bold line standing alone), list items
    with their indent and continuation lines, paragraphs, fenced code, tables."""
    lines = text.split("\n")
    out: list[Block] = []
    para: list[str] = []
    i = 0

    def flush_para():
        if para:
            joined = "\n".join(para).strip()
            if joined:
                out.append(Block("para", joined))
            para.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        fence = _FENCE.match(line)
        if fence:
            flush_para()
            marker = fence.group(1)
            body = [line]
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(marker[:3]):
                body.append(lines[i])
                i += 1
            if i < len(lines):
                body.append(lines[i])
            out.append(Block("code", "\n".join(body)))
            i += 1
            continue
        html_heading = _HTML_HEADING.match(line)
        if html_heading:
            # <h2 align="center">Overview</h2>, as some READMEs write them.
            flush_para()
            out.append(Block("heading", html_heading.group(2), level=int(html_heading.group(1))))
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading and (heading.group(2) or len(heading.group(1)) <= 6):
            flush_para()
            out.append(Block("heading", heading.group(2), level=len(heading.group(1))))
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (
            stripped
            and not para
            and "|" not in stripped
            and not _LIST_ITEM.match(line)
            and re.match(r"^ {0,3}(=+|-{2,})\s*$", nxt)
        ):
            out.append(Block("heading", stripped, level=1 if nxt.strip()[0] == "=" else 2))
            i += 2
            continue
        if "|" in stripped and _TABLE_SEP.match(nxt) and "-" in nxt:
            flush_para()
            rows = [split_row(line)]
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                rows.append(split_row(lines[i]))
                i += 1
            out.append(Block("table", rows=rows))
            continue
        if not stripped:
            flush_para()
            i += 1
            continue
        if _HR.match(line) and not para:
            i += 1
            continue
        item = _LIST_ITEM.match(line)
        if item:
            flush_para()
            texts = [item.group("text")]
            width = _indent_width(item.group("indent"))
            i += 1
            # Continuation lines: indented more than the marker, not a new item or heading.
            while i < len(lines):
                cont = lines[i]
                if not cont.strip() or _LIST_ITEM.match(cont) or _HEADING.match(cont):
                    break
                if _FENCE.match(cont):
                    break
                cont_width = _indent_width(cont[: len(cont) - len(cont.lstrip())])
                # A lazy continuation (no indent) still belongs to the item, but not a table.
                if cont_width <= width and re.match(r"^\s*\|", cont):
                    break
                texts.append(cont.strip())
                i += 1
            out.append(Block("item", "\n".join(texts).strip(), level=width))
            continue
        bold = _BOLD_LINE.match(line)
        if bold and not para and classify(bold.group("text")):
            out.append(Block("heading", bold.group("text"), level=7))
            i += 1
            continue
        para.append(line)
        i += 1
    flush_para()
    return out


# --- terms ---------------------------------------------------------------------------------

_TERM_BOLD = re.compile(
    r"^\s*(?:\*\*|__)(?P<name>[^*_\n]{1,80}?)\s*[:：]?\s*(?:\*\*|__)\s*(?:[:：–—-]+\s*)?(?P<desc>.*)$",
    re.DOTALL,
)
_TERM_ITALIC = re.compile(
    r"^\s*[*_](?P<name>[^*_\n]{1,60}?)[*_]\s*(?:[:：–—-]+\s*)(?P<desc>.*)$", re.DOTALL
)
_TERM_LINK = re.compile(
    r"^\s*\[(?P<name>[^\]\n]{1,60})\]\([^)\n]*\)\s*(?:[:：–—-]+\s*)?(?P<desc>.*)$", re.DOTALL
)
_TERM_PLAIN = re.compile(
    r"^\s*(?P<name>[^:：–—\n]{1,60}?)\s*(?:[:：]|\s[–—-]\s)\s*(?P<desc>.*)$", re.DOTALL
)
_GROUP_WORDS = re.compile(
    r"^(?:languages?|frameworks?|tools?|tooling|databases?|backend|back-end|frontend|front-end"
    r"|devops|infrastructure|testing|librar(?:y|ies)|technolog(?:y|ies)|tech stack|stack|other"
    r"|others|deployment|cloud|ci/cd tools|messaging|version control|apis?|web frameworks?"
    r"|programming languages?|containeri[sz]ation)$",
    re.IGNORECASE,
)


def split_term(text: str) -> tuple[str, str] | None:
    """`**Term** – description` (hyphen, en/em dash or colon, inside or outside the bold),
    `Term: description`, `[Term](url) – description`, or a short bare term."""
    text = lstrip_symbols(text.strip())
    first, _, rest = text.partition("\n")
    for pattern in (_TERM_BOLD, _TERM_ITALIC, _TERM_LINK):
        match = pattern.match(first)
        if match:
            name = clean_term(match.group("name"))
            desc = (match.group("desc").strip() + ("\n" + rest if rest else "")).strip()
            return (name, desc) if name else None
    match = _TERM_PLAIN.match(first)
    if match and len(match.group("name").split()) <= 6:
        name = clean_term(match.group("name"))
        desc = (match.group("desc").strip() + ("\n" + rest if rest else "")).strip()
        if name:
            return name, desc
    if len(first) <= 60 and len(first.split()) <= 6 and not first.rstrip().endswith((".", "?")):
        name = clean_term(first)
        if name:
            return name, rest.strip()
    return None


def _group_members(name: str, desc: str) -> list[str] | None:
    """ "Languages: Python, JavaScript" names a group, not a term: its members are the terms."""
    if not _GROUP_WORDS.match(clean_term(name)):
        return None
    parts = [clean_term(p) for p in re.split(r",|;|\band\b|/(?!\w*/)|·", strip_inline(desc))]
    parts = [p for p in parts if p and len(p.split()) <= 4]
    return parts if len(parts) >= 1 and desc.strip() else None


def clean_description(text: str) -> str:
    text = re.sub(r"\s*\n\s*", " ", text.strip())
    return text.strip(" –—-:").strip()


# --- sections ------------------------------------------------------------------------------


@dataclass
class Section:
    kind: str
    heading: str
    level: int
    blocks: list[Block] = field(default_factory=list)


def sections(parts: list[Block]) -> list[Section]:
    """Blocks into sections by heading. A heading names a section by its words (classify); a
    heading the reader does not know belongs to the section above it; under a challenges
    section, headings are challenges and their Problem / Solution / Outcome parts."""
    out: list[Section] = [Section(OVERVIEW, "", 0)]
    stack: list[tuple[int, str]] = []
    seen_heading = False
    for block in parts:
        if block.kind != "heading":
            out[-1].blocks.append(block)
            continue
        level, text = block.level, block.text
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        kind = classify(text)
        label, _rest = part_label(text)
        if not seen_heading and level == 1 and _is_document_title(text, kind):
            kind = None
        if parent == CHALLENGES and (label or kind in (None, CHALLENGES, OVERVIEW)):
            # A challenge's title, or its Problem / Solution / Outcome.
            kind = CHALLENGES
            _continue(out, kind, block)
        elif kind and kind == parent and kind != CHALLENGES:
            # "## Collaboration" then "### Where to collaborate": one section, headings kept.
            _continue(out, kind, block)
        elif kind:
            out.append(Section(kind, clean_heading(text), level))
        elif parent and parent not in (UNPLACED, TITLE):
            # A heading the reader does not know, under one it does ("### Database Design").
            kind = parent
            _continue(out, kind, block)
        elif not seen_heading and level <= 2:
            # The document's title; what follows it (before a section) is the overview.
            out.append(Section(TITLE, clean_heading(text), level))
            kind = TITLE
        else:
            out.append(Section(UNPLACED, clean_heading(text), level))
            kind = UNPLACED
        seen_heading = True
        stack.append((level, kind))
    return out


def _continue(out: list[Section], kind: str, block: Block) -> None:
    """Add a sub-heading to the open section of `kind`, or open one again after a sub-section
    of another kind closed."""
    if out[-1].kind != kind:
        out.append(Section(kind, clean_heading(block.text), block.level))
    out[-1].blocks.append(block)


def _is_document_title(text: str, kind: str | None) -> bool:
    """ "# Project Nexus – My Backend Learnings" is the document's title, not a takeaways
    section; "# Challenges & Solutions" at the top is a section."""
    words = clean_heading(text).split()
    return kind is None or len(words) > 3 or "nexus" in text.casefold()


def _block_markdown(block: Block) -> str:
    if block.kind == "heading":
        return f"**{clean_heading(block.text)}**" if clean_heading(block.text) else ""
    if block.kind == "item":
        indent = " " * block.level
        body = block.text.replace("\n", "\n" + indent + "  ")
        return f"{indent}- {body}"
    if block.kind == "table":
        rows = block.rows
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows[:1]]
        lines.append("|" + "---|" * width)
        lines += ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows[1:]]
        return "\n".join(lines)
    return block.text


def blocks_markdown(parts: list[Block]) -> str:
    out: list[str] = []
    for i, block in enumerate(parts):
        text = _block_markdown(block)
        if not text:
            continue
        if out and block.kind == "item" and parts[i - 1].kind == "item":
            out[-1] += "\n" + text
        else:
            out.append(text)
    return "\n\n".join(out).strip()


# --- terms sections ------------------------------------------------------------------------


def read_terms(parts: list[Block]) -> tuple[list[Term], list[Block]]:
    """Terms out of a technologies or concepts section; what is not a term comes back."""
    terms: list[Term] = []
    rest: list[Block] = []
    group_indent: int | None = None
    last: Term | None = None
    last_indent = -1
    pending_heading: str | None = None
    pending_blocks: list[Block] = []

    def close_heading():
        nonlocal pending_heading
        if pending_heading is not None:
            pieces = [clean_description(strip_inline(b.text)) for b in pending_blocks]
            terms.append(Term(pending_heading, "; ".join(p for p in pieces if p)))
            pending_heading = None
            pending_blocks.clear()

    for block in parts:
        if block.kind == "heading":
            close_heading()
            name = clean_term(block.text)
            if name and not classify(block.text):
                pending_heading = name
            last, group_indent = None, None
            continue
        if block.kind == "table":
            close_heading()
            header = [strip_inline(c).casefold() for c in block.rows[0]] if block.rows else []
            body_rows = block.rows[1:]
            for row in body_rows:
                if row and clean_term(row[0]):
                    desc = " ".join(strip_inline(c) for c in row[1:] if c.strip())
                    terms.append(Term(clean_term(row[0]), clean_description(desc)))
            if not body_rows and header:
                rest.append(block)
            continue
        if block.kind == "item":
            if pending_heading is not None and _GROUP_WORDS.match(pending_heading):
                # "### Backend" then bullets: a group heading, not a term.
                pending_heading = None
            elif pending_heading is not None:
                # "### Database Design" then bullets: what the learner says about it.
                pending_blocks.append(block)
                continue
            if last is not None and block.level > last_indent and group_indent is None:
                split = split_term(block.text)
                if (
                    not last.description
                    and split
                    and not split[1]
                    and _GROUP_WORDS.match(last.name)
                ):
                    # "- **Backend**" then "  - Python": the parent was a group.
                    terms.pop()
                    group_indent = last_indent
                    terms.append(Term(*split))
                    continue
                child = clean_description(block.text)
                last.description = f"{last.description}; {child}" if last.description else child
                continue
            if group_indent is not None and block.level <= group_indent:
                group_indent = None
            split = split_term(block.text)
            if not split:
                rest.append(block)
                last = None
                continue
            name, desc = split
            members = _group_members(name, desc)
            if members:
                terms.extend(Term(m) for m in members)
                last = None
                continue
            last = Term(name, clean_description(desc))
            last_indent = block.level
            terms.append(last)
            continue
        if pending_heading is not None:
            pending_blocks.append(block)
            continue
        if block.kind == "para":
            found = False
            for line in block.text.split("\n"):
                bare = lstrip_symbols(line)
                # "**Term** – …", "[Term](…) – …", or "🐍 Python – …" (an emoji as bullet).
                listed = re.match(r"^\s*(\*\*|__|\[)", bare) or bare != line.strip()
                split = split_term(bare) if listed and bare else None
                if split:
                    members = _group_members(*split)
                    if members:
                        terms.extend(Term(m) for m in members)
                    else:
                        terms.append(Term(split[0], clean_description(split[1])))
                    found = True
            if not found:
                # "Python, Django, Docker" on one line.
                items = [clean_term(p) for p in re.split(r",|·|\|", block.text)]
                # "Python, Django, Docker"; not "I used Python, Django and Docker." (a sentence).
                sentence = re.match(r"^\s*(?:i|we|my|our|in|during|this|the)\b", block.text, re.I)
                if (
                    not sentence
                    and len(items) >= 3
                    and all(i and len(i.split()) <= 3 for i in items)
                ):
                    terms.extend(Term(i) for i in items)
                else:
                    rest.append(block)
            continue
        rest.append(block)
    close_heading()
    return _unique_terms(terms), rest


def _unique_terms(terms: list[Term]) -> list[Term]:
    seen: dict[str, Term] = {}
    for term in terms:
        if not term.key:
            continue
        if term.key in seen:
            if not seen[term.key].description and term.description:
                seen[term.key].description = term.description
            continue
        seen[term.key] = term
    return list(seen.values())


# --- challenges ----------------------------------------------------------------------------

_COLUMN_ROLES = [
    ("challenge", r"challenge|problem|issue|bug|obstacle|difficulty|pain point|what went wrong"),
    ("solution", r"solution|fix|resolution|how i solved|how i fixed|approach|answer|workaround"),
    ("outcome", r"outcome|result|impact|lesson|learned|learning|takeaway"),
    ("description", r"description|details?|context|cause|symptom|why|explanation"),
]


def _column_roles(header: list[str]) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = strip_inline(cell).casefold()
        if text in {"#", "no", "no.", "n", "id", "nr", "number", "s/n", "sn"}:
            roles.setdefault("number", index)
            continue
        for role, pattern in _COLUMN_ROLES:
            if role not in roles and re.search(rf"\b(?:{pattern})", text):
                roles[role] = index
                break
    return roles if "challenge" in roles or "solution" in roles else None


def read_challenge_table(rows: list[list[str]]) -> list[ChallengeEntry]:
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    roles = _column_roles(header)
    if roles is None:
        # No header we know: the columns' order says it (Challenge | Solution, or
        # Challenge | Description | Solution), and the first row is a challenge too.
        body = rows
        width = max(len(r) for r in rows)
        roles = {"challenge": 0, "solution": 1} if width <= 2 else {
            "challenge": 0, "description": 1, "solution": 2, "outcome": 3}  # fmt: skip
    roles.setdefault("challenge", 0)
    entries = []
    for row in body:
        cells = [
            c.replace("<br>", "\n").replace("<br/>", "\n").replace("<br />", "\n") for c in row
        ]

        def cell(role: str, cells=cells) -> str:
            index = roles.get(role)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        raw_title = cell("challenge")
        title = clean_title(raw_title)
        if not title:
            continue
        description = cell("description")
        if len(strip_inline(raw_title)) > TITLE_SOFT_CHARS:
            description = f"{raw_title}\n\n{description}".strip()
        # Cells past the known columns (a ragged row) stay with the solution.
        known = set(roles.values())
        extra = [
            c
            for i, c in enumerate(cells)
            if i not in known and c.strip() and not c.strip().isdigit()
        ]
        solution = "\n\n".join([cell("solution"), *extra]).strip()
        entries.append(ChallengeEntry(title, description, solution, cell("outcome")))
    return entries


class _ChallengeReader:
    """A small state machine over a challenges section's blocks."""

    def __init__(self):
        self.entries: list[ChallengeEntry] = []
        self.rest: list[Block] = []
        self.current: ChallengeEntry | None = None
        self.field = "description"
        self.pending: str = ""  # a term's description: the solution unless one is labelled
        self.from_heading = False
        self.title_wanted = False
        self.field_indent = -1
        self.item_indent = -1
        self.labelled = False
        self.children: list[str] = []

    def _close(self):
        entry = self.current
        if self.children:
            # "- Handling timezones" then "  - Used UTC everywhere": the answer, unlabelled.
            kids = self.children
            text = kids[0] if len(kids) == 1 else "\n".join(f"- {k}" for k in kids)
            self.pending = f"{self.pending}\n\n{text}".strip()
            self.children = []
        if entry is not None and self.pending:
            if entry.solution:
                entry.description = f"{self.pending}\n\n{entry.description}".strip()
            else:
                entry.solution = self.pending
        if (
            entry is not None
            and self.from_heading
            and not self.labelled
            and not entry.solution
            and entry.description
        ):
            # "### Slow queries" then prose, no labels: in a challenges-and-solutions section
            # the prose tells how it was solved. With several paragraphs, the first says what
            # went wrong.
            first, _, rest = entry.description.partition("\n\n")
            if rest.strip():
                entry.description, entry.solution = first.strip(), rest.strip()
            else:
                entry.description, entry.solution = "", first.strip()
        self.pending = ""
        self.current = None

    def _start(self, title_text: str, *, from_heading: bool = False, indent: int = -1):
        self._close()
        self.item_indent = indent
        self.labelled = False
        raw = title_text.strip()
        title = clean_title(raw)
        self.current = ChallengeEntry(title)
        self.entries.append(self.current)
        if len(strip_inline(raw)) > TITLE_SOFT_CHARS:
            self.current.description = raw
        self.field = "description"
        self.from_heading = from_heading
        self.title_wanted = not title
        self.field_indent = -1

    def _append(self, text: str, *, as_item: bool = False, indent: int = 0):
        entry = self.current
        if entry is None:
            return False
        if self.title_wanted:
            first, _, rest = text.partition("\n")
            entry.title = clean_title(first)
            self.title_wanted = not entry.title
            if rest.strip():
                entry.description = rest.strip()
            return True
        if as_item:
            text = "- " + text.replace("\n", "\n  ")
        current = getattr(entry, self.field)
        joiner = "\n" if as_item and current.rstrip().split("\n")[-1].startswith("- ") else "\n\n"
        setattr(entry, self.field, f"{current}{joiner}{text}".strip() if current else text)
        return True

    def label(self, label: str, rest: str, *, from_heading: bool, indent: int = 0):
        if self.children and label != "challenge":
            # Labels after unlabelled sub-bullets: those described the challenge.
            entry = self.current
            if entry is not None:
                entry.description = "\n".join(f"- {k}" for k in self.children)
            self.children = []
        self.labelled = True
        if label == "challenge":
            entry = self.current
            fresh = (
                entry is not None
                and not entry.description
                and not entry.solution
                and not self.pending
                and not self.children
                and not self.title_wanted
            )
            if fresh and (not rest or self.from_heading or indent > self.item_indent):
                # "### Slow API" then "#### Problem": the problem of that challenge.
                self.field = "description"
                if rest:
                    self._append(rest)
                return
            self._start(rest, from_heading=from_heading, indent=indent)
            if not rest:
                self.title_wanted = True
            return
        if self.current is None:
            if label == "solution" and rest:
                # A solution with no challenge before it: nothing to hang it on.
                self.rest.append(Block("para", f"Solution: {rest}"))
            elif rest:
                self.rest.append(Block("para", rest))
            return
        if self.title_wanted:
            self.title_wanted = False
            self.current.title = self.current.title or "Untitled challenge"
        self.field = label
        self.field_indent = indent
        if rest:
            self._append(rest)

    def feed(self, block: Block):
        if block.kind == "heading":
            text = block.text
            label, rest = part_label(text)
            if label:
                self.label(label, rest, from_heading=True)
            elif clean_title(text):
                self._start(text, from_heading=True)
            return
        if block.kind == "table":
            entry = self.current
            if (
                entry is not None
                and self.from_heading
                and not (entry.description or entry.solution or entry.outcome or self.pending)
            ):
                # "### Issues I met" then a table: the heading was the table's caption.
                self.entries.remove(entry)
                self.current = None
            self._close()
            found = read_challenge_table(block.rows)
            if found:
                self.entries.extend(found)
            else:
                self.rest.append(block)
            return
        if block.kind in ("code", "html"):
            if not self._append(block.text):
                self.rest.append(block)
            return
        if block.kind == "para":
            lines = block.text.split("\n")
        else:
            # An item's continuation lines that start with a label are items of their own.
            lines = []
            for line in block.text.split("\n"):
                if lines and not part_label(line)[0]:
                    lines[-1] += "\n" + line
                else:
                    lines.append(line)
        for line_text in lines:
            self._feed_text(line_text, block)

    def _feed_text(self, text: str, block: Block):
        is_item = block.kind == "item"
        indent = block.level if is_item else 0
        # "**Challenge:** X → **Solution:** Y" on one line.
        inline = re.split(
            r"\s+(?=[*_]*(?<![\w-])(?:solution|fix|resolution|outcome|result)[*_]*\s*(?:[:：]|[–—-]\s))",
            text,
            maxsplit=2,
            flags=re.IGNORECASE,
        )
        if len(inline) > 1 and part_label(inline[0])[0]:
            for piece in inline:
                self._feed_text(piece.strip(" →-–—|;"), Block(block.kind, level=indent))
            return
        label, rest = part_label(text)
        if label:
            self.label(label, rest, from_heading=False, indent=indent)
            return
        if _BOLD_TITLE.match(text) and (not is_item or indent == 0) and not self.title_wanted:
            # "**2. Duplicate emails**" on a line of its own: the next challenge.
            self._start(text, indent=indent)
            return
        if (
            self.current is not None
            and is_item
            and not self.labelled
            and not self.from_heading
            and not self.title_wanted
            and indent > self.item_indent
            and not self.current.description
        ):
            self.children.append(text.replace("\n", " "))
            return
        if self.current is not None and (
            self.title_wanted
            or (is_item and indent > 0 and indent > self.field_indent)
            or not is_item
            or (
                self.field != "description"
                and self.field_indent >= 0
                and indent > self.field_indent
            )
        ):
            if block.kind == "para" or not is_item or self.title_wanted:
                self._append(text)
            else:
                self._append(text, as_item=True)
            return
        if is_item and indent == 0 or self.current is None:
            split = _challenge_term(text)
            if split:
                title, desc = split
                self._start(title, indent=indent)
                self.pending = desc
                self.field_indent = indent
                return
            arrow = re.split(r"\s+(?:→|->|=>)\s+", text, maxsplit=1)
            if len(arrow) == 2:
                self._start(arrow[0], indent=indent)
                self.current.solution = arrow[1].strip()
                return
            if self.current is not None and (self.labelled or self.from_heading or not is_item):
                self._append(text, as_item=is_item)
                return
            if not is_item:
                # A sentence before the first challenge ("Here is what I ran into:"): it
                # introduces, it is not a challenge.
                self.rest.append(Block("para", text))
                return
            self._start(text, indent=indent)
            return
        self._append(text, as_item=is_item)

    def finish(self) -> tuple[list[ChallengeEntry], list[Block]]:
        self._close()
        entries = []
        for entry in self.entries:
            entry.title = clean_title(entry.title) or "Untitled challenge"
            entries.append(entry)
        return entries, self.rest


_BOLD_TITLE = re.compile(r"^\s*(\*\*|__)[^*_\n]{2,200}(\*\*|__)\s*:?\s*$")


def _challenge_term(text: str) -> tuple[str, str] | None:
    first = text.split("\n", 1)[0]
    for pattern in (_TERM_BOLD, _TERM_ITALIC):
        match = pattern.match(first)
        if match:
            rest = text[len(first) :].strip()
            desc = (match.group("desc").strip() + ("\n" + rest if rest else "")).strip()
            return match.group("name"), desc
    return None


def read_challenges(parts: list[Block]) -> tuple[list[ChallengeEntry], list[Block]]:
    reader = _ChallengeReader()
    for block in parts:
        reader.feed(block)
    entries, rest = reader.finish()
    unique: dict[str, ChallengeEntry] = {}
    for entry in entries:
        if entry.key and entry.key not in unique:
            unique[entry.key] = entry
        elif entry.key in unique and not unique[entry.key].solution:
            unique[entry.key].solution = entry.solution
    return list(unique.values()), rest


# --- takeaways -----------------------------------------------------------------------------


def read_takeaways(parts: list[Block]) -> list[str]:
    """One note per top-level bullet (its sub-bullets with it), per paragraph, per table row."""
    notes: list[str] = []
    heading = ""
    base_indent: int | None = None
    for block in parts:
        if block.kind == "heading":
            heading = clean_heading(block.text)
            base_indent = None
            continue
        if block.kind == "item":
            if base_indent is None or block.level <= base_indent:
                base_indent = block.level
                notes.append(block.text.strip())
            elif notes:
                notes[-1] += "\n- " + block.text.strip().replace("\n", "\n  ")
            continue
        if block.kind == "table":
            for row in block.rows[1:]:
                text = " – ".join(c for c in row if c.strip())
                if text:
                    notes.append(text)
            continue
        text = re.sub(r"(?m)^\s*>\s?", "", block.text).strip()
        if not text:
            continue
        lines = text.split("\n")
        if len(lines) > 1 and all(line.strip() and _is_symbol(line.strip()[0]) for line in lines):
            # "✅ Write tests first" line after line: emoji as bullets.
            notes.extend(lstrip_symbols(line).strip() for line in lines)
            continue
        if heading and block.kind == "para":
            text = f"**{heading}** – {text}"
            heading = ""
        notes.append(text)
    seen, unique = set(), []
    for note in notes:
        key = text_key(note)
        if strip_inline(note) and key not in seen:
            seen.add(key)
            unique.append(note)
    return unique


# --- the whole document --------------------------------------------------------------------


def _hub_generated(text: str, base_url: str) -> bool:
    return bool(base_url) and f"{base_url}/u/" in text


def parse(text: str, *, base_url: str = "") -> ParsedReadme:
    """The README's parts. `base_url`: this hub's address; collaboration lines that link to
    its profiles were written by the export (the hub keeps those itself)."""
    text = repair(text or "")
    result = ParsedReadme()
    overview_blocks: list[Block] = []
    collaboration_blocks: list[Block] = []
    tech_terms: list[Term] = []
    concept_terms: list[Term] = []
    notes: list[str] = []
    for section in sections(blocks(text)):
        parts = section.blocks
        if section.kind == TITLE:
            result.title = result.title or section.heading
            overview_blocks.extend(parts)
        elif section.kind == OVERVIEW:
            overview_blocks.extend(parts)
        elif section.kind in (TECHNOLOGIES, CONCEPTS):
            terms, rest = read_terms(parts)
            (tech_terms if section.kind == TECHNOLOGIES else concept_terms).extend(terms)
            _unplace(result, section.heading, rest)
        elif section.kind == CHALLENGES:
            entries, rest = read_challenges(parts)
            result.challenges.extend(entries)
            _unplace(result, section.heading, rest)
        elif section.kind == TAKEAWAYS:
            notes.extend(read_takeaways(parts))
        elif section.kind == COLLABORATION:
            collaboration_blocks.extend(parts)
        elif section.kind == CONTENTS:
            continue
        else:
            result.unplaced.append(Unplaced(section.heading, blocks_markdown(parts)))
    result.overview = blocks_markdown(overview_blocks)
    kept = [b for b in collaboration_blocks if not _hub_generated(b.text, base_url)]
    result.collaboration = blocks_markdown(kept)
    result.technologies = _unique_terms(tech_terms)
    tech_keys = {t.key for t in result.technologies}
    result.concepts = [t for t in _unique_terms(concept_terms) if t.key not in tech_keys]
    seen, result.takeaways = set(), []
    for note in notes:
        if text_key(note) not in seen:
            seen.add(text_key(note))
            result.takeaways.append(note)
    unique: dict[str, ChallengeEntry] = {}
    for entry in result.challenges:
        unique.setdefault(entry.key, entry)
    result.challenges = [e for e in unique.values() if e.key]
    return result


def _unplace(result: ParsedReadme, heading: str, rest: list[Block]) -> None:
    text = blocks_markdown(rest)
    if text:
        result.unplaced.append(Unplaced(heading, text))
