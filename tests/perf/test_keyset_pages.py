"""The long lists (recent changes, a page's history, the challenge list, the inbox) page by
cursor: walking Older then Newer shows every row once, in order, filters kept; a cursor page runs
no COUNT and no OFFSET and keeps the list's query budget; a bad cursor gives the first page."""

import html
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discussions import selectors
from discussions.models import Challenge
from knowledge.models import PageRevision, Topic
from notifications.models import Kind, Notification
from tests.factories import UserFactory, make_page, revise_page

NEXT = re.compile(r'rel="next" href="([^"]+)"')
PREV = re.compile(r'rel="prev" href="([^"]+)"')


@pytest.fixture(autouse=True)
def _small_pages(settings):
    settings.PAGINATE_BY = 5
    settings.NEXUS_PAGE_CACHE = False


def _link(pattern, content, base):
    found = pattern.search(content)
    if not found:
        return None
    href = html.unescape(found.group(1))
    return base + href if href.startswith("?") else href


def walk(client, url, row):
    """Older from the list's URL to its end, then Newer back to its start: the rows each way
    (by the `row` pattern), and every URL visited."""
    base = url.split("?")[0]
    forward, backward, urls = [], [], []
    while url:
        assert len(urls) < 50, "the list never ends: a cursor repeats its page"
        content = client.get(url).content.decode()
        urls.append(url)
        forward += row.findall(content)
        older = _link(NEXT, content, base)
        if older is None:
            break
        url = older
    while True:
        backward = row.findall(content) + backward
        url = _link(PREV, content, base)
        if url is None:
            break
        urls.append(url)
        assert len(urls) < 100, "the list never starts: a cursor repeats its page"
        content = client.get(url).content.decode()
    return forward, backward, urls


