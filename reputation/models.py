"""Reputation: an append-only list of events, and per learner a stored total and trust level.

`ReputationEvent` rows are never changed or deleted: a correction (a vote withdrawn, content
hidden, serial votes) is a new event that `reverses` the one it undoes. `Standing` holds the
running total, the count of accepted solutions and the trust level, updated in the same
transaction as the event (F() expressions), so no page ever sums events to show a level.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse


class Level(models.TextChoices):
    NEW = "new", "New"
    BASIC = "basic", "Basic"
    MEMBER = "member", "Member"
    REGULAR = "regular", "Regular"
    LEADER = "leader", "Leader"


LEVELS = [choice.value for choice in Level]  # lowest first


def rank(level: str) -> int:
    return LEVELS.index(level)


class Reason(models.TextChoices):
    SOLUTION_VOTED = "solution-voted", "Solution voted up"
    VOTE_WITHDRAWN = "vote-withdrawn", "Vote withdrawn"
    SERIAL_VOTE = "serial-vote", "Serial votes reversed"
    SOLUTION_ACCEPTED = "solution-accepted", "Solution accepted"
    ACCEPT_MOVED = "accept-moved", "Acceptance moved to another solution"
    WIKI_EDIT_KEPT = "wiki-edit-kept", "Wiki edit kept"
    TURNED_INTO_PAGE = "turned-into-page", "Solution turned into a wiki page"
    FLAG_AGREED = "flag-agreed", "Flag agreed by a moderator"
    CONTENT_HIDDEN = "content-hidden", "Content hidden by a moderator"
    CONTENT_RESTORED = "content-restored", "Content restored by a moderator"


class ReputationEvent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation_events"
    )
    amount = models.IntegerField()
    reason = models.CharField(max_length=30, choices=Reason)
    description = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    # What earned it (a solution, a wiki revision, a flagged post), and who caused it (the
    # voter, the accepter, the moderator).
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="reputation_history"),
            models.Index(fields=["content_type", "object_id"], name="reputation_content"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.amount:+d} {self.reason}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Reputation events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Reputation events are append-only.")


class Standing(models.Model):
    """A learner's reputation total and trust level, kept by reputation.services."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="standing",
    )
    reputation = models.IntegerField(default=0)
    accepted_count = models.PositiveIntegerField(default=0)
    level = models.CharField(max_length=10, choices=Level, default=Level.NEW, db_index=True)
    # Set by a moderator: the level stays where it is whatever the learner earns or loses.
    level_locked = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user_id}: {self.reputation} ({self.level})"


class BadgeAward(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges"
    )
    badge = models.CharField(max_length=40, db_index=True)
    url = models.CharField(max_length=500, blank=True)  # what earned it
    awarded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "badge"], name="one_badge_each"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.badge}"

    def get_absolute_url(self):
        return reverse("reputation:badge_detail", args=[self.badge])
