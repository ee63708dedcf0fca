"""Making and revoking personal access tokens."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from api.models import ApiToken, Scope, hash_secret

# How long a token lives, as offered on the tokens page (days; 0 = until revoked).
EXPIRY_CHOICES = ((30, "30 days"), (90, "90 days"), (365, "1 year"), (0, "Never"))
# "last used" is written at most this often per token: a script's every call is not a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def token_create(*, user, name: str, scope: str = Scope.READ, days: int = 90):
    """A new token and its secret; the secret is returned this once and never stored."""
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:80],
        scope=scope,
        key_hash=hash_secret(secret),
        hint=secret[4:12],
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    return token, secret


def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def token_for_secret(secret: str) -> ApiToken | None:
    """The token a secret names (with its user), or None; revoked and expired ones too, so the
    caller can say which."""
    if not secret.startswith("nxs_") or len(secret) > 100:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()


def token_touch(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
