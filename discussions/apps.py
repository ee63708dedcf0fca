from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = "Challenges and solutions"

    def ready(self):
        from core import registry
        from discussions.kinds import KINDS

        for kind in KINDS:
            registry.register(kind)
