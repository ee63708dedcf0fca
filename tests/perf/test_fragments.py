"""Logged-in challenge pages from cached blocks ({% fragment %}, core/pagecache.py): each
solution's block is stored per path and per what the viewer has of their own in it, so the
next learner with the same view of it gets it without a render, and nobody ever gets anyone
else's edit links, votes, flags, moderator tools or CSRF token.

Transactional: writes really commit, as in production, so blocks are really stored and read.
"""

import re

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagecache
from discussions import services as discussions
from discussions.models import Comment
from moderation import services as moderation
from tests.factories import ModeratorFactory, UserFactory, make_challenge, make_solution

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def solution_block(html: str, solution) -> str:
    start = html.index(f'id="solution-{solution.pk}"')
    return html[start : html.index("</article>", start)]


def without_tokens(html: str) -> str:
    html = re.sub(r'nonce="[^"]*"', 'nonce="NONCE"', html)
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", html)


def solutions_of(html: str) -> str:
    return html[html.index('<section class="solutions"') : html.index('aria-labelledby="answer-h"')]


def own_tools(block: str) -> str:
    """A solution block less its comment thread: the solution's own buttons."""
    return block[: block.index('<section class="comments"')]


def bodies_read(client, url) -> bool:
    """Whether rendering `url` read the comments' bodies (a block was rendered, not cached)."""
    with CaptureQueriesContext(connection) as queries:
        page(client, url)
    return any('"discussions_comment"."body_html"' in q["sql"] for q in queries)


@pytest.fixture
def thread():
    asker, solver = UserFactory(username="asker"), UserFactory(username="solver")
    challenge = make_challenge("Celery tasks vanish", "Tasks are lost on restart.", author=asker)
    solutions = [
        make_solution(challenge, f"Answer number {n}: acks late.", author=solver) for n in range(3)
    ]
    for solution in solutions:
        discussions.comment_create(target=solution, author=asker, body="Did that help?")
    return challenge, solutions, asker, solver


def test_a_second_learner_gets_the_blocks_without_a_render(thread):
    challenge, solutions, *_ = thread
    url = challenge.get_absolute_url()
    first, second = logged_in(UserFactory()), logged_in(UserFactory())
    assert bodies_read(first, url)  # rendered, and stored
    assert not bodies_read(second, url)  # same view of every block: all from the cache
    html = page(second, url)
    assert html.count('class="card solution') == 3
    assert "Answer number 2: acks late." in html and html.count("Did that help?") == 3
    # What the cache gave is what a render gives, tokens aside (the header is each reader's).
    assert without_tokens(solutions_of(page(first, url))) == without_tokens(solutions_of(html))


def test_the_author_and_a_reader_each_see_their_own_tools(thread):
    challenge, solutions, asker, solver = thread
    url = challenge.get_absolute_url()
    # Logging in writes (last_login): every client first, then reads in one generation.
    solver_client, other_client, asker_client = map(logged_in, (solver, UserFactory(), asker))
    generation = pagecache.generation()
    mine = own_tools(solution_block(page(solver_client, url), solutions[0]))
    assert "Withdraw" in mine and "Vote up" not in mine and "Flag" not in mine
    other = own_tools(solution_block(page(other_client, url), solutions[0]))
    assert "Withdraw" not in other and "Vote up" in other and "Flag" in other
    assert "Accept this solution" not in other
    # The asker may accept, and owns the comments: no flag for those, withdraw instead.
    theirs = solution_block(page(asker_client, url), solutions[0])
    assert "Accept this solution" in theirs
    assert theirs.count("Withdraw") == 1  # their comment's; not the solver's solution
    # And back: the solver's own view again, from the cache.
    assert "Withdraw" in own_tools(solution_block(page(solver_client, url), solutions[0]))
    assert pagecache.generation() == generation  # all of it read from one generation


def test_votes_and_flags_stay_with_the_one_who_made_them(thread):
    challenge, solutions, asker, _ = thread
    url = challenge.get_absolute_url()
    voter, onlooker = UserFactory(username="voter"), UserFactory(username="onlooker")
    voter_client, onlooker_client = logged_in(voter), logged_in(onlooker)
    page(voter_client, url), page(onlooker_client, url)  # both views stored
    discussions.solution_vote(solution=solutions[1], user=voter)
    comment = Comment.objects.get(solution=solutions[1])
    moderation.flag_create(flagger=voter, target=comment, reason="off-topic")
    voted = solution_block(page(voter_client, url), solutions[1])
    assert "Take back vote" in voted and "1 vote<" in voted and "You flagged this." in voted
    seen = solution_block(page(onlooker_client, url), solutions[1])
    assert "Take back vote" not in seen and "Vote up" in seen and "1 vote<" in seen
    assert "You flagged this." not in seen
    # And in the other order: the onlooker's block first, then the voter's.
    page(onlooker_client, url)
    assert "Take back vote" in solution_block(page(voter_client, url), solutions[1])


