from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import Track
from core import kept_text, ratelimit
from core.permissions import is_moderator
from discussions import permissions, selectors, services
from discussions.forms import ChallengeForm, CommentForm, SolutionForm
from discussions.models import Challenge, Comment, Solution
from knowledge.models import Topic

SORTS = {
    "newest": ("-created_at", "-pk"),
    "active": ("-last_activity_at", "-pk"),
    "votes": ("-vote_count", "-created_at", "-pk"),
}
STATUSES = {"open", "solved", "unanswered"}


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 100_000))
    except (TypeError, ValueError):
        return 1


def _topic_choices() -> list[tuple[str, str]]:
    # Topics change rarely (the wiki adds them); a short cache keeps them off every list view.
    choices = cache.get("discussions:topic-choices")
    if choices is None:
        choices = list(Topic.objects.order_by("name").values_list("slug", "name"))
        cache.set("discussions:topic-choices", choices, 300)
    return choices


# --- the list and the feed -------------------------------------------------------------------


def challenge_list(request):
    status = request.GET.get("status", "")
    topic = request.GET.get("topic", "")
    track = request.GET.get("track", "")
    author = request.GET.get("author", "")
    sort = request.GET.get("sort", "newest")
    sort = sort if sort in SORTS else "newest"
    challenges = Challenge.objects.public().select_related("author__profile")
    if status in {"open", "unanswered"}:
        challenges = challenges.filter(status=Challenge.Status.OPEN)
    if status == "solved":
        challenges = challenges.filter(status=Challenge.Status.SOLVED)
    if status == "unanswered":
        challenges = challenges.filter(solution_count=0)
    topic_choices = _topic_choices()
    topic_names = dict(topic_choices)
    if topic in topic_names:
        challenges = challenges.filter(topics__slug=topic)
    if track in Track.values:
        challenges = challenges.filter(author__profile__track=track)
    if author:
        challenges = challenges.filter(author__username=author)
    challenges = challenges.prefetch_related("topics").order_by(*SORTS[sort])
    page = Paginator(challenges, settings.PAGINATE_BY).get_page(_page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "discussions/challenge_list.html",
        {
            "page_obj": page,
            "challenges": page.object_list,
            "status": status if status in STATUSES else "",
            "topic": topic if topic in topic_names else "",
            "topic_name": topic_names.get(topic, ""),
            "track": track if track in Track.values else "",
            "author": author,
            "sort": sort,
            "topic_choices": topic_choices,
            "track_choices": Track.choices,
            "query": query.urlencode(),
        },
    )


# --- challenges ------------------------------------------------------------------------------


@login_required
def challenge_new(request):
    form = ChallengeForm(request.POST or None)
    if request.method == "POST":
        permissions.ensure_can_post_challenge(request.user)
        ratelimit.hit(request.user, "challenge")
        if form.is_valid():
            challenge = services.challenge_create(author=request.user, **form.cleaned_data)
            if challenge.is_held:
                messages.info(
                    request,
                    "Thanks! Your challenge is awaiting review by a moderator; only you can see "
                    "it until then.",
                )
            return redirect(challenge)
    return render(request, "discussions/challenge_form.html", {"form": form})


def _detail(request, challenge, *, status=200, solution_form=None, comment_forms=None):
    context = selectors.challenge_page(
        challenge,
        request.user,
        expanded=request.GET.get("all_comments", ""),
        forms=comment_forms,
    )
    context["solution_form"] = solution_form or SolutionForm()
    return render(request, "discussions/challenge_detail.html", context, status=status)


def challenge_detail(request, pk, slug=None):
    challenge = selectors.challenge_for(request.user, pk)
    if slug != challenge.slug:
        url = challenge.get_absolute_url()
        if request.GET:
            url += "?" + request.GET.urlencode()
        return redirect(url, permanent=slug is not None)
    return _detail(request, challenge, **_restored_forms(request, challenge))


