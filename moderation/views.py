from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import User
from core import ratelimit
from core.models import Post
from core.pagination import page_of
from core.permissions import is_suspended
from core.ratelimit import RateLimited
from core.text import strip_control_characters
from moderation import permissions, services
from moderation.forms import FlagForm, HideForm, LogFilterForm, SuspendForm
from moderation.log import record
from moderation.models import LogAction, ModerationLogEntry
from moderation.queue import build_items, item_for, remember_queue_size, review_rows
from moderation.targets import describe, get_target, is_post, model_for, queryset_for
from reputation import services as reputation
from reputation.levels import level_of, rate_scale, standing_of
from reputation.models import Level, rank

ROW_TEMPLATE = "moderation/queue.html#row-response"
ALREADY_FLAGGED = "You already flagged this: a moderator will look at it."


def _reason(request) -> str:
    """The optional reason a button sends (restore, revert, unsuspend): no control character
    (PostgreSQL stores no NUL), at most what the log keeps."""
    return strip_control_characters(request.POST.get("reason", ""))[:500]


def _ensure_moderator(request) -> None:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied("Only moderators can see this.")


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _row(request, target, *, status: str = "", level: str = "success", **forms):
    """The queue row redrawn after an htmx action, with the header badge and the "N items
    waiting" line swapped out of band: the action may have taken the item off the queue."""
    size = review_rows().count()
    remember_queue_size(size)
    context = {
        "item": item_for(target),
        "status": status,
        "status_level": level,
        "next_url": _queue_next(request),
        "queue_size": size,
        "oob": True,
    }
    context.update(forms)
    return render(request, ROW_TEMPLATE, context)


def _queue_next(request) -> str:
    return _next_url(request, reverse("moderation:queue"))


def _finish(request, target, *, changed: bool, done: str, already: str):
    """htmx: the queue row in place. Without JavaScript: a message and back where we were."""
    message = done if changed else already
    if request.htmx:
        return _row(request, target, status=message, level="success" if changed else "info")
    (messages.success if changed else messages.info)(request, message)
    return redirect(_queue_next(request))


def _moderated_target(request, kind: str, pk: int):
    permissions.ensure_can_moderate(request.user)
    return get_target(kind, pk)


# --- Pages for moderators ---------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def queue(request):
    _ensure_moderator(request)
    page = page_of(request, review_rows())
    remember_queue_size(page.paginator.count)  # the header badge needs no second count
    return render(
        request,
        "moderation/queue.html",
        {
            "page_obj": page,
            "items": build_items(list(page.object_list)),
            "next_url": request.get_full_path(),
        },
    )


@login_required
def log(request):
    _ensure_moderator(request)
    form = LogFilterForm(request.GET or None)
    page = page_of(request, form.filter(ModerationLogEntry.objects.select_related("actor")))
    return render(
        request,
        "moderation/log.html",
        {"form": form, "page_obj": page, "entries": page.object_list},
    )


# --- Flags ------------------------------------------------------------------------------------


def _visible_target(user, kind: str, pk: int):
    """The item if `user` may see it, and the posts it sits under too (a solution under a
    withdrawn challenge, a comment under a hidden solution): else 404, as on their pages.
    Each parent is asked through its own `visible_to(user)`, the rule its app defines."""
    target = get_target(kind, pk, user=user)
    item = target
    while item is not None:
        parents = [
            getattr(item, field.name)
            for field in item._meta.concrete_fields
            if field.is_relation
            and issubclass(field.related_model, Post)
            and getattr(item, field.attname) is not None
        ]
        for parent in parents:
            manager = type(parent)._default_manager
            if not manager.visible_to(user).filter(pk=parent.pk).exists():
                raise Http404("No such item.")
        item = parents[0] if parents else None
    return target


def _flag_tools(request, target, *, form=None, status: str = "", refusal: str = ""):
    """The flag fragment (`_item_tools.html`) for htmx: always 200, so htmx swaps it in."""
    context = {"target": target, "tools_status": status, "tools_refusal": refusal}
    if form is not None:
        context["flag_form"] = form
    return render(request, "moderation/_item_tools.html", context)


