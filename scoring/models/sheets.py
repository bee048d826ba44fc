"""The scoring sheet (bảng chấm điểm) of a cluster for a campaign, and its tree of criteria with maximum points."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.models import HistoricalRecords

from targets.numbers import format_number
from units.models import ScopedQuerySet, Timestamped, Versioned, has_member_under
from units.models.units import under_paths

__all__ = (
    "CriterionKind",
    "Formula",
    "SCORED_KINDS",
    "ENTERED_KINDS",
    "BASE_KINDS",
    "POINTS",
    "ScoreSheet",
    "ScoreSheetQuerySet",
    "SheetParticipant",
    "Criterion",
)

POINTS = Decimal("0.01")  # points are kept to two decimal places
MAX_POINTS_LIMIT = Decimal(1000)
MAX_CAP = Decimal(2)
MAX_STEPS = 20
MAX_LEVELS = 10

ERR_MAX_NEEDED = gettext_noop("Enter the maximum points of this criterion (more than 0).")
ERR_MAX_TOO_LARGE = gettext_noop("The maximum points cannot be above %(limit)s.")
ERR_MAX_PLACES = gettext_noop("Points have at most two decimal places.")
ERR_FIGURE_NEEDED = gettext_noop("A quantitative criterion is scored from a figure of the campaign: choose the figure.")
ERR_FIGURE_NOT_ALLOWED = gettext_noop("Only a quantitative criterion is linked to a figure.")
ERR_FORMULA_NEEDED = gettext_noop("Choose how the figure is turned into points.")
ERR_FORMULA_NOT_ALLOWED = gettext_noop("Only a quantitative criterion has a formula.")
ERR_CAP = gettext_noop(
    "The cap is the largest share of the maximum points a unit can earn: a number from 0,1 to 2 (1 for no extra "
    "points, 1,2 for up to 1,2 times the maximum)."
)
ERR_STEPS_EMPTY = gettext_noop("Give at least one step: from what percentage achieved, how many points.")
ERR_STEPS_TOO_MANY = gettext_noop("At most %(count)s steps.")
ERR_STEP_FORMAT = gettext_noop(
    "Step %(number)s is not “percentage: points”. Write one step per line, e.g. “80: 5” for 5 points from 80%%."
)
ERR_STEP_ORDER = gettext_noop(
    "The steps must go up: step %(number)s starts at %(percent)s%%, not above the step before it."
)
ERR_STEP_POINTS = gettext_noop(
    "Step %(number)s gives %(points)s points: a step gives from 0 to the maximum of %(max)s points."
)
ERR_STEP_FEWER = gettext_noop(
    "Step %(number)s gives fewer points (%(points)s) than the step before it: achieving more never scores less."
)
ERR_STEP_NEGATIVE = gettext_noop("Step %(number)s starts at a negative percentage.")
ERR_PER_CASE_KIND = gettext_noop("Only points entered, bonus points and penalty points are counted per case.")
ERR_PER_CASE = gettext_noop(
    "The points per case are more than 0, with at most two decimal places, and not above the maximum (the cap)."
)
ERR_LEVELS_KIND = gettext_noop("Only points entered, bonus points and penalty points are chosen from levels.")
ERR_LEVELS_BOTH = gettext_noop("A criterion is scored either per case or from levels, not both.")
ERR_LEVELS_FEW = gettext_noop("Give at least two levels (e.g. 0 / -2), at most %(count)s.")
ERR_LEVEL_RANGE = gettext_noop(
    "The level %(points)s is outside the criterion's range, from %(low)s to %(high)s points."
)
ERR_LEVEL_TWICE = gettext_noop("The level %(points)s is listed twice.")
ERR_GROUP_CAPS = gettext_noop("Only a group caps the bonus and penalty points of the criteria under it.")
ERR_GROUP_CAP = gettext_noop("A cap of the bonus or penalty points is more than 0, with at most two decimal places.")
ERR_DISQUALIFIER_MAX = gettext_noop(
    "A disqualifying criterion has no points: a “yes” makes the unit not ranked, whatever its points."
)


class CriterionKind(models.TextChoices):
    GROUP = "group", gettext_lazy("Group of criteria")
    QUANTITATIVE = "quantitative", gettext_lazy("Quantitative (from a figure)")
    QUALITATIVE = "qualitative", gettext_lazy("Qualitative (full points or none)")
    DIRECT = "direct", gettext_lazy("Points entered")
    BONUS = "bonus", gettext_lazy("Bonus points")
    PENALTY = "penalty", gettext_lazy("Penalty points")
    DISQUALIFIER = "disqualifier", gettext_lazy("Disqualifying (yes: not ranked)")


SCORED_KINDS = frozenset(
    {
        CriterionKind.QUANTITATIVE,
        CriterionKind.QUALITATIVE,
        CriterionKind.DIRECT,
        CriterionKind.BONUS,
        CriterionKind.PENALTY,
        CriterionKind.DISQUALIFIER,
    }
)
# The kinds whose points may be counted per case or chosen from levels.
ENTERED_KINDS = frozenset({CriterionKind.DIRECT, CriterionKind.BONUS, CriterionKind.PENALTY})
BASE_KINDS = frozenset({CriterionKind.QUANTITATIVE, CriterionKind.QUALITATIVE, CriterionKind.DIRECT})


class Formula(models.TextChoices):
    PROPORTIONAL = "proportional", gettext_lazy("In proportion to the percentage achieved, with a cap")
    THRESHOLD = "threshold", gettext_lazy("Full points when achieved (đạt or vượt), else 0")
    STEPS = "steps", gettext_lazy("Steps by percentage achieved")


class ScoreSheetQuerySet(ScopedQuerySet):
    """Scope for sheets: a user sees a sheet when they act for its organiser (or a unit above it), or for one of
    its members: the cluster's members, or — on a sheet without a cluster — the units it scores. What a member sees
    inside the sheet is narrowed further (scoring.access)."""

    scope_path = "organiser__path"

    def scope_condition(self, paths):
        participant = Exists(SheetParticipant.objects.filter(under_paths("unit__path", paths), sheet=OuterRef("pk")))
        return super().scope_condition(paths) | Q(has_member_under(paths, OuterRef("cluster"))) | Q(participant)


class ScoreSheet(Timestamped, Versioned):
    """The scoring sheet of one cluster for one campaign (and optionally one reporting period, whose reports give the
    quantitative criteria their points) — or, without a cluster, of a unit scoring the units it names itself (a
    province its departments, a commune its villages): then ``participants`` are the members."""

    cluster = models.ForeignKey(
        "units.Cluster",
        verbose_name=gettext_lazy("cluster"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="score_sheets",
    )
    organiser = models.ForeignKey(
        "units.Unit",
        verbose_name=gettext_lazy("organised by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=gettext_lazy("The cluster's organiser, or the unit scoring its own participants."),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=gettext_lazy("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        "reports.Period",
        verbose_name=gettext_lazy("reporting period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=gettext_lazy("The reports of this period give the quantitative criteria their points."),
    )
    title = models.CharField(gettext_lazy("title"), max_length=300)
    bonus_in_subtotals = models.BooleanField(
        gettext_lazy("bonus and penalty points count in the subtotals"),
        default=False,
        help_text=gettext_lazy(
            "Ticked: a group's subtotal includes the bonus and penalty points under it (standard 3, bonus 4: 7). "
            "The total is the same either way."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords(excluded_fields=["updated"])
    objects = ScoreSheetQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("scoring sheet")
        verbose_name_plural = gettext_lazy("scoring sheets")
        ordering = ("-campaign__year", "title", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "campaign"],
                condition=Q(cluster__isnull=True, period__isnull=True),
                name="score_sheet_own_once_per_campaign",
                violation_error_message=gettext_lazy("This unit already has a scoring sheet for this campaign."),
            ),
            models.UniqueConstraint(
                fields=["organiser", "campaign", "period"],
                condition=Q(cluster__isnull=True, period__isnull=False),
                name="score_sheet_own_once_per_period",
                violation_error_message=gettext_lazy(
                    "This unit already has a scoring sheet for this campaign and period."
                ),
            ),
            models.UniqueConstraint(
                fields=["cluster", "campaign"],
                condition=Q(period__isnull=True),
                name="score_sheet_once_per_campaign",
                violation_error_message=gettext_lazy("This cluster already has a scoring sheet for this campaign."),
            ),
            models.UniqueConstraint(
                fields=["cluster", "campaign", "period"],
                condition=Q(period__isnull=False),
                name="score_sheet_once_per_period",
                violation_error_message=gettext_lazy(
                    "This cluster already has a scoring sheet for this campaign and period."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.cluster_id is not None:
            self.organiser_id = self.cluster.organiser_id  # a cluster's sheet is organised by the cluster's organiser
        super().save(*args, **kwargs)

    @property
    def year(self) -> int:
        return self.cluster.year if self.cluster_id else self.campaign.year

    @property
    def scorer_name(self) -> str:
        """Who scores: the cluster's name, or the organiser's on a sheet without a cluster."""
        return self.cluster.name if self.cluster_id else self.organiser.name


class SheetParticipant(models.Model):
    """A unit scored on a sheet without a cluster."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=gettext_lazy("unit"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("unit scored")
        verbose_name_plural = gettext_lazy("units scored")
        ordering = ("sheet", "unit__code")
        constraints = [models.UniqueConstraint(fields=["sheet", "unit"], name="sheet_participant_once")]

    def __str__(self):
        return str(self.unit)

    @property
    def role(self) -> str:
        """As a cluster member's: every unit scored on a sheet without a cluster is an ordinary member."""
        from units.models import MemberRole

        return MemberRole.MEMBER


