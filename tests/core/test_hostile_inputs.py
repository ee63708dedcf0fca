"""The hostile-input corpus (tests/core/hostile.py) through every field and query parameter a
person can fill: never a 5xx, and nothing live in any page, feed or notification e-mail.

Query parameters: one test per page, every value of the corpus in each of its parameters
(and invalid UTF-8 in the raw query string). Forms: one test per payload, sent through every
form (sign-up, profile, challenge, solution, comment, wiki page and edit, previews, flag, hide,
suspend), then every page, feed and e-mail that shows what was sent is parsed and checked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from email import message_from_bytes
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client

from accounts.models import EmailPreference
from knowledge.models import Category
from tests.core import hostile
from tests.factories import (
    ModeratorFactory,
    UserFactory,
    make_challenge,
    make_page,
    make_solution,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    ada = UserFactory(username="ada")
    grace = UserFactory(username="grace")
    mod = ModeratorFactory(username="mod")
    topic = make_topic("Celery")
    challenge = make_challenge("Tasks vanish", "Why?", topics=[topic], author=ada)
    solution = make_solution(challenge, "Use acks_late.", author=grace)
    page = make_page("Celery retries", "Retry with backoff.", topics=[topic], author=ada)
    return {
        "ada": ada,
        "grace": grace,
        "mod": mod,
        "topic": topic,
        "challenge": challenge,
        "solution": solution,
        "page": page,
    }


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _check(response, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    content_type = response.get("Content-Type", "")
    if "html" in content_type and response.content:
        hostile.assert_inert(response.content.decode("utf-8", "replace"), where)
    elif "xml" in content_type:
        _check_feed(response.content, where)


def _check_feed(raw: bytes, where: str) -> None:
    """A feed: well-formed XML, and whatever a reader renders as HTML (Atom type="html" or
    "xhtml", RSS descriptions) inert; Atom's type="text" (the default) is shown as text."""
    root = ET.fromstring(raw)  # our own feed, parsed to check it
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        as_html = element.get("type") in {"html", "xhtml"} or (
            name == "description" and not element.tag.startswith("{")
        )
        if element.text and as_html:
            hostile.assert_inert(element.text, f"{where} <{name}>")


# --- query parameters -------------------------------------------------------------------------

GET_PAGES = {
    "home": ("/", ["page"]),
    "challenges": (
        "/challenges/",
        ["status", "topic", "track", "author", "sort", "page", "after", "before"],
    ),
    "challenge": ("/challenges/{challenge}/", ["page", "all_comments", "sort"]),
    "wiki": ("/wiki/", ["category", "page", "sort"]),
    "wiki-changes": ("/wiki/changes/", ["category", "author", "page", "after", "before"]),
    "wiki-new": ("/wiki/new/", ["title", "from_challenge"]),
    "wiki-diff": ("/wiki/{page}/diff/", ["from", "to"]),
    "wiki-history": ("/wiki/{page}/history/", ["page", "after", "before"]),
    "search": ("/search/", ["q", "kind", "topic", "page"]),
    "topics": ("/search/topics/", ["q", "page"]),
    "mentions": ("/challenges/mentions/", ["q"]),
    "moderation": ("/moderation/", ["page", "kind"]),
    "moderation-log": (
        "/moderation/log/",
        ["moderator", "action", "date_from", "date_to", "page"],
    ),
    "notifications": ("/notifications/", ["page", "after", "before"]),
    "contributions": ("/u/ada/contributions/", ["page", "kind"]),
    "watching": ("/u/mod/watching/", ["page"]),
    "challenge-feed": ("/challenges/feed/", ["page"]),
    "changes-feed": ("/wiki/changes/feed/", ["page"]),
}


@pytest.mark.parametrize("name", GET_PAGES)
def test_hostile_query_parameters_never_break_a_page(name, world):
    path, params = GET_PAGES[name]
    path = path.format(challenge=world["challenge"].pk, page=world["page"].slug)
    client = _client(world["mod"])  # a moderator sees every page and filter
    for value in hostile.QUERY_VALUES:
        for param in params:
            _check(client.get(path, {param: value}), f"{path}?{param}={value[:40]!r}")
        _check(client.get(path, dict.fromkeys(params, value)), f"{path} all={value[:40]!r}")
    for raw in hostile.RAW_QUERY_STRINGS:
        _check(client.get(path, QUERY_STRING=raw), f"{path}?{raw!r}")


