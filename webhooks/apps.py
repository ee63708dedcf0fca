from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"

    def ready(self):
        from core import events
        from webhooks.services import on_event

        # Content services announce after commit (core.events); webhooks is above them and so
        # listens rather than being called.
        for name in events.NAMES:
            events.subscribe(name, on_event)
