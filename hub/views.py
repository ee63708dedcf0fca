"""Pages that gather content from every app: the home page, a learner's profile, the topics."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import permissions as account_permissions
from accounts.models import User
from core.pagination import page_of
from core.permissions import ensure_can_write, is_moderator
from discussions import services as discussion_services
from discussions.models import Challenge, ChallengeWatch
from hub.leaderboards import home_boards, topic_board
from hub.profiles import contribution_rows, contributions_for, contributions_page
from hub.reputation import reputation_for
from knowledge import services as knowledge_services
from knowledge.models import Page, PageWatch, Topic


def home(request):
    """Open challenges that need help, recently solved ones, recent wiki changes.

    A fixed number of queries (three lists, one topic prefetch), whatever the size of the hub.
    """
    # "Needs help": open and unlocked, fewest solutions first, then the most recently active.
    open_challenges = (
        Challenge.objects.public()
        .filter(status=Challenge.Status.OPEN, is_locked=False)
        .select_related("author__profile")
        .prefetch_related("topics")
        .order_by("solution_count", "-last_activity_at")[:8]
    )
    solved_challenges = (
        Challenge.objects.public()
        .filter(status=Challenge.Status.SOLVED)
        .select_related("author__profile", "wiki_page")
        .order_by("-last_activity_at")[:6]
    )
    # Each page once, with its latest revision (a page edited twice is still one page).
    recent_pages = (
        Page.objects.not_hidden()
        .select_related("current_revision__author__profile")
        .order_by("-updated_at", "-pk")[:8]
    )
    return render(
        request,
        "hub/home.html",
        {
            "open_challenges": open_challenges,
            "solved_challenges": solved_challenges,
            "recent_pages": recent_pages,
            "helper_boards": home_boards(),
        },
    )


def profile_detail(request, username):
    profile_user = get_object_or_404(
        User.objects.select_related("profile", "standing"), username=username
    )
    viewer = request.user
    context = {
        "profile_user": profile_user,
        "profile": profile_user.profile,
        "can_edit": account_permissions.can_edit_profile(viewer, profile_user.profile),
        # The contributions (a dozen queries) come from {% fragment %} while nothing changes:
        # loaded only on a miss, cached for what the viewer may see of them (a moderator and
        # the learner themselves see hidden and held posts too) and for today (the chart).
        "fragment_prepare": lambda: contributions_for(profile_user, viewer),
        "contributions_viewer": (
            "moderator" if is_moderator(viewer) else "self" if viewer == profile_user else "reader",
            timezone.localdate().isoformat(),
        ),
    }
    context.update(reputation_for(request, profile_user))
    return render(request, "hub/profile_detail.html", context)


@require_GET
def contributions(request, username):
    """Everything a learner wrote, newest first, page after page (the profile shows ten)."""
    profile_user = get_object_or_404(User.objects.select_related("profile"), username=username)
    page = page_of(request, contribution_rows(profile_user, request.user))
    return render(
        request,
        "hub/contributions.html",
        {
            "profile_user": profile_user,
            "page_obj": page,
            "items": contributions_page(list(page.object_list)),
        },
    )


@login_required
def watching(request, username):
    """What the learner watches (pages and challenges), each with an unwatch button. Only
    their own: someone else's watchlist is nobody's business (404, as for what is hidden)."""
    if request.user.username != username:
        raise Http404("No such page.")
    if request.method == "POST":
        return _unwatch(request)
    page_watches = (
        PageWatch.objects.filter(user=request.user, page__in=Page.objects.visible_to(request.user))
        .select_related("page")
        .order_by("page__title", "pk")
    )
    challenge_watches = (
        ChallengeWatch.objects.filter(
            user=request.user, challenge__in=Challenge.objects.visible_to(request.user)
        )
        .select_related("challenge")
        .order_by("-challenge__last_activity_at", "-pk")
    )
    return render(
        request,
        "hub/watching.html",
        {
            "pages_page": page_of(request, page_watches, param="pages_page"),
            "challenges_page": page_of(request, challenge_watches, param="challenges_page"),
        },
    )


def _unwatch(request):
    ensure_can_write(request.user)
    user = request.user
    page_id, challenge_id = request.POST.get("page", ""), request.POST.get("challenge", "")
    if page_id.isdigit() and len(page_id) < 19:
        watch = PageWatch.objects.filter(user=user, page_id=page_id).select_related("page").first()
        if watch is not None:
            knowledge_services.page_unwatch(page=watch.page, user=user)
            messages.success(request, f"You stopped watching “{watch.page.title}”.")
    elif challenge_id.isdigit() and len(challenge_id) < 19:
        watch = (
            ChallengeWatch.objects.filter(user=user, challenge_id=challenge_id)
            .select_related("challenge")
            .first()
        )
        if watch is not None:
            discussion_services.challenge_unwatch(challenge=watch.challenge, user=user)
            messages.success(request, f"You stopped watching “{watch.challenge.title}”.")
    back = request.path
    query = request.GET.urlencode()
    return redirect(f"{back}?{query}" if query else back)


@require_GET
def topic_list(request):
    topics = Topic.objects.order_by("name")
    page_obj = page_of(request, topics, per_page=100)
    return render(request, "hub/topic_list.html", {"page_obj": page_obj})


@require_GET
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    per_page = settings.PAGINATE_BY
    pages = (
        Page.objects.not_hidden()
        .filter(topics=topic)
        .only("title", "slug", "updated_at")
        .order_by("title")
    )
    challenges = (
        Challenge.objects.public()
        .filter(topics=topic)
        .only("title", "status", "solution_count", "last_activity_at", "created_at")
        .order_by("-last_activity_at", "-pk")
    )
    sections = {
        "pages": pages,
        "open": challenges.filter(status=Challenge.Status.OPEN),
        "solved": challenges.filter(status=Challenge.Status.SOLVED),
    }
    context = {"topic": topic, "helper_board": topic_board(topic)}
    # Each list pages on its own (?open_page=2 leaves the wiki list where it was).
    for key, qs in sections.items():
        context[f"{key}_page"] = page_of(request, qs, per_page=per_page, param=f"{key}_page")
    return render(request, "hub/topic_detail.html", context)