@pytest.mark.parametrize(
    "template",
    [
        "/u/{}/",
        "/u/{}/contributions/",
        "/wiki/{}/",
        "/search/topics/{}/",
        "/challenges/{}/",
        "/moderation/flag/{}/1/",
    ],
)
def test_hostile_path_segments_never_break_a_page(template, world):
    client = _client(world["mod"])
    for value in [
        "%00",
        "a%00b",
        "%ff%fe",
        "%3Cscript%3E",
        "99999999999999999999",
        "..%2F..",
        "%E2%80%AE",
        "x" * 300,
    ]:
        _check(client.get(template.format(value)), template.format(value))


# --- forms -------------------------------------------------------------------------------------


def _post(client, path, data, where):
    response = client.post(path, data)
    _check(response, where)
    return response


def _send_everything(world, payload, capture):
    """The payload through every form a person can fill; returns what was created."""
    ada, grace, mod = _client(world["ada"]), _client(world["grace"]), _client(world["mod"])
    topic, category = world["topic"], Category.objects.first()
    challenge, page = world["challenge"], world["page"]
    made = {}

    _check(
        Client().post(
            "/accounts/signup/",
            {
                "email": f"{payload[:20]}@x.example",
                "username": payload[:30],
                "password1": payload,
                "password2": payload,
            },
        ),
        "signup",
    )
    _post(
        ada,
        "/u/ada/edit/",
        {
            "display_name": payload[:60],
            "track": "backend",
            "bio": payload[:500],
            "github_url": payload[:200],
            "website_url": payload[:200],
            "email_notifications": "immediate",
        },
        "profile",
    )
    _post(
        ada,
        "/u/ada/edit/",
        {
            "display_name": payload[:60],
            "track": "backend",
            "bio": payload[:500],
            "email_notifications": "immediate",
        },
        "profile, no urls",
    )
    for client, who in ((ada, "ada"), (grace, "grace")):
        _post(client, "/markdownx/markdownify/", {"content": payload}, f"preview by {who}")

    with capture(execute=True):
        response = _post(
            grace,
            "/challenges/new/",
            {"title": payload[:200], "body": payload, "topics": [topic.pk]},
            "challenge",
        )
        _post(
            grace,
            "/challenges/new/",
            {"title": "Numbers", "body": "x", "topics": [hostile.HUGE_NUMBERS[0]]},
            "challenge, huge topic",
        )
        if response.status_code == HTTPStatus.FOUND:
            made["challenge"] = response["Location"]
            made["challenge history"] = "/challenges/{}/history/".format(
                response["Location"].split("/")[2]
            )
        _post(grace, f"/challenges/{challenge.pk}/solutions/", {"body": payload}, "solution")
        _post(grace, f"/challenges/{challenge.pk}/comments/", {"body": payload[:5000]}, "comment")
        solution = world["solution"]
        _post(
            ada,
            f"/challenges/solutions/{solution.pk}/comments/",
            {"body": payload[:5000]},
            "solution comment",
        )
        response = _post(
            grace,
            "/wiki/new/",
            {
                "title": payload[:200],
                "body": payload,
                "summary": payload[:200],
                "category": category.pk,
                "topics": [topic.pk],
            },
            "page",
        )
        if response.status_code == HTTPStatus.FOUND:
            made["page"] = response["Location"]
        page.refresh_from_db()
        _post(
            grace,
            f"/wiki/{page.slug}/edit/",
            {
                "title": page.title,
                "body": payload,
                "summary": payload[:200],
                "category": page.category_id,
                "base_revision": page.current_revision.number,
            },
            "page edit",
        )
        _post(
            grace,
            f"/wiki/{page.slug}/edit/",
            {
                "title": page.title,
                "body": "x",
                "summary": "x",
                "category": hostile.HUGE_NUMBERS[0],
                "base_revision": hostile.HUGE_NUMBERS[0],
            },
            "page edit, huge numbers",
        )
        _post(
            grace,
            f"/moderation/flag/solution/{solution.pk}/",
            {"reason": "other", "note": payload[:500]},
            "flag",
        )
        _post(
            grace,
            f"/moderation/flag/solution/{solution.pk}/",
            {"reason": payload[:20]},
            "flag, odd reason",
        )
        _post(mod, f"/moderation/hide/solution/{solution.pk}/", {"reason": payload[:500]}, "hide")
        _post(mod, f"/moderation/restore/solution/{solution.pk}/", {}, "restore")
        _post(mod, "/moderation/suspend/grace/", {"reason": payload[:500], "days": "1"}, "suspend")
        _post(
            mod,
            "/moderation/suspend/ada/",
            {"reason": "x", "until": hostile.FAR_DATES[0], "days": hostile.HUGE_NUMBERS[0]},
            "suspend, far date",
        )
        _post(mod, "/moderation/unsuspend/grace/", {}, "unsuspend")
    return made


