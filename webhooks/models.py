"""Outgoing webhooks (configured by moderators) and every attempt to deliver an event."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from core import events

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix that marks a secret, not one)
EXCERPT_CHARS = 500
ERROR_CHARS = 500

EVENT_CHOICES = [
    (events.CHALLENGE_CREATED, "A challenge is posted"),
    (events.SOLUTION_ACCEPTED, "A solution is accepted"),
    (events.PAGE_CHANGED, "A wiki page is created or changed"),
    (events.COMMENT_CREATED, "A comment is posted"),
]
PING = "ping"  # a moderator's test send


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class HookQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Hook(models.Model):
    class Format(models.TextChoices):
        JSON = "json", "Signed JSON event"
        SLACK = "slack", "Slack incoming webhook"
        DISCORD = "discord", "Discord webhook"

    name = models.CharField(max_length=100)
    url = models.URLField("URL", max_length=500)
    # Event names (core.events.NAMES); few hooks, so they are matched in Python.
    events = models.JSONField(default=list)
    topics = models.ManyToManyField("knowledge.Topic", blank=True, related_name="+")
    format = models.CharField(max_length=10, choices=Format, default=Format.JSON)
    # Used to sign every delivery, so it is stored as it is (a hash could not sign).
    secret = models.CharField(max_length=80, default=new_secret)
    is_active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=700, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HookQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("webhooks:hook_detail", args=[self.pk])

    def wants(self, event: str) -> bool:
        return event in self.events

    def event_labels(self) -> list[str]:
        labels = dict(EVENT_CHOICES)
        return [labels.get(name, name) for name in self.events]


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"  # for its first attempt or a retry
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"  # every attempt failed: given up
        SKIPPED = "skipped", "Not sent"  # content no longer public, or the hook was disabled

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hook = models.ForeignKey(Hook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    # The content it announces (checked again at every attempt: only public content is sent).
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    payload = models.JSONField()  # the body, exactly as sent (serialised by webhooks.signing)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=EXCERPT_CHARS, blank=True)
    error = models.CharField(max_length=ERROR_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["hook", "-created_at"])]

    def __str__(self):
        return f"{self.event} → hook {self.hook_id} ({self.status})"

    @property
    def is_ping(self) -> bool:
        return self.event == PING
