"""The search index: one row per searchable thing, kept current by search/signals.py (and by
moderation, which calls search.indexing.reindex after its UPDATEs).

The engine-specific full-text structures hang off this table and are created by migration
0002: an FTS5 external-content table on SQLite, a stored tsvector column with a GIN index
on PostgreSQL. The ORM never names them; search/backends.py does.
"""

from django.db import models


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        PAGE = "page", "Wiki page"
        CHALLENGE = "challenge", "Challenge"
        SOLUTION = "solution", "Solution"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        HIDDEN = "hidden", "Hidden"
        WITHDRAWN = "withdrawn", "Withdrawn"
        HELD = "held", "Held for review"

    kind = models.CharField(max_length=10, choices=Kind)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    topics = models.ManyToManyField("knowledge.Topic", blank=True, related_name="+")
    url = models.CharField(max_length=500)
    updated_at = models.DateTimeField()
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.PUBLIC)
    # Last on purpose: SQLite reads a row's columns in order, and a long body before
    # `visibility` would drag its overflow pages into every filter check.
    body = models.TextField(blank=True, help_text="Plain text: markdown and HTML stripped.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_document"),
        ]
        indexes = [models.Index(fields=["visibility", "kind"], name="search_doc_vis_kind")]

    def __str__(self):
        return f"{self.kind} #{self.object_id}: {self.title}"

    def get_absolute_url(self):
        return self.url

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC
