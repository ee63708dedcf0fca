from django.apps import AppConfig
from django.db.models.signals import post_save


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self):
        from core import registry
        from moderation import admin, services

        admin.add_content_actions()
        # What reputation reports for moderators to read (serial votes reversed, duplicates).
        from moderation.log import reputation_logged
        from reputation import registry as reputation_registry

        reputation_registry.register_logger(reputation_logged)
        for kind in registry.kinds():
            if kind.can_be_held:
                post_save.connect(
                    services.held_post_saved,
                    sender=kind.model,
                    dispatch_uid=f"moderation_held_{kind.name}",
                )
