"""@-mention autocomplete: the usernames that start with what is being typed after "@".

A small JSON list for static/js/mentions.js; without JavaScript a comment is plain text and
@username still links when posted (discussions.mentions)."""

import re

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from accounts.models import User

PREFIX_RE = re.compile(r"^[\w.+-]{1,30}$")
LIMIT = 8


@login_required
@require_GET
def suggest(request):
    prefix = request.GET.get("q", "").lstrip("@")
    if not PREFIX_RE.match(prefix):
        return JsonResponse({"users": []})
    users = (
        User.objects.filter(username__istartswith=prefix, is_active=True)
        .select_related("profile")
        .order_by("username")[:LIMIT]
    )
    return JsonResponse(
        {"users": [{"username": u.username, "name": u.display_name} for u in users]}
    )
