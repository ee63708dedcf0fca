from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse


class Track(models.TextChoices):
    BACKEND = "backend", "Backend"
    FRONTEND = "frontend", "Frontend"
    FULL_STACK = "full-stack", "Full-stack"


class EmailPreference(models.TextChoices):
    NONE = "none", "No emails"
    IMMEDIATE = "immediate", "One email per notification"
    DIGEST = "digest", "A daily digest"


class User(AbstractUser):
    # The one truth for "moderator", read by every request without a query. Set only by
    # accounts.services.moderator_grant / moderator_revoke (which also keep the Moderators
    # group, the moderators' admin permissions, in step).
    is_moderator = models.BooleanField(default=False, editable=False)
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=500, blank=True)
    # How many of this learner's posts a moderator has approved; below NEXUS_HELD_POSTS new
    # posts wait in the review queue.
    approved_posts = models.PositiveIntegerField(default=0)

    def get_absolute_url(self):
        return reverse("hub:profile_detail", args=[self.username])

    @property
    def display_name(self) -> str:
        profile = getattr(self, "profile", None)
        return (profile.display_name if profile else "") or self.username


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=80, blank=True)
    track = models.CharField(max_length=20, choices=Track, default=Track.FULL_STACK)
    bio = models.TextField("short bio", max_length=500, blank=True)
    github_url = models.URLField("GitHub", blank=True)
    website_url = models.URLField("portfolio or website", blank=True)
    email_notifications = models.CharField(
        "email notifications",
        max_length=20,
        choices=EmailPreference,
        default=EmailPreference.IMMEDIATE,
    )

    def __str__(self):
        return f"Profile of {self.user.username}"

    def get_absolute_url(self):
        return self.user.get_absolute_url()
