from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Challenges and solutions"

    def ready(self):
        from discussions import signals  # noqa: F401  (moderation's hide, restore and approve)
        from discussions.conversion import link_page, wiki_draft
        from knowledge import prefill

        prefill.register("from_challenge", draft=wiki_draft, link=link_page)
