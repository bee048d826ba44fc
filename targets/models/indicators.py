"""Indicators (chỉ tiêu) as printed, their structured figures (domain.md §5), and each unit's targets."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from campaigns.models import Field
from targets.rules import ChangeMeasure, Reach
from units.models import ScopedQuerySet, Versioned

__all__ = ("Aggregation", "FigureForm", "Direction", "Source", "Indicator", "Figure", "Target", "TargetQuerySet")


class Aggregation(models.TextChoices):
    """How a figure adds up through the hierarchy (used by the roll-up)."""

    SUM = "sum", _("Sum")
    WEIGHTED_AVERAGE = "weighted", _("Weighted average")
    RATIO = "ratio", _("Ratio of two sums")
    AVERAGE = "average", _("Average of the units")
    COUNT_ACHIEVED = "count", _("Count of units achieving")
    NONE = "none", _("Does not add up")


class FigureForm(models.TextChoices):
    AT_LEAST = "at_least", _("At least a value")
    RANGE = "range", _("A range")
    CHANGE = "change", _("Increase or decrease by, against the previous year")
    RELATIVE = "relative", _("Relative to the target assigned from above")
    OUT_OF = "out_of", _("Out of a total")
    PLANNED = "planned", _("A planned value (no direction)")
    STATUS = "status", _("Keep a status")
    GRADE = "grade", _("A grade")
    QUALITATIVE = "qualitative", _("Qualitative")
    RANK = "rank", _("A rank (among the leading N)")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Source(models.TextChoices):
    """Who set the figure: the campaign's own unit, a body above it, or the unit's own council."""

    OWN = "own", _("Set by the issuing unit")
    ASSIGNED = "assigned", _("Assigned from above")
    COUNCIL = "council", _("Set by the unit's own council")


class Indicator(models.Model):
    """One target statement as printed ("Tổng sản lượng lương thực có hạt đạt 1.105 tấn."), in a section."""

    section = models.ForeignKey("campaigns.Section", on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(_("number"), max_length=20, blank=True, help_text=_("As printed: 1), (1), -"))
    sentence = models.TextField(_("sentence"), help_text=_("The statement exactly as the document prints it."))
    field = models.CharField(_("field"), max_length=16, choices=Field.choices, blank=True, default=Field.GENERAL)

    history = HistoricalRecords()

    # What describes an indicator (as opposed to where it stands): what the editor and the JSON form carry.
    CONTENT_FIELDS = ("label", "sentence", "field")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ("section", "position", "pk")

    def __str__(self):
        return self.sentence[:80]


class Figure(models.Model):
    """One measurable figure of an indicator. An indicator may carry several ("Thị xã giao: 81%, HĐND xã giao:
    86,6%" is two figures of one indicator)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("what is measured"), max_length=300)
    form = models.CharField(_("form"), max_length=12, choices=FigureForm.choices)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    value_high = models.DecimalField(_("upper value"), max_digits=20, decimal_places=4, null=True, blank=True)
    total = models.DecimalField(_("out of"), max_digits=20, decimal_places=4, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.OWN)
    source_body = models.CharField(
        _("source as written"), max_length=100, blank=True, help_text=_("huyện giao, thị xã giao, HĐND xã giao…")
    )
    context = models.CharField(
        _("context"), max_length=300, blank=True, help_text=_("Printed with the figure but not a target, e.g. lũy kế.")
    )
    aggregation = models.CharField(_("roll-up"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    reach = models.CharField(
        _("target of"),
        max_length=8,
        choices=Reach.choices,
        blank=True,
        help_text=_(
            "Whether every unit is judged against the figure (a rate, level or status) or only the issuing unit (an "
            "absolute total). Blank: from the unit of measure (%, rates, levels, statuses: every unit)."
        ),
    )
    change_measure = models.CharField(
        _("change measured in"),
        max_length=8,
        choices=ChangeMeasure.choices,
        blank=True,
        help_text=_(
            "For an increase or decrease in %: percentage points (a rate), percent of the previous year, or the "
            "growth rate itself as reported. Blank: points for a rate, percent otherwise."
        ),
    )
    weight_name = models.CharField(
        _("weight or denominator"),
        max_length=300,
        blank=True,
        help_text=_(
            "For a weighted average: the figure whose values weight this one (e.g. Tổng số hộ); for a ratio: the "
            "figure summed below the line. Named as in this campaign."
        ),
    )
    numerator_name = models.CharField(
        _("numerator"),
        max_length=300,
        blank=True,
        help_text=_("For a ratio: the figure summed above the line (e.g. Số bác sĩ), named as in this campaign."),
    )

    strict = models.BooleanField(
        _("strictly"),
        default=False,
        help_text=_("“trên 85%”: 85 itself does not reach it; “dưới 5%” with lower is better: 5 itself does not."),
    )
    part_of = models.CharField(
        _("part of"),
        max_length=300,
        blank=True,
        help_text=_("“trong đó”: the figure this one is a part of, named as in this campaign (500 hộ, trong đó 120…)."),
    )

    history = HistoricalRecords()

    # What describes a figure (as opposed to where it stands): what the editor and the JSON form carry.
    CONTENT_FIELDS = (
        "name",
        "form",
        "direction",
        "value",
        "value_high",
        "total",
        "grade",
        "unit_of_measure",
        "source",
        "source_body",
        "context",
        "aggregation",
        "weight_name",
        "numerator_name",
        "reach",
        "change_measure",
        "strict",
        "part_of",
    )

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ("indicator", "position", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(value_high__isnull=True) | Q(value__isnull=True) | Q(value_high__gte=models.F("value")),
                name="figure_range_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class TargetQuerySet(ScopedQuerySet):
    scope_path = "unit__path"


class Target(Versioned):
    """A participating unit's target for one figure: what is assigned from above and what the unit registers."""

    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="targets")
    assigned_value = models.DecimalField(_("assigned"), max_digits=20, decimal_places=4, null=True, blank=True)
    assigned_high = models.DecimalField(_("assigned, upper"), max_digits=20, decimal_places=4, null=True, blank=True)
    registered_value = models.DecimalField(_("registered"), max_digits=20, decimal_places=4, null=True, blank=True)
    registered_high = models.DecimalField(
        _("registered, upper"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated"])
    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["figure", "unit"], name="target_once_per_unit")]

    def __str__(self):
        return f"{self.unit} — {self.figure}"
