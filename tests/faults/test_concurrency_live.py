"""Races through the real site: gunicorn (3 worker processes × 4 threads, production settings)
on a private PostgreSQL, many learners sending the real forms at the same moment.

tests/knowledge, tests/discussions and tests/moderation's test_concurrency.py race the services
in threads of one process; here the requests go through everything in front of them (sessions,
CSRF, permissions, rate limits, the view's own transaction) in several processes, as in
production. Each learner's client: GET the form, take its fields (CSRF token included), wait for
everyone, then POST. Afterwards the database says what happened, and no answer may be a 5xx.

The users and content are made by a Django process with the site's settings (tests.factories:
accounts a month old with approved posts, so they can vote, post unreviewed and their flags
count); their sessions are made there too, since logging in 150 people through the form would
spend most of the time budget hashing passwords.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from html.parser import HTMLParser

import psycopg
import pytest
import requests

from tests.faults import servers

EDITORS = 20
VOTERS = 100
FLAGGERS = 10
AUTO_HIDE_FLAGS = 3
ACCEPT_CLICKS = 10  # the challenge's author, clicking "Accept" on two solutions, 5 times each
LINES = [f"line {n}" for n in range(EDITORS * 3)]


@pytest.fixture(scope="module")
def private_postgres():
    """Our own cluster (ports 5445-5449), not the session's shared one."""
    pg = servers.Postgres(servers.port(5445))
    try:
        pg.init()
        pg.start()
        yield pg
    finally:
        pg.remove()


