from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core.sites import sync_site

        post_migrate.connect(sync_site, sender=self, dispatch_uid="core.sync_site")