class Criterion(models.Model):
    """One line of the scoring table: a label as printed ("1.", "1.1"), a heading, a kind and maximum points.

    A group holds other criteria and scores their sum (capped at its own maximum when it has one). A quantitative
    criterion is scored from a figure of the campaign by its formula; a qualitative one scores its maximum or 0;
    a direct one takes the points entered; bonus points add and penalty points (entered as negative numbers)
    subtract, each within its own maximum."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self",
        verbose_name=gettext_lazy("under"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveIntegerField(gettext_lazy("order"), default=0)
    label = models.CharField(
        gettext_lazy("number"), max_length=20, blank=True, help_text=gettext_lazy("As printed: 1., 1.1, a)")
    )
    heading = models.CharField(gettext_lazy("criterion"), max_length=1000)
    kind = models.CharField(gettext_lazy("kind"), max_length=12, choices=CriterionKind.choices)
    max_points = models.DecimalField(
        gettext_lazy("maximum points"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    figure = models.ForeignKey(
        "targets.Figure",
        verbose_name=gettext_lazy("figure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    formula = models.CharField(gettext_lazy("formula"), max_length=12, choices=Formula.choices, blank=True)
    formula_params = models.JSONField(gettext_lazy("formula parameters"), default=dict, blank=True)
    per_case = models.DecimalField(
        gettext_lazy("points per case"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=gettext_lazy("The scorer enters the number of cases; the points are cases × this, capped."),
    )
    levels = models.JSONField(gettext_lazy("levels"), default=list, blank=True)  # [[points, label], …]
    bonus_cap = models.DecimalField(
        gettext_lazy("cap of the bonus points under it"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    penalty_cap = models.DecimalField(
        gettext_lazy("cap of the penalty points under it"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    guidance = models.TextField(gettext_lazy("how it is scored"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("criterion")
        verbose_name_plural = gettext_lazy("criteria")
        ordering = ("sheet", "parent_id", "position", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__isnull=True) | Q(max_points__gte=0), name="criterion_max_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.heading}".strip()

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORED_KINDS

    @property
    def ceiling(self) -> Decimal:
        """The most a unit can score here: the maximum, times the cap for a proportional formula."""
        top = self.max_points or Decimal(0)
        if self.kind == CriterionKind.QUANTITATIVE and self.formula == Formula.PROPORTIONAL:
            cap = Decimal(str(self.formula_params.get("cap", "1")))
            return (top * cap).quantize(POINTS)
        return top

    @property
    def level_points(self) -> list[Decimal]:
        """The points of the levels a unit is scored at, as listed (empty when the criterion has none)."""
        return [Decimal(str(points)) for points, _label in self.levels or []]

    def level_text(self) -> str:
        """The levels as printed: “Chuẩn 3 / 1,5 / 0”."""
        return " / ".join(
            f"{label} {format_number(Decimal(str(points)))}".strip() for points, label in self.levels or []
        )

    def case_points(self, cases: int) -> Decimal:
        """The points of ``cases`` cases: points per case × cases, never beyond the maximum; negative for a
        penalty."""
        points = min(self.per_case * cases, self.max_points or Decimal(0))
        return -points if self.kind == CriterionKind.PENALTY else points

    @staticmethod
    def clean_rule(
        *,
        kind: str,
        max_points,
        figure,
        formula: str,
        params: dict | None,
        per_case=None,
        levels=None,
        bonus_cap=None,
        penalty_cap=None,
    ) -> dict:
        """Checks a criterion's kind, maximum, figure, formula, points per case, levels and group caps together;
        returns the formula parameters in their stored form (decimals as strings), with the levels under "levels",
        or raises ValidationError naming the field at fault."""
        errors: dict[str, list[str]] = {}
        params = dict(params or {})
        stored_levels = _clean_extras(
            errors,
            kind=kind,
            max_points=max_points,
            per_case=per_case,
            levels=levels,
            bonus_cap=bonus_cap,
            penalty_cap=penalty_cap,
        )
        if kind == CriterionKind.DISQUALIFIER:
            if max_points is not None:
                errors.setdefault("max_points", []).append(_(ERR_DISQUALIFIER_MAX))
        elif kind == CriterionKind.GROUP:
            if max_points is not None and max_points <= 0:
                errors.setdefault("max_points", []).append(_(ERR_MAX_NEEDED))
        elif max_points is None or max_points <= 0:
            errors.setdefault("max_points", []).append(_(ERR_MAX_NEEDED))
        if max_points is not None:
            if max_points > MAX_POINTS_LIMIT:
                errors.setdefault("max_points", []).append(_(ERR_MAX_TOO_LARGE) % {"limit": MAX_POINTS_LIMIT})
            elif max_points != max_points.quantize(POINTS):
                errors.setdefault("max_points", []).append(_(ERR_MAX_PLACES))
        result: dict = {}
        if kind == CriterionKind.QUANTITATIVE:
            if figure is None:
                errors.setdefault("figure", []).append(_(ERR_FIGURE_NEEDED))
            if not formula:
                errors.setdefault("formula", []).append(_(ERR_FORMULA_NEEDED))
            elif formula == Formula.PROPORTIONAL:
                try:
                    cap = Decimal(str(params.get("cap", "1")))
                except (InvalidOperation, ValueError):
                    cap = None
                if cap is None or not cap.is_finite() or cap < Decimal("0.1") or cap > MAX_CAP:
                    errors.setdefault("cap", []).append(_(ERR_CAP))
                else:
                    result = {"cap": _text(cap)}
            elif formula == Formula.STEPS:
                steps, step_errors = _clean_steps(params.get("steps"), max_points)
                if step_errors:
                    errors.setdefault("steps", []).extend(step_errors)
                else:
                    result = {"steps": steps}
        else:
            if figure is not None:
                errors.setdefault("figure", []).append(_(ERR_FIGURE_NOT_ALLOWED))
            if formula:
                errors.setdefault("formula", []).append(_(ERR_FORMULA_NOT_ALLOWED))
        if errors:
            raise ValidationError(errors)
        return {**result, "levels": stored_levels} if stored_levels else result


def _valid_points(value) -> bool:
    return value is not None and value.is_finite() and 0 < value <= MAX_POINTS_LIMIT and value == value.quantize(POINTS)


def _clean_extras(errors, *, kind, max_points, per_case, levels, bonus_cap, penalty_cap) -> list:
    """The checks of the points per case, the levels and the group caps; the levels in their stored form
    ([[points, label], …], points as strings)."""
    if per_case is not None:
        if kind not in ENTERED_KINDS:
            errors.setdefault("per_case", []).append(_(ERR_PER_CASE_KIND))
        elif not _valid_points(per_case) or (max_points is not None and per_case > max_points):
            errors.setdefault("per_case", []).append(_(ERR_PER_CASE))
    stored = []
    if levels:
        if kind not in ENTERED_KINDS:
            errors.setdefault("levels", []).append(_(ERR_LEVELS_KIND))
        elif per_case is not None:
            errors.setdefault("levels", []).append(_(ERR_LEVELS_BOTH))
        elif not 2 <= len(levels) <= MAX_LEVELS:
            errors.setdefault("levels", []).append(_(ERR_LEVELS_FEW) % {"count": MAX_LEVELS})
        else:
            top = max_points or Decimal(0)
            low, high = (-top, Decimal(0)) if kind == CriterionKind.PENALTY else (Decimal(0), top)
            seen = set()
            for raw, label in levels:
                points = Decimal(str(raw))
                values = {"points": format_number(points), "low": format_number(low), "high": format_number(high)}
                if not points.is_finite() or points < low or points > high or points != points.quantize(POINTS):
                    errors.setdefault("levels", []).append(_(ERR_LEVEL_RANGE) % values)
                elif points in seen:
                    errors.setdefault("levels", []).append(_(ERR_LEVEL_TWICE) % values)
                seen.add(points)
                stored.append([_text(points), str(label or "").strip()[:100]])
    for name, cap in (("bonus_cap", bonus_cap), ("penalty_cap", penalty_cap)):
        if cap is None:
            continue
        if kind != CriterionKind.GROUP:
            errors.setdefault(name, []).append(_(ERR_GROUP_CAPS))
        elif not _valid_points(cap):
            errors.setdefault(name, []).append(_(ERR_GROUP_CAP))
    return stored


def _text(number: Decimal) -> str:
    """A decimal as stored in the JSON parameters: '1.2', '80', '7.5'."""
    text = f"{number.normalize():f}"
    return text


def _clean_steps(raw, max_points) -> tuple[list[list[str]], list[str]]:
    """[[min percent, points], …] from the stored or typed form; the errors in Vietnamese."""
    if not raw:
        return [], [_(ERR_STEPS_EMPTY)]
    if not isinstance(raw, (list, tuple)):
        return [], [_(ERR_STEP_FORMAT) % {"number": 1}]
    if len(raw) > MAX_STEPS:
        return [], [_(ERR_STEPS_TOO_MANY) % {"count": MAX_STEPS}]
    errors, steps = [], []
    previous = None
    for number, step in enumerate(raw, start=1):
        try:
            percent, points = (Decimal(str(v)) for v in step)
            if not (percent.is_finite() and points.is_finite()):
                raise ValueError
        except (InvalidOperation, ValueError, TypeError):
            errors.append(_(ERR_STEP_FORMAT) % {"number": number})
            continue
        if percent < 0:
            errors.append(_(ERR_STEP_NEGATIVE) % {"number": number})
        if points < 0 or (max_points is not None and points > max_points) or points != points.quantize(POINTS):
            errors.append(
                _(ERR_STEP_POINTS)
                % {"number": number, "points": format_number(points), "max": format_number(max_points or 0)}
            )
        if previous is not None:
            if percent <= previous[0]:
                errors.append(_(ERR_STEP_ORDER) % {"number": number, "percent": format_number(percent)})
            elif points < previous[1]:
                errors.append(_(ERR_STEP_FEWER) % {"number": number, "points": format_number(points)})
        previous = (percent, points)
        steps.append([_text(percent), _text(points)])
    return steps, errors