@pytest.fixture(scope="module")
def redis():
    """Redis as in production. Without it the page cache's generation lives in a database
    row that every content write updates, which queues all writes behind each other and so
    hides the races these tests are after. A port the system gives (none is kept for these)."""
    server = servers.Redis(servers._free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site_env(migrated_database, redis):
    return servers.site_env(
        migrated_database,
        REDIS_URL=redis.url,
        DB_CONN_MAX_AGE="600",
        NEXUS_AUTO_HIDE_FLAGS=str(AUTO_HIDE_FLAGS),
        # Load shedding would answer part of a burst with a deliberate 503 (tested in
        # tests/perf); here every request must reach the code that races.
        NEXUS_SHED_QUEUE_MS="600000",
    )


SETUP = """
import json
from django.conf import settings
# Only this setup process: a fast hasher for 150 accounts (nobody logs in with the password).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from importlib import import_module
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from knowledge import services
from knowledge.models import Category
from moderation.models import FlagReason
from moderation.services import flag_create
from tests.factories import ChallengeFactory, SolutionFactory, UserFactory

LINES = json.loads(%(lines)r)
store = import_module(settings.SESSION_ENGINE).SessionStore


def session_of(user):
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


editors = [UserFactory(username=f"editor{i}") for i in range(%(editors)d)]
category, _ = Category.objects.get_or_create(slug="concepts", defaults={"name": "Concepts"})
pages = {
    clash: services.page_create(
        title=f"Shared page {clash}", category=category, body="\\n".join(LINES),
        author=editors[0],
    )
    for clash in ("apart", "same-line")
}
voted = SolutionFactory()
voters = [UserFactory(username=f"voter{i}") for i in range(%(voters)d)]
challenge = ChallengeFactory()
first, second = SolutionFactory(challenge=challenge), SolutionFactory(challenge=challenge)
flagged = SolutionFactory()
flaggers = [UserFactory(username=f"flagger{i}") for i in range(%(flaggers)d)]
# One flag each already: two more, sent together, reach the threshold of three.
pairs = [SolutionFactory() for _ in range(%(flaggers)d // 2)]
for target in pairs:
    flag_create(flagger=UserFactory(), target=target, reason=FlagReason.SPAM, note="")
print(json.dumps({
    "cookie": settings.SESSION_COOKIE_NAME,
    "pages": {k: {"id": p.pk, "url": p.get_absolute_url()} for k, p in pages.items()},
    "editors": [session_of(u) for u in editors],
    "voted": {"id": voted.pk, "url": voted.challenge.get_absolute_url()},
    "voters": [session_of(u) for u in voters],
    "challenge": {"id": challenge.pk, "url": challenge.get_absolute_url(),
                  "author": session_of(challenge.author),
                  "solutions": [first.pk, second.pk]},
    "flagged": flagged.pk,
    "pairs": [s.pk for s in pairs],
    "flaggers": [session_of(u) for u in flaggers],
}))
"""


@pytest.fixture(scope="module")
def world(site_env, tmp_path_factory):
    code = SETUP % {
        "lines": json.dumps(LINES),
        "editors": EDITORS,
        "voters": VOTERS,
        "flaggers": FLAGGERS,
    }
    made = json.loads(servers.django_script(site_env, code).strip().splitlines()[-1])
    env = {**site_env, "WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "4"}
    log_dir = tmp_path_factory.mktemp("concurrency-live")
    with servers.Site(env, servers.port(8190), log_dir) as site:
        yield site, made, site_env["DATABASE_URL"]
    assert not [e for e in site.errors() if "Internal Server Error" in e["message"]]


class Forms(HTMLParser):
    """The page's forms as a browser would send them: {action: [(name, value), ...]}."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, list[tuple[str, str]]] = {}
        self._fields: list[tuple[str, str]] | None = None
        self._textarea: list | None = None
        self._select: tuple[str, list[str], list[str]] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._fields = self.forms.setdefault(a.get("action") or "", [])
        elif self._fields is None or (tag != "option" and "name" not in a and tag != "select"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._fields.append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select" and "name" in a:
            self._select = (a["name"], [], [])
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._select[1].append(value)
            if "selected" in a:
                self._select[2].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the one newline that follows <textarea>.
            self._fields.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select:
            name, options, selected = self._select
            for value in selected or options[:1]:
                self._fields.append((name, value))
            self._select = None


class Learner:
    """One person's browser: their session cookie, a form fetched, then a POST."""

    def __init__(self, site, cookie: str, session_key: str):
        self.base = site.base
        self.http = requests.Session()
        self.http.cookies.set(cookie, session_key, domain="127.0.0.1", path="/")

    def form(self, page_url: str, action: str) -> dict[str, str | list[str]]:
        response = self.http.get(self.base + page_url, timeout=30)
        assert response.status_code == 200, (page_url, response.status_code)
        forms = Forms(response.text).forms
        assert action in forms, (action, list(forms))
        data: dict[str, str | list[str]] = {}
        for name, value in forms[action]:
            data.setdefault(name, []).append(value)
        fields = {k: v[0] if len(v) == 1 else v for k, v in data.items()}
        assert fields.get("csrfmiddlewaretoken") and "csrftoken" in self.http.cookies
        return fields

    def post(self, action: str, data) -> requests.Response:
        return self.http.post(self.base + action, data=data, allow_redirects=False, timeout=60)


def at_once(prepare, send, count: int) -> list:
    """Each of `count` threads runs prepare(i) (GET its form), then all wait for each other and
    send(i, prepared) together. Returns each send's answer, or the exception it raised."""
    ready = threading.Barrier(count, timeout=120)
    results: list = [None] * count

    def run(i):
        try:
            prepared = prepare(i)
        except Exception as exc:
            results[i] = exc
            ready.abort()
            return
        try:
            ready.wait()
            results[i] = send(i, prepared)
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert not any(t.is_alive() for t in threads), "a client is still waiting (deadlock?)"
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == [], errors[:3]
    return results


def query(url: str, sql: str, *params):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.mark.parametrize("clash", ["apart", "same-line"])
def test_twenty_editors_saving_one_page_at_once(world, clash):
    """Lines far apart: every edit is saved or merged. One line: one is saved, the others get
    the conflict page. Either way, never a 5xx and the revisions are numbered 1, 2, 3…"""
    site, made, db = world
    page = made["pages"][clash]
    page_url = page["url"]
    action = page_url + "edit/"
    learners = [Learner(site, made["cookie"], key) for key in made["editors"]]

    def prepare(i):
        fields = learners[i].form(action, action)
        assert fields["base_revision"] == "1"
        lines = fields["body"].replace("\r\n", "\n").split("\n")
        assert lines == LINES
        lines[0 if clash == "same-line" else i * 3] = f"line {i * 3} edited by editor {i}"
        return {**fields, "body": "\n".join(lines), "summary": f"editor {i}"}

    answers = at_once(prepare, lambda i, data: learners[i].post(action, data), EDITORS)

    statuses = Counter(a.status_code for a in answers)
    assert set(statuses) <= {200, 302}, statuses  # saved or merged (302), conflict page (200)
    saved = [i for i, a in enumerate(answers) if a.status_code == 302]
    for i, answer in enumerate(answers):
        if answer.status_code == 200:
            assert "Edit conflict on" in answer.text
            assert f"edited by editor {i}" in answer.text  # the learner's text is kept
    rows = query(db, "SELECT number FROM knowledge_pagerevision WHERE page_id = %s "
                     "ORDER BY number", page["id"])  # fmt: skip
    numbers = [n for (n,) in rows]
    assert numbers == list(range(1, len(saved) + 2)), (numbers, statuses)
    ((final,),) = query(
        db, "SELECT r.body FROM knowledge_page p JOIN knowledge_pagerevision r "
            "ON r.id = p.current_revision_id WHERE p.id = %s", page["id"],
    )  # fmt: skip
    for i in saved:
        assert f"edited by editor {i}" in final
    if clash == "same-line":
        assert len(saved) == 1, statuses
    print(f"editors ({clash}): {len(saved)} saved or merged, {statuses}")


def test_a_hundred_voters_at_once_give_a_score_of_a_hundred(world):
    site, made, db = world
    solution = made["voted"]["id"]
    action = f"/challenges/solutions/{solution}/vote/"
    learners = [Learner(site, made["cookie"], key) for key in made["voters"]]

    answers = at_once(
        lambda i: learners[i].form(made["voted"]["url"], action),
        lambda i, data: learners[i].post(action, data),
        VOTERS,
    )

    statuses = Counter(a.status_code for a in answers)
    assert set(statuses) == {302}, statuses
    ((score, votes),) = query(
        db, "SELECT score, (SELECT count(*) FROM discussions_vote WHERE solution_id = s.id) "
            "FROM discussions_solution s WHERE id = %s", solution,
    )  # fmt: skip
    assert (score, votes) == (VOTERS, VOTERS)
    print(f"voters: score {score}, votes {votes}; {statuses}")


def test_two_accepts_at_once_leave_one_accepted_solution(world):
    site, made, db = world
    challenge = made["challenge"]
    targets = challenge["solutions"] * (ACCEPT_CLICKS // 2)
    actions = [f"/challenges/solutions/{pk}/accept/" for pk in targets]
    clicks = [Learner(site, made["cookie"], challenge["author"]) for _ in targets]

    answers = at_once(
        lambda i: clicks[i].form(challenge["url"], actions[i]),
        lambda i, data: clicks[i].post(actions[i], data),
        ACCEPT_CLICKS,
    )

    statuses = Counter(a.status_code for a in answers)
    assert all(status < 500 for status in statuses), statuses
    assert 302 in statuses, statuses
    accepted = query(
        db, "SELECT id FROM discussions_solution WHERE challenge_id = %s AND is_accepted",
        challenge["id"],
    )  # fmt: skip
    assert len(accepted) == 1, accepted
    ((status,),) = query(db, "SELECT status FROM discussions_challenge WHERE id = %s",
                         challenge["id"])  # fmt: skip
    assert status == "solved"
    print(f"accepts: {len(accepted)} accepted; {statuses}")


def test_flags_racing_the_auto_hide_threshold_hide_once_with_one_log_entry(world):
    site, made, db = world
    solution = made["flagged"]
    action = f"/moderation/flag/solution/{solution}/"
    learners = [Learner(site, made["cookie"], key) for key in made["flaggers"]]

    def prepare(i):
        return {**learners[i].form(action, action), "reason": "spam", "note": f"flagger {i}"}

    answers = at_once(prepare, lambda i, data: learners[i].post(action, data), FLAGGERS)

    statuses = Counter(a.status_code for a in answers)
    # 302: flagged. 404: the item was hidden by the flags before this one, and a hidden item
    # is not there to flag for a learner.
    assert set(statuses) <= {302, 404} and 302 in statuses, statuses
    ((hidden_at,),) = query(db, "SELECT hidden_at FROM discussions_solution WHERE id = %s",
                            solution)  # fmt: skip
    assert hidden_at is not None
    hides = query(db, "SELECT id FROM moderation_moderationlogentry "
                      "WHERE action = 'auto-hide' AND object_id = %s", solution)  # fmt: skip
    assert len(hides) == 1, hides
    print(f"flags: hidden, {len(hides)} auto-hide log entry; {statuses}")


def test_the_two_flags_that_reach_the_threshold_together_still_hide_the_item(world):
    """One flag on each item already, two more at once: unless one flag's count waits for the
    other's commit, each sees two flags, below the threshold, and nothing is hidden."""
    site, made, db = world
    actions = [f"/moderation/flag/solution/{made['pairs'][i // 2]}/" for i in range(FLAGGERS)]
    learners = [Learner(site, made["cookie"], key) for key in made["flaggers"]]

    def prepare(i):
        return {**learners[i].form(actions[i], actions[i]), "reason": "spam", "note": ""}

    answers = at_once(prepare, lambda i, data: learners[i].post(actions[i], data), FLAGGERS)

    statuses = Counter(a.status_code for a in answers)
    assert set(statuses) == {302}, statuses
    hidden = query(db, "SELECT id, hidden_at IS NOT NULL FROM discussions_solution "
                       "WHERE id = ANY(%s)", made["pairs"])  # fmt: skip
    assert all(is_hidden for _, is_hidden in hidden) and len(hidden) == FLAGGERS // 2, hidden
    hides = query(
        db, "SELECT object_id FROM moderation_moderationlogentry "
            "WHERE action = 'auto-hide' AND object_id = ANY(%s)", made["pairs"],
    )  # fmt: skip
    assert sorted(pk for (pk,) in hides) == sorted(made["pairs"]), hides  # one entry each
    print(f"flag pairs: {len(hidden)} hidden, {len(hides)} auto-hide log entries; {statuses}")
