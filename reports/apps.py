"""The reports app: progress reports, review and roll-up. Its models come with the issue that builds it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
