"""Cluster scoring sheets (bảng chấm điểm): criteria with maximum points, the scoring stages, the ranking, and the
cluster's proposal of leading units, kept apart from the council's decision."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Cluster scoring")

    def ready(self):
        # The printed papers of scoring (the self-scoring report, the minutes) in the document engine.
        from scoring import printing  # noqa: F401
