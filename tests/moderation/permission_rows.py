"""The permission table's vocabulary and its rows for content (wiki pages, challenges,
solutions, comments): test_permission_table.py adds the rows for moderation, notifications and
accounts and runs them all. A row's `build(author)` returns (url, POST data) for a request that
would succeed, and write something, for anyone allowed to make it."""

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone

from discussions.models import Vote
from knowledge import services as wiki
from knowledge.models import Category, PageWatch
from notifications.models import Notification
from tests.factories import (
    ChallengeFactory,
    CommentFactory,
    SolutionFactory,
    UserFactory,
    make_page,
)

ROLES = ("reader", "learner", "author", "suspended", "moderator")

# Outcomes
LOGIN = "redirect to log in"
FORBIDDEN = HTTPStatus.FORBIDDEN
NOT_FOUND = HTTPStatus.NOT_FOUND
OK = "allowed"

# The common rows of PRODUCT.md's table
MODERATORS_ONLY = {
    "reader": LOGIN,
    "learner": FORBIDDEN,
    "author": FORBIDDEN,
    "suspended": FORBIDDEN,
    "moderator": OK,
}
LEARNERS_MAY = {
    "reader": LOGIN,
    "learner": OK,
    "author": OK,
    "suspended": FORBIDDEN,
    "moderator": OK,
}
AUTHOR_OR_MODERATOR = {
    "reader": LOGIN,
    "learner": FORBIDDEN,
    "author": OK,
    "suspended": FORBIDDEN,
    "moderator": OK,
}
AUTHOR_ONLY = {  # withdraw and restore one's own post: moderators hide instead
    "reader": LOGIN,
    "learner": FORBIDDEN,
    "author": OK,
    "suspended": FORBIDDEN,
    "moderator": FORBIDDEN,
}

# Restoring a withdrawn post: nobody but its author (and moderators) can see it, so for others
# it does not exist.
AUTHOR_ONLY_WITHDRAWN = {**AUTHOR_ONLY, "learner": NOT_FOUND, "suspended": NOT_FOUND}


@dataclass
class Write:
    build: Callable  # (author: User) -> (url, POST data)
    expect: dict


def target_url(name, target, **data):
    return reverse(name, args=[target._meta.model_name, target.pk]), data


def view_url(name, arg, **data):
    return reverse(name, args=[arg]), data


def _wiki_page(author, **kwargs):
    return wiki.page_create(
        title=f"Queues by {author.username}",
        category=Category.objects.get(slug="concepts"),
        body="Queues decouple work.",
        author=author,
        **kwargs,
    )


def _page_with_two_revisions(author):
    page = _wiki_page(author)
    wiki.page_edit(page=page, author=author, body="Queues decouple slow work.", base_revision=1)
    return page


def _page_edit(author):
    page = _wiki_page(author)
    return view_url(
        "knowledge:page_edit",
        page.slug,
        title=page.title,
        category=page.category_id,
        body="Queues decouple slow work from requests.",
        summary="clearer",
        base_revision=1,
    )


def _png():
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, "PNG")
    return SimpleUploadedFile("shot.png", out.getvalue(), "image/png")


def _unvote(author):
    """A vote to take back from everyone but the author (the one asking is made first)."""
    from accounts.models import User

    solution = SolutionFactory(author=author)
    for voter in [*User.objects.exclude(pk=author.pk), UserFactory()]:
        Vote.objects.create(solution=solution, user=voter)
    return view_url("discussions:solution_unvote", solution.pk)


