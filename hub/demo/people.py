"""The demo's people (people.toml): their accounts, profiles and roles."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from accounts.models import Track, User
from accounts.services import moderator_grant
from hub.demo.files import read_toml

DEMO_PASSWORD = "nexus-demo-2026"


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


def demo_accounts() -> DemoAccounts:
    """Create whichever demo accounts are missing; returns them all."""
    specs = read_toml("people.toml")
    return DemoAccounts(
        people={username: _account(username, spec) for username, spec in specs.items()},
        roles={username: spec["role"] for username, spec in specs.items()},
    )
