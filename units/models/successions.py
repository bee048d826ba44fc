"""Which units of a later edition took over a unit of an earlier one (the 2025 mergers: units/data/successors-2025.tsv).

A commune merged whole has one successor; one split between several new communes has one row per part, exactly one
of them the main successor, which ``Unit.successor`` also points to (units/successions.py keeps the two in step).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import Timestamped

__all__ = ("UnitSuccession",)


class UnitSuccession(Timestamped):
    old = models.ForeignKey(
        "units.Unit", verbose_name=_("former unit"), on_delete=models.CASCADE, related_name="successions"
    )
    new = models.ForeignKey(
        "units.Unit", verbose_name=_("successor unit"), on_delete=models.CASCADE, related_name="predecessions"
    )
    is_main = models.BooleanField(_("main successor"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    # A reorganisation made here (units/reorganise.py) is audited with its reason (the 2025 file is loaded in bulk).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ("old", "-is_main", "new")
        constraints = [
            models.UniqueConstraint(
                fields=["old", "new"],
                name="succession_pair_unique",
                violation_error_message=_("This unit is already listed as a successor of that unit."),
            ),
            models.UniqueConstraint(
                fields=["old"],
                condition=Q(is_main=True),
                name="succession_one_main",
                violation_error_message=_("A unit has only one main successor."),
            ),
            models.CheckConstraint(
                condition=~Q(old=F("new")),
                name="succession_not_itself",
                violation_error_message=_("A unit cannot be its own successor."),
            ),
        ]

    def __str__(self):
        return f"{self.old} → {self.new}"