CONTENT_ROWS: dict[str, Write] = {
    # --- knowledge (/wiki/) ---
    "knowledge:page_new": Write(
        lambda author: (
            reverse("knowledge:page_new"),
            {
                "title": "Backpressure",
                "category": Category.objects.get(slug="concepts").pk,
                "body": "Slow consumers push back.",
                "summary": "first version",
            },
        ),
        LEARNERS_MAY,
    ),
    "knowledge:page_edit": Write(_page_edit, LEARNERS_MAY),  # protected pages: test_views.py
    "page_revert": Write(
        lambda author: (
            reverse("page_revert", args=[_page_with_two_revisions(author).slug, 1]),
            {"reason": "vandalism"},
        ),
        MODERATORS_ONLY,
    ),
    "knowledge:page_watch": Write(
        lambda author: view_url("knowledge:page_watch", _wiki_page(author).slug, watch="1"),
        LEARNERS_MAY,
    ),
    "knowledge:image_upload": Write(
        lambda author: (reverse("knowledge:image_upload"), {"image": _png()}), LEARNERS_MAY
    ),
    # --- discussions (/challenges/) ---
    "discussions:challenge_new": Write(
        lambda author: (
            reverse("discussions:challenge_new"),
            {"title": "Redis evicts my sessions", "body": "Sessions vanish under load."},
        ),
        LEARNERS_MAY,
    ),
    "discussions:challenge_edit": Write(
        lambda author: view_url(
            "discussions:challenge_edit",
            ChallengeFactory(author=author).pk,
            title="Celery workers exit at start",
            body="The worker exits at once, even locally.",
        ),
        AUTHOR_OR_MODERATOR,
    ),
    "discussions:challenge_withdraw": Write(
        lambda author: view_url(
            "discussions:challenge_withdraw", ChallengeFactory(author=author).pk
        ),
        AUTHOR_ONLY,
    ),
    "discussions:challenge_restore": Write(
        lambda author: view_url(
            "discussions:challenge_restore",
            ChallengeFactory(author=author, withdrawn_at=timezone.now()).pk,
        ),
        AUTHOR_ONLY_WITHDRAWN,
    ),
    "discussions:challenge_watch": Write(
        lambda author: view_url(
            "discussions:challenge_watch", ChallengeFactory(author=author).pk, watch="1"
        ),
        LEARNERS_MAY,
    ),
    "discussions:challenge_comment": Write(
        lambda author: view_url(
            "discussions:challenge_comment",
            ChallengeFactory(author=author).pk,
            body="Which broker?",
        ),
        LEARNERS_MAY,
    ),
    "discussions:solution_new": Write(
        lambda author: view_url(
            "discussions:solution_new",
            ChallengeFactory(author=author).pk,
            body="Start the worker with -A project.",
        ),
        LEARNERS_MAY,
    ),
    "discussions:solution_edit": Write(
        lambda author: view_url(
            "discussions:solution_edit",
            SolutionFactory(author=author).pk,
            body="Start the worker with -A project, then check the broker URL.",
        ),
        AUTHOR_OR_MODERATOR,
    ),
    "discussions:solution_withdraw": Write(
        lambda author: view_url("discussions:solution_withdraw", SolutionFactory(author=author).pk),
        AUTHOR_ONLY,
    ),
    "discussions:solution_restore": Write(
        lambda author: view_url(
            "discussions:solution_restore",
            SolutionFactory(author=author, withdrawn_at=timezone.now()).pk,
        ),
        AUTHOR_ONLY_WITHDRAWN,
    ),
    "discussions:solution_vote": Write(
        lambda author: view_url("discussions:solution_vote", SolutionFactory(author=author).pk),
        {**LEARNERS_MAY, "author": FORBIDDEN},  # not on your own solution
    ),
    "discussions:solution_unvote": Write(
        _unvote,
        {**LEARNERS_MAY, "author": FORBIDDEN},  # nothing to take back on your own solution
    ),
    "discussions:solution_accept": Write(
        lambda author: view_url(
            "discussions:solution_accept",
            SolutionFactory(challenge=ChallengeFactory(author=author)).pk,
        ),
        AUTHOR_OR_MODERATOR,  # "the author" here is the challenge's author
    ),
    "discussions:solution_comment": Write(
        lambda author: view_url(
            "discussions:solution_comment",
            SolutionFactory(author=author).pk,
            body="Thanks, that was it.",
        ),
        LEARNERS_MAY,
    ),
    "discussions:comment_edit": Write(
        lambda author: view_url(
            "discussions:comment_edit",
            CommentFactory(author=author).pk,
            body="Which broker, Redis or RabbitMQ?",
        ),
        AUTHOR_OR_MODERATOR,
    ),
    "discussions:comment_withdraw": Write(
        lambda author: view_url("discussions:comment_withdraw", CommentFactory(author=author).pk),
        AUTHOR_ONLY,
    ),
    "discussions:comment_restore": Write(
        lambda author: view_url(
            "discussions:comment_restore",
            CommentFactory(author=author, withdrawn_at=timezone.now()).pk,
        ),
        AUTHOR_ONLY_WITHDRAWN,
    ),
}


