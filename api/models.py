"""Personal access tokens: a learner's script or frontend calls the API as them.

The secret is shown once, when the token is made, and only its SHA-256 is stored: it is a
random 256-bit value (not a password), so a fast hash is enough and a database leak gives
nobody a usable token. The `nxs_` prefix makes a leaked token easy to grep for.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "nxs_"  # noqa: S105 (a prefix that marks a token, not one)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Scope(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Read and write"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    # "read" may only read; "write" may also post, edit, vote (as the user, under the site's
    # permissions and rate limits).
    scope = models.CharField(max_length=10, choices=Scope, default=Scope.READ)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters after the prefix, to tell tokens apart in the list (not secret).
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({TOKEN_PREFIX}{self.hint}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @classmethod
    def new_secret(cls) -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)
