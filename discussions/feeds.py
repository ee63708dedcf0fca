from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from core.feeds import TextAtom1Feed, plain_text
from discussions.models import Challenge
from knowledge.models import Topic

FEED_SIZE = 30


class ChallengeFeed(Feed):
    feed_type = TextAtom1Feed
    title = "Project Nexus: new challenges"
    subtitle = "Challenges learners hit, newest first."

    def link(self):
        return reverse("discussions:challenge_list")

    def items(self):
        return (
            Challenge.objects.public()
            .select_related("author__profile")
            .prefetch_related("topics")
            .order_by("-created_at")[:FEED_SIZE]
        )

    def item_categories(self, item):
        return [t.name for t in item.topics.all()]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The opening of the stored HTML as text: summaries are plain text.
        return plain_text(item.body_html)

    def item_author_name(self, item):
        return item.author.display_name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at


class TopicChallengeFeed(ChallengeFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"Project Nexus: new challenges about {topic.name}"

    def link(self, topic):
        return f"{reverse('discussions:challenge_list')}?topic={topic.slug}"

    def items(self, topic):
        return (
            Challenge.objects.public()
            .filter(topics=topic)
            .select_related("author__profile")
            .prefetch_related("topics")
            .order_by("-created_at")[:FEED_SIZE]
        )
