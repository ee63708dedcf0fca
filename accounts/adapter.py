from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.requests import RequestSite


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Operators can close sign-up (spam wave, private cohort) without a deploy.
        return settings.NEXUS_SIGNUP_OPEN

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Emails name the site and the host the learner actually used, not the Sites
        # framework's "example.com" row that nobody edits.
        request = allauth_context.request
        if request is not None and "current_site" not in context:
            site = RequestSite(request)
            site.name = settings.SITE_NAME
            context = {**context, "current_site": site}
        super().send_mail(template_prefix, email, context)