@login_required
@vary_on_headers("HX-Request")
def flag(request, kind, pk):
    target = _visible_target(request.user, kind, pk)
    form = FlagForm(request.POST or None)
    if request.method == "POST":
        try:
            response = _flag_post(request, target, form)
        except (PermissionDenied, RateLimited) as refusal:
            # htmx 2 does not swap 4xx answers: give it the fragment with the reason instead
            # of a silent failure. Without JavaScript the 403/429 page says the same.
            if request.htmx:
                return _flag_tools(request, target, form=form, refusal=str(refusal))
            raise
        if response is not None:
            return response
    elif request.htmx:
        # The flag link asked for the form in place (the item's tools, with the form open).
        return _flag_tools(request, target, form=form)
    return render(
        request,
        "moderation/flag_form.html",
        {
            "target": target,
            "label": describe(target),
            "form": form,
            "can_flag": permissions.can_flag(request.user, target),
            "is_own": permissions.is_own(request.user, target),
            "has_flagged": services.flag_of(flagger=request.user, target=target) is not None,
            "next_url": _next_url(request, target.get_absolute_url()),
        },
    )


def _flag_post(request, target, form):
    """Refusals first (suspended, own post), then "already flagged" (which costs nothing
    against the rate limit), then the form, and only a flag about to be made is counted.
    None for an invalid form without htmx: the caller shows the form page with its errors."""
    permissions.ensure_can_flag(request.user, target)
    created = False
    if services.flag_of(flagger=request.user, target=target) is None:
        if not form.is_valid():
            return _flag_tools(request, target, form=form) if request.htmx else None
        ratelimit.hit(request.user, "flag", scale=rate_scale(request.user))
        _flag, created = services.flag_create(
            flagger=request.user, target=target, **form.cleaned_data
        )
    message = "Thank you: a moderator will look at it." if created else ALREADY_FLAGGED
    if request.htmx:
        return _flag_tools(request, target, status=message)
    (messages.success if created else messages.info)(request, message)
    return redirect(_next_url(request, target.get_absolute_url()))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def flags_dismiss(request, kind, pk):
    target = _moderated_target(request, kind, pk)
    was_auto_hidden = target.hidden_at is not None and target.hidden_by_id is None
    count = services.flags_dismiss(moderator=request.user, target=target)
    done = f"Dismissed {count} flag{'s' if count != 1 else ''}."
    if was_auto_hidden and target.hidden_at is None:
        done += " It is visible again."
    return _finish(request, target, changed=bool(count), done=done, already="No open flags.")


