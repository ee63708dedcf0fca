from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = "Knowledge wiki"

    def ready(self):
        from core import registry
        from knowledge.kinds import PAGE
        from knowledge.notices import page_revised
        from notifications import registry as notices

        # What moderation and search act on (they sit above us and never name our models).
        registry.register(PAGE)
        # Who hears about what (notifications sits below us and never names our models).
        notices.register("pagerevision", page_revised)
        # Reputation's badge for a page linked from ten others asks the wiki.
        from knowledge.badges import cornerstone
        from reputation import registry as reputation_registry

        reputation_registry.register_badge_check("cornerstone", cornerstone)
