"""Whatever someone types, search answers with a page, never a 500, on either engine."""

import re
from http import HTTPStatus

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search.query import parse_query
from search.services import search_documents, search_suggestions, similar_to_text

SYNTAX = ['"', "*", "-", "NEAR", "NEAR(", "OR", "AND", "NOT", "(", ")", "\\", "\x00", ":", "^",
          "'", "&", "|", "!", "<->", ":*", "{", "}", "+", "title:", "celery", "retry", " ",
          "\ufffd", "é", "_", "ǅ", "\u200b", "١", "%", "ß", "ﬁ"]  # fmt: skip

nasty = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(SYNTAX), max_size=30).map("".join),
    st.lists(st.sampled_from(SYNTAX), max_size=30).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=900, max_size=1000),
)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(q=nasty)
@example(q="celery retry")  # matches celery_content: the checks below then see real hits
def test_service_never_fails(celery_content, q):
    results = search_documents(q=q)
    total = results.count()
    hits = list(results[:20])
    assert len(hits) == min(total, 20)  # the count and the rows agree, whatever q is
    for hit in hits:
        assert "\x02" not in hit.snippet_html
    if q == "celery retry":
        assert {hit.title for hit in hits} >= {"Celery", "Celery task retry never stops"}
    assert len(search_suggestions(q=q)) <= 5
    similar_to_text(q)
    search_documents(q=q, kind="challenge", topic_id=celery_content["celery"].pk)[:5]


@SETTINGS
@given(q=nasty, other=nasty)
def test_view_never_fails(client, celery_content, q, other):
    # The test client refuses NUL; the raw-bytes test below sends it.
    q, other = q.replace("\x00", ""), other.replace("\x00", "")
    hx = {"HX-Request": "true"}
    assert client.get("/search/", {"q": q}).status_code == HTTPStatus.OK
    assert client.get("/search/", {"q": q, "topic": "celery", "kind": "page"}).status_code == 200
    assert client.get("/search/", {"q": q, "topic": other, "kind": other}).status_code == 200
    assert client.get("/search/", {"q": q, "page": other}).status_code == HTTPStatus.OK
    assert client.get("/search/suggest/", {"q": q}, headers=hx).status_code == HTTPStatus.OK
    assert client.get("/search/similar/", {"title": q}, headers=hx).status_code == HTTPStatus.OK
    assert client.get("/search/similar/", {"title": q}).status_code == HTTPStatus.OK
    assert client.get("/search/similar/", {"challenge": q}).status_code in {200, 404}
    topic = client.get("/search/topics/celery/", {"open_page": q, "pages_page": other})
    assert topic.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "query_string",
    [
        "q=%00",
        "q=celery%00retry",
        "q=%FF%FE%FD",
        "q=%C3%28celery",
        "q=" + "a" * 1000,
        "q=" + "celery%20" * 200,
        "q=%22%22%22*&kind=%00&topic=%FF",
        "q=NEAR(celery%20retry,%202)",
        "q=celery%20OR%20(retry%20-broker)%5C",
        "q=***",
        "q=-",
        "q=%22",
        "q=celery&page=%00",
        "q=celery&topic=celery%00",
        "q=celery%FF&topic=%22%3B--&kind=page%00",
        "q=%E2%80%AE%F0%9F%92%A9celery&topic=" + "c" * 1000,
    ],
)
def test_raw_query_strings(client, celery_content, query_string):
    hx = {"HX-Request": "true"}
    assert client.get(f"/search/?{query_string}").status_code == HTTPStatus.OK
    suggest = client.get(f"/search/suggest/?{query_string}", headers=hx)
    assert suggest.status_code == HTTPStatus.OK
    title_query = query_string.replace("q=", "title=", 1)
    for headers in ({}, hx):
        similar = client.get(f"/search/similar/?{title_query}", headers=headers)
        assert similar.status_code == HTTPStatus.OK
    related = client.get(f"/search/similar/?{query_string.replace('q=', 'challenge=', 1)}")
    assert related.status_code in {HTTPStatus.OK, HTTPStatus.NOT_FOUND}  # no such challenge
    topic = client.get(f"/search/topics/celery/?{query_string.replace('q=', 'open_page=', 1)}")
    assert topic.status_code == HTTPStatus.OK


def test_user_text_comes_back_on_the_search_page(client, celery_content):
    body = client.get("/search/", {"q": '<b>"celery" NEAR(retry)</b>'}).content.decode()
    assert "&lt;b&gt;&quot;celery&quot; NEAR(retry)&lt;/b&gt;" in body
    assert "<b>" not in body.split("<main")[1]


@given(q=st.text(max_size=300))
def test_parser_output_is_plain_words(q):
    query = parse_query(q, auto_prefix=True)
    for word in query.words:
        assert word.isalnum() or all(c.isalnum() for c in word)
    if query:
        assert re.fullmatch(r'"[^"\x00]+"\*?( AND "[^"\x00]+"\*?)*', query.to_fts5())
        assert re.fullmatch(r"[^\\\x00]+", query.to_tsquery())
