"""The award catalogue kept as dated rules (titles, forms, who confers them, money, vote thresholds), the province's
dated settings, the award history of people and collectives, and the award decisions (QUYẾT ĐỊNH) with their
certificates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")
