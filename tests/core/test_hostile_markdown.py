"""The hostile-input corpus, through the renderer: everything comes out inert.

HOSTILE is meant to be reused (import it) for views, feeds and e-mails.
"""

import re
from html.parser import HTMLParser

import pytest

from core.markdown import render_markdown, render_markdown_with_toc

HOSTILE = [
    # script tags, however spelled
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\x00>alert(1)</script>",
    "```html\n<script>alert(1)</script>\n```\n\n</code></pre><script>alert(1)</script>",
    "`</code><script>alert(1)</script>`",
    # event handlers
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<a href="#" onclick="alert(1)">click</a>',
    '<body onload="alert(1)">',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<div onmouseover="alert(1)" style="position:fixed;inset:0">cover</div>',
    '<p/onclick="alert(1)">x</p>',
    '![x](x" onerror="alert(1))',
    '[x](http://e.example "title" onclick="alert(1)")',
    # javascript: and data: URLs
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;vascript:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "![x](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:text/html,<script>alert(1)</script>)",
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
    "[x](vbscript:msgbox(1))",
    # SVG, MathML, iframes, objects, forms
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example"><input name="password"><button>Go</button></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # style, htmx and other attributes that act
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>',
    "<style>body{display:none}</style>",
    '<div hx-get="/moderation/" hx-trigger="load">x</div>',
    '<a href="/x" hx-post="/wiki/new/" hx-trigger="mouseover">hover</a>',
    '<span data-hx-get="/admin/" data-hx-trigger="load">x</span>',
    '<div hx-on:click="alert(1)">x</div>',
    '<div hx-vals=\'{"x": 1}\' hx-headers=\'{"X-CSRFToken": "x"}\'>x</div>',
    '<img src="/x" srcset="javascript:alert(1) 1x">',
    '<a href="/x" target="_blank" formaction="javascript:alert(1)">x</a>',
    '<h2 id="comments-c12">Capture the swap target</h2>',
    '<h2 id="main" class="x" onclick="alert(1)">main</h2>',
    # entity tricks
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',  # noqa: E501
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<!--<script>alert(1)//--><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?php echo 1; ?><script>alert(1)</script>",
    # wiki links and reference links
    "[[Page|<script>alert(1)</script>]]",
    '[[Page" onmouseover="alert(1)]]',
    "[[javascript:alert(1)]]",
    "[x][r]\n\n[r]: javascript:alert(1)",
    '[x][r]\n\n[r]: http://e.example "t" onclick="alert(1)"',
    "[r]\n\n[r]: <javascript:alert(1)>",
    "![i][r]\n\n[r]: data:image/svg+xml,<svg onload=alert(1)>",
    # RTL overrides, NUL and control characters
    "\u202eexe.txt \u202d\u2066x\u2069 [\u202ejavascript:alert(1)](\u202ejavascript:alert(1))",
    "a\x00b<scr\x00ipt>alert(1)</scr\x00ipt>",
    "\x0b\x0c\x01\x02klzzwxh:0000\x03\x1b[31m\x7f",
    "\x02wzxhzdk:0\x03<script>alert(1)</script>",
    '<a href="java\x00script:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    "\ufeff<script>alert(1)</script>",
    # huge numbers and odd lists
    "99999999999999999999999999. item\n",
    '<ol start="99999999999999999999"><li>x</li></ol>',
    '<img width="99999999999" height="-1" src="/x">',
]

FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "style", "object", "embed", "form", "input", "button", "svg",
    "math", "body", "meta", "base", "link", "textarea", "select", "template",
}  # fmt: skip


_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _scheme(url: str) -> str | None:
    """The scheme a browser reads in `url` (WHATWG URL parsing: leading and trailing C0
    controls and spaces dropped, tabs and newlines removed anywhere), None if relative."""
    url = url.strip(_C0_AND_SPACE)
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    m = _SCHEME.match(url)
    return m.group(0)[:-1].lower() if m else None


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))


def _assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered, html
    assert "\x00" not in html, html
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag not in FORBIDDEN_TAGS, html
        for name, value in attrs:
            assert not name.startswith(("on", "hx-", "data-")), html
            assert name not in {"style", "srcset", "formaction", "srcdoc", "xlink:href"}, html
            if name == "id":
                assert value.startswith("h-"), html
            if name in {"href", "src"}:
                scheme = _scheme(value)
                assert scheme in {None, "http", "https", "mailto"}, html


@pytest.mark.django_db
@pytest.mark.parametrize("payload", HOSTILE)
@pytest.mark.parametrize("comment", [False, True], ids=["body", "comment"])
def test_hostile_markdown_renders_inert(payload, comment):
    html = render_markdown(f"Before\n\n{payload}\n\nafter", comment=comment)

    _assert_inert(html)


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markdown_renders_inert_with_its_table_of_contents(payload):
    html, toc = render_markdown_with_toc(f"## {payload}\n\n{payload}")

    _assert_inert(html)
    _assert_inert(toc)


def test_user_heading_ids_cannot_take_the_pages_own_ids():
    html, toc = render_markdown_with_toc(
        '## Comments c12\n\n<h2 id="comments-c12">raw</h2>\n\n### Main'
    )

    assert '<h2 id="h-comments-c12">Comments c12</h2>' in html
    assert '<h2 id="h-comments-c12">raw</h2>' in html
    assert '<h3 id="h-main">Main</h3>' in html
    assert 'id="comments-c12"' not in html and 'id="main"' not in html
    # The table of contents links to the prefixed ids.
    assert 'href="#h-comments-c12"' in toc and 'href="#h-main"' in toc
