"""What a learner's portfolio keeps of its own. The rest (challenges, solutions, topics, the
people they worked with) is read live from the apps below."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Portfolio(models.Model):
    """A learner's own words: the overview and the collaboration note (Markdown)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio"
    )
    overview = models.TextField(blank=True)
    overview_html = models.TextField(editable=False, blank=True)
    collaboration = models.TextField(blank=True)
    collaboration_html = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Portfolio of {self.user_id}"

    def get_absolute_url(self):
        return reverse("portfolios:portfolio_detail", args=[self.user.username])


class DeclaredTerm(models.Model):
    """A technology or concept the learner says they know, matched to a topic when one exists."""

    class Kind(models.TextChoices):
        TECHNOLOGY = "technology", "Technology"
        CONCEPT = "concept", "Concept"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declared_terms"
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.TECHNOLOGY)
    name = models.CharField(max_length=60)
    key = models.CharField(max_length=60, db_index=True)
    description = models.CharField(max_length=500, blank=True)
    topic = models.ForeignKey(
        "knowledge.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_declared_term_per_key"),
        ]

    def __str__(self):
        return self.name


class Note(models.Model):
    """A best practice or takeaway, in the learner's own words (Markdown)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio_notes"
    )
    body = models.TextField()
    body_html = models.TextField(editable=False, blank=True)
    # The note's words, hashed: the same takeaway imported twice is one note.
    fingerprint = models.CharField(max_length=40, db_index=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "fingerprint"], name="one_note_per_text"),
        ]

    def __str__(self):
        return self.body[:60]


class ImportedChallenge(models.Model):
    """A challenge (with its accepted solution) that came from the learner's README."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imported_challenges"
    )
    challenge = models.OneToOneField(
        "discussions.Challenge", on_delete=models.CASCADE, related_name="import_mark"
    )
    # The title's words, hashed: importing the same README again finds it.
    fingerprint = models.CharField(max_length=64)
    title_key = models.CharField(max_length=200, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "fingerprint"], name="one_import_per_challenge_title"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} imported challenge {self.challenge_id}"
