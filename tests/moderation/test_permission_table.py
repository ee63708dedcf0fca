"""Who may do what, for every write endpoint (PRODUCT.md, "Who may do what").

Every URL name under our apps' namespaces (and the ROOT_NAMES) must appear in WRITE (with the
outcome for each role) or in READ_ONLY. Adding a write view without a row here fails
`test_every_url_name_is_in_the_table`. "Allowed" means the request wrote something (a row
created or changed, a file stored); a refusal writes nothing.

Adding a row: one entry in WRITE (or in permission_rows.py's CONTENT_ROWS, for content),

    "discussions:solution_vote": Write(
        lambda author: (
            reverse("discussions:solution_vote", args=[SolutionFactory(author=author).pk]),
            {},
        ),
        {**LEARNERS_MAY, "author": FORBIDDEN},  # no voting on your own solution
    ),

where the factory gets the user who is "the author of the item" and returns (url, POST data)
for a request that would succeed, and write something, for anyone allowed to make it.
"""

from http import HTTPStatus

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from discussions.models import Vote
from knowledge.models import PageWatch
from notifications import emails
from notifications.models import Notification
from tests.factories import (
    ChallengeFactory,
    CommentFactory,
    FlagFactory,
    ModeratorFactory,
    PageFactory,
    SolutionFactory,
    UserFactory,
)
from tests.moderation.permission_rows import (
    AUTHOR_OR_MODERATOR,
    CONTENT_ROWS,
    FORBIDDEN,
    LEARNERS_MAY,
    LOGIN,
    MODERATORS_ONLY,
    NOT_FOUND,
    OK,
    ROLES,
    Write,
    notification_to_open,
    notification_to_read,
    target_url,
    unread_for_everyone,
    watched_page,
)

APP_NAMESPACES = {
    "knowledge",
    "discussions",
    "notifications",
    "moderation",
    "search",
    "accounts",
    "hub",
}
# Our views routed by project/urls.py outside any namespace, at another app's address.
ROOT_NAMES = {"page_revert"}


def _suspended(user):
    user.suspended_until = timezone.now() + timezone.timedelta(days=3)
    user.save(update_fields=["suspended_until"])
    return user.username