def _pages_showing_it(world, made):
    challenge, page = world["challenge"], world["page"]
    return [
        "/",
        "/challenges/",
        f"/challenges/{challenge.pk}/",
        "/wiki/",
        "/wiki/changes/",
        f"/wiki/{page.slug}/",
        f"/wiki/{page.slug}/history/",
        f"/wiki/{page.slug}/diff/",
        "/u/ada/",
        "/u/grace/",
        "/u/grace/contributions/",
        "/notifications/",
        "/moderation/",
        "/moderation/log/",
        f"/search/?q={world['topic'].name}",
        "/search/?q=alert",
        "/challenges/feed/",
        "/wiki/changes/feed/",
        f"/wiki/{page.slug}/history/feed/",
        f"/challenges/feed/{world['topic'].slug}/",
        *made.values(),
    ]


def _check_emails(where: str) -> int:
    for message in mail.outbox:
        parsed = message_from_bytes(message.message().as_bytes())
        for part in parsed.walk():
            if part.get_content_type() == "text/html":
                hostile.assert_inert(part.get_payload(decode=True).decode(), f"{where} e-mail")
        assert "\n" not in message.subject and "\r" not in message.subject
    return len(mail.outbox)


@pytest.mark.parametrize("payload", hostile.TEXT, ids=range(len(hostile.TEXT)))
def test_hostile_text_through_every_form_stays_inert(
    payload, world, django_capture_on_commit_callbacks
):
    world["ada"].profile.email_notifications = EmailPreference.IMMEDIATE
    world["ada"].profile.save()
    made = _send_everything(world, payload, django_capture_on_commit_callbacks)

    client = _client(world["mod"])  # sees everything, hidden and held posts too
    for path in _pages_showing_it(world, made):
        _check(client.get(path), path)
    _check_emails(payload[:30])
    assert mail.outbox, "the solution and comments should have e-mailed Ada"


@pytest.mark.parametrize(
    "live",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        f'<div hx-get="{hostile.HX_MARKER}" hx-trigger="load">x</div>',
        f'<p style="background:url(/{hostile.CSS_MARKER}/)">x</p>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<img srcset="data:image/svg+xml,x 1x">',
    ],
)
def test_the_check_sees_live_markup(live):
    assert hostile.problems(f"<main><p>Before</p>{live}</main>")


def test_the_check_passes_escaped_markup_and_the_sites_own(client):
    assert not hostile.problems("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert not hostile.problems('<textarea>&lt;img src=x onerror="alert(1)"&gt;</textarea>')
    assert not hostile.problems(client.get("/").content.decode())


def test_nul_never_reaches_a_view(world):
    """On PostgreSQL a NUL in ?author= or /u/<name>/ was a 500 (it cannot hold NUL)."""
    client = _client(world["mod"])

    response = client.get("/challenges/", {"author": "a\x00da", "topic": "\x00"})
    assert response.status_code == HTTPStatus.OK
    assert client.get("/u/a%00da/").status_code == HTTPStatus.NOT_FOUND
    response = Client().post("/accounts/login/", {"login": "a\x00da", "password": "x\x00"})
    assert response.status_code == HTTPStatus.OK
    assert "\x00" not in response.content.decode()
