"""Bounded rendering: no text, however built, makes the renderer raise or work more than in
proportion to its length.

Work is counted, not timed: every Python and C function call made while rendering (a profile
hook) against a budget proportional to the input. Python-Markdown's own link parsing appended
one character per call while scanning to the end of the text from every "[", so "[[" x 2000
made 24 million calls; the hook stops the render as soon as the budget is spent.
"""

import sys

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.markdown import (
    MAX_LINKS,
    MAX_NESTING,
    markdown_problems,
    render_markdown,
    render_markdown_with_toc,
    validate_markdown,
)

# Calls per input character, plus a fixed part for building the Markdown object (extensions,
# Pygments). Real pages use a few calls per character.
CALLS_PER_CHAR = 150
FIXED_CALLS = 300_000


class WorkBudgetExceeded(Exception):
    pass


def work(fn, *args, **kwargs):
    """Run fn, counting function calls; raise WorkBudgetExceeded past the budget for the
    length of the first argument."""
    budget = FIXED_CALLS + CALLS_PER_CHAR * len(args[0] if args else "")
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1
            if calls > budget:
                sys.setprofile(previous)
                raise WorkBudgetExceeded(f"more than {budget:,} calls")

    previous = sys.getprofile()
    sys.setprofile(count)
    try:
        result = fn(*args, **kwargs)
    finally:
        sys.setprofile(previous)
    return result, calls


# --- the runs the audit found ----------------------------------------------------------------


@pytest.mark.parametrize("n", [1000, 2000, 4000, 20000])
def test_runs_of_double_brackets_render_in_linear_work(n):
    text = "[[" * n

    html, calls = work(render_markdown, text)

    assert "[[[[" in html


@pytest.mark.parametrize("n", [1000, 2000, 3300])
def test_unclosed_brackets_within_the_bounds_render_in_linear_work(n):
    # Within the bounds the text goes through Python-Markdown itself, not the plain-text
    # fallback: its link processors are linear.
    text = "[x " * n + "](y)"

    html, calls = work(render_markdown, text)

    assert not markdown_problems(text)
    assert html.startswith("<p>[x [x")


@pytest.mark.parametrize(
    "text",
    [
        "[a](" * 1000,
        "[a](()" * 1000,
        "![" * 2000,
        "[a][" * 1000,
        "[^" * 2000,
        "[" * 3000 + "a" + "]" * 3000,
        "<a " * 150 + "x",
    ],
)
def test_other_bracket_and_tag_runs_render_in_linear_work(text):
    work(render_markdown, text)


@pytest.mark.parametrize("marker", ["- ", "1. ", "* ", "> ", "- > 1. "])
def test_deeply_nested_markers_do_not_raise(marker):
    text = marker * 500 + "x"

    html = render_markdown(text)

    assert "x" in html


@pytest.mark.parametrize("marker", ["- ", "1. ", "> "])
def test_deep_nesting_is_refused_with_what_to_simplify(marker):
    with pytest.raises(ValidationError) as exc:
        validate_markdown(marker * 500 + "x")

    assert "nested" in " ".join(exc.value.messages)
    assert str(MAX_NESTING) in " ".join(exc.value.messages)


def test_nesting_within_the_bound_renders_as_lists():
    text = "".join("    " * level + "- item\n" for level in range(MAX_NESTING - 1))

    validate_markdown(text)
    assert render_markdown(text).count("<ul>") == MAX_NESTING - 1


def test_too_many_links_are_refused():
    with pytest.raises(ValidationError) as exc:
        validate_markdown("[[" * 20000)

    assert f"at most {MAX_LINKS:,}" in " ".join(exc.value.messages)


def test_links_in_fenced_code_do_not_count():
    validate_markdown("```python\n" + "x = [[1], [2]]\n" * 3000 + "```\n")


def test_a_huge_paragraph_is_refused_but_a_long_table_is_not():
    with pytest.raises(ValidationError):
        validate_markdown("`a` " * 5000)
    table = "| a | b |\n|---|---|\n" + "| `x` | **y** |\n" * 1500

    validate_markdown(table)


