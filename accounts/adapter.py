from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.requests import RequestSite


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Operators can close sign-up (spam wave, private cohort) without a deploy.
        return settings.NEXUS_SIGNUP_OPEN

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failed log-ins per "key" (the account): five wrong passwords from
        # anyone locked the owner out too. The key is the account AND the client's address, so
        # a flood from one place locks only that place out of that account; the per-IP limit
        # (ACCOUNT_RATE_LIMITS "login_failed") still bounds each place overall.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Emails name the site and the host the learner actually used, not the Sites
        # framework's "example.com" row that nobody edits.
        request = allauth_context.request
        if request is not None and "current_site" not in context:
            site = RequestSite(request)
            site.name = settings.SITE_NAME
            context = {**context, "current_site": site}
        super().send_mail(template_prefix, email, context)
