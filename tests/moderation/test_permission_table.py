"""Who may do what, for every write endpoint (PRODUCT.md, "Who may do what").

Every URL name under our apps' namespaces must appear in WRITE (with the outcome for each role)
or in READ_ONLY, or in PLACEHOLDERS while it is still the skeleton's placeholder view. Adding a
write view without a row here fails `test_every_url_name_is_in_the_table`.

Adding a row: one entry in WRITE,

    "discussions:solution_vote": Write(
        lambda author: (
            reverse("discussions:solution_vote", args=[SolutionFactory(author=author).pk]),
            {},
        ),
        {**LEARNERS_MAY, "author": FORBIDDEN},  # no voting on your own solution
    ),

where the factory gets the user who is "the author of the item" and returns (url, POST data)
for a request that would succeed for someone allowed to make it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.factories import ModeratorFactory, UserFactory
from tests.moderation.factories import (
    ChallengeFactory,
    CommentFactory,
    PageFactory,
    SolutionFactory,
)

APP_NAMESPACES = {"knowledge", "discussions", "notifications", "moderation", "search", "accounts"}
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


@dataclass
class Write:
    build: Callable  # (author: User) -> (url, POST data)
    expect: dict


def _target_url(name, target, **data):
    return reverse(name, args=[target._meta.model_name, target.pk]), data


WRITE: dict[str, Write] = {
    # --- moderation ---
    "moderation:flag": Write(
        lambda author: _target_url(
            "moderation:flag", SolutionFactory(author=author), reason="spam", note=""
        ),
        {**LEARNERS_MAY, "author": FORBIDDEN},  # not your own post
    ),
    "moderation:flags_dismiss": Write(
        lambda author: _target_url("moderation:flags_dismiss", ChallengeFactory(author=author)),
        MODERATORS_ONLY,
    ),
    "moderation:hide": Write(
        lambda author: _target_url("moderation:hide", CommentFactory(author=author), reason="Spam"),
        MODERATORS_ONLY,
    ),
    "moderation:restore": Write(
        lambda author: _target_url(
            "moderation:restore", SolutionFactory(author=author, hidden_at=timezone.now())
        ),
        MODERATORS_ONLY,
    ),
    "moderation:approve": Write(
        lambda author: _target_url(
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
        lambda author: (reverse("moderation:user_unsuspend", args=[author.username]), {}),
        MODERATORS_ONLY,
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
    "accounts:profile_detail",
}

# The skeleton's placeholder views (the names base.html uses). The test below checks they are
# still placeholders: once an app ships the real view, move its name to WRITE or READ_ONLY.
PLACEHOLDERS = {
    "knowledge:page_list",
    "knowledge:page_new",
    "knowledge:recent_changes",
    "knowledge:page_detail",
    "knowledge:revision_detail",
    "discussions:challenge_list",
    "discussions:challenge_new",
    "discussions:challenge_detail",
    "notifications:inbox",
    "search:search",
}


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
                and namespaces
                and namespaces[0] in APP_NAMESPACES
            ):
                name = ":".join([*namespaces, pattern.name])
                found.setdefault(name, set()).add(pattern.callback)

    walk(get_resolver().url_patterns, [])
    return found


def test_every_url_name_is_in_the_table():
    names = set(_url_views())
    missing = names - set(WRITE) - READ_ONLY - PLACEHOLDERS
    assert not missing, (
        f"Add these to WRITE (with outcomes per role) or READ_ONLY: {sorted(missing)}"
    )
    stale = (set(WRITE) | READ_ONLY | PLACEHOLDERS) - names
    assert not stale, f"These rows name no URL any more: {sorted(stale)}"


def test_placeholders_are_still_placeholders():
    views = _url_views()
    shipped = {
        name for name in PLACEHOLDERS if any(v.__name__ != "placeholder" for v in views[name])
    }
    assert not shipped, f"Real views now: move them to WRITE or READ_ONLY: {sorted(shipped)}"


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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(WRITE))
def test_permission_table(name, role, client, db):
    row = WRITE[name]
    author = UserFactory(username="the-author")
    url, data = row.build(author)
    response = _client_for(role, client, author).post(url, data)
    expected = row.expect[role]
    if expected == LOGIN:
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))
    elif expected == OK:
        assert response.status_code < 400, response.content[:500]
        assert not response.get("Location", "").startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("name", sorted(WRITE))
def test_writes_refuse_get_or_show_a_form(name, client, db):
    """A GET never changes anything: it is refused or shows a form."""
    author = UserFactory(username="the-author")
    url, _data = WRITE[name].build(author)
    client.force_login(ModeratorFactory())
    from moderation.models import ModerationLogEntry

    response = client.get(url)
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.METHOD_NOT_ALLOWED}
    assert not ModerationLogEntry.objects.exists()
