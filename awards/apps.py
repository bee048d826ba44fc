"""The awards app: nominations, council ballots and award decisions. Its models come with the issue that builds it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")
