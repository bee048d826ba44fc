"""The scoring stages of a sheet and what each stage records per member and criterion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from units.models import Versioned

__all__ = (
    "StageKind",
    "StageStatus",
    "STAGE_ORDER",
    "BASE_STAGE",
    "ScoreStage",
    "ScoreEntry",
    "EntryEvidence",
    "MAX_EVIDENCE",
)

MAX_EVIDENCE = 20  # evidence files per entry


class StageKind(models.TextChoices):
    SELF = "self", _("Self-score")
    CLUSTER = "cluster", _("Cluster check")
    EXPLANATION = "explanation", _("Explanation")
    UPPER = "upper", _("Upper-level check")
    FINAL = "final", _("Final result")


STAGE_ORDER = (StageKind.SELF, StageKind.CLUSTER, StageKind.EXPLANATION, StageKind.UPPER, StageKind.FINAL)
# Where a stage's scores start from when nothing was entered at it: the explanation is the member's answer to the
# cluster check, so the upper-level check starts again from the cluster check, not from what the member claims.
BASE_STAGE = {
    StageKind.SELF: None,
    StageKind.CLUSTER: StageKind.SELF,
    StageKind.EXPLANATION: StageKind.CLUSTER,
    StageKind.UPPER: StageKind.CLUSTER,
    StageKind.FINAL: StageKind.UPPER,
}


class StageStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("stage status", "Not opened")
    OPEN = "open", pgettext_lazy("stage status", "Open")
    CLOSED = "closed", pgettext_lazy("stage status", "Closed")


class ScoreStage(models.Model):
    """One stage of one sheet. Stages open and close in order; only an open stage takes scores."""

    sheet = models.ForeignKey("scoring.ScoreSheet", on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("stage"), max_length=12, choices=StageKind.choices)
    position = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(_("status"), max_length=8, choices=StageStatus.choices, default=StageStatus.PENDING)
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring stage")
        verbose_name_plural = _("scoring stages")
        ordering = ("sheet", "position")
        constraints = [models.UniqueConstraint(fields=["sheet", "kind"], name="score_stage_once_per_sheet")]

    def __str__(self):
        return f"{self.sheet} — {self.get_kind_display()}"


class ScoreEntry(Versioned):
    """What one stage records for one member unit and one criterion: the points (with, for a criterion counted per
    case, the number of cases they come from), a comment, evidence files (EntryEvidence), and — for a quantitative
    criterion — the points the formula gave and why the scorer departed from them."""

    stage = models.ForeignKey(ScoreStage, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey("scoring.Criterion", on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    cases = models.PositiveIntegerField(_("number of cases"), null=True, blank=True)
    computed = models.DecimalField(_("points from the report"), max_digits=8, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("reason for departing from the report"), max_length=500, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ("stage", "unit", "criterion")
        constraints = [
            models.UniqueConstraint(fields=["stage", "criterion", "unit"], name="score_entry_once"),
        ]
        indexes = [models.Index(fields=["unit", "stage"])]

    def __str__(self):
        return f"{self.unit} — {self.criterion} — {self.score}"


class EntryEvidence(models.Model):
    """One evidence file of an entry (a row may cite several letters and minutes). The type is decided from the
    content (scoring.files); the name is only shown."""

    entry = models.ForeignKey(ScoreEntry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("evidence"), upload_to="scoring/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ("entry", "pk")

    def __str__(self):
        return self.name
