from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify

from core.models import Post

RESERVED_CHALLENGE_SLUGS = frozenset(
    {"edit", "history", "withdraw", "restore", "lock", "watch", "comments", "solutions",
     "append-to-page", "close-duplicate", "reopen"}
)  # fmt: skip


class Challenge(Post):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SOLVED = "solved", "Solved"

    title = models.CharField(max_length=200)
    topics = models.ManyToManyField("knowledge.Topic", blank=True, related_name="challenges")
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN, db_index=True)
    is_locked = models.BooleanField(default=False)
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Counters kept by the services so the list never counts rows per challenge.
    solution_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    vote_count = models.PositiveIntegerField(default=0)
    # The wiki page the accepted solution became ("From challenge #N" on that page).
    wiki_page = models.ForeignKey(
        "knowledge.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_challenges",
    )

    # Closed as a duplicate (by a member or a moderator): readers are sent to the original.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        # perf: one index per filter + order of the list and the home page (migration
        # 0002_perf_indexes), so neither sorts the whole table as the hub grows.
        indexes = [
            models.Index(
                fields=["status", "is_locked", "solution_count", "-last_activity_at"],
                name="challenge_needs_help",
            ),
            models.Index(fields=["status", "-last_activity_at"], name="challenge_status_active"),
            models.Index(fields=["status", "-created_at"], name="challenge_status_newest"),
            models.Index(fields=["-vote_count", "-created_at"], name="challenge_votes"),
            # The list filtered by status and sorted by votes, and "unanswered" (open, no
            # solution) newest first: each walks its own index to the page's 20 rows instead of
            # sorting every solved or unanswered challenge (migration 0004).
            models.Index(
                fields=["status", "-vote_count", "-created_at"], name="challenge_status_votes"
            ),
            models.Index(
                fields=["status", "solution_count", "-created_at"], name="challenge_unanswered"
            ),
            models.Index(fields=["author", "-created_at"], name="challenge_author_newest"),
        ]

    def __str__(self):
        return self.title

    @property
    def slug(self) -> str:
        slug = slugify(self.title)[:80].strip("-") or "challenge"
        # Never a word that names one of the challenge's own pages (/challenges/<id>/edit/…).
        return f"{slug}-challenge" if slug in RESERVED_CHALLENGE_SLUGS else slug

    def get_absolute_url(self):
        return reverse("discussions:challenge_detail", args=[self.pk, self.slug])

    @property
    def parent_challenge(self) -> "Challenge":
        """Every post has one (see Comment.parent_challenge): a challenge is its own."""
        return self


class Solution(Post):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="solutions")
    score = models.IntegerField(default=0, db_index=True)
    is_accepted = models.BooleanField(default=False)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_accepted", "-score", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge"],
                condition=models.Q(is_accepted=True),
                name="one_accepted_solution_per_challenge",
            ),
        ]

    def __str__(self):
        return f"Solution #{self.pk} to {self.challenge_id}"

    @property
    def parent_challenge(self) -> Challenge:
        return self.challenge

    def get_absolute_url(self):
        return f"{self.challenge.get_absolute_url()}#solution-{self.pk}"


class Comment(Post):
    """On a challenge or on a solution (exactly one of the two)."""

    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    solution = models.ForeignKey(
        Solution, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(challenge__isnull=False, solution__isnull=True)
                    | models.Q(challenge__isnull=True, solution__isnull=False)
                ),
                name="comment_on_challenge_xor_solution",
            ),
        ]

    def __str__(self):
        return f"Comment #{self.pk}"

    @property
    def thread_key(self) -> str:
        """Names the thread the comment is in: "c<challenge id>" or "s<solution id>"."""
        return f"c{self.challenge_id}" if self.challenge_id else f"s{self.solution_id}"

    @cached_property
    def parent_challenge(self) -> "Challenge":
        """The challenge the comment is under: its own, or its solution's.

        Load it with select_related("challenge", "solution__challenge") to keep it query-free.
        """
        return self.challenge if self.challenge_id else self.solution.challenge

    def get_absolute_url(self):
        # The whole thread is shown so the anchor exists even in a long, folded thread.
        parent_url = self.parent_challenge.get_absolute_url()
        return f"{parent_url}?all_comments={self.thread_key}#comment-{self.pk}"


class PostRevision(models.Model):
    """Every version of a challenge, solution or comment, kept when its author edits it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    post = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="unique_post_revision"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id} v{self.number}"


class Vote(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes"
    )
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "solution"], name="one_vote_each")]

    def __str__(self):
        return f"{self.user_id} +1 solution {self.solution_id}"


class ReopenVote(models.Model):
    """A member's vote to reopen a challenge closed as a duplicate (NEXUS_REOPEN_VOTES reopen
    it). The votes of one close are cleared when it reopens."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="reopen_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "challenge"], name="one_reopen_vote_each")
        ]

    def __str__(self):
        return f"{self.user_id} reopens {self.challenge_id}"


class ChallengeWatch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_watches"
    )
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "challenge"], name="unique_challenge_watch")
        ]

    def __str__(self):
        return f"{self.user_id} watches challenge {self.challenge_id}"
