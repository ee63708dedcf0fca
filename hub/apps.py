from django.apps import AppConfig


class HubConfig(AppConfig):
    """The top layer: what spans every app (home page, profile aggregates, demo seeding)."""

    name = "hub"
    verbose_name = "Hub"