WRITE: dict[str, Write] = {
    # --- moderation ---
    "moderation:flag": Write(
        lambda author: target_url(
            "moderation:flag", SolutionFactory(author=author), reason="spam", note=""
        ),
        {**LEARNERS_MAY, "author": FORBIDDEN},  # not your own post
    ),
    "moderation:flags_dismiss": Write(
        lambda author: target_url(
            "moderation:flags_dismiss", FlagFactory(target=ChallengeFactory(author=author)).target
        ),
        MODERATORS_ONLY,
    ),
    "moderation:hide": Write(
        lambda author: target_url("moderation:hide", CommentFactory(author=author), reason="Spam"),
        MODERATORS_ONLY,
    ),
    "moderation:restore": Write(
        lambda author: target_url(
            "moderation:restore", SolutionFactory(author=author, hidden_at=timezone.now())
        ),
        MODERATORS_ONLY,
    ),
    "moderation:approve": Write(
        lambda author: target_url(
            "moderation:approve", CommentFactory(author=author, is_held=True)
        ),
        MODERATORS_ONLY,
    ),
    "moderation:challenge_lock": Write(
        lambda author: (
            reverse("moderation:challenge_lock", args=[ChallengeFactory(author=author).pk]),
            {},
        ),
        MODERATORS_ONLY,
    ),
    "moderation:challenge_unlock": Write(
        lambda author: (
            reverse(
                "moderation:challenge_unlock",
                args=[ChallengeFactory(author=author, is_locked=True).pk],
            ),
            {},
        ),
        MODERATORS_ONLY,
    ),
    "moderation:page_protect": Write(
        lambda author: (
            reverse("moderation:page_protect", args=[PageFactory(created_by=author).pk]),
            {},
        ),
        MODERATORS_ONLY,
    ),
    "moderation:page_unprotect": Write(
        lambda author: (
            reverse(
                "moderation:page_unprotect",
                args=[PageFactory(created_by=author, is_protected=True).pk],
            ),
            {},
        ),
        MODERATORS_ONLY,
    ),
    "moderation:user_suspend": Write(
        lambda author: (
            reverse("moderation:user_suspend", args=[author.username]),
            {"days": "3", "reason": "Spam"},
        ),
        MODERATORS_ONLY,
    ),
    "moderation:user_unsuspend": Write(
        lambda author: (reverse("moderation:user_unsuspend", args=[_suspended(author)]), {}),
        MODERATORS_ONLY,
    ),
    **CONTENT_ROWS,
    # --- notifications: "the author" is the inbox's owner ---
    "notifications:notification_read": Write(
        notification_to_read,
        {
            "reader": LOGIN,
            "learner": NOT_FOUND,  # someone else's notification does not exist for you
            "author": OK,
            "suspended": FORBIDDEN,
            "moderator": NOT_FOUND,
        },
    ),
    # Opening one's own notification (a link from this site, or this POST) marks it read and
    # follows it; a suspended owner is only sent on (tests/notifications): a notification not
    # yours does not exist for you.
    "notifications:notification_open": Write(
        notification_to_open,
        {
            "reader": LOGIN,
            "learner": NOT_FOUND,
            "author": OK,
            "suspended": NOT_FOUND,
            "moderator": NOT_FOUND,
        },
    ),
    "notifications:notification_read_all": Write(unread_for_everyone, LEARNERS_MAY),
    # One's own watchlist: unwatching is the owner's; for anyone else the list does not exist.
    "hub:watching": Write(
        watched_page,
        {
            "reader": LOGIN,
            "learner": NOT_FOUND,
            "author": OK,
            "suspended": NOT_FOUND,
            "moderator": NOT_FOUND,
        },
    ),
    # --- accounts (/u/) ---
    "accounts:profile_edit": Write(
        lambda author: (
            reverse("accounts:profile_edit", args=[author.username]),
            {
                "display_name": "Renamed",
                "track": "backend",
                "bio": "",
                "github_url": "",
                "website_url": "",
                "email_notifications": "none",
            },
        ),
        AUTHOR_OR_MODERATOR,  # "the author" here is the profile's owner
    ),
}

READ_ONLY = {
    "moderation:queue",  # moderators only: tests/moderation/test_views.py
    "moderation:log",
    "hub:profile_detail",
    "hub:contributions",
    "discussions:mention_suggestions",  # logged in only: tests/discussions/test_flows_comments.py
    "knowledge:page_list",
    "knowledge:recent_changes",
    "knowledge:recent_changes_feed",
    "knowledge:page_detail",
    "knowledge:page_history",
    "knowledge:page_history_feed",
    "knowledge:page_diff",
    "knowledge:revision_detail",
    "discussions:challenge_list",
    "discussions:challenge_feed",
    "discussions:topic_challenge_feed",
    "discussions:challenge_detail",
    "discussions:challenge_history",
    "discussions:solution_history",
    "discussions:comment_history",
    # A GET that only sends the author (or a moderator) to the wiki editor, where the write is
    # knowledge:page_edit; tests/discussions/test_views.py checks who may use it.
    "discussions:challenge_append_to_page",
    "notifications:inbox",
    "search:search",
    "search:suggest",
    "search:similar",
    "hub:topic_list",
    "hub:topic_detail",
}

# Writes whose credential is a signed token in an emailed link, not a session: whoever holds the
# link may use it, logged in or not, suspended or not (test_unsubscribe_links_need_the_token).
TOKEN_LINKS = {"notifications:unsubscribe", "notifications:unsubscribe_one_click"}


def _url_views() -> dict[str, set]:
    """Every `namespace:name` under our apps, with the views it resolves to."""
    found: dict[str, set] = {}

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    [*namespaces, pattern.namespace] if pattern.namespace else namespaces,
                )
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and (namespaces[0] in APP_NAMESPACES if namespaces else pattern.name in ROOT_NAMES)
            ):
                name = ":".join([*namespaces, pattern.name])
                found.setdefault(name, set()).add(pattern.callback)

    walk(get_resolver().url_patterns, [])
    return found


