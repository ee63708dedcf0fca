"""/settings/tokens/: a learner's personal access tokens, made and revoked without JavaScript.

A new token's secret is shown on the page that answers the form, once, and never stored
(the page is not cached and not redirected to, so the secret is in no session or URL)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api import services
from api.forms import TokenForm
from api.models import ApiToken
from core.permissions import ensure_can_write

MAX_TOKENS = 50


@never_cache
@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    secret = None
    new_token = None
    tokens = ApiToken.objects.filter(user=request.user)
    if request.method == "POST":
        # A suspended learner may still revoke tokens, but makes no new ones.
        ensure_can_write(request.user)
        if tokens.filter(revoked_at__isnull=True).count() >= MAX_TOKENS:
            form.add_error(None, f"You have {MAX_TOKENS} tokens: revoke one you no longer use.")
        elif form.is_valid():
            new_token, secret = services.token_create(user=request.user, **form.cleaned_data)
            form = TokenForm()
    response = render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": list(tokens), "secret": secret, "new_token": new_token},
    )
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token)
    messages.success(request, f"Revoked “{token.name}”: it no longer works.")
    return redirect("api:token_list")
