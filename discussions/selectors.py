"""Read queries for the challenge pages, each with a fixed number of SQL queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import isqrt

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import LazyObject, empty

from accounts.models import Profile, Track
from core.permissions import is_moderator
from discussions import permissions
from discussions.conversion import can_convert
from discussions.forms import CommentForm
from discussions.models import Challenge, ChallengeWatch, Comment, ReopenVote, Solution, Vote
from knowledge.models import Topic

COMMENTS_SHOWN = 3


def filter_challenges(
    challenges: QuerySet, *, status: str = "", topic: str = "", track: str = "", author: str = ""
) -> QuerySet:
    """The challenge list's filters (the page and the API): open, solved or unanswered; a
    topic's slug; the author's track; the author's username. Unknown values filter nothing."""
    if status in {"open", "unanswered"}:
        challenges = challenges.filter(status=Challenge.Status.OPEN)
    if status == "solved":
        challenges = challenges.filter(status=Challenge.Status.SOLVED)
    if status == "unanswered":
        challenges = challenges.filter(solution_count=0)
    if topic:
        challenges = _in_topic(challenges, topic)
    if track in Track.values:
        # A correlated EXISTS, not a join filter: the list walks its order's index and checks
        # each author's profile by key (a track is a third of the learners), where the join
        # made SQLite scan every profile and sort all their challenges (100 ms at 100,000).
        profiles = Profile.objects.filter(user_id=OuterRef("author_id"), track=track)
        challenges = challenges.filter(Exists(profiles))
    if author:
        challenges = challenges.filter(author__username=author)
    return challenges


# A topic's challenges: the list reads one page of them in its order, and the cheaper way to
# find that page depends on the topic's share of the hub. Walking the order's index and
# checking each challenge's topics by key reads about PAGE × challenges / topic-size rows: cheap
# for a common topic, the whole table for a rare one. Starting from the topic's own rows reads
# and sorts all of them: cheap for a rare topic, 10,000 rows for a common one on the full hub.
# The two costs meet near sqrt(PAGE × challenges); the topic's rows are counted up to there
# (a bounded index range), the challenges' highest id standing in for their number. The choice
# changes only the speed, never the rows, so it is kept a few minutes.
_TOPIC_PAGE = 21
_TOPIC_MIN_CROSSOVER = 100
_TOPIC_PLAN_SECONDS = 300


def _in_topic(challenges: QuerySet, slug: str) -> QuerySet:
    # The topic's id as a constant, not a join on its slug: PostgreSQL then plans with that
    # topic's own frequency (a join left it guessing 1 in 200, and it sorted all 65,000
    # challenges of the commonest topic).
    topic_id = Topic.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if topic_id is None:
        return challenges.none()
    rows = Challenge.topics.through.objects.filter(topic_id=topic_id)
    key = f"discussions:topic-plan:{topic_id}"
    common = cache.get(key)
    if common is None:
        highest = Challenge.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        crossover = max(_TOPIC_MIN_CROSSOVER, isqrt(_TOPIC_PAGE * highest))
        common = rows[: crossover + 1].count() > crossover
        cache.set(key, common, _TOPIC_PLAN_SECONDS)
    if common:
        return challenges.filter(Exists(rows.filter(challenge_id=OuterRef("pk"))))
    return challenges.filter(pk__in=rows.values("challenge_id"))


def decorate_post(post, user) -> None:
    """The viewer's booleans on a post (placeholder, can_edit, can_withdraw), as the page
    shows them; for lists built elsewhere (the API)."""
    _decorate_post(post, user)


def in_thread(qs: QuerySet, user) -> QuerySet:
    """Posts shown in a thread: like visible_to, but hidden ones stay so a placeholder
    can stand in their place (the template decides what each viewer sees of them)."""
    if is_moderator(user):
        return qs
    published = Q(withdrawn_at__isnull=True, is_held=False)
    if user.is_authenticated:
        return qs.filter(published | Q(author=user))
    return qs.filter(published)


