"""A profile's contributions (the chart, the latest challenges, solutions and wiki edits, and
their totals) come from a cached block ({% fragment %}) while nothing changes: the next reader
gets them without their dozen queries, a new post shows at once, and what only the learner and
the moderators may see (a hidden or held challenge) never reaches another reader through it.

Transactional: writes really commit, as in production, so blocks are really stored and read.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from moderation import services as moderation
from tests.factories import ModeratorFactory, UserFactory, make_challenge, make_page

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/u/writer/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def contributions(client) -> tuple[str, list[str]]:
    """The profile's contributions section, and the SQL its request ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<section class="contributions"')
    return html[start : html.index("</section>", start)], [q["sql"] for q in queries]


@pytest.fixture
def writer():
    writer = UserFactory(username="writer")
    for n in range(3):
        make_challenge(f"Celery retries, case {n}", "Tasks run twice.", author=writer)
    make_page("Idempotent tasks", "Make them safe to run twice.", author=writer)
    return writer


def test_a_second_reader_gets_the_contributions_without_their_queries(writer):
    readers = [logged_in(UserFactory()), logged_in(UserFactory())]  # (a new account is a write)
    first, first_sql = contributions(readers[0])
    second, second_sql = contributions(readers[1])
    assert "Celery retries, case 2" in first and "Idempotent tasks" in first
    assert "Challenges <span" in first and "(3)" in first
    assert second == first
    assert any("discussions_challenge" in sql for sql in first_sql)
    assert not any("discussions_challenge" in sql or "pagerevision" in sql for sql in second_sql)
    assert len(second_sql) <= len(first_sql) - 8


def test_a_new_challenge_and_a_hide_show_at_once(writer):
    reader = logged_in(UserFactory())
    contributions(reader)
    newest = make_challenge("Redis keys expire early", "TTL is wrong.", author=writer)
    html, _ = contributions(reader)
    assert "Redis keys expire early" in html and "(4)" in html
    moderation.content_hide(moderator=ModeratorFactory(), target=newest, reason="Duplicate")
    html, _ = contributions(reader)
    assert "Redis keys expire early" not in html and "(3)" in html


@pytest.mark.parametrize("first_look", ["self", "reader", "moderator"])
def test_a_hidden_challenge_shows_only_to_its_author_and_moderators_whoever_looks_first(
    writer, first_look
):
    hidden = make_challenge("My half-written question", "Draft.", author=writer)
    moderation.content_hide(moderator=ModeratorFactory(), target=hidden, reason="Unclear")
    clients = {
        "self": logged_in(writer),
        "reader": logged_in(UserFactory()),
        "moderator": logged_in(ModeratorFactory()),
        "anonymous": Client(),
    }
    order = [first_look, *(k for k in clients if k != first_look)]
    for who in order + order:  # twice round: the second time from the cache
        html, _ = contributions(clients[who])
        if who in ("self", "moderator"):
            assert "My half-written question" in html, who
        else:
            assert "My half-written question" not in html, who
            assert "(3)" in html, who
