from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = "Knowledge wiki"

    def ready(self):
        from core import registry
        from knowledge.kinds import PAGE

        registry.register(PAGE)
