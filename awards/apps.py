"""The award catalogue kept as dated rules (titles, forms, who confers them, money, vote thresholds), the province's
dated settings, the award history of people and collectives, and the award decisions (QUYẾT ĐỊNH) with their
certificates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        # The decision's and the certificates' kinds of document in the document engine.
        from awards import printing  # noqa: F401
