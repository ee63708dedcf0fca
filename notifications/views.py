from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import EmailPreference, Profile
from core.pagination import keyset_page
from notifications import emails, permissions, services
from notifications.models import Notification


@login_required
@vary_on_headers("HX-Request")
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user).select_related(
        "actor__profile"
    )
    page = keyset_page(request, notifications, ["-created_at", "-pk"], per_page=20)
    return render(
        request,
        "notifications/inbox.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "unread": services.unread_count(request.user),
        },
    )


def _back(request):
    """Back to the page the button was on: a page of this site only (Django's check knows the
    tricks a hand-written one missed: `/\\evil`, a tab or newline inside, `https:evil`), over
    HTTPS when the request came over HTTPS."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def notification_read(request, pk):
    permissions.ensure_can_mark_read(request.user)
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification)
    if request.htmx:
        return render(
            request,
            "notifications/inbox.html#notification-row",
            {"n": notification, "unread": services.unread_count(request.user), "oob": True},
        )
    return _back(request)


def _from_this_site(request) -> bool:
    """A GET from a link on this site, or typed/opened directly (browsers say so in
    Sec-Fetch-Site; old ones send nothing). A link on another site leads on but marks nothing:
    a GET that changes state must not be something other sites can make a learner do."""
    if request.method == "POST":
        return True  # the CSRF check has run
    return request.headers.get("Sec-Fetch-Site", "same-origin") in {"same-origin", "none"}


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def notification_open(request, pk):
    """Opening a notification: mark it read, then go where it points.

    The inbox shows each notification as a real link to here (GET), so it opens in a new tab,
    can be copied, and is read on arrival, as in any inbox. The state it changes is the
    learner's own read mark, idempotent and harmless to replay; a POST (older pages) does the
    same. A suspended learner may still read: they are sent on, the notification left as is.
    """
    notification = Notification.objects.filter(pk=pk, recipient=request.user).first()
    if notification is None:
        if request.method == "GET":
            # A link to someone else's notification (shared, or an old tab after switching
            # accounts) leads to your own inbox; it tells nothing about theirs.
            return redirect("notifications:inbox")
        raise Http404("No such notification.")
    if permissions.can_mark_read(request.user) and _from_this_site(request):
        services.notification_mark_read(notification=notification)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("notifications:inbox")
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def notification_read_all(request):
    permissions.ensure_can_mark_read(request.user)
    count = services.notifications_mark_all_read(user=request.user)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return _back(request)


def _unsubscribe_profile(token):
    user_id = emails.user_id_from_token(token)
    if user_id is None:
        raise Http404("This unsubscribe link is not valid.")
    return get_object_or_404(Profile.objects.select_related("user"), user_id=user_id)


def unsubscribe(request, token):
    """From the link in an email: GET shows a confirm button, POST turns email off."""
    profile = _unsubscribe_profile(token)
    done = False
    if request.method == "POST":
        profile.email_notifications = EmailPreference.NONE
        profile.save(update_fields=["email_notifications"])
        done = True
    return render(request, "notifications/unsubscribe.html", {"profile": profile, "done": done})


# RFC 8058 one-click: the mail provider POSTs "List-Unsubscribe=One-Click" with no cookies and
# no CSRF token. The signed token in the URL is the only credential (nothing rides on a session),
# which is why CSRF protection does not apply to this one endpoint.
@csrf_exempt
@require_POST
def unsubscribe_one_click(request, token):
    profile = _unsubscribe_profile(token)
    profile.email_notifications = EmailPreference.NONE
    profile.save(update_fields=["email_notifications"])
    return HttpResponse("Unsubscribed.", content_type="text/plain")
