"""Notification emails: one per notification (immediate) or a daily digest.

Every email carries a one-click unsubscribe link (a signed token, no login needed) in its text
and in the List-Unsubscribe / List-Unsubscribe-Post headers (RFC 8058).
"""

from __future__ import annotations

import email.policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import iri_to_uri

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def site_url() -> str:
    """Where links in emails point: NEXUS_BASE_URL, or https:// + the first allowed host."""
    return settings.NEXUS_BASE_URL


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else site_url() + path


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def user_id_from_token(token: str):
    """The user id the token was made for, or None if it was tampered with."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def unsubscribe_url(user) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]))


def one_click_url(user) -> str:
    return ascii_url(
        absolute(reverse("notifications:unsubscribe_one_click", args=[unsubscribe_token(user)]))
    )


def ascii_url(url: str) -> str:
    """The URL in plain ASCII: an international host name in IDNA, the rest percent-encoded."""
    parts = urlsplit(url)
    host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return iri_to_uri(urlunsplit(parts._replace(netloc=netloc)))


def one_line(text: str) -> str:
    """A header value from user text (a title, a name): newlines would be a header injection,
    and Django refuses them, so every run of whitespace becomes one space."""
    return " ".join(str(text).split())


class _OneLineHeader(UnstructuredHeader):
    """Written as it is, never folded: Python folds a header with a word longer than a line
    (a long URL) into RFC 2047 encoded words, and mail providers do not read an encoded
    List-Unsubscribe as one-click unsubscribe (RFC 8058 wants `<https://…>`)."""

    def fold(self, *, policy):
        return f"{self.name}: {self}{policy.linesep}"


_headers = HeaderRegistry()
_headers.map_to_type("list-unsubscribe", _OneLineHeader)


class NoticeEmail(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(header_factory=_headers))


def _send(user, subject: str, template: str, context: dict) -> bool:
    if not user.email or not user.is_active:
        return False
    context = {
        **context,
        "user": user,
        "site_name": settings.SITE_NAME,
        "site_url": site_url(),
        "unsubscribe_url": unsubscribe_url(user),
        "preferences_url": absolute(reverse("accounts:profile_edit", args=[user.username])),
    }
    message = NoticeEmail(
        subject=one_line(f"[{settings.SITE_NAME}] {subject}"),
        body=render_to_string(template, context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{one_click_url(user)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    return True


def send_notification_email(notification) -> bool:
    return _send(
        notification.recipient,
        notification.text,
        "notifications/email_notification.txt",
        {"notification": notification, "link": absolute(notification.url)},
    )


def send_digest(user, notifications) -> bool:
    count = len(notifications)
    return _send(
        user,
        f"{count} new notification{'s' if count != 1 else ''} today",
        "notifications/email_digest.txt",
        {"notifications": [(n, absolute(n.url)) for n in notifications]},
    )
