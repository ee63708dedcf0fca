"""A stripped `javascript:` link does not look like a link (issue 12, defect 7)."""

from core.markdown import render_markdown


def test_a_javascript_link_keeps_its_text_and_loses_the_anchor():
    html = render_markdown("[click me](javascript:alert(1)) and [ok](https://example.org)")
    assert "click me" in html
    assert "<a>" not in html and "<a rel" not in html
    assert '<a href="https://example.org"' in html


def test_in_comments_too():
    html = render_markdown('<a href="javascript:x">raw</a> [c](data:text/html,x)', comment=True)
    assert "<a" not in html
    assert "raw" in html and "c" in html
