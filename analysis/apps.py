from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    """Pattern evaluation for analysts: distributions, the pair scan and drill-down."""

    name = "analysis"
    verbose_name = "Analyse"