def _restored_forms(request, challenge) -> dict:
    """A solution or comment on this challenge that its author sent while logged out goes back
    into its form once they have logged in again (core.kept_text)."""
    path = kept_text.kept_path(request)
    if path is None:
        return {}
    try:
        match = resolve(path)
    except Resolver404:
        return {}
    pk = match.kwargs.get("pk")
    if match.url_name == "solution_new" and pk == challenge.pk:
        key = None
    elif match.url_name == "challenge_comment" and pk == challenge.pk:
        key = f"c{pk}"
    elif match.url_name == "solution_comment" and challenge.solutions.filter(pk=pk).exists():
        key = f"s{pk}"
    else:
        return {}
    kept = kept_text.take(request, path) or {}
    if "body" not in kept:
        return {}
    messages.info(
        request,
        "You were logged out when you sent this, so it was not posted. What you typed is back "
        "in the form: send it again.",
    )
    if key is None:
        return {"solution_form": SolutionForm(initial={"body": kept["body"]})}
    form = CommentForm(initial={"body": kept["body"]}, auto_id=f"id_{key}_%s")
    return {"comment_forms": {key: form}}


def _own_post(queryset, request, pk):
    """The post if the viewer may see it at all (404 otherwise)."""
    post = get_object_or_404(
        selectors.in_thread(queryset, request.user).select_related("author__profile"), pk=pk
    )
    if post.is_hidden and not (is_moderator(request.user) or post.author_id == request.user.pk):
        raise Http404
    return post


@login_required
def challenge_edit(request, pk):
    challenge = selectors.challenge_for(request.user, pk)
    permissions.ensure_can_edit(request.user, challenge)
    form = ChallengeForm(request.POST or None, initial=ChallengeForm.initial_for(challenge))
    if request.method == "POST" and form.is_valid():
        services.challenge_edit(challenge=challenge, editor=request.user, **form.cleaned_data)
        messages.success(request, "Your changes are saved; the earlier version is in the history.")
        return redirect(challenge)
    return render(
        request, "discussions/challenge_form.html", {"form": form, "challenge": challenge}
    )


def _history(request, post, challenge, title):
    return render(
        request,
        "discussions/post_history.html",
        {
            "post": post,
            "challenge": challenge,
            "title": title,
            "revisions": services.revisions_of(post),
        },
    )


def challenge_history(request, pk):
    challenge = selectors.challenge_for(request.user, pk)
    return _history(request, challenge, challenge, f"History of “{challenge.title}”")


def _withdraw_or_restore(request, post, *, restore: bool):
    permissions.ensure_can_withdraw(request.user, post)
    if restore:
        services.post_restore(post=post, user=request.user)
        messages.success(request, "Restored: everyone can see it again.")
    else:
        services.post_withdraw(post=post, user=request.user)
        messages.success(request, "Withdrawn. Only you can see it now, and you can restore it.")


@login_required
@require_POST
def challenge_withdraw(request, pk):
    challenge = selectors.challenge_for(request.user, pk)
    _withdraw_or_restore(request, challenge, restore=False)
    return redirect(challenge)


@login_required
@require_POST
def challenge_restore(request, pk):
    challenge = selectors.challenge_for(request.user, pk)
    _withdraw_or_restore(request, challenge, restore=True)
    return redirect(challenge)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def challenge_watch(request, pk):
    challenge = selectors.challenge_for(request.user, pk)
    permissions.ensure_can_watch(request.user)
    if request.POST.get("watch") == "0":
        services.challenge_unwatch(challenge=challenge, user=request.user)
        challenge.is_watching = False
    else:
        services.challenge_watch(challenge=challenge, user=request.user)
        challenge.is_watching = True
    if request.htmx:
        return render(
            request,
            "discussions/challenge_detail.html#watch-button",
            {"challenge": challenge, "can_watch": True},
        )
    messages.success(
        request,
        "You are watching this challenge: you'll be notified of new solutions and comments."
        if challenge.is_watching
        else "You no longer watch this challenge.",
    )
    return redirect(challenge)


