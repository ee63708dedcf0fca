"""The API's front door (/api/v1/) and its interactive docs (/api/docs/): Swagger UI served
from this site (drf-spectacular-sidecar's files, no CDN), with every script an external file,
so the site's Content-Security-Policy holds; the one relaxation is `data:` images, which
Swagger UI's stylesheet uses for its icons."""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.response import Response

from api.views.base import ApiView, doc, ex

_swagger = SpectacularSwaggerSplitView.as_view(
    url_name="api:schema", template_name="api/swagger_ui.html", title="Project Nexus API"
)


def swagger_ui(request, *args, **kwargs):
    response = _swagger(request, *args, **kwargs)
    policy = getattr(settings, "SECURE_CSP", None)
    if policy:
        # Only images are widened (Swagger UI's icons are data: SVGs); scripts and styles stay
        # this site's own files.
        response._csp_config = {**policy, "img-src": [*policy.get("img-src", ["'self'"]), "data:"]}
    return response


class ApiRoot(ApiView):
    @doc(
        summary="Where everything is",
        tags=["meta"],
        responses={200: dict},
        examples=[
            ex(
                "Links",
                {
                    "version": "v1",
                    "docs": "https://nexus.example/api/docs/",
                    "schema": "https://nexus.example/api/schema/",
                    "pages": "https://nexus.example/api/v1/pages/",
                },
            )
        ],
    )
    def get(self, request):
        absolute = request.build_absolute_uri
        links = {
            "version": "v1",
            "docs": absolute(reverse("api:docs")),
            "schema": absolute(reverse("api:schema")),
        }
        for name in ("page_list", "challenge_list", "search", "topic_list", "category_list",
                     "me", "notification_list", "watch_list"):  # fmt: skip
            links[name.removesuffix("_list")] = absolute(reverse(f"api:{name}"))
        return Response(links)