# --- helpers for test_permission_table.py's rows (notifications, watchlists) ----------------


def notification_to_read(author):
    note = Notification.objects.create(
        recipient=author, kind="solution", text="A new solution", url="/challenges/"
    )
    return view_url("notifications:notification_read", note.pk)


def notification_to_open(author):
    note = Notification.objects.create(
        recipient=author, kind="solution", text="A new solution", url="/challenges/"
    )
    return view_url("notifications:notification_open", note.pk)


def unread_for_everyone(author):
    """One unread notification for every user (the one asking is made before the row)."""
    from accounts.models import User

    for user in User.objects.all():
        Notification.objects.create(recipient=user, kind="solution", text="New", url="/")
    return reverse("notifications:notification_read_all"), {}


def watched_page(author):
    page = make_page(f"Watched by {author.username}", "Queues.")
    PageWatch.objects.create(page=page, user=author)
    return reverse("hub:watching", args=[author.username]), {"page": page.pk}


# --- webhooks (/moderation/webhooks/): moderators only ---------------------------------------
# Run by tests/webhooks/test_permissions.py (the webhooks tables are what a write changes, and
# its settings allow the hooks' 127.0.0.1 URL).


def _hook(author, **fields):
    from webhooks.models import Hook

    return Hook.objects.create(
        name="Chat", url="http://127.0.0.1:9/hook", events=["challenge.created"], **fields
    )


WEBHOOK_FORM = {
    "name": "Celery channel",
    "url": "http://127.0.0.1:9/hook",
    "events": ["challenge.created"],
    "format": "slack",
}

WEBHOOK_ROWS = {
    "webhooks:hook_create": Write(
        lambda author: (reverse("webhooks:hook_create"), WEBHOOK_FORM), MODERATORS_ONLY
    ),
    "webhooks:hook_edit": Write(
        lambda author: (reverse("webhooks:hook_edit", args=[_hook(author).pk]), WEBHOOK_FORM),
        MODERATORS_ONLY,
    ),
    "webhooks:hook_delete": Write(
        lambda author: view_url("webhooks:hook_delete", _hook(author).pk), MODERATORS_ONLY
    ),
    "webhooks:hook_test": Write(
        lambda author: view_url("webhooks:hook_test", _hook(author).pk), MODERATORS_ONLY
    ),
    "webhooks:hook_rotate_secret": Write(
        lambda author: view_url("webhooks:hook_rotate_secret", _hook(author).pk), MODERATORS_ONLY
    ),
    "webhooks:hook_enable": Write(
        lambda author: view_url(
            "webhooks:hook_enable",
            _hook(author, is_active=False, disabled_reason="Failed 10 times").pk,
        ),
        MODERATORS_ONLY,
    ),
    "webhooks:hook_disable": Write(
        lambda author: view_url("webhooks:hook_disable", _hook(author).pk), MODERATORS_ONLY
    ),
}
WEBHOOK_READ_ONLY = {"webhooks:hook_list", "webhooks:hook_detail"}  # tests/webhooks/test_views.py
# --- the REST API (/api/v1/): the same table, answered the API's way ------------------------
# tests/api/test_permission_table.py runs these rows with a write-scope token per role (a reader
# sends none: 401, not a redirect to log in). A row's `build(author)` returns
# (method, url, JSON body) for a request that would succeed, and write something, for anyone
# allowed to make it.

UNAUTHORIZED = HTTPStatus.UNAUTHORIZED


def _api(expect: dict) -> dict:
    return {**expect, "reader": UNAUTHORIZED}


@dataclass
class ApiWrite:
    build: Callable  # (author: User) -> (method, url, JSON body)
    expect: dict


def _api_url(name, *args):
    return reverse(f"api:{name}", args=args)


def _api_page_edit(author, **page_fields):
    page = _wiki_page(author)
    if page_fields:
        type(page).objects.filter(pk=page.pk).update(**page_fields)
    body = {"body": "Queues decouple slow work from requests.", "base_revision": 1}
    return "patch", _api_url("page_detail", page.slug), body


