"""The badges: all of them, and who holds one."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render

from core.pagination import page_of
from reputation.badges import BADGES, badge_named
from reputation.models import BadgeAward


def badge_list(request):
    counts = dict(BadgeAward.objects.values_list("badge").annotate(n=Count("pk")).order_by())
    badges = [(badge, counts.get(badge.slug, 0)) for badge in BADGES]
    return render(request, "reputation/badge_list.html", {"badges": badges})


def badge_detail(request, slug):
    badge = badge_named(slug)
    if badge is None:
        raise Http404("No such badge.")
    holders = BadgeAward.objects.filter(badge=slug, user__is_active=True).select_related(
        "user__profile"
    )
    page = page_of(request, holders.order_by("-awarded_at", "-pk"))
    return render(request, "reputation/badge_detail.html", {"badge": badge, "page_obj": page})
