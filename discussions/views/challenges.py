"""The list of challenges, a challenge's page, and posting a challenge or a solution."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import Track
from core import kept_text, ratelimit
from core.pagination import keyset_page
from discussions import permissions, selectors, services
from discussions.conversion import can_convert
from discussions.forms import ChallengeForm, CommentForm, SolutionForm
from discussions.models import Challenge
from knowledge.models import Page, Topic
from reputation.levels import rate_scale

SORTS = {
    "newest": ("-created_at", "-pk"),
    "active": ("-last_activity_at", "-pk"),
    "votes": ("-vote_count", "-created_at", "-pk"),
}
STATUSES = {"open", "solved", "unanswered"}


def _topic_choices() -> list[tuple[str, str]]:
    # Topics change rarely (the wiki adds them); a short cache keeps them off every list view.
    choices = cache.get("discussions:topic-choices")
    if choices is None:
        choices = list(Topic.objects.order_by("name").values_list("slug", "name"))
        cache.set("discussions:topic-choices", choices, 300)
    return choices


# --- the list --------------------------------------------------------------------------------


def challenge_list(request):
    status = request.GET.get("status", "")
    topic = request.GET.get("topic", "")
    track = request.GET.get("track", "")
    author = request.GET.get("author", "")
    sort = request.GET.get("sort", "newest")
    sort = sort if sort in SORTS else "newest"
    topic_choices = _topic_choices()
    topic_names = dict(topic_choices)
    challenges = selectors.filter_challenges(
        Challenge.objects.public().select_related("author__profile"),
        status=status,
        topic=topic if topic in topic_names else "",
        track=track,
        author=author,
    )
    page = keyset_page(request, challenges.prefetch_related("topics"), SORTS[sort])
    return render(
        request,
        "discussions/challenge_list.html",
        {
            "page_obj": page,
            "challenges": page,  # rows fetched in the template: none on a cached fragment
            "status": status if status in STATUSES else "",
            "topic": topic if topic in topic_names else "",
            "topic_name": topic_names.get(topic, ""),
            "track": track if track in Track.values else "",
            "author": author,
            "sort": sort,
            "topic_choices": topic_choices,
            "track_choices": Track.choices,
        },
    )


# --- a challenge's page ----------------------------------------------------------------------


def render_challenge_page(request, challenge, *, solution_form=None, comment_forms=None):
    """The challenge page, with a form that came back invalid (or was kept) in its place."""
    context = selectors.challenge_page(
        challenge,
        request.user,
        expanded=request.GET.get("all_comments", ""),
        forms=comment_forms,
    )
    context["solution_form"] = solution_form or SolutionForm()
    return render(request, "discussions/challenge_detail.html", context)


def challenge_detail(request, pk, slug=None):
    challenge = selectors.challenge_for(request.user, pk)
    if slug != challenge.slug:
        url = challenge.get_absolute_url()
        if request.GET:
            url += "?" + request.GET.urlencode()
        return redirect(url, permanent=slug is not None)
    return render_challenge_page(request, challenge, **_restored_forms(request, challenge))


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


# --- posting ---------------------------------------------------------------------------------


@login_required
def challenge_new(request):
    # Refused before the form is shown: a suspended learner gets the notice, not a form
    # whose text would be thrown away.
    permissions.ensure_can_post_challenge(request.user)
    form = ChallengeForm(request.POST or None)
    if request.method == "POST":
        ratelimit.hit(request.user, "challenge", scale=rate_scale(request.user))
        if form.is_valid():
            challenge = services.challenge_create(author=request.user, **form.cleaned_data)
            # A held post says so on its page (_post_notices.html), once: no flash message.
            return redirect(challenge)
    return render(request, "discussions/challenge_form.html", {"form": form})


@login_required
@require_POST
def solution_new(request, pk):
    challenge = selectors.challenge_for(request.user, pk)
    permissions.ensure_can_post_solution(request.user, challenge)
    ratelimit.hit(request.user, "solution", scale=rate_scale(request.user))
    form = SolutionForm(request.POST)
    if not form.is_valid():
        return render_challenge_page(request, challenge, solution_form=form)
    solution = services.solution_create(
        challenge=challenge, author=request.user, body=form.cleaned_data["body"]
    )
    return redirect(solution.get_absolute_url())


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


@login_required
def challenge_append_to_page(request, pk):
    """Pick an existing page to append the accepted solution to, then go to its editor."""
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
    edit_url = reverse("knowledge:page_edit", args=[page.slug])
    return redirect(f"{edit_url}?from_challenge={challenge.pk}")


# --- duplicates ------------------------------------------------------------------------------

ORIGINAL_NUMBER = re.compile(r"^\s*#?(\d{1,12})\s*$|/challenges/(\d{1,12})(?:/|$)")


def _original_from(text: str, user) -> Challenge | None:
    """The challenge that `text` names: its number ("42", "#42") or its link."""
    match = ORIGINAL_NUMBER.search(text.strip())
    if match is None:
        return None
    pk = int(match.group(1) or match.group(2))
    return Challenge.objects.visible_to(user).filter(pk=pk).first()


@login_required
@require_POST
def challenge_close_duplicate(request, pk):
    """Members (trust level) and moderators close a challenge as a duplicate of another."""
    challenge = selectors.challenge_for(request.user, pk)
    permissions.ensure_can_close_duplicate(request.user, challenge)
    typed = request.POST.get("original", "")[:300]
    original = _original_from(typed, request.user)
    error = None
    if original is None:
        error = "Give the original challenge's number (like 42) or its link."
    else:
        try:
            services.challenge_close_duplicate(
                challenge=challenge, original=original, user=request.user
            )
        except services.DuplicateError as exc:
            error = str(exc)
    if error:
        context = selectors.challenge_page(challenge, request.user)
        context.update(solution_form=SolutionForm(), duplicate_typed=typed, duplicate_error=error)
        return render(request, "discussions/challenge_detail.html", context)
    messages.success(request, f"Closed as a duplicate of #{original.pk}.")
    return redirect(challenge)


@login_required
@require_POST
def challenge_reopen(request, pk):
    """A member's vote to reopen a duplicate (NEXUS_REOPEN_VOTES reopen it); a moderator's
    reopens it at once."""
    challenge = selectors.challenge_for(request.user, pk)
    permissions.ensure_can_reopen(request.user, challenge)
    reopened, votes = services.challenge_reopen_vote(challenge=challenge, user=request.user)
    if reopened:
        messages.success(request, "Reopened: the challenge takes solutions and comments again.")
    else:
        messages.success(
            request,
            f"Your vote to reopen is counted ({votes} of {settings.NEXUS_REOPEN_VOTES}).",
        )
    return redirect(challenge)
