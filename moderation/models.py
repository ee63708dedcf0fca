from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class FlagReason(models.TextChoices):
    SPAM = "spam", "Spam"
    ABUSIVE = "abusive", "Abusive or harassing"
    OFF_TOPIC = "off-topic", "Off-topic"
    INCORRECT = "incorrect", "Incorrect or outdated"
    OTHER = "other", "Other"


class FlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class Flag(models.Model):
    """A learner's report on a page, challenge, solution or comment; one per learner per item."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(max_length=20, choices=FlagReason)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=20, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "flagger"],
                name="one_flag_per_learner_per_item",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_reason_display()} flag on {self.content_type.model} #{self.object_id}"


class LogAction(models.TextChoices):
    HIDE = "hide", "Hid"
    RESTORE = "restore", "Restored"
    AUTO_HIDE = "auto-hide", "Hid automatically"
    DISMISS_FLAGS = "dismiss-flags", "Dismissed flags on"
    APPROVE = "approve", "Approved"
    LOCK = "lock", "Locked"
    UNLOCK = "unlock", "Unlocked"
    PROTECT = "protect", "Protected"
    UNPROTECT = "unprotect", "Unprotected"
    REVERT = "revert", "Reverted"
    EDIT = "edit", "Edited"
    SUSPEND = "suspend", "Suspended"
    UNSUSPEND = "unsuspend", "Ended the suspension of"
    TRUST = "trust", "Set the trust level of"
    DUPLICATE = "duplicate", "Closed as a duplicate"
    REOPEN = "reopen", "Reopened"
    SERIAL_VOTES = "serial-votes", "Reversed serial votes to"


class ModerationLogEntry(models.Model):
    """Append-only record of every moderator action and every automatic one.

    `actor` is null for automatic actions. The target's label and URL are copied at the time so
    the log still reads right if the target changes.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=LogAction, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=300)
    target_url = models.CharField(max_length=500, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "moderation log entries"

    def __str__(self):
        who = self.actor.username if self.actor_id else "automatic"
        return f"{who}: {self.get_action_display()} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Moderation log entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Moderation log entries are append-only.")