# --- Hide, restore, approve -------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def hide(request, kind, pk):
    target = _moderated_target(request, kind, pk)
    form = HideForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            changed = services.content_hide(
                moderator=request.user, target=target, reason=form.cleaned_data["reason"]
            )
            return _finish(
                request, target, changed=changed, done="Hidden.", already="Already hidden."
            )
        if request.htmx:
            return _row(request, target, hide_form=form)
    return render(
        request,
        "moderation/hide_form.html",
        {
            "target": target,
            "label": describe(target),
            "form": form,
            "next_url": _queue_next(request),
        },
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def restore(request, kind, pk):
    target = _moderated_target(request, kind, pk)
    changed = services.content_restore(
        moderator=request.user, target=target, reason=_reason(request)
    )
    return _finish(request, target, changed=changed, done="Restored.", already="Not hidden.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def approve(request, kind, pk):
    target = _moderated_target(request, kind, pk)
    if not is_post(target):
        raise Http404("Only challenges, solutions and comments wait for approval.")
    changed = services.post_approve(moderator=request.user, post=target)
    return _finish(
        request,
        target,
        changed=changed,
        done="Approved and published.",
        already="Already approved.",
    )


# --- Locks and protection ---------------------------------------------------------------------

# action -> (what it acts on, the switch's new state, the message, the message if already so)
SWITCHES = {
    "lock": ("challenge", True, "Locked.", "Already locked."),
    "unlock": ("challenge", False, "Unlocked.", "Not locked."),
    "protect": ("page", True, "Protected.", "Already protected."),
    "unprotect": ("page", False, "No longer protected.", "Not protected."),
}


@login_required
@require_POST
@vary_on_headers("HX-Request")
def switch(request, pk, action):
    """Lock or unlock a challenge, protect or unprotect a wiki page (`action` from the URL)."""
    kind, on, done, already = SWITCHES[action]
    target = _moderated_target(request, kind, pk)
    reason = _reason(request)
    if kind == "challenge":
        changed = services.challenge_set_locked(
            moderator=request.user, challenge=target, locked=on, reason=reason
        )
    else:
        changed = services.page_set_protected(
            moderator=request.user, page=target, protected=on, reason=reason
        )
    return _finish(request, target, changed=changed, done=done, already=already)


# --- Wiki reverts ----------------------------------------------------------------------------


@login_required
@require_POST
def page_revert(request, slug, number):
    """/wiki/<slug>/revisions/<n>/restore/: an old revision back as the newest one. A page
    renamed since is found at its old slug too."""
    page = get_object_or_404(queryset_for("page").visible_to(request.user).at_slug(slug))
    permissions.ensure_can_moderate(request.user)
    try:
        revision = services.page_revert(
            moderator=request.user,
            page=page,
            number=number,
            reason=_reason(request),
        )
    except ObjectDoesNotExist:
        raise Http404("No such revision.") from None
    messages.success(request, f"Restored revision {number} as revision {revision.number}.")
    return redirect(revision.page)


# --- Suspensions ------------------------------------------------------------------------------


def _queue_item_target(request):
    """The queue row a suspend form came from (`item=<kind>:<id>`), to redraw it in place."""
    kind, _, pk = request.POST.get("item", "").partition(":")
    if not (request.htmx and pk.isdigit()):
        return None
    try:
        model_for(kind)
        return get_target(kind, int(pk))
    except Http404:
        return None


@login_required
@vary_on_headers("HX-Request")
def user_suspend(request, username):
    permissions.ensure_can_moderate(request.user)
    member = get_object_or_404(User, username=username)
    permissions.ensure_can_suspend(request.user, member)
    form = SuspendForm(request.POST or None)
    if request.method == "POST":
        row_target = _queue_item_target(request)
        if form.is_valid():
            services.user_suspend(
                moderator=request.user,
                user=member,
                until=form.cleaned_data["ends_at"],
                reason=form.cleaned_data["reason"],
            )
            until = timezone.localtime(member.suspended_until)
            message = f"{member.username} is suspended until {until:%Y-%m-%d %H:%M}."
            if row_target is not None:
                return _row(request, row_target, status=message)
            messages.success(request, message)
            return redirect(_next_url(request, reverse("moderation:user_suspend", args=[username])))
        if row_target is not None:
            return _row(request, row_target, suspend_form=form)
    return render(
        request,
        "moderation/user_suspend.html",
        {
            "member": member,
            "form": form,
            "is_suspended": is_suspended(member),
            "next_url": _queue_next(request),
        },
    )


@login_required
@require_POST
def user_unsuspend(request, username):
    permissions.ensure_can_moderate(request.user)
    member = get_object_or_404(User, username=username)
    changed = services.user_unsuspend(moderator=request.user, user=member, reason=_reason(request))
    if changed:
        messages.success(request, f"{member.username}'s suspension has ended.")
    else:
        messages.info(request, f"{member.username} is not suspended.")
    return redirect(_next_url(request, reverse("moderation:user_suspend", args=[username])))


# --- trust levels -----------------------------------------------------------------------------


@login_required
def user_trust(request, username):
    """A learner's trust level: a moderator sets (and so locks) it, or unlocks it back to what
    the learner's standing earns. Logged."""
    permissions.ensure_can_moderate(request.user)
    member = get_object_or_404(User.objects.select_related("standing"), username=username)
    error = None
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()[:500]
        if "unlock" in request.POST:
            level = reputation.level_unlock(user=member, moderator=request.user)
            record(
                actor=request.user,
                action=LogAction.TRUST,
                target=member,
                reason=f"Trust level unlocked: {Level(level).label} from now on"
                + (f" ({reason})" if reason else ""),
            )
            messages.success(request, f"{member.username}'s trust level follows their standing.")
            return redirect(request.path)
        level = request.POST.get("level", "")
        if level not in Level.values:
            error = "Choose one of the levels."
        elif not reason:
            error = "Say why: the reason goes into the moderation log."
        else:
            old, new = reputation.level_set(user=member, level=level, moderator=request.user)
            verb = (
                "Promoted"
                if rank(new) > rank(old)
                else "Demoted"
                if rank(new) < rank(old)
                else "Locked"
            )
            record(
                actor=request.user,
                action=LogAction.TRUST,
                target=member,
                reason=f"{verb}: trust level {Level(new).label} (was {Level(old).label}), "
                f"locked: {reason}",
            )
            messages.success(request, f"{member.username} is now at “{Level(new).label}” (locked).")
            return redirect(request.path)
    standing = standing_of(member)
    return render(
        request,
        "moderation/user_trust.html",
        {
            "member": member,
            "standing": standing,
            "level": level_of(member),
            "levels": Level.choices,
            "error": error,
            "typed_reason": request.POST.get("reason", ""),
            "typed_level": request.POST.get("level", ""),
        },
        status=200,
    )
