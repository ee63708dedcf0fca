"""The wiki's facts for reputation's badges (registered in KnowledgeConfig.ready)."""

from django.db.models import Count, F, Q

from knowledge.models import Page

CORNERSTONE_LINKS = 10  # reputation.badges.LINKED_FROM


def cornerstone(user_id: int) -> str | None:
    """A visible page `user_id` started that ten other visible pages link to: its URL."""
    page = (
        Page.objects.not_hidden()
        .filter(created_by_id=user_id)
        .annotate(
            sources=Count(
                "incoming_links__source",
                filter=~Q(incoming_links__source_id=F("pk"))
                & Q(incoming_links__source__hidden_at__isnull=True),
                distinct=True,
            )
        )
        .filter(sources__gte=CORNERSTONE_LINKS)
        .order_by("created_at")
        .first()
    )
    return page.get_absolute_url() if page is not None else None


def page_creators(page_ids) -> list[int]:
    return list(
        Page.objects.filter(pk__in=list(page_ids))
        .values_list("created_by_id", flat=True)
        .distinct()
    )
