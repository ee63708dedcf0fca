"""How an API request says who it is: a personal access token (`Authorization: Bearer nxs_…`)
or the site's session (same-site JavaScript; DRF enforces CSRF on its writes)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api import services


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as `Authorization: Bearer nxs_…`, with nothing else.")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("That is not a token.")) from None
        token = services.token_for_secret(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Unknown token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token was revoked."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(
                _("This token expired; make a new one on your tokens page.")
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is not active."))
        services.token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # A 401 (not a 403) for a request without credentials, telling how to send them.
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The site's session, CSRF checked on writes (DRF's own check)."""


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "nxs_…  (a personal access token from /settings/tokens/)",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