def _ties(model, pks, **fields):
    """Rows in groups of three sharing their ordering values, as bulk imports make them."""
    start = timezone.now() - timedelta(days=2)
    for n, pk in enumerate(pks):
        model.objects.filter(pk=pk).update(
            **{name: start + timedelta(minutes=n // 3) for name in fields}
        )


@pytest.fixture
def changes(db):
    grace, other = UserFactory(username="grace"), UserFactory()
    for n in range(8):
        page = make_page(f"Page {n}", "x", author=other)
        for k in range(2):
            revise_page(page, f"v{k}", author=grace if (n + k) % 2 else other)
    _ties(
        PageRevision, PageRevision.objects.order_by("pk").values_list("pk", flat=True), created_at=1
    )
    return PageRevision.objects.order_by("-created_at", "-pk")


REVISION = re.compile(r'href="/wiki/([\w-]+)/revisions/(\d+)/"')


def test_recent_changes_walk_every_change_once_each_way(client, changes):
    expected = [(r.page.slug, str(r.number)) for r in changes.select_related("page")]
    forward, backward, urls = walk(client, "/wiki/changes/", REVISION)
    assert forward == expected and backward == expected
    assert len(urls) == 2 * 5 - 1 and all("page=" not in url for url in urls)


def test_recent_changes_keep_their_filter_from_page_to_page(client, changes):
    grace = changes.filter(author__username="grace").select_related("page")
    expected = [(r.page.slug, str(r.number)) for r in grace]
    forward, backward, urls = walk(client, "/wiki/changes/?author=grace", REVISION)
    assert forward == expected and backward == expected
    assert all("author=grace" in url for url in urls)


def test_a_cursor_page_runs_no_count_and_no_offset(client, changes, django_assert_max_num_queries):
    first = client.get("/wiki/changes/").content.decode()
    second_url = _link(NEXT, first, "/wiki/changes/")
    third_url = _link(NEXT, client.get(second_url).content.decode(), "/wiki/changes/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/wiki/changes/?category=general")
    with django_assert_max_num_queries(5) as cursor_page:
        response = client.get(third_url)
    assert response.status_code == HTTPStatus.OK and "Page 3</span>" in response.content.decode()
    for query in [*captured.captured_queries, *cursor_page.captured_queries]:
        assert "COUNT(" not in query["sql"].upper() and "OFFSET" not in query["sql"].upper()


ROW = re.compile(r'href="(/wiki/[\w-]+/revisions/\d+/|/challenges/\d+/)')


@pytest.mark.parametrize("bad", ["nonsense", "%00", "x" * 3000, "W10:abc:def"])
@pytest.mark.parametrize(
    "url", ["/wiki/changes/", "/challenges/?sort=votes", "/challenges/?sort=active"]
)
def test_a_bad_cursor_gives_the_first_page(client, changes, challenges, url, bad):
    first = ROW.findall(client.get(url).content.decode())
    assert len(first) == 5
    for direction in ("after", "before"):
        sep = "&" if "?" in url else "?"
        response = client.get(f"{url}{sep}{direction}={bad}")
        assert response.status_code == HTTPStatus.OK
        assert ROW.findall(response.content.decode()) == first


def test_history_walks_every_revision_and_says_how_many(client, db, django_assert_max_num_queries):
    page = make_page("Long story", "v1")
    for n in range(2, 13):
        revise_page(page, f"v{n}")
    url = f"/wiki/{page.slug}/history/"
    row = re.compile(rf'href="/wiki/{page.slug}/revisions/(\d+)/">r')
    forward, backward, urls = walk(client, url, row)
    expected = [str(n) for n in range(12, 0, -1)]
    assert forward == expected and backward == expected
    content = client.get(url).content.decode()
    assert "12 revisions" in content
    with django_assert_max_num_queries(5) as queries:
        response = client.get(urls[2])
    assert response.status_code == HTTPStatus.OK
    assert row.findall(response.content.decode()) == ["2", "1"]
    assert not any("OFFSET" in q["sql"] or "COUNT(" in q["sql"] for q in queries.captured_queries)


@pytest.fixture
def challenges(db):
    author = UserFactory()
    made = Challenge.objects.bulk_create(
        Challenge(author=author, title=f"Challenge {n}", body="x", body_html="x",
                  status="solved" if n % 3 == 0 else "open", vote_count=n % 2)
        for n in range(17)
    )  # fmt: skip
    _ties(Challenge, [c.pk for c in made], created_at=1, last_activity_at=1)
    return Challenge.objects.all()


CHALLENGE = re.compile(r'<a href="/challenges/(\d+)/')


@pytest.mark.parametrize(
    ("sort", "ordering"),
    [("newest", ("-created_at", "-pk")), ("active", ("-last_activity_at", "-pk")),
     ("votes", ("-vote_count", "-created_at", "-pk"))],
)  # fmt: skip
def test_the_challenge_list_walks_each_sort_with_its_filters(client, challenges, sort, ordering):
    open_ones = challenges.filter(status="open").order_by(*ordering)
    expected = [str(pk) for pk in open_ones.values_list("pk", flat=True)]
    forward, backward, urls = walk(client, f"/challenges/?sort={sort}&status=open", CHALLENGE)
    assert forward == expected and backward == expected
    assert all(f"sort={sort}" in url and "status=open" in url for url in urls)


def test_a_cursor_from_one_sort_gives_another_sort_its_first_page(client, challenges):
    newest = client.get("/challenges/?sort=newest").content.decode()
    cursor = _link(NEXT, newest, "/challenges/").split("after=")[1].split("&")[0]
    votes = client.get("/challenges/?sort=votes").content.decode()
    response = client.get(f"/challenges/?sort=votes&after={cursor}")
    assert CHALLENGE.findall(response.content.decode()) == CHALLENGE.findall(votes)


def test_a_hidden_challenge_never_shows_through_a_cursor(
    client, challenges, django_capture_on_commit_callbacks
):
    first = client.get("/challenges/").content.decode()
    older = _link(NEXT, first, "/challenges/")
    hidden_pk = CHALLENGE.findall(client.get(older).content.decode())[0]
    # As committed (PostgreSQL without Redis moves the cached lists on after the commit).
    with django_capture_on_commit_callbacks(execute=True):
        Challenge.objects.filter(pk=hidden_pk).update(hidden_at=timezone.now())
    response = client.get(older)
    assert response.status_code == HTTPStatus.OK
    assert hidden_pk not in CHALLENGE.findall(response.content.decode())


@pytest.mark.parametrize("sort", ["newest", "active", "votes"])
def test_a_topic_lists_its_challenges_whether_common_or_rare(
    client, challenges, sort, monkeypatch, django_assert_max_num_queries
):
    # Tiny lists stand for the hub: the crossover between "walk the order's index, checking
    # each challenge's topics" and "start from the topic's rows" falls at 4 challenges here.
    # (ids are not counts on PostgreSQL, whose sequences go on across tests: fixed at 4.)
    monkeypatch.setattr(selectors, "_TOPIC_PAGE", 0)
    monkeypatch.setattr(selectors, "_TOPIC_MIN_CROSSOVER", 4)
    common = Topic.objects.create(name="Celery", slug="celery")
    rare = Topic.objects.create(name="Kafka", slug="kafka")
    made = list(challenges.order_by("pk"))
    for challenge in made[::2]:  # 9 of 17
        challenge.topics.add(common)
    for challenge in made[1:7:2]:  # 3 of 17
        challenge.topics.add(rare)
    ordering = {"newest": ("-created_at", "-pk"), "active": ("-last_activity_at", "-pk"),
                "votes": ("-vote_count", "-created_at", "-pk")}[sort]  # fmt: skip
    for topic, plan in ((common, "EXISTS"), (rare, " IN (")):
        expected = [
            str(pk) for pk in topic.challenges.order_by(*ordering).values_list("pk", flat=True)
        ]
        url = f"/challenges/?sort={sort}&topic={topic.slug}"
        with django_assert_max_num_queries(8) as queries:  # the first look chooses the plan
            client.get(url)
        listing = [q["sql"] for q in queries.captured_queries if "challenge_topics" in q["sql"]]
        assert any(plan in sql for sql in listing), (topic, listing)
        forward, backward, urls = walk(client, url, CHALLENGE)
        assert forward == expected and backward == expected, topic
        assert all(f"topic={topic.slug}" in u for u in urls)
        with django_assert_max_num_queries(6):  # the plan is chosen once, then kept
            assert client.get(urls[-1]).status_code == HTTPStatus.OK


def test_an_unknown_topic_is_ignored_by_the_page_and_empty_in_the_api(client, challenges):
    response = client.get("/challenges/?topic=no-such-topic")
    assert response.status_code == HTTPStatus.OK
    assert len(CHALLENGE.findall(response.content.decode())) == 5  # not a filter: all of them
    assert api_topic_ids(client, "no-such-topic") == []


def api_topic_ids(client, slug):
    response = client.get(f"/api/v1/challenges/?topic={slug}")
    assert response.status_code == HTTPStatus.OK
    return [row["id"] for row in response.json()["results"]]


def test_a_challenge_list_cursor_page_keeps_its_budget(
    client, challenges, django_assert_max_num_queries
):
    older = _link(NEXT, client.get("/challenges/?sort=votes").content.decode(), "/challenges/")
    with django_assert_max_num_queries(6) as queries:
        response = client.get(older)
    assert response.status_code == HTTPStatus.OK
    assert len(CHALLENGE.findall(response.content.decode())) == 5
    assert not any("OFFSET" in q["sql"] or "COUNT(" in q["sql"] for q in queries.captured_queries)


def test_the_inbox_walks_every_notification_once(
    learner_client, learner, django_assert_max_num_queries
):
    made = Notification.objects.bulk_create(
        Notification(recipient=learner, kind=Kind.MENTION, text=f"note {n}", url="/")
        for n in range(45)
    )
    _ties(Notification, [n.pk for n in made], created_at=1)
    row = re.compile(r'id="notification-(\d+)"')
    expected = [
        str(pk)
        for pk in learner.notifications.order_by("-created_at", "-pk").values_list("pk", flat=True)
    ]
    forward, backward, urls = walk(learner_client, "/notifications/", row)
    assert forward == expected and backward == expected
    assert len(urls) == 5  # 20 a page: three pages, Older twice and Newer twice
    with django_assert_max_num_queries(6) as queries:
        response = learner_client.get(urls[1])
    assert len(row.findall(response.content.decode())) == 20
    list_queries = [
        q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]
    ]
    assert not any("OFFSET" in sql for sql in list_queries)
    # The only COUNT is the unread badge's (one learner's unread, by its index).
    assert all("read_at" in sql for sql in list_queries if "COUNT(" in sql)


def test_recent_changes_leave_out_hidden_pages_under_every_filter(client, changes):
    hidden = changes.select_related("page").first().page
    type(hidden).objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    for url in ("/wiki/changes/", "/wiki/changes/?category=general", "/wiki/changes/?author=grace"):
        forward, _, _ = walk(client, url, REVISION)
        assert forward and hidden.slug not in {slug for slug, _ in forward}, url


def test_recent_changes_find_an_author_whatever_the_case(client, changes):
    grace = changes.filter(author__username="grace").count()
    forward, _, _ = walk(client, "/wiki/changes/?author=GRACE", REVISION)
    assert len(forward) == grace
    assert "No changes match" in client.get("/wiki/changes/?author=nobody").content.decode()
