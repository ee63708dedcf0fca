from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Challenges and solutions"

    def ready(self):
        from discussions import signals  # noqa: F401  (moderation's hide, restore and approve)
        from discussions.conversion import link_page, wiki_draft
        from discussions.notices import (
            challenge_posted,
            comment_posted,
            solution_accepted,
            solution_posted,
        )
        from knowledge import prefill
        from notifications.registry import register

        # Who hears about what (notifications sits below us and never names our models).
        register("challenge", challenge_posted)
        register("solution", solution_posted)
        register("comment", comment_posted)
        register("accepted", solution_accepted)
        # The wiki's editor can start from an accepted solution (/wiki/new/?from_challenge=N).
        prefill.register("from_challenge", draft=wiki_draft, link=link_page)
