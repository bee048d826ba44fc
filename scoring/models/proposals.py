"""The cluster's proposal of its leading unit(s) (đề nghị dẫn đầu) and, as a separate record, the council's decision
on it: the council accepts or cuts each proposed unit. Both keep who and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Versioned

__all__ = ("LeadingProposal", "ProposedUnit", "CouncilDecision", "DecisionItem")


class LeadingProposal(Versioned):
    sheet = models.OneToOneField("scoring.ScoreSheet", on_delete=models.CASCADE, related_name="proposal")
    note = models.TextField(_("grounds for the proposal"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leading-unit proposal")
        verbose_name_plural = _("leading-unit proposals")

    def __str__(self):
        return f"{self.sheet}"


class ProposedUnit(models.Model):
    proposal = models.ForeignKey(LeadingProposal, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposed unit")
        verbose_name_plural = _("proposed units")
        ordering = ("proposal", "position", "pk")
        constraints = [models.UniqueConstraint(fields=["proposal", "unit"], name="proposed_unit_once")]

    def __str__(self):
        return str(self.unit)


class CouncilDecision(Versioned):
    """The emulation council's decision on the cluster's proposal, kept apart from it."""

    proposal = models.OneToOneField(LeadingProposal, on_delete=models.PROTECT, related_name="decision")
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")

    def __str__(self):
        return f"{self.proposal}"


class DecisionItem(models.Model):
    decision = models.ForeignKey(CouncilDecision, on_delete=models.CASCADE, related_name="items")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    accepted = models.BooleanField(_("accepted"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision on a unit")
        verbose_name_plural = _("decisions on units")
        ordering = ("decision", "pk")
        constraints = [models.UniqueConstraint(fields=["decision", "unit"], name="decision_item_once")]

    def __str__(self):
        return f"{self.unit}: {self.accepted}"
