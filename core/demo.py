"""Demo accounts, shared by every app's demo content."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from accounts.models import Track, User
from accounts.services import moderator_grant

DEMO_PASSWORD = "nexus-demo-2026"


@dataclass
class DemoAccounts:
    backend: User
    frontend: User
    moderator: User


def _account(username, *, display_name, track, bio, github="") -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@demo.nexus.invalid", "approved_posts": 10},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        profile = user.profile
        profile.display_name = display_name
        profile.track = track
        profile.bio = bio
        profile.github_url = github
        profile.save()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def demo_accounts() -> DemoAccounts:
    backend = _account(
        "bea",
        display_name="Bea Backend",
        track=Track.BACKEND,
        bio="Learning Django, PostgreSQL and Celery. Likes fast queries and boring deployments.",
        github="https://github.com/bea-backend",
    )
    frontend = _account(
        "finn",
        display_name="Finn Frontend",
        track=Track.FRONTEND,
        bio="Builds the screens that call Bea's APIs. Asks a lot about versioning.",
    )
    moderator = _account(
        "mo",
        display_name="Mo Moderator",
        track=Track.FULL_STACK,
        bio="Keeps the hub tidy and the answers correct.",
    )
    moderator_grant(user=moderator)
    return DemoAccounts(backend=backend, frontend=frontend, moderator=moderator)
