"""The demo's people (people.toml): their accounts, profiles and roles."""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db.models import Min

from accounts.models import Track, User
from accounts.services import moderator_grant
from discussions.models import Challenge, Comment, Solution
from hub.demo.files import read_toml
from knowledge.models import PageRevision

DEMO_PASSWORD = "nexus-demo-2026"  # noqa: S105 (the demo's published password)


@dataclass
class DemoAccounts:
    """The demo's users by username (people.toml's order) and the role each is shown as."""

    people: dict[str, User]
    roles: dict[str, str]

    def _with_role(self, role: str) -> User:
        return next(self.people[name] for name, r in self.roles.items() if r == role)

    @property
    def backend(self) -> User:
        return self._with_role("backend learner")

    @property
    def frontend(self) -> User:
        return self._with_role("frontend learner")

    @property
    def moderator(self) -> User:
        return self._with_role("moderator")


def _account(username: str, spec: dict) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@demo.nexus.invalid", "approved_posts": 10},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        profile = user.profile
        profile.display_name = spec["display_name"]
        profile.track = Track(spec["track"])
        profile.bio = spec["bio"]
        profile.github_url = spec.get("github", "")
        profile.save()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if spec.get("moderator"):
        moderator_grant(user=user)
    return user


JOINED_BEFORE_FIRST_POST = timedelta(days=2)


def date_accounts(accounts: DemoAccounts) -> None:
    """Each demo account joined before its first post: the content is dated in the past, so a
    profile would otherwise say "joined" after the learner's own pages and challenges."""
    for user in accounts.people.values():
        dates = [
            Challenge.objects.filter(author=user).aggregate(at=Min("created_at"))["at"],
            Solution.objects.filter(author=user).aggregate(at=Min("created_at"))["at"],
            Comment.objects.filter(author=user).aggregate(at=Min("created_at"))["at"],
            PageRevision.objects.filter(author=user).aggregate(at=Min("created_at"))["at"],
        ]
        first = min((d for d in dates if d is not None), default=None)
        if first is not None and user.date_joined > first - JOINED_BEFORE_FIRST_POST:
            user.date_joined = first - JOINED_BEFORE_FIRST_POST
            User.objects.filter(pk=user.pk).update(date_joined=user.date_joined)


def demo_accounts() -> DemoAccounts:
    """Create whichever demo accounts are missing; returns them all."""
    specs = read_toml("people.toml")
    return DemoAccounts(
        people={username: _account(username, spec) for username, spec in specs.items()},
        roles={username: spec["role"] for username, spec in specs.items()},
    )
