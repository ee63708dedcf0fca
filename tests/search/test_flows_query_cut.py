"""A search over the length cap says so and is cut between words (issue 12, defect 7)."""

import pytest

from search.query import MAX_QUERY_CHARS

pytestmark = pytest.mark.django_db


def test_a_long_query_is_cut_between_words_and_the_page_says_so(client):
    words = " ".join(f"word{n:03d}" for n in range(60))  # 479 characters
    html = client.get("/search/", {"q": words}).content.decode()
    assert f"longer than {MAX_QUERY_CHARS} characters" in html
    kept = words[: MAX_QUERY_CHARS + 1].rpartition(" ")[0]
    assert f"“{kept}”" in html


def test_a_short_query_says_nothing_of_the_sort(client):
    html = client.get("/search/", {"q": "celery retries"}).content.decode()
    assert "characters, so only its first words" not in html