def _api_unvote(author):
    _url, _data = _unvote(author)
    solution_pk = int(_url.rstrip("/").split("/")[-2])
    return "delete", _api_url("solution_vote", solution_pk), None


def _api_notification_read(author):
    url, _data = notification_to_read(author)
    return "post", _api_url("notification_read", int(url.rstrip("/").split("/")[-2])), None


API_ROWS: dict[str, ApiWrite] = {
    # --- the wiki ---
    "api:page_list": ApiWrite(
        lambda author: (
            "post",
            _api_url("page_list"),
            {"title": "Backpressure", "category": "concepts", "body": "Slow consumers push back."},
        ),
        _api(LEARNERS_MAY),
    ),
    "api:page_detail": ApiWrite(_api_page_edit, _api(LEARNERS_MAY)),
    "api:page_detail (protected)": ApiWrite(
        lambda author: _api_page_edit(author, is_protected=True), _api(MODERATORS_ONLY)
    ),
    "api:page_detail (hidden)": ApiWrite(
        lambda author: _api_page_edit(author, hidden_at=timezone.now()),
        _api(
            {**MODERATORS_ONLY, "learner": NOT_FOUND, "author": NOT_FOUND, "suspended": NOT_FOUND}
        ),
    ),  # fmt: skip
    "api:page_watch": ApiWrite(
        lambda author: ("post", _api_url("page_watch", _wiki_page(author).slug), None),
        _api(LEARNERS_MAY),
    ),
    # --- challenges ---
    "api:challenge_list": ApiWrite(
        lambda author: (
            "post",
            _api_url("challenge_list"),
            {"title": "Redis evicts my sessions", "body": "Sessions vanish under load."},
        ),
        _api(LEARNERS_MAY),
    ),
    "api:challenge_detail": ApiWrite(
        lambda author: (
            "patch",
            _api_url("challenge_detail", ChallengeFactory(author=author).pk),
            {"title": "Celery workers exit at start", "base_revision": 0},
        ),
        _api(AUTHOR_OR_MODERATOR),
    ),
    # Held (awaiting review): its author and the moderators see it; for others it does not exist.
    "api:challenge_detail (held)": ApiWrite(
        lambda author: (
            "patch",
            _api_url("challenge_detail", ChallengeFactory(author=author, is_held=True).pk),
            {"body": "The worker exits at once, even locally.", "base_revision": 0},
        ),
        _api({**AUTHOR_OR_MODERATOR, "learner": NOT_FOUND, "suspended": NOT_FOUND}),
    ),
    "api:challenge_withdraw": ApiWrite(
        lambda author: (
            "post",
            _api_url("challenge_withdraw", ChallengeFactory(author=author).pk),
            None,
        ),
        _api(AUTHOR_ONLY),
    ),
    "api:challenge_restore": ApiWrite(
        lambda author: (
            "post",
            _api_url(
                "challenge_restore", ChallengeFactory(author=author, withdrawn_at=timezone.now()).pk
            ),
            None,
        ),
        _api(AUTHOR_ONLY_WITHDRAWN),
    ),
    "api:challenge_watch": ApiWrite(
        lambda author: (
            "post",
            _api_url("challenge_watch", ChallengeFactory(author=author).pk),
            None,
        ),
        _api(LEARNERS_MAY),
    ),
    "api:solution_list": ApiWrite(
        lambda author: (
            "post",
            _api_url("solution_list", ChallengeFactory(author=author).pk),
            {"body": "Start the worker with -A project."},
        ),
        _api(LEARNERS_MAY),
    ),
    # A hidden challenge takes no new posts, from anyone; others do not even see it.
    "api:solution_list (hidden challenge)": ApiWrite(
        lambda author: (
            "post",
            _api_url("solution_list", ChallengeFactory(author=author, hidden_at=timezone.now()).pk),
            {"body": "Start the worker with -A project."},
        ),
        _api(
            {
                "learner": NOT_FOUND,
                "author": FORBIDDEN,
                "suspended": NOT_FOUND,
                "moderator": FORBIDDEN,
            }
        ),
    ),  # fmt: skip
    "api:challenge_comment_list": ApiWrite(
        lambda author: (
            "post",
            _api_url("challenge_comment_list", ChallengeFactory(author=author).pk),
            {"body": "Which broker?"},
        ),
        _api(LEARNERS_MAY),
    ),
    "api:challenge_comment_list (locked)": ApiWrite(
        lambda author: (
            "post",
            _api_url("challenge_comment_list", ChallengeFactory(author=author, is_locked=True).pk),
            {"body": "Which broker?"},
        ),
        _api({**LEARNERS_MAY, "learner": FORBIDDEN, "author": FORBIDDEN, "moderator": FORBIDDEN}),
    ),  # fmt: skip
    # --- solutions ---
    "api:solution_detail": ApiWrite(
        lambda author: (
            "patch",
            _api_url("solution_detail", SolutionFactory(author=author).pk),
            {
                "body": "Start the worker with -A project, then check the broker.",
                "base_revision": 0,
            },
        ),
        _api(AUTHOR_OR_MODERATOR),
    ),
    "api:solution_withdraw": ApiWrite(
        lambda author: (
            "post",
            _api_url("solution_withdraw", SolutionFactory(author=author).pk),
            None,
        ),
        _api(AUTHOR_ONLY),
    ),
    "api:solution_restore": ApiWrite(
        lambda author: (
            "post",
            _api_url(
                "solution_restore", SolutionFactory(author=author, withdrawn_at=timezone.now()).pk
            ),
            None,
        ),
        _api(AUTHOR_ONLY_WITHDRAWN),
    ),
    "api:solution_vote": ApiWrite(
        lambda author: ("post", _api_url("solution_vote", SolutionFactory(author=author).pk), None),
        _api({**LEARNERS_MAY, "author": FORBIDDEN}),
    ),
    "api:solution_vote (take back)": ApiWrite(
        _api_unvote, _api({**LEARNERS_MAY, "author": FORBIDDEN})
    ),
    "api:solution_accept": ApiWrite(
        lambda author: (
            "post",
            _api_url(
                "solution_accept", SolutionFactory(challenge=ChallengeFactory(author=author)).pk
            ),
            None,
        ),
        _api(AUTHOR_OR_MODERATOR),
    ),
    "api:solution_comment_list": ApiWrite(
        lambda author: (
            "post",
            _api_url("solution_comment_list", SolutionFactory(author=author).pk),
            {"body": "Thanks, that was it."},
        ),
        _api(LEARNERS_MAY),
    ),
    # --- comments ---
    "api:comment_detail": ApiWrite(
        lambda author: (
            "patch",
            _api_url("comment_detail", CommentFactory(author=author).pk),
            {"body": "Which broker, Redis or RabbitMQ?", "base_revision": 0},
        ),
        _api(AUTHOR_OR_MODERATOR),
    ),
    # Hidden by a moderator: its author sees it but may not edit it; others do not see it.
    "api:comment_detail (hidden)": ApiWrite(
        lambda author: (
            "patch",
            _api_url("comment_detail", CommentFactory(author=author, hidden_at=timezone.now()).pk),
            {"body": "Which broker, Redis or RabbitMQ?", "base_revision": 0},
        ),
        _api({"learner": NOT_FOUND, "author": FORBIDDEN, "suspended": NOT_FOUND, "moderator": OK}),
    ),  # fmt: skip
    "api:comment_withdraw": ApiWrite(
        lambda author: (
            "post",
            _api_url("comment_withdraw", CommentFactory(author=author).pk),
            None,
        ),
        _api(AUTHOR_ONLY),
    ),
    "api:comment_restore": ApiWrite(
        lambda author: (
            "post",
            _api_url(
                "comment_restore", CommentFactory(author=author, withdrawn_at=timezone.now()).pk
            ),
            None,
        ),
        _api(AUTHOR_ONLY_WITHDRAWN),
    ),
    # --- the caller's own: "the author" is the inbox's owner ---
    "api:notification_read": ApiWrite(
        _api_notification_read,
        _api({"learner": NOT_FOUND, "author": OK, "suspended": FORBIDDEN, "moderator": NOT_FOUND}),
    ),
    "api:notification_read_all": ApiWrite(
        lambda author: ("post", _api_url("notification_read_all"), unread_for_everyone(author)[1]),
        _api(LEARNERS_MAY),
    ),
}


