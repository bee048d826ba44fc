"""Sơ kết and tổng kết reports (BÁO CÁO): a unit's official report on a campaign for a period, drafted from the
roll-up and the narratives, edited, then numbered, signed and printed through the document engine."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = _("Summary reports")

    def ready(self):
        # The summary report's kind of document in the document engine.
        from summaries import printing  # noqa: F401
