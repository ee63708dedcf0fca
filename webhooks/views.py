"""Moderators' pages for outgoing webhooks (under /moderation/webhooks/). Plain forms and
post/redirect/get: everything works without JavaScript."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.pagination import page_of
from webhooks import outgoing, services
from webhooks.forms import HookForm
from webhooks.models import Delivery, Hook
from webhooks.permissions import ensure_can_manage_webhooks


def _hook(request, pk: int) -> Hook:
    ensure_can_manage_webhooks(request.user)
    return get_object_or_404(Hook, pk=pk)


def _hosts_context() -> dict:
    return {
        "allowed_hosts": outgoing.allowed_hosts(),
        "allow_private": settings.NEXUS_WEBHOOK_ALLOW_PRIVATE,
    }


@login_required
def hook_list(request):
    ensure_can_manage_webhooks(request.user)
    last = Delivery.objects.filter(hook=OuterRef("pk")).order_by("-created_at", "-pk")
    hooks = Hook.objects.annotate(
        last_status=Subquery(last.values("status")[:1]),
        last_at=Subquery(last.values("created_at")[:1]),
    ).prefetch_related("topics")
    page = page_of(request, hooks)
    return render(
        request,
        "webhooks/hook_list.html",
        {
            "page_obj": page,
            "hooks": page.object_list,
            "status_labels": dict(Delivery.Status.choices),
            **_hosts_context(),
        },
    )


@login_required
def hook_create(request):
    ensure_can_manage_webhooks(request.user)
    form = HookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        hook = services.hook_create(created_by=request.user, **form.cleaned_data)
        messages.success(
            request,
            "Webhook saved. Its signing secret is below: give it to the receiver so it can check "
            "that deliveries come from here.",
        )
        return redirect(hook)
    return render(
        request, "webhooks/hook_form.html", {"form": form, "hook": None, **_hosts_context()}
    )


@login_required
def hook_edit(request, pk: int):
    hook = _hook(request, pk)
    form = HookForm(request.POST or None, instance=hook)
    if request.method == "POST" and form.is_valid():
        services.hook_update(hook=hook, **form.cleaned_data)
        messages.success(request, "Webhook saved.")
        return redirect(hook)
    return render(
        request, "webhooks/hook_form.html", {"form": form, "hook": hook, **_hosts_context()}
    )


@login_required
def hook_detail(request, pk: int):
    """The hook, its secret and its deliveries, newest first."""
    hook = _hook(request, pk)
    page = page_of(request, hook.deliveries.all())
    deliveries = list(page.object_list)
    for delivery in deliveries:
        delivery.payload_json = json.dumps(delivery.payload, indent=2, ensure_ascii=False)
    return render(
        request,
        "webhooks/hook_detail.html",
        {
            "hook": hook,
            "topics": list(hook.topics.all()),
            "page_obj": page,
            "deliveries": deliveries,
            "max_failures": services.MAX_CONSECUTIVE_FAILURES,
        },
    )


@login_required
def hook_delete(request, pk: int):
    hook = _hook(request, pk)
    if request.method == "POST":
        services.hook_delete(hook=hook)
        messages.success(request, f"The webhook “{hook.name}” was deleted.")
        return redirect("webhooks:hook_list")
    return render(request, "webhooks/hook_delete.html", {"hook": hook})


@login_required
@require_POST
def hook_test(request, pk: int):
    hook = _hook(request, pk)
    services.hook_ping(hook=hook)
    messages.success(
        request, "A test event was queued; its delivery shows below once the worker sent it."
    )
    return redirect(hook)


@login_required
@require_POST
def hook_rotate_secret(request, pk: int):
    hook = _hook(request, pk)
    services.hook_rotate_secret(hook=hook)
    messages.success(
        request, "New secret made. The old one no longer signs anything: update the receiver."
    )
    return redirect(hook)


@login_required
@require_POST
def hook_enable(request, pk: int):
    hook = _hook(request, pk)
    services.hook_enable(hook=hook)
    messages.success(request, "Webhook turned on again; its failure count starts from zero.")
    return redirect(hook)


@login_required
@require_POST
def hook_disable(request, pk: int):
    hook = _hook(request, pk)
    services.hook_disable(hook=hook, reason=f"Turned off by {request.user.username}.")
    messages.success(request, "Webhook turned off: nothing is sent until it is turned on again.")
    return redirect(hook)
