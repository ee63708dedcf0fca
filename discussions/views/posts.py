"""What an author (or a moderator) does to a post once it is up: edit, read its history,
withdraw and restore. One view per action over the three kinds of post; the URL says which
kind (discussions/urls.py passes `kind`). A solution's votes and acceptance are here too."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from discussions import permissions, selectors, services
from discussions.forms import ChallengeForm, CommentForm, SolutionForm
from knowledge.diffing import diff_rows


@dataclass(frozen=True)
class PostKind:
    form: type[forms.Form]
    template: str
    initial: Callable[[object], dict]
    save: Callable[..., object]  # (post, editor, cleaned_data)
    saved: str  # the message after an edit
    history_title: str  # formatted with the post's challenge


def _body(post) -> dict:
    return {"body": post.body}


KINDS = {
    "challenge": PostKind(
        form=ChallengeForm,
        template="discussions/challenge_form.html",
        initial=ChallengeForm.initial_for,
        save=lambda post, editor, data: services.challenge_edit(
            challenge=post, editor=editor, **data
        ),
        saved="Your changes are saved; the earlier version is in the history.",
        history_title="History of “{}”",
    ),
    "solution": PostKind(
        form=SolutionForm,
        template="discussions/post_form.html",
        initial=_body,
        save=lambda post, editor, data: services.solution_edit(
            solution=post, editor=editor, body=data["body"]
        ),
        saved="Your solution is saved; the earlier version is in the history.",
        history_title="History of a solution to “{}”",
    ),
    "comment": PostKind(
        form=CommentForm,
        template="discussions/post_form.html",
        initial=_body,
        save=lambda post, editor, data: services.comment_edit(
            comment=post, editor=editor, body=data["body"]
        ),
        saved="Your comment is saved; the earlier version is in the history.",
        history_title="History of a comment on “{}”",
    ),
}


@login_required
def post_edit(request, kind, pk):
    post = selectors.post_for(request.user, kind, pk)
    permissions.ensure_can_edit(request.user, post)
    post_kind = KINDS[kind]
    form = post_kind.form(request.POST or None, initial=post_kind.initial(post))
    if request.method == "POST" and form.is_valid():
        post_kind.save(post, request.user, form.cleaned_data)
        messages.success(request, post_kind.saved)
        return redirect(post.get_absolute_url())
    return render(
        request,
        post_kind.template,
        {"form": form, "post": post, "challenge": post.parent_challenge, "what": kind},
    )


def post_history(request, kind, pk):
    """Each version with what changed since the one before, in the wiki's word-level diff."""
    post = selectors.post_for(request.user, kind, pk)
    challenge = post.parent_challenge
    revisions = list(services.revisions_of(post))  # newest first
    for revision, previous in zip(revisions, [*revisions[1:], None], strict=True):
        revision.previous = previous
        revision.label = f"Version {revision.number}"
        if previous is not None:
            revision.previous_label = f"Version {previous.number}"
            revision.rows = diff_rows(previous.body, revision.body)
            revision.title_changed = previous.title != revision.title
    return render(
        request,
        "discussions/post_history.html",
        {
            "post": post,
            "challenge": challenge,
            "title": KINDS[kind].history_title.format(challenge.title),
            "revisions": revisions,
        },
    )


@login_required
@require_POST
def post_withdraw(request, kind, pk):
    post = selectors.post_for(request.user, kind, pk)
    permissions.ensure_can_withdraw(request.user, post)
    services.post_withdraw(post=post, user=request.user)
    messages.success(request, "Withdrawn. Only you can see it now, and you can restore it.")
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def post_restore(request, kind, pk):
    post = selectors.post_for(request.user, kind, pk)
    permissions.ensure_can_withdraw(request.user, post)
    services.post_restore(post=post, user=request.user)
    messages.success(request, "Restored: everyone can see it again.")
    return redirect(post.get_absolute_url())


# --- a solution's votes and acceptance -------------------------------------------------------


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
    solution = selectors.post_for(request.user, "solution", pk)
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
    solution = selectors.post_for(request.user, "solution", pk)
    permissions.ensure_can_vote(request.user, solution)
    if services.solution_unvote(solution=solution, user=request.user) and not request.htmx:
        messages.success(request, "Your vote is taken back.")
    return _vote_response(request, solution)


@login_required
@require_POST
def solution_accept(request, pk):
    solution = selectors.post_for(request.user, "solution", pk)
    permissions.ensure_can_accept(request.user, solution)
    services.solution_accept(solution=solution, user=request.user)
    messages.success(request, "Accepted: the challenge is marked solved.")
    url = solution.get_absolute_url()
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)
