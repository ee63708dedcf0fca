"""examples/api-client in Chromium: a static page on another origin (its own little server)
lists challenges, shows one and posts a comment with a token, through CORS."""

import contextlib
import functools
import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from discussions.models import Comment
from discussions.services import challenge_refresh_counts
from tests.api.conftest import token_client
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory, make_challenge, make_solution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "api-client"
PORTS = range(8140, 8150)  # this work's own port range on the shared machine


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def example_origin():
    """The example served as plain files from another origin than the hub's."""
    handler = functools.partial(_Quiet, directory=str(EXAMPLE))
    server = None
    for port in PORTS:
        with contextlib.suppress(OSError):
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
            break
    if server is None:
        pytest.fail(f"no free port in {PORTS}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def content(transactional_db):
    challenge = make_challenge(
        "Celery workers exit at start", "The worker exits at once in **production**."
    )
    make_solution(challenge, "Start the worker with `-A project`.")
    challenge_refresh_counts(challenge=challenge)  # as the services keep them
    learner = UserFactory(username="ada")
    return {"challenge": challenge, "token": token_client(learner).secret}


def test_the_example_lists_shows_and_posts(page, live_server, example_origin, content, settings):
    settings.CORS_ALLOWED_ORIGINS = [example_origin]
    page.goto(f"{example_origin}/index.html?api={live_server.url}")
    assert_accessible(page)

    page.get_by_role("button", name="Load challenges").click()
    challenge = page.get_by_role("button", name="Celery workers exit at start")
    expect(challenge).to_be_visible()
    expect(page.get_by_role("listitem").filter(has=challenge)).to_contain_text("(1 solution, open)")

    challenge.click()
    expect(page.get_by_role("heading", name="Celery workers exit at start")).to_be_visible()
    expect(page.locator("#challenge-body strong")).to_have_text("production")
    expect(page.locator("#solutions")).to_contain_text("Start the worker with `-A project`.")
    assert_accessible(page)

    page.get_by_label("Token").fill(content["token"])
    page.get_by_label("Your comment").fill("Which broker do you use?")
    page.get_by_role("button", name="Post comment").click()

    expect(page.get_by_role("status")).to_have_text("Comment posted.")
    expect(page.locator("#comments")).to_contain_text("ada: Which broker do you use?")
    comment = Comment.objects.get()
    assert comment.challenge == content["challenge"]
    assert comment.author.username == "ada"


def test_without_cors_the_browser_is_kept_out(page, live_server, example_origin, content):
    """CORS is off by default: another origin's page cannot read the API."""
    page.goto(f"{example_origin}/index.html?api={live_server.url}")
    assert_accessible(page)

    page.get_by_role("button", name="Load challenges").click()

    expect(page.get_by_role("status")).to_contain_text("NEXUS_API_CORS_ORIGINS")
    expect(page.locator("#challenges li")).to_have_count(0)


def test_a_refused_post_shows_the_problem_detail(
    page, live_server, example_origin, content, settings
):
    settings.CORS_ALLOWED_ORIGINS = [example_origin]
    page.goto(f"{example_origin}/index.html?api={live_server.url}")
    assert_accessible(page)
    page.get_by_role("button", name="Load challenges").click()
    page.get_by_role("button", name="Celery workers exit at start").click()

    page.get_by_label("Token").fill("nxs_revoked-or-made-up")
    page.get_by_label("Your comment").fill("Hello")
    page.get_by_role("button", name="Post comment").click()

    expect(page.get_by_role("status")).to_have_text("Unknown token.")
    assert not Comment.objects.exists()
