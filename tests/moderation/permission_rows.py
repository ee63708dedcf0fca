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
