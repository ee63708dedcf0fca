from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from markdownx.views import MarkdownifyView

from core import views as core_views
from hub import views as hub_views
from knowledge import views as knowledge_views
from moderation import views as moderation_views

urlpatterns = [
    path("", hub_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # A moderator's action on a wiki page, at the page's own address (before the wiki's URLs).
    path(
        "wiki/<slug:slug>/revisions/<int:number>/restore/",
        moderation_views.page_revert,
        name="page_revert",
    ),
    path("wiki/", include("knowledge.urls")),
    path("challenges/", include("discussions.urls")),
    path("notifications/", include("notifications.urls")),
    path("moderation/webhooks/", include("webhooks.urls")),
    path("moderation/", include("moderation.urls")),
    # Portfolios: /u/<username>/learnings/… and /learnings/ (beside the hub's profile pages).
    path("", include("portfolios.urls")),
    path("badges/", include("reputation.urls")),
    # The profile page and the topic pages (/u/<username>/, /search/topics/…).
    path("", include("hub.urls")),
    path("search/", include("search.urls")),
    path("u/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("api.urls")),  # /api/… and the tokens page, /settings/tokens/
    # The editor's preview and image upload are for people who can write, not for the world.
    path(
        "markdownx/markdownify/",
        login_required(MarkdownifyView.as_view()),
        name="markdownx_markdownify",
    ),
    # Images only, size-capped and re-encoded (markdownx's own view trusts the content type).
    path("markdownx/upload/", knowledge_views.image_upload, name="markdownx_upload"),
]

if settings.DEBUG or not settings.AWS_STORAGE_BUCKET_NAME:
    # Uploaded images from local storage (core.views.media: confined to MEDIA_ROOT, images
    # only, nosniff, sandboxed); behind S3 the bucket serves them. A web server is better still.
    urlpatterns += [path("media/<path:path>", core_views.media, name="media")]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