def test_every_url_name_is_in_the_table():
    names = set(_url_views())
    missing = names - set(WRITE) - READ_ONLY - TOKEN_LINKS
    assert not missing, (
        f"Add these to WRITE (with outcomes per role) or READ_ONLY: {sorted(missing)}"
    )
    stale = (set(WRITE) | READ_ONLY | TOKEN_LINKS) - names
    assert not stale, f"These rows name no URL any more: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(TOKEN_LINKS))
def test_unsubscribe_links_need_the_token(name, client, db):
    learner = UserFactory()
    learner.profile.email_notifications = "immediate"
    learner.profile.save()
    bad = client.post(reverse(name, args=["not-a-token"]))
    assert bad.status_code == HTTPStatus.NOT_FOUND
    learner.profile.refresh_from_db()
    assert learner.profile.email_notifications == "immediate"

    good = client.post(reverse(name, args=[emails.unsubscribe_token(learner)]))
    assert good.status_code == HTTPStatus.OK
    learner.profile.refresh_from_db()
    assert learner.profile.email_notifications == "none"


def test_every_row_covers_every_role():
    for name, row in WRITE.items():
        assert set(row.expect) == set(ROLES), name


def _client_for(role, client, author):
    if role == "reader":
        return client
    user = {
        "learner": lambda: UserFactory(),
        "author": lambda: author,
        "suspended": lambda: UserFactory(
            suspended_until=timezone.now() + timezone.timedelta(days=1),
            suspension_reason="Testing",
        ),
        "moderator": lambda: ModeratorFactory(),
    }[role]()
    client.force_login(user)
    return client


OUR_APPS = {"core", "accounts", "notifications", "knowledge", "discussions", "search",
            "moderation", "hub"}  # fmt: skip


def _everything(settings):
    """Every row of our apps' tables, and the uploaded files: what a write changes."""
    from pathlib import Path

    from django.apps import apps

    media = Path(settings.MEDIA_ROOT)
    rows = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
    }
    rows["files"] = sorted(str(f) for f in media.rglob("*")) if media.exists() else []
    return rows


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(WRITE))
def test_permission_table(name, role, client, db, settings):
    row = WRITE[name]
    author = UserFactory(username="the-author")
    client = _client_for(role, client, author)
    url, data = row.build(author)
    before = _everything(settings)
    response = client.post(url, data)
    expected = row.expect[role]
    if expected == LOGIN:
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))
    elif expected == OK:
        assert response.status_code < 400, response.content[:500]
        assert not response.get("Location", "").startswith(reverse("account_login"))
        assert _everything(settings) != before, "allowed, but nothing was written"
    else:
        assert response.status_code == expected
    if expected != OK:
        assert _everything(settings) == before, "refused, but something was written"


def _everything_users_wrote():
    from discussions.models import Challenge, Comment, Solution
    from knowledge.models import PageRevision
    from moderation.models import Flag, ModerationLogEntry

    models = [Challenge, Solution, Comment, Vote, PageRevision, PageWatch, Flag]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["log"] = ModerationLogEntry.objects.count()
    counts["unread"] = Notification.objects.filter(read_at=None).count()
    return counts


@pytest.mark.parametrize("name", sorted(WRITE))
def test_writes_refuse_get_or_show_a_form(name, client, db):
    """A GET never changes anything: it is refused, shows a form or sends you elsewhere."""
    author = UserFactory(username="the-author")
    url, _data = WRITE[name].build(author)
    client.force_login(ModeratorFactory())
    before = _everything_users_wrote()

    response = client.get(url)

    # (404: a page that is someone else's, such as the author's own watchlist.)
    assert response.status_code in {
        HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.METHOD_NOT_ALLOWED, HTTPStatus.NOT_FOUND
    }  # fmt: skip
    assert _everything_users_wrote() == before
