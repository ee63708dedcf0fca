"""A comment thread, under a challenge or under a solution: show it all, or add to it."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.vary import vary_on_headers

from core import ratelimit
from discussions import permissions, selectors, services
from discussions.forms import CommentForm
from discussions.models import Solution
from discussions.views.challenges import render_challenge_page
from reputation.levels import rate_scale


@vary_on_headers("HX-Request")
def thread(request, kind, pk):
    """/challenges/<id>/comments/ and /challenges/solutions/<id>/comments/."""
    target = selectors.post_for(request.user, kind, pk)
    if request.method not in {"GET", "POST"}:
        return HttpResponse(status=405)
    challenge = target.parent_challenge
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
    ratelimit.hit(request.user, "comment", scale=rate_scale(request.user))
    form = CommentForm(request.POST, auto_id=f"id_{key}_%s")
    if form.is_valid():
        comment = services.comment_create(
            target=target, author=request.user, body=form.cleaned_data["body"]
        )
        if not request.htmx:
            # A held comment says so on the page itself (_post_notices.html): no flash too.
            return redirect(comment.get_absolute_url())
        form = None
    elif not request.htmx:
        return render_challenge_page(request, challenge, comment_forms={key: form})
    thread = selectors.thread_for(target, request.user, expanded=True, form=form)
    return render(request, "discussions/challenge_detail.html#comment-thread", {"thread": thread})