def test_moderator_tools_never_reach_a_learner(thread):
    challenge, solutions, *_ = thread
    url = challenge.get_absolute_url()
    moderator, learner = logged_in(ModeratorFactory()), logged_in(UserFactory())
    generation = pagecache.generation()
    assert "Hide…" in solution_block(page(moderator, url), solutions[0])
    learner_html = page(learner, url)
    assert "Hide…" not in learner_html and "/moderation/hide/" not in learner_html
    assert "Hide…" in page(moderator, url)
    assert pagecache.generation() == generation


def test_each_reader_gets_forms_with_their_own_csrf_token(thread):
    challenge, solutions, *_ = thread
    url = challenge.get_absolute_url()
    first = logged_in(UserFactory())
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(UserFactory(username="latecomer"))
    assert bodies_read(first, url)  # stored with the first reader's tokens punched out
    assert not bodies_read(reader, url)
    html = page(reader, url)
    secret = reader.cookies["csrftoken"].value
    tokens = set(TOKEN.findall(html))
    assert tokens and all(_unmask_cipher_token(t) == secret for t in tokens)
    token = TOKEN.findall(solution_block(html, solutions[2]))[0]
    response = reader.post(
        reverse("discussions:solution_comment", args=[solutions[2].pk]),
        {"body": "Posted through a cached form.", "csrfmiddlewaretoken": token},
    )
    assert response.status_code in (200, 302)
    assert "Posted through a cached form." in page(reader, url)


def test_an_edit_a_hide_and_a_new_comment_show_at_once_to_logged_in_readers(thread):
    challenge, solutions, asker, _ = thread
    url = challenge.get_absolute_url()
    reader = logged_in(UserFactory())
    page(reader, url), page(reader, url)
    comment = Comment.objects.filter(solution=solutions[0]).get()
    discussions.comment_edit(comment=comment, editor=asker, body="Edited: it helped.")
    assert "Edited: it helped." in solution_block(page(reader, url), solutions[0])
    moderation.content_hide(moderator=ModeratorFactory(), target=solutions[1], reason="Spam")
    assert "This solution was hidden by a moderator." in page(reader, url)
    discussions.comment_create(
        target=solutions[2], author=UserFactory(), body="Also set visibility_timeout."
    )
    assert "Also set visibility_timeout." in page(reader, url)


def test_a_comment_form_holding_text_is_never_cached(thread):
    """Kept text (a comment sent while logged out) comes back in its form for its author only:
    the block holding it is rendered, not stored, and not served from the cache either."""
    challenge, solutions, *_ = thread
    url = challenge.get_absolute_url()
    other = logged_in(UserFactory())
    writer = Client()
    writer.post(
        reverse("discussions:solution_comment", args=[solutions[0].pk]),
        {"body": "Typed while logged out."},
    )
    writer.force_login(UserFactory(username="writer"))
    page(other, url)
    assert "Typed while logged out." in page(writer, url)
    assert "Typed while logged out." not in page(other, url)


def test_a_flag_alone_keeps_its_block_apart(thread):
    """Two learners alike in all but one flag on one comment: each gets their own block."""
    challenge, solutions, *_ = thread
    url = challenge.get_absolute_url()
    flagger, onlooker = UserFactory(username="flagger"), UserFactory(username="onlooker")
    comment = Comment.objects.get(solution=solutions[2])
    moderation.flag_create(flagger=flagger, target=comment, reason="spam")
    flagger_client, onlooker_client = logged_in(flagger), logged_in(onlooker)
    generation = pagecache.generation()
    assert "You flagged this." not in page(onlooker_client, url)
    assert "You flagged this." in solution_block(page(flagger_client, url), solutions[2])
    assert "You flagged this." not in page(onlooker_client, url)
    assert pagecache.generation() == generation


def test_a_deploy_of_other_code_never_serves_the_old_codes_pages(thread, settings):
    """Redis outlives the processes: the code's version is part of every key."""
    challenge, *_ = thread
    url = challenge.get_absolute_url()
    reader, anonymous = logged_in(UserFactory()), Client()
    assert bodies_read(reader, url)
    assert not bodies_read(reader, url)
    anonymous.get(url)
    assert anonymous.get(url)["X-Page-Cache"] == "hit"
    pagecache._code_version.clear()
    settings.NEXUS_CODE_VERSION = "next-release"
    try:
        assert pagecache.generation().endswith(".next-release")
        assert bodies_read(reader, url)  # rendered again by the new code
        assert anonymous.get(url)["X-Page-Cache"] == "miss"
    finally:
        pagecache._code_version.clear()