# --- solutions -------------------------------------------------------------------------------


@login_required
@require_POST
def solution_new(request, pk):
    challenge = selectors.challenge_for(request.user, pk)
    permissions.ensure_can_post_solution(request.user, challenge)
    ratelimit.hit(request.user, "solution")
    form = SolutionForm(request.POST)
    if not form.is_valid():
        return _detail(request, challenge, solution_form=form)
    solution = services.solution_create(
        challenge=challenge, author=request.user, body=form.cleaned_data["body"]
    )
    if solution.is_held:
        messages.info(request, "Thanks! Your solution is awaiting review by a moderator.")
    return redirect(solution.get_absolute_url())


def _solution(request, pk) -> Solution:
    solution = _own_post(Solution.objects.select_related("challenge"), request, pk)
    challenge = selectors.challenge_for(request.user, solution.challenge_id)
    solution.challenge = challenge
    return solution


@login_required
def solution_edit(request, pk):
    solution = _solution(request, pk)
    permissions.ensure_can_edit(request.user, solution)
    form = SolutionForm(request.POST or None, initial={"body": solution.body})
    if request.method == "POST" and form.is_valid():
        services.solution_edit(
            solution=solution, editor=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, "Your solution is saved; the earlier version is in the history.")
        return redirect(solution.get_absolute_url())
    return render(
        request,
        "discussions/post_form.html",
        {"form": form, "post": solution, "challenge": solution.challenge, "what": "solution"},
    )


def solution_history(request, pk):
    solution = _solution(request, pk)
    return _history(
        request, solution, solution.challenge, f"History of a solution to “{solution.challenge}”"
    )


@login_required
@require_POST
def solution_withdraw(request, pk):
    solution = _solution(request, pk)
    _withdraw_or_restore(request, solution, restore=False)
    return redirect(solution.get_absolute_url())


@login_required
@require_POST
def solution_restore(request, pk):
    solution = _solution(request, pk)
    _withdraw_or_restore(request, solution, restore=True)
    return redirect(solution.get_absolute_url())


def _vote_response(request, solution):
    if request.htmx:
        solution.has_voted = solution.votes.filter(user=request.user).exists()
        solution.can_vote = permissions.can_vote(request.user, solution)
        return render(request, "discussions/challenge_detail.html#vote", {"solution": solution})
    return redirect(solution.get_absolute_url())


@login_required
@require_POST
@vary_on_headers("HX-Request")
def solution_vote(request, pk):
    solution = _solution(request, pk)
    permissions.ensure_can_vote(request.user, solution)
    if services.solution_vote(solution=solution, user=request.user):
        if not request.htmx:
            messages.success(request, "Thanks for your vote.")
    elif not request.htmx:
        messages.info(request, "You already voted for this solution.")
    return _vote_response(request, solution)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def solution_unvote(request, pk):
    solution = _solution(request, pk)
    permissions.ensure_can_vote(request.user, solution)
    if services.solution_unvote(solution=solution, user=request.user) and not request.htmx:
        messages.success(request, "Your vote is taken back.")
    return _vote_response(request, solution)


@login_required
@require_POST
def solution_accept(request, pk):
    solution = _solution(request, pk)
    permissions.ensure_can_accept(request.user, solution)
    services.solution_accept(solution=solution, user=request.user)
    messages.success(request, "Accepted: the challenge is marked solved.")
    url = solution.get_absolute_url()
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


# --- comments --------------------------------------------------------------------------------


