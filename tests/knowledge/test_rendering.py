from html.parser import HTMLParser

import pytest

from knowledge.rendering import relink_created, render_preview, render_wiki

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "<a href='JaVaScRiPt:alert(1)'>click</a>",
    '<iframe src="https://evil.example"></iframe>',
    '<p style="position:fixed;top:0">cover</p>',
    "<style>body{display:none}</style>",
    '<div hx-get="/moderation/" hx-trigger="load">x</div>',
    '<a href="/x" hx-post="/wiki/new/" hx-trigger="mouseover">hover</a>',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<object data="evil.swf"></object>',
    '<form action="/x"><input name="a"></form>',
    "[[Page|<script>alert(1)</script>]]",
    '[[Page" onmouseover="alert(1)]]',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<body onload="alert(1)">',
    '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    "![x](javascript:alert(1))",
]
FORBIDDEN_TAGS = {"script", "iframe", "style", "object", "embed", "form", "input", "svg", "math",
                  "body"}  # fmt: skip


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _elements(html):
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_wiki_rendering_makes_injection_inert(payload):
    html = render_wiki(f"Before\n\n{payload}\n\nafter").html

    for tag, attrs in _elements(html):
        assert tag not in FORBIDDEN_TAGS, html
        for name, value in attrs.items():
            assert not name.startswith(("on", "hx-", "data-hx")), html
            assert name != "style", html
            assert not (value or "").strip().lower().startswith("javascript:"), html
    assert "<script" not in html.lower()


@pytest.mark.django_db
def test_link_to_existing_page_is_a_plain_link(make_page):
    make_page(title="Redis")

    html = render_wiki("See [[Redis]].").html

    assert '<a class="wikilink" href="/wiki/redis/"' in html


@pytest.mark.django_db
def test_link_to_missing_page_keeps_its_class_through_sanitising():
    html = render_wiki("See [[Message brokers]].").html

    assert 'class="wikilink-missing"' in html
    assert 'href="/wiki/new/?title=Message%20brokers"' in html


@pytest.mark.django_db
def test_slug_and_label_form_uses_the_label(make_page):
    make_page(title="Redis")

    html = render_wiki("[[redis|the in-memory store]]").html

    assert ">the in-memory store</a>" in html
    assert 'href="/wiki/redis/"' in html


@pytest.mark.django_db
def test_linked_slugs_are_listed_once_in_order():
    rendered = render_wiki("[[B]] [[A]] [[b|again]]")

    assert rendered.linked_slugs == ["b", "a"]


@pytest.mark.django_db
def test_wiki_links_inside_code_stay_text():
    rendered = render_wiki("`[[Not a link]]`\n\n```\n[[Nor this]]\n```")

    assert rendered.linked_slugs == []
    assert "[[Not a link]]" in rendered.html


@pytest.mark.django_db
def test_headings_get_anchors_and_a_table_of_contents():
    rendered = render_wiki("## First part\n\ntext\n\n### Detail\n\nmore")

    assert '<h2 id="h-first-part">' in rendered.html
    assert 'href="#h-first-part"' in rendered.toc_html
    assert 'href="#h-detail"' in rendered.toc_html


@pytest.mark.django_db
def test_fenced_code_is_highlighted_by_pygments():
    html = render_wiki("```python\ndef f():\n    return 1\n```").html

    assert '<div class="highlight">' in html
    assert '<span class="k">def</span>' in html


@pytest.mark.django_db
def test_code_blocks_take_keyboard_focus_and_nothing_else_does():
    """A wide code block scrolls sideways on a phone: tabindex lets a keyboard scroll it."""
    html = render_wiki(
        '```\nx = 1\n```\n\n<pre tabindex="7">raw</pre>\n\n<p tabindex="1">text</p>'
    ).html
    parser = _Elements()
    parser.feed(html)
    focusable = [(tag, attrs["tabindex"]) for tag, attrs in parser.elements if "tabindex" in attrs]
    assert focusable == [("pre", "0"), ("pre", "0")]


@pytest.mark.django_db
def test_tables_render():
    html = render_wiki("| a | b |\n|---|---|\n| 1 | 2 |").html

    assert "<table>" in html


@pytest.mark.django_db
def test_preview_uses_the_wiki_pipeline(settings):
    from django.utils.module_loading import import_string

    assert 'class="wikilink-missing"' in render_preview("[[Nowhere]]")
    markdownify = import_string(settings.MARKDOWNX_MARKDOWNIFY_FUNCTION)
    assert 'class="wikilink-missing"' in markdownify("[[Nowhere]]")


@pytest.mark.django_db
def test_relink_turns_only_the_created_slug_live():
    html = render_wiki("[[Celery]] and [[Redis]]").html

    fixed = relink_created(html, "celery")

    assert 'href="/wiki/celery/" class="wikilink"' in fixed
    assert "/wiki/new/?title=Redis" in fixed


@pytest.mark.django_db
def test_render_wiki_unpacks_as_a_triple():
    html, toc_html, linked_slugs = render_wiki("## A\n\n[[B]]")

    assert '<h2 id="h-a">' in html and "#h-a" in toc_html and linked_slugs == ["b"]
