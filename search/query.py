"""Turn any string a person types into a safe engine query.

Nothing the user typed reaches an engine's query syntax: the text is cut into words (letters
and digits only), and the engines get those words quoted by us. What survives of the syntax
people expect: "quoted phrases", a trailing * for a prefix (`celer*`), and, for search as
you type, an automatic prefix on the last word once it has three letters. Words joined by
punctuation (`select_related`, `rate-limit`) stay together as a phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 256
MAX_TERMS = 10
MAX_WORD_CHARS = 40
# Shorter prefixes match half the index and tell the reader nothing.
MIN_PREFIX_CHARS = 2
# Search as you type treats the word being typed as a prefix once it has this many letters.
AUTO_PREFIX_MIN_CHARS = 3

WORD_RE = re.compile(r"[^\W_]+")
CHUNK_RE = re.compile(r'"([^"]*)"?|([^\s"]+)')

# Words too common to mean anything; PostgreSQL's english config drops these and more, so
# dropping them here keeps both engines answering alike.
STOP_WORDS = frozenset(
    {
        "a", "about", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does",
        "for", "from", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "my",
        "no", "not", "of", "on", "or", "so", "than", "that", "the", "their", "then", "there",
        "these", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will",
        "with", "you", "your"
    }
)  # fmt: skip


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    is_prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass
class ParsedQuery:
    terms: list[Term] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def words(self) -> list[str]:
        return [w for t in self.terms for w in t.words]

    # --- SQLite FTS5 --------------------------------------------------------------------------

    def to_fts5(self, *, match_any: bool = False) -> str:
        parts = []
        for term in self.terms:
            # Words hold letters and digits only, so a double quote can never appear in one;
            # quoting makes NEAR, OR, AND, NOT and column names plain words.
            part = '"' + " ".join(term.words) + '"'
            if term.is_prefix:
                part += "*"
            parts.append(part)
        return (" OR " if match_any else " AND ").join(parts)

    # --- PostgreSQL tsquery -------------------------------------------------------------------

    def to_tsquery(self, *, match_any: bool = False) -> str:
        parts = []
        for term in self.terms:
            # PostgreSQL's parser keeps a number's sign ("n+1" gives 'n', '+1'); SQLite's
            # tokenizer drops it. A number matches with either sign, as on SQLite.
            lexemes = [
                f"('{w}' | '+{w}' | '-{w}')" if w.isascii() and w.isdigit() else f"'{w}'"
                for w in term.words
            ]
            if term.is_prefix:
                lexemes[-1] = f"'{term.words[-1]}':*"
            part = " <-> ".join(lexemes)
            parts.append(f"({part})" if term.is_phrase else part)
        return (" | " if match_any else " & ").join(parts)


def _words(text: str) -> list[str]:
    return [w[:MAX_WORD_CHARS].lower() for w in WORD_RE.findall(text)]


def parse_query(raw: str | None, *, auto_prefix: bool = False) -> ParsedQuery:
    """Parse what a person typed. Never raises; may return an empty query."""
    if not raw:
        return ParsedQuery()
    text = str(raw)[:MAX_QUERY_CHARS]
    terms: list[Term] = []
    for match in CHUNK_RE.finditer(text):
        phrase, bare = match.group(1), match.group(2)
        if phrase is not None:
            words = _words(phrase)
            if words:
                terms.append(Term(tuple(words)))
            continue
        words = _words(bare)
        if not words:
            continue
        is_prefix = bare.endswith("*") and len(words[-1]) >= MIN_PREFIX_CHARS
        if len(words) == 1 and not is_prefix and words[0] in STOP_WORDS:
            continue
        terms.append(Term(tuple(words), is_prefix=is_prefix))

    if auto_prefix and terms and not text.endswith((" ", '"')) and not terms[-1].is_phrase:
        last = terms[-1]
        if len(last.words[-1]) >= AUTO_PREFIX_MIN_CHARS:
            terms[-1] = Term(last.words, is_prefix=True)
        elif not last.is_prefix:
            # "celery r": a word still being typed. Two letters as a prefix would match a
            # good part of the vocabulary, slowly, and tell nothing: leave it out for now.
            terms.pop()
    # Dedupe, keep order, cap: a thousand-word query is no better than ten words.
    seen: set[Term] = set()
    unique = []
    for term in terms:
        if term not in seen:
            seen.add(term)
            unique.append(term)
    return ParsedQuery(unique[:MAX_TERMS])
