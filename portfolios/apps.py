from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    """Learner portfolios: a README brought in, kept alive on the hub, exported back."""

    name = "portfolios"
    verbose_name = "Portfolios"
