from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.models import Moderatable, ModeratableQuerySet

# Fixed words under /wiki/ that a page slug may never take.
RESERVED_SLUGS = frozenset(
    {"new", "changes", "feed", "feeds", "search", "categories", "category", "topics", "topic",
     "preview", "upload", "markdownx", "random", "special", "api", "edit", "history", "diff"}
)  # fmt: skip


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Topic(models.Model):
    """A technology or concept (Celery, Redis, Docker…) shared by wiki pages and challenges."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PageQuerySet(ModeratableQuerySet):
    def with_current(self):
        return self.select_related("current_revision", "current_revision__author", "category")

    def at_slug(self, slug: str):
        """The page at `slug`, or the page that was renamed away from it."""
        return self.filter(Q(slug=slug) | Q(aliases__slug=slug)).distinct()


class Page(Moderatable):
    title = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="pages")
    topics = models.ManyToManyField(Topic, blank=True, related_name="pages")
    current_revision = models.ForeignKey(
        "PageRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_protected = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pages_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:page_detail", args=[self.slug])


class PageRevision(models.Model):
    """Append-only: a save makes a new row; revert copies an old one into a new row."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="page_revisions"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    summary = models.CharField("edit summary", max_length=300, blank=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    body_html = models.TextField(editable=False)
    toc_html = models.TextField(editable=False, blank=True)
    size = models.PositiveIntegerField(default=0)
    size_delta = models.IntegerField(default=0)
    reverted_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="unique_revision_number"),
        ]
        # perf: recent changes (newest first, also by author) without a sort of every revision.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="revision_recent"),
            models.Index(fields=["author", "-created_at"], name="revision_author_recent"),
        ]

    def __str__(self):
        return f"{self.page.title} r{self.number}"

    def get_absolute_url(self):
        return reverse("knowledge:revision_detail", args=[self.page.slug, self.number])


class PageLink(models.Model):
    """A wiki link in a page's current revision. `target` is null while the page is missing."""

    source = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="outgoing_links")
    target_slug = models.SlugField(max_length=200, db_index=True)
    target = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="incoming_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target_slug"], name="unique_page_link"),
        ]

    def __str__(self):
        return f"{self.source_id} -> {self.target_slug}"


class PageAlias(models.Model):
    """An old slug of a renamed page: its URLs redirect and [[links]] to it still resolve."""

    slug = models.SlugField(max_length=200, unique=True)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="aliases")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "page aliases"

    def __str__(self):
        return f"{self.slug} -> {self.page_id}"


class PageWatch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="page_watches"
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="unique_page_watch")]

    def __str__(self):
        return f"{self.user_id} watches page {self.page_id}"
