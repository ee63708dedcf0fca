"""The demo's people (people.toml): their accounts, profiles and roles."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import Track, User
from core.permissions import MODERATORS_GROUP
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
        user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return user


def demo_accounts() -> DemoAccounts:
    """Create whichever demo accounts are missing; returns them all."""
    specs = read_toml("people.toml")
    return DemoAccounts(
        people={username: _account(username, spec) for username, spec in specs.items()},
        roles={username: spec["role"] for username, spec in specs.items()},
    )