@pytest.mark.parametrize(
    "text",
    [
        ("`a` " * 20 + "\n") * 1000,  # short lines, no blank line: one paragraph
        "x\n---\n" + ("`a` " * 20 + "\n") * 1000,  # not a table
        ("`a` " * 20 + "\n- x\n") * 500,  # a list needs a blank line before it
    ],
)
def test_a_paragraph_of_short_lines_counts_as_one(text):
    assert any("paragraph" in p for p in markdown_problems(text))


def test_list_items_count_one_by_one():
    assert markdown_problems("- item with `code`\n" * 3000) == []


def test_a_long_reference_definition_is_refused():
    # Reused by every [text][r], a long definition would multiply the output.
    with pytest.raises(ValidationError):
        validate_markdown("[r]: http://e.example/" + "a" * 5000 + "\n\n" + "[x][r] " * 100)


def test_past_a_bound_the_renderer_keeps_the_text_as_written():
    text = "1. " * 500 + "<b>kept</b>"

    html = render_markdown(text)

    assert "kept" in html and "&lt;b&gt;" in html


def test_realistic_markdown_passes_the_checks():
    text = (
        "## Caching\n\nUse [[Redis]] and [the docs](https://redis.io) with `SET k v`.\n\n"
        "- one\n    - two\n        - three\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```python\nprint('[[x]]')\n```\n"
    ) * 50

    assert markdown_problems(text) == []
    validate_markdown(text)


# --- generated pathological input ------------------------------------------------------------

UNITS = [
    "[[", "]]", "[", "]", "(", ")", "](", "[a](", "![", "[a][", "[^", "[]", "[]()", "<", ">",
    "<a ", "</a ", "<!--", "<?", "&#", "&amp;", "\\", "`", "``", "*", "**", "_", "__", "~~",
    "- ", "* ", "+ ", "1. ", "1) ", "> ", "    ", "\t", "#", "|", "|---", "@a ", "<http://a.b>",
    "[[a]]", "[a]: b\n", "```", "~~~", "\n", "\n\n", "a", "word ", "\x00", "\u202e",
]  # fmt: skip

runs = st.tuples(st.sampled_from(UNITS), st.integers(min_value=1, max_value=3000)).map(
    lambda pair: pair[0] * pair[1]
)
nested = st.tuples(
    st.lists(st.sampled_from(["- ", "1. ", "> ", "* ", "    "]), min_size=1, max_size=3),
    st.integers(min_value=1, max_value=800),
    st.sampled_from(["x", "[[a]]", "`c`", "*e*"]),
).map(lambda t: "".join(t[0]) * t[1] + t[2])
nested_inline = st.tuples(
    st.sampled_from([("[", "](u)"), ("*", "*"), ("**", "**"), ("_", "_"), ("`", "`")]),
    st.integers(min_value=1, max_value=1500),
).map(lambda t: t[0][0] * t[1] + "x" + t[0][1] * t[1])


def _table(columns: int, rows: int) -> str:
    return (
        "|"
        + "h|" * columns
        + "\n|"
        + "-|" * columns
        + "\n"
        + ("|" + "`c`|" * columns + "\n") * rows
    )


tables = st.builds(
    _table, st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=400)
)
long_words = st.integers(min_value=1, max_value=60_000).map(lambda n: "w" * n)
pathological = st.lists(
    st.one_of(runs, nested, nested_inline, tables, long_words, st.text(max_size=200)),
    min_size=1,
    max_size=4,
).map("".join)

ENTRY_POINTS = {
    "render_markdown": render_markdown,
    "render_markdown comment": lambda text: render_markdown(text, comment=True),
    "render_markdown_with_toc strict": lambda text: _strict(render_markdown_with_toc, text),
    "validate_markdown": lambda text: _valid(text),
}


def _strict(fn, text):
    from core.markdown import MarkdownTooComplex

    try:
        return fn(text, strict=True)
    except MarkdownTooComplex as exc:
        assert exc.problems
        return None


def _valid(text):
    try:
        validate_markdown(text)
    except ValidationError as exc:
        assert exc.messages
    return None


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=pathological)
def test_generated_pathological_markdown_is_bounded(entry, text):
    work(ENTRY_POINTS[entry], text)