def _thread_view(request, target, challenge):
    key = f"s{target.pk}" if isinstance(target, Solution) else f"c{target.pk}"
    if request.method == "GET":
        # The "show all comments" control: the whole thread as a fragment, or the page with it
        # unfolded when there is no JavaScript.
        if request.htmx:
            thread = selectors.thread_for(target, request.user, expanded=True)
            return render(
                request, "discussions/challenge_detail.html#comment-thread", {"thread": thread}
            )
        return redirect(f"{challenge.get_absolute_url()}?all_comments={key}#comments-{key}")
    if not request.user.is_authenticated:
        return redirect_to_login(challenge.get_absolute_url())
    permissions.ensure_can_comment(request.user, target)
    ratelimit.hit(request.user, "comment")
    form = CommentForm(request.POST, auto_id=f"id_{key}_%s")
    if form.is_valid():
        comment = services.comment_create(
            target=target, author=request.user, body=form.cleaned_data["body"]
        )
        if not request.htmx:
            if comment.is_held:
                messages.info(request, "Thanks! Your comment is awaiting review by a moderator.")
            return redirect(comment.get_absolute_url())
        form = None
    elif not request.htmx:
        return _detail(request, challenge, comment_forms={key: form})
    thread = selectors.thread_for(target, request.user, expanded=True, form=form)
    return render(request, "discussions/challenge_detail.html#comment-thread", {"thread": thread})


@vary_on_headers("HX-Request")
def challenge_comment(request, pk):
    challenge = selectors.challenge_for(request.user, pk)
    if request.method not in {"GET", "POST"}:
        return HttpResponse(status=405)
    return _thread_view(request, challenge, challenge)


@vary_on_headers("HX-Request")
def solution_comment(request, pk):
    solution = _solution(request, pk)
    if request.method not in {"GET", "POST"}:
        return HttpResponse(status=405)
    return _thread_view(request, solution, solution.challenge)


def _comment(request, pk) -> Comment:
    comment = _own_post(
        Comment.objects.select_related("challenge", "solution__challenge"), request, pk
    )
    challenge_id = comment.challenge_id or comment.solution.challenge_id
    challenge = selectors.challenge_for(request.user, challenge_id)
    if comment.solution_id:
        comment.solution.challenge = challenge
    else:
        comment.challenge = challenge
    return comment


@login_required
def comment_edit(request, pk):
    comment = _comment(request, pk)
    permissions.ensure_can_edit(request.user, comment)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        services.comment_edit(comment=comment, editor=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Your comment is saved; the earlier version is in the history.")
        return redirect(comment.get_absolute_url())
    return render(
        request,
        "discussions/post_form.html",
        {"form": form, "post": comment, "challenge": comment.parent_challenge, "what": "comment"},
    )


def comment_history(request, pk):
    comment = _comment(request, pk)
    return _history(
        request,
        comment,
        comment.parent_challenge,
        f"History of a comment on “{comment.parent_challenge}”",
    )


@login_required
@require_POST
def comment_withdraw(request, pk):
    comment = _comment(request, pk)
    _withdraw_or_restore(request, comment, restore=False)
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def comment_restore(request, pk):
    comment = _comment(request, pk)
    _withdraw_or_restore(request, comment, restore=True)
    return redirect(comment.get_absolute_url())


def wiki_new_url(challenge) -> str:
    return f"{reverse('knowledge:page_new')}?from_challenge={challenge.pk}"


@login_required
def challenge_append_to_page(request, pk):
    """Pick an existing page to append the accepted solution to, then go to its editor."""
    from discussions.conversion import can_convert
    from knowledge.models import Page

    challenge = selectors.challenge_for(request.user, pk)
    if not can_convert(request.user, challenge):
        raise PermissionDenied(
            "Only the challenge's author or a moderator can do this, once a solution is accepted."
        )
    wanted = request.GET.get("page", "").strip()
    page = (
        Page.objects.not_hidden().filter(slug=wanted).first()
        or Page.objects.not_hidden().filter(title__iexact=wanted).first()
        if wanted
        else None
    )
    if page is None:
        messages.error(request, f"There is no wiki page called “{wanted}”. Check the title.")
        return redirect(challenge)
    return redirect(
        f"{reverse('knowledge:page_detail', args=[page.slug])}edit/?from_challenge={challenge.pk}"
    )
