"""Throttling through the site's own rate-limit counters (core.ratelimit, the "ratelimit"
cache: Redis, or the database), so every web process counts in one place.

Every request counts once against its token and once against its user (or, anonymous,
against its address): settings.NEXUS_RATE_LIMITS["api"] / ["api_anon"]. Posting endpoints
also count against the site's own posting limits (the views call core.ratelimit.hit with
the HTML views' actions), so a script posts no faster than a person.
"""

from dataclasses import dataclass

from rest_framework.throttling import BaseThrottle

from api.models import ApiToken
from core import ratelimit


@dataclass(frozen=True)
class _Caller:
    """Something that is not a user but is counted as one: a token, or an address."""

    pk: str
    is_authenticated: bool = True


def client_address(request) -> str:
    """The caller's address as the site's own log-in limits read it (allauth's, which knows
    about trusted proxies), so one reverse proxy does not make every reader one caller."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request._request)
    except PermissionDenied:
        return "unknown"


class SiteRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        self.retry_after = None
        try:
            if isinstance(request.auth, ApiToken):
                ratelimit.hit(_Caller(f"token-{request.auth.pk}"), "api")
            if request.user.is_authenticated:
                ratelimit.hit(request.user, "api")
            else:
                ratelimit.hit(_Caller(f"ip-{client_address(request)}"), "api_anon")
        except ratelimit.RateLimited as limited:
            self.retry_after = limited.retry_after
            return False
        return True

    def wait(self):
        return self.retry_after
