from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    SOLUTION = "solution", "New solution on your challenge"
    CHALLENGE_COMMENT = "challenge-comment", "New comment on your challenge"
    SOLUTION_COMMENT = "solution-comment", "New comment on your solution"
    ACCEPTED = "accepted", "Your solution was accepted"
    WATCHED_CHALLENGE = "watched-challenge", "Activity on a challenge you watch"
    WATCHED_PAGE = "watched-page", "Change to a page you watch"
    MENTION = "mention", "You were mentioned"
    MODERATION = "moderation", "A moderator acted on your post"
    EDITED = "edited", "Someone edited your post"
    BADGE = "badge", "You earned a badge"


class EmailState(models.TextChoices):
    PENDING = "pending", "Waiting to be emailed"
    SENDING = "sending", "Being emailed"  # claimed by one sender (email_claimed_at says when)
    SENT = "sent", "Emailed"
    SKIPPED = "skipped", "Not emailed"
    FAILED = "failed", "Could not be emailed"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Email is decided when the notification is made (from the recipient's preference); the
    # immediate-email task or the daily digest claims it (sending), sends, then marks it sent.
    # A failed send goes back to pending (retried) until it fails for good (failed).
    email_state = models.CharField(max_length=10, choices=EmailState, default=EmailState.PENDING)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["email_state", "created_at"], name="notification_email"),
        ]

    def __str__(self):
        return f"{self.recipient_id}: {self.text}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
