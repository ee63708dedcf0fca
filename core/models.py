"""Shared shapes for user content: soft hide (moderators), soft withdraw (authors), held posts.

Nothing here deletes: hide and withdraw set a timestamp that restore clears.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


def is_moderator(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or getattr(user, "is_moderator", False))
    )


class ModeratableQuerySet(models.QuerySet):
    def not_hidden(self):
        return self.filter(hidden_at__isnull=True)

    def visible_to(self, user):
        if is_moderator(user):
            return self
        return self.not_hidden()


class Moderatable(models.Model):
    """Anything a moderator can hide (with a reason the author sees) and restore."""

    hidden_at = models.DateTimeField(null=True, blank=True, db_index=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=500, blank=True)

    objects = ModeratableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostQuerySet(ModeratableQuerySet):
    def public(self):
        """What a reader may see: not hidden, not withdrawn, not awaiting review."""
        return self.filter(hidden_at__isnull=True, withdrawn_at__isnull=True, is_held=False)

    def visible_to(self, user):
        """Moderators see everything; an author also sees their own hidden/withdrawn/held posts."""
        if is_moderator(user):
            return self
        if user is not None and user.is_authenticated:
            return self.filter(
                Q(hidden_at__isnull=True, withdrawn_at__isnull=True, is_held=False) | Q(author=user)
            )
        return self.public()


class Post(Moderatable):
    """A challenge, a solution or a comment: authored, markdown, withdrawable, holdable."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="%(class)ss"
    )
    body = models.TextField()
    body_html = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    is_held = models.BooleanField(default=False, db_index=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_public(self) -> bool:
        return self.hidden_at is None and self.withdrawn_at is None and not self.is_held
