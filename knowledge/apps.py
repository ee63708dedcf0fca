from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = "Knowledge wiki"

    def ready(self):
        from knowledge.notices import page_revised
        from notifications.registry import register

        # Who hears about what (notifications sits below us and never names our models).
        register("pagerevision", page_revised)