def unwrapped(user):
    """request.user without its lazy wrapper: the page asks it thousands of questions, and
    each through SimpleLazyObject costs a proxy call."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def challenge_for(user, pk) -> Challenge:
    """The challenge if `user` may see it (author: also hidden/withdrawn/held), else 404."""
    qs = Challenge.objects.visible_to(user).select_related(
        "author__profile", "wiki_page", "duplicate_of"
    )
    if user.is_authenticated:
        qs = qs.annotate(
            is_watching=Exists(ChallengeWatch.objects.filter(challenge=OuterRef("pk"), user=user))
        )
    return get_object_or_404(qs, pk=pk)


def _may_see(user, post) -> bool:
    """PostQuerySet.visible_to's rule for one loaded post: moderators everything, an author
    their own, everyone else what is public."""
    return is_moderator(user) or post.is_public or permissions.is_author(user, post)


def post_for(user, kind: str, pk) -> Challenge | Solution | Comment:
    """The challenge, solution or comment if `user` may see it, else 404; a solution or comment
    comes with its challenge (seen through challenge_for) attached, so
    `post.parent_challenge` costs no query."""
    if kind == "challenge":
        return challenge_for(user, pk)
    qs = (
        Solution.objects.all() if kind == "solution" else Comment.objects.select_related("solution")
    )
    post = get_object_or_404(in_thread(qs, user).select_related("author__profile"), pk=pk)
    if post.is_hidden and not (is_moderator(user) or permissions.is_author(user, post)):
        raise Http404
    if kind == "solution":
        post.challenge = challenge_for(user, post.challenge_id)
    elif post.solution_id:
        # A comment is only as visible as the solution it sits under (as on the page).
        if not _may_see(user, post.solution):
            raise Http404
        post.solution.challenge = challenge_for(user, post.solution.challenge_id)
    else:
        post.challenge = challenge_for(user, post.challenge_id)
    return post


def _decorate_post(post, user) -> None:
    """Booleans the templates need, computed without queries."""
    post.viewer_is_author = permissions.is_author(user, post)
    post.show_placeholder = post.is_hidden and not (is_moderator(user) or post.viewer_is_author)
    post.can_edit = permissions.can_edit(user, post)
    post.can_withdraw = permissions.can_withdraw(user, post)


_STAMP = "__NEXUS_THREAD__"
_blank_comment_form: list[str] = []


def blank_comment_form(key: str) -> str:
    """A blank comment form's fields for thread `key`: the same HTML as
    CommentForm(auto_id=f"id_{key}_%s").as_div(), rendered once per process and stamped (a
    challenge with 50 solutions has 51 of them)."""
    from django.utils.safestring import mark_safe

    if not _blank_comment_form:
        _blank_comment_form.append(str(CommentForm(auto_id=f"id_{_STAMP}_%s").as_div()))
    # Django rendered the form; the stamp becomes the thread key (our own ids, no user text).
    return mark_safe(_blank_comment_form[0].replace(_STAMP, key))  # noqa: S308


@dataclass
class Thread:
    key: str
    target: object
    comments: list
    form: CommentForm
    expanded: bool = False
    can_comment: bool = False
    shown: list = field(default_factory=list)
    form_html: str = ""  # the blank form, pre-rendered; empty when `form` has text or errors

    count: int = -1  # comments in the thread, when only the shown ones were loaded

    @property
    def total(self) -> int:
        return self.count if self.count >= 0 else len(self.comments)

    @property
    def url(self) -> str:
        from django.urls import reverse

        name = "solution_comment" if self.key.startswith("s") else "challenge_comment"
        return reverse(f"discussions:{name}", args=[self.target.pk])

    @property
    def folded(self) -> int:
        return self.total - len(self.shown)


def make_thread(target, comments, user, *, expanded=False, form=None, count=-1) -> Thread:
    key = f"s{target.pk}" if isinstance(target, Solution) else f"c{target.pk}"
    thread = Thread(
        key=key,
        target=target,
        comments=comments,
        form=form or CommentForm(auto_id=f"id_{key}_%s"),
        can_comment=permissions.can_comment(user, target),
        count=count,
    )
    thread.expanded = expanded or thread.total <= COMMENTS_SHOWN
    if form is None and thread.can_comment:
        thread.form_html = blank_comment_form(key)
    thread.shown = comments if thread.expanded else comments[:COMMENTS_SHOWN]
    for comment in thread.shown:  # only what the page shows (a folded thread hides the rest)
        _decorate_post(comment, user)
    return thread


def thread_for(target, user, *, expanded=True, form=None) -> Thread:
    """One thread on its own (the htmx fragment): one query."""
    if isinstance(target, Solution):
        qs = Comment.objects.filter(solution=target)
    else:
        qs = Comment.objects.filter(challenge=target)
    comments = list(in_thread(qs, user).select_related("author__profile"))
    for c in comments:
        if isinstance(target, Solution):
            c.solution = target
        else:
            c.challenge = target
    return make_thread(target, comments, user, expanded=expanded, form=form)


def challenge_page(
    challenge: Challenge, user, *, expanded: str = "", forms: dict | None = None
) -> dict:
    """Everything the challenge page shows, in three queries whatever its size:
    topics, solutions (with the viewer's vote annotated), and all comments of the page in one
    query grouped here (cheaper than one prefetch per level)."""
    forms = forms or {}
    user = unwrapped(user)
    topics = list(challenge.topics.all())
    solutions_qs = in_thread(Solution.objects.filter(challenge=challenge), user).select_related(
        "author__profile"
    )
    if user.is_authenticated:
        solutions_qs = solutions_qs.annotate(
            has_voted=Exists(Vote.objects.filter(solution=OuterRef("pk"), user=user))
        )
    solutions = list(solutions_qs.order_by("-is_accepted", "-score", "created_at"))
    by_solution: dict[int, list] = {s.pk: [] for s in solutions}
    on_challenge: list = []
    # Only what the page shows: the first few comments of each thread (all of an expanded
    # one), each with its thread's size, in one query (window functions). A challenge with
    # 50 solutions x 20 comments loads ~150 comments, not 1,000.
    # Narrow rows first (what the viewer's signatures need: who wrote it, its state); the
    # bodies and authors of the shown comments come in one more query, and only when a block
    # is not in the fragment cache (CommentLoader; a wide window over every comment of the
    # page cost 5x the narrow one).
    thread = [F("challenge_id"), F("solution_id")]
    comments = (
        in_thread(
            # By the solutions' ids (loaded above), not through a join: both sides of the OR
            # then use an index, however many comments the hub has.
            Comment.objects.filter(
                Q(challenge=challenge) | Q(solution_id__in=[s.pk for s in solutions])
            ),
            user,
        )
        .only(*CommentLoader.NARROW)
        .annotate(
            position=Window(RowNumber(), partition_by=thread, order_by=[F("created_at"), F("pk")]),
            thread_size=Window(Count("pk"), partition_by=thread),
        )
    )
    shown = Q(position__lte=COMMENTS_SHOWN)
    if expanded[:1] in {"c", "s"} and expanded[1:].isdigit():
        field = "challenge_id" if expanded[0] == "c" else "solution_id"
        shown |= Q(**{field: int(expanded[1:])})
    sizes: dict[str, int] = {}
    loader = CommentLoader()
    for comment in comments.filter(shown).order_by("created_at", "pk"):
        loader.add(comment)
        sizes[comment.thread_key] = comment.thread_size
        if comment.challenge_id:
            comment.challenge = challenge
            on_challenge.append(comment)
        elif comment.solution_id in by_solution:
            by_solution[comment.solution_id].append(comment)
    _decorate_post(challenge, user)
    for solution in solutions:
        solution.challenge = challenge
        for comment in by_solution[solution.pk]:
            comment.solution = solution
        _decorate_post(solution, user)
        solution.can_vote = permissions.can_vote(user, solution)
        solution.can_accept = permissions.can_accept(user, solution)
        solution.thread = make_thread(
            solution,
            by_solution[solution.pk],
            user,
            expanded=expanded == f"s{solution.pk}",
            form=forms.get(f"s{solution.pk}"),
            count=sizes.get(f"s{solution.pk}", 0),
        )
        solution.fragment_signature = _solution_signature(solution)
    solution_refusal = permissions.post_solution_refusal(user, challenge)
    wiki_page = challenge.wiki_page  # select_related by challenge_for: no query
    if wiki_page is not None and wiki_page.is_hidden and not is_moderator(user):
        wiki_page = None
    original = challenge.duplicate_of  # select_related by challenge_for: no query
    if original is not None and not (original.is_public or is_moderator(user)):
        original = None  # the notice stays, without a link to what readers cannot see
    reopen = _reopen_state(challenge, user)
    challenge_thread = make_thread(
        challenge,
        on_challenge,
        user,
        expanded=expanded == f"c{challenge.pk}",
        form=forms.get(f"c{challenge.pk}"),
        count=sizes.get(f"c{challenge.pk}", 0),
    )
    return {
        # Called by {% fragment %} before it renders a block that was not cached.
        "fragment_prepare": loader.load,
        "challenge": challenge,
        "wiki_page": wiki_page,
        "duplicate_original": original,
        "can_close_duplicate": permissions.can_close_duplicate(user, challenge),
        # Why a new account sees no vote buttons (once for the page).
        "vote_wait": permissions.new_account_vote_refusal(user),
        **reopen,
        "topics": topics,
        "solutions": solutions,
        "challenge_thread": challenge_thread,
        "challenge_thread_signature": _thread_signature(challenge_thread),
        "can_post_solution": solution_refusal is None,
        "solution_refusal": solution_refusal,
        "can_lock": permissions.can_lock(user),
        "can_watch": permissions.can_watch(user),
        "can_convert": can_convert(user, challenge),
    }


def _post_signature(post) -> tuple:
    return (post.pk, post.viewer_is_author, post.show_placeholder, post.can_edit,
            post.can_withdraw)  # fmt: skip


def _thread_signature(thread) -> tuple | None:
    if not thread.form_html and thread.can_comment:
        return None  # its form holds the reader's text or errors
    return (
        (thread.key, thread.can_comment, thread.expanded, thread.total),
        tuple(_post_signature(c) for c in thread.shown),
    )


class CommentLoader:
    """The shown comments of a challenge page, loaded narrow (NARROW: enough for the
    viewer's permissions and the blocks' cache keys); `load()` brings their bodies and authors
    in one query, the first time a block has to be rendered."""

    NARROW = ("id", "challenge_id", "solution_id", "author_id", "created_at", "edited_at",
              "hidden_at", "withdrawn_at", "is_held")  # fmt: skip

    def __init__(self):
        self.comments: list[Comment] = []
        self.loaded = False

    def add(self, comment: Comment) -> None:
        self.comments.append(comment)

    def load(self) -> None:
        if self.loaded:
            return
        self.loaded = True
        if not self.comments:
            return
        full = Comment.objects.select_related("author__profile").in_bulk(
            [c.pk for c in self.comments]
        )
        for comment in self.comments:
            row = full.get(comment.pk)
            if row is None:  # deleted meanwhile: the narrow row's fields are all there is
                continue
            for f in Comment._meta.concrete_fields:
                if f.attname not in comment.__dict__:
                    comment.__dict__[f.attname] = row.__dict__[f.attname]
            comment._state.fields_cache["author"] = row.author


def _solution_signature(solution) -> tuple | None:
    """Everything of the viewer's own that a solution's block shows (its cache key, with the
    path and the moderation tools' own signature): who they are to it and to each comment
    shown, their vote, whether they may accept or comment. None (not cached) when its comment
    form holds text or errors."""
    thread = _thread_signature(solution.thread)
    if thread is None:
        return None
    return (
        _post_signature(solution),
        solution.can_vote,
        bool(getattr(solution, "has_voted", False)),
        solution.can_accept,
        thread,
    )


def _reopen_state(challenge: Challenge, user) -> dict:
    """For a challenge closed as a duplicate: may the viewer vote to reopen, and the votes so
    far (one query, only on such a challenge)."""
    if challenge.duplicate_of_id is None:
        return {"can_reopen": False}
    voters = list(ReopenVote.objects.filter(challenge=challenge).values_list("user_id", flat=True))
    return {
        "can_reopen": permissions.can_reopen(user, challenge),
        "reopen_votes": len(voters),
        "reopen_needed": settings.NEXUS_REOPEN_VOTES,
        "has_voted_reopen": user.is_authenticated and user.pk in voters,
    }
