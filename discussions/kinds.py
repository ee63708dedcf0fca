"""What moderation and search need to know about challenges, solutions and comments
(registered in apps.py)."""

from django.urls import reverse

from core.registry import ContentKind, Document, Indexing, quoted
from discussions import services
from discussions.models import Challenge, Comment, Solution

# A save touching none of these leaves a post's search document as it is (counters, votes).
INDEXED_FIELDS = frozenset(
    {"title", "body", "body_html", "hidden_at", "withdrawn_at", "is_held", "edited_at"}
) | {"duplicate_of"}


def _recount(post, actor) -> None:
    services.post_visibility_changed(post=post)


def _publish(post, actor) -> None:
    services.post_approved(post=post)


def _on_challenge(post):
    challenge = post.parent_challenge
    return (challenge.title, challenge.get_absolute_url())


def _edit_url(name: str):
    return lambda post: reverse(f"discussions:{name}_edit", args=[post.pk])


def challenge_document(challenge: Challenge) -> Document:
    # A challenge closed as a duplicate is searched through its original: its own document is
    # empty (it matches nothing), so the original ranks first. Its solutions stay findable.
    duplicate = challenge.duplicate_of_id is not None
    return Document(
        title="" if duplicate else challenge.title,
        url=challenge.get_absolute_url(),
        updated_at=challenge.edited_at or challenge.created_at,
        body_html="" if duplicate else challenge.body_html,
        body="" if duplicate else challenge.body,
        visible_as=(challenge,),
        topic_owner=challenge,
    )


def solution_document(solution: Solution) -> Document:
    challenge = solution.challenge
    return Document(
        title=challenge.title,
        url=solution.get_absolute_url(),
        updated_at=solution.edited_at or solution.created_at,
        body_html=solution.body_html,
        body=solution.body,
        # A solution is only as visible as the challenge it answers.
        visible_as=(solution, challenge),
        topic_owner=challenge,
    )


CHALLENGE = ContentKind(
    model=Challenge,
    label="Challenge",
    describe=lambda c: f"Challenge {quoted(c.title)} by {c.author.username}",
    to_author=lambda c: f"your challenge “{c.title}”",
    edit_url=_edit_url("challenge"),
    select_related=("author",),
    on_visibility_changed=_recount,
    on_approved=_publish,
    search=Indexing(
        document=challenge_document,
        queryset=lambda: Challenge.objects.all(),
        fields=INDEXED_FIELDS,
        dependents=lambda challenge: challenge.solutions.all(),
    ),
)

SOLUTION = ContentKind(
    model=Solution,
    label="Solution",
    describe=lambda s: f"Solution by {s.author.username} to {quoted(s.challenge.title)}",
    to_author=lambda s: f"your solution to “{s.challenge.title}”",
    edit_url=_edit_url("solution"),
    select_related=("author", "challenge"),
    where=_on_challenge,
    on_visibility_changed=_recount,
    on_approved=_publish,
    search=Indexing(
        document=solution_document,
        queryset=lambda: Solution.objects.select_related("challenge").defer(
            "challenge__body", "challenge__body_html"
        ),
        fields=INDEXED_FIELDS,
    ),
)

COMMENT = ContentKind(
    model=Comment,
    label="Comment",
    describe=lambda c: f"Comment by {c.author.username} on {quoted(c.parent_challenge.title)}",
    to_author=lambda c: f"your comment on “{c.parent_challenge.title}”",
    edit_url=_edit_url("comment"),
    select_related=("author", "challenge", "solution__challenge"),
    where=_on_challenge,
    on_visibility_changed=_recount,
    on_approved=_publish,
)

KINDS = (CHALLENGE, SOLUTION, COMMENT)
