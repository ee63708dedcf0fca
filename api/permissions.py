"""The API's own checks, before the site's rules (the apps' `*_refusal` functions, which the
views call exactly as the HTML views do)."""

from rest_framework import exceptions, permissions

from api.models import ApiToken


class TokenScope(permissions.BasePermission):
    """Anyone may read; a write needs a caller (401 otherwise) and, with a token, the token's
    write scope (403)."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated(
                "Log in, or send a personal access token as `Authorization: Bearer nxs_…`."
            )
        if isinstance(request.auth, ApiToken) and not request.auth.can_write:
            raise exceptions.PermissionDenied(
                "This token may only read: make one with the write scope to post or edit."
            )
        return True


class Authenticated(permissions.BasePermission):
    """The caller's own things (notifications, watches): a caller is needed even to read."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated("Log in, or send a personal access token.")
        return True
