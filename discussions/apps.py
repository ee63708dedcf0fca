from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Challenges and solutions"

    def ready(self):
        from core import registry
        from discussions.conversion import link_page, wiki_draft
        from discussions.kinds import KINDS
        from discussions.notices import (
            challenge_posted,
            comment_posted,
            solution_accepted,
            solution_posted,
        )
        from knowledge import prefill
        from notifications import registry as notices

        # What moderation and search act on (they sit above us and never name our models).
        for kind in KINDS:
            registry.register(kind)
        # Who hears about what (notifications sits below us and never names our models).
        notices.register("challenge", challenge_posted)
        notices.register("solution", solution_posted)
        notices.register("comment", comment_posted)
        notices.register("accepted", solution_accepted)
        # The wiki's editor can start from an accepted solution (/wiki/new/?from_challenge=N).
        prefill.register("from_challenge", draft=wiki_draft, link=link_page)
