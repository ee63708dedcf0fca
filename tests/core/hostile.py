"""The hostile-input corpus, and the check that a page, feed or e-mail left it inert.

- MARKUP: every way to smuggle something live into HTML (script tags, event handlers,
  javascript:/data: URLs, SVG, iframes, entity tricks, hx-* and style attributes, reference
  links, RTL overrides, NUL and control characters): the markdown renderer's own list
  (tests/core/test_hostile_markdown.py) and a few with markers this check looks for.
- TEXT: the subset sent through every form (a few seconds per test).
- QUERY_VALUES: what goes into every query parameter, with odd numbers and far dates.
- RAW_QUERY_STRINGS: invalid UTF-8, raw and percent-encoded.

`assert_inert(html)` parses the HTML (html.parser: tags and attributes, not a grep) and fails
on anything the corpus could have made live. The site's own markup passes: its scripts come
from /static/, it has no inline handlers, its hx-* attributes point at its own URLs.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.core.test_hostile_markdown import HOSTILE

# Markers: the check looks for these where only the corpus can have put them.
HX_MARKER = "/hostile-hx/"
CSS_MARKER = "hostile-css"

MARKUP = [
    *HOSTILE,
    f'<div hx-get="{HX_MARKER}" hx-trigger="load" hx-target="body">x</div>',
    f'<p style="position:fixed;inset:0;background:url(/{CSS_MARKER}/)">cover</p>',
    f"<style>body{{background:url(/{CSS_MARKER}/)}}</style>",
    f'<button hx-post="{HX_MARKER}" hx-vals=\'{{"a": 1}}\'>Go</button>',
    '"><script>alert(1)</script><x y="',
    "'><img src=x onerror=alert(1)><x y='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
]

# Through every form: one of each family (the renderer test covers the whole list).
TEXT = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    f'<div hx-get="{HX_MARKER}" hx-trigger="load" hx-target="body">x</div>',
    f'<p style="position:fixed;inset:0;background:url(/{CSS_MARKER}/)">cover</p>',
    "[x][r]\n\n[r]: javascript:alert(1)",
    "\u202eexe.txt [\u202ejavascript:alert(1)](\u202ejavascript:alert(1))",
    "a\x00b<scr\x00ipt>alert(1)</scr\x00ipt> \x0b\x0c\x01\x1b[31m\x7f",
    '"><script>alert(1)</script><x y="',
    "</textarea><script>alert(1)</script>",
    "- " * 600 + "x",
    "[[" * 3000,
]

HUGE_NUMBERS = ["99999999999999999999", "-1", "0", "1e309", "NaN", "0x10", "1.5", "٣"]
FAR_DATES = ["9999-12-31", "0001-01-01", "99999-01-01", "2026-02-30", "-2026-01-01", "today"]
QUERY_VALUES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    f'<div hx-get="{HX_MARKER}" hx-trigger="load">',
    "a\x00b",
    "\x0b\x01\x1b",
    "\u202egnp.exe",
    "x" * 5000,
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "%00",
    *HUGE_NUMBERS,
    *FAR_DATES,
]
# Sent as the WSGI server hands them over: latin-1 characters standing for raw bytes.
RAW_QUERY_STRINGS = [
    "q=\xff\xfe\xfd&page=\xc0\xaf",
    "q=%ff%fe%fd&page=%c0%af&topic=%ed%a0%80",
    "q=%E2%80%AE%00&sort=%C3%28",
]

_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data",
                  "background", "cite", "srcset", "ping"}  # fmt: skip
NEVER_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
LIVE_SCHEMES = {"javascript", "vbscript", "data", "livescript"}


def scheme(url: str) -> str | None:
    """The scheme a browser reads in `url` (WHATWG: leading and trailing C0 controls and
    spaces dropped, tabs and newlines removed anywhere), None if relative."""
    url = url.strip(_C0_AND_SPACE)
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    m = _SCHEME.match(url)
    return m.group(0)[:-1].lower() if m else None


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in: str | None = None  # script or style
        self._src = ""

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag in {"script", "style"}:
            self._in, self._src = tag, dict(attrs).get("src") or ""

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script" and re.search(r"alert\(|hostile|evil\.example", data):
            self.problems.append(f"inline script from the corpus: {data[:80]!r}")
        if self._in == "style" and CSS_MARKER in data:
            self.problems.append(f"style element from the corpus: {data[:80]!r}")

    def _check(self, tag, attrs):
        where = f"<{tag} {' '.join(f'{n}={v!r}' for n, v in attrs)[:200]}>"
        if tag in NEVER_TAGS:
            self.problems.append(f"{tag} element: {where}")
        if tag == "meta" and any(n == "http-equiv" for n, _ in attrs):
            self.problems.append(f"meta http-equiv: {where}")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if src and not src.startswith("/static/"):
                self.problems.append(f"script from elsewhere: {where}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}: {where}")
            elif name in {"srcdoc"} or name.startswith(("data-hx", "hx-on")):
                self.problems.append(f"live attribute {name}: {where}")
            elif name.startswith("hx-") and value.startswith(HX_MARKER):
                self.problems.append(f"htmx attribute from the corpus: {where}")
            elif name == "style" and CSS_MARKER in value:
                self.problems.append(f"style attribute from the corpus: {where}")
            elif name in URL_ATTRIBUTES:
                urls = (
                    [u.strip().split(" ")[0] for u in value.split(",")]
                    if name == "srcset"
                    else [value]
                )  # noqa: E501
                for url in urls:
                    if scheme(url) in LIVE_SCHEMES:
                        self.problems.append(f"{scheme(url)}: URL in {name}: {where}")


def problems(html: str) -> list[str]:
    # (A NUL echoed into a page is not live: browsers read it as U+FFFD. In a feed it breaks
    # the XML, which the feed check's parser catches.)
    found: list[str] = []
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return found + inspector.problems


def assert_inert(html: str, where: str = "") -> None:
    found = problems(html)
    assert not found, f"{where}: {found[:5]}"
