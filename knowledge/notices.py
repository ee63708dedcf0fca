"""Who hears about what happens in the wiki: the resolver this app registers with notifications
(see `KnowledgeConfig.ready`). It runs in the fan-out task, never in the request."""

from __future__ import annotations

from knowledge.models import PageRevision
from notifications.models import Kind
from notifications.services import Recipient


def page_revised(object_id: int, actor_id: int | None = None):
    """A new revision of a page: tell the page's watchers."""
    revision = (
        PageRevision.objects.select_related("page", "author__profile").filter(pk=object_id).first()
    )
    if revision is None or revision.page.is_hidden:
        return None, []
    page, actor = revision.page, revision.author
    text = f"{actor.display_name} changed the page “{page.title}” (revision {revision.number})"
    if revision.summary:
        text += f": {revision.summary}"
    url = page.get_absolute_url()
    return actor.pk, [
        Recipient(user_id, Kind.WATCHED_PAGE, text, url)
        for user_id in page.watches.values_list("user_id", flat=True)
    ]