# --- reputation: duplicates, reopen votes, trust levels (rows for the table above) -----------


def _closed_duplicate(author):
    from discussions import services as discussions

    original, duplicate = ChallengeFactory(), ChallengeFactory(author=author)
    discussions.challenge_close_duplicate(
        challenge=duplicate, original=original, user=UserFactory()
    )
    return duplicate


def _close_duplicate(author):
    original = ChallengeFactory()
    return view_url(
        "discussions:challenge_close_duplicate",
        ChallengeFactory(author=author).pk,
        original=str(original.pk),
    )


CONTENT_ROWS.update(
    {
        # Trust level member and up (the table's learners are "basic"); moderators always.
        "discussions:challenge_close_duplicate": Write(
            _close_duplicate,
            {**AUTHOR_OR_MODERATOR, "author": FORBIDDEN},
        ),
        "discussions:challenge_reopen": Write(
            lambda author: view_url("discussions:challenge_reopen", _closed_duplicate(author).pk),
            {**AUTHOR_OR_MODERATOR, "author": FORBIDDEN},
        ),
        "moderation:user_trust": Write(
            lambda author: view_url(
                "moderation:user_trust", author.username, level="member", reason="helps a lot"
            ),
            MODERATORS_ONLY,
        ),
    }
)


# --- the same privileges by trust level (tests/reputation/test_level_table.py) ---------------

