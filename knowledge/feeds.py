"""Atom feeds: recent changes across the wiki, and one page's history."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse

from core.feeds import TextAtom1Feed
from knowledge.models import Page, PageRevision

FEED_ITEMS = 50


def _description(revision: PageRevision) -> str:
    delta = f"{revision.size_delta:+d} characters"
    summary = revision.summary or "No edit summary."
    return f"Revision {revision.number} by {revision.author.username}: {summary} ({delta})"


class RecentChangesFeed(Feed):
    feed_type = TextAtom1Feed
    title = "Project Nexus wiki: recent changes"
    subtitle = "Every new revision of every wiki page."

    def link(self):
        return reverse("knowledge:recent_changes")

    def items(self):
        return (
            PageRevision.objects.filter(page__hidden_at__isnull=True)
            .select_related("page", "author")
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return f"{item.page.title} (r{item.number})"

    def item_description(self, item):
        return _description(item)

    def item_link(self, item):
        if item.number > 1:
            url = reverse("knowledge:page_diff", args=[item.page.slug])
            return f"{url}?from={item.number - 1}&to={item.number}"
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.author.username


class PageHistoryFeed(RecentChangesFeed):
    def get_object(self, request, slug):
        pages = Page.objects.not_hidden()
        page = pages.filter(slug=slug).first() or pages.filter(aliases__slug=slug).first()
        if page is None:
            raise Http404("No such page.")
        return page

    def title(self, obj):
        return f"Project Nexus wiki: history of “{obj.title}”"

    def link(self, obj):
        return reverse("knowledge:page_history", args=[obj.slug])

    def items(self, obj):
        return obj.revisions.select_related("page", "author").order_by("-number")[:FEED_ITEMS]