LEVELS = ("new", "basic", "member", "regular", "leader")
HELD = "written, held for review"


def level_user(level: str):
    """A learner at `level`: "new" is a fresh sign-up, the others are set by a moderator."""
    from reputation.models import Standing

    if level == "new":
        return UserFactory(approved_posts=0)
    user = UserFactory()
    Standing.objects.create(user=user, level=level, level_locked=True)
    return user


def _others_challenge_edit(author):
    return view_url(
        "discussions:challenge_edit",
        ChallengeFactory(author=author).pk,
        title="Celery workers exit at start",
        body="The worker exits at once, even locally.",
    )


def _others_solution_edit(author):
    return view_url(
        "discussions:solution_edit",
        SolutionFactory(author=author).pk,
        body="Start the worker with -A project, then check the broker URL.",
    )


def _others_comment_edit(author):
    return view_url(
        "discussions:comment_edit", CommentFactory(author=author).pk, body="Which broker?"
    )


def _protected_page_edit(author):
    url, data = _page_edit(author)
    from knowledge.models import Page

    Page.objects.filter(slug=url.split("/")[2]).update(is_protected=True)
    return url, data


def _by_level(lowest: str, refused=FORBIDDEN) -> dict:
    return {lv: OK if LEVELS.index(lv) >= LEVELS.index(lowest) else refused for lv in LEVELS}


LEVEL_ROWS: dict[str, Write] = {
    # Posts skip review from basic on (a new learner's first posts wait for a moderator).
    "discussions:challenge_new": Write(
        CONTENT_ROWS["discussions:challenge_new"].build, {**_by_level("basic"), "new": HELD}
    ),
    "discussions:solution_new": Write(
        CONTENT_ROWS["discussions:solution_new"].build, {**_by_level("basic"), "new": HELD}
    ),
    # Editing other learners' challenges and solutions: regular and up; comments: nobody.
    "discussions:challenge_edit": Write(_others_challenge_edit, _by_level("regular")),
    "discussions:solution_edit": Write(_others_solution_edit, _by_level("regular")),
    "discussions:comment_edit": Write(_others_comment_edit, dict.fromkeys(LEVELS, FORBIDDEN)),
    # Closing as a duplicate and voting to reopen: member and up.
    "discussions:challenge_close_duplicate": Write(_close_duplicate, _by_level("member")),
    "discussions:challenge_reopen": Write(
        lambda author: view_url("discussions:challenge_reopen", _closed_duplicate(author).pk),
        _by_level("member"),
    ),
    # Protected wiki pages: leaders (and moderators).
    "knowledge:page_edit (protected)": Write(_protected_page_edit, _by_level("leader")),
    # Nobody but moderators sets levels, whatever their own.
    "moderation:user_trust": Write(
        CONTENT_ROWS["moderation:user_trust"].build, dict.fromkeys(LEVELS, FORBIDDEN)
    ),
}
