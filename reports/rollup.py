"""Roll-up: a campaign's figures for any unit and period, added up from the reports of the units below it by each
figure's rule, computed from the database when asked (no nightly batch).

- sum: Σ value
- weighted (``weight_name`` names the weight figure): Σ value × weight / Σ weight, over the units that gave both
- ratio (``numerator_name`` / ``weight_name``): Σ numerator / Σ denominator, × 100 when the figure is in %
- count: the number of units whose own figure is achieved (vượt or đạt), out of the units that reported it
- none: the figure does not add up: minimum, median and maximum instead

Only the reporting units count: the participating units with no participating unit below them, so a district that
reports for itself and its communes is not counted twice. Only submitted and approved reports count, unless told.

Everything is computed by the database, grouped by the path prefix of the units asked for (a unit, or all of a
unit's children for the drill-down, in the same query), in a fixed number of queries whatever the number of units
(of one depth) and of figures: one counts the reporting units; one GROUP BY sums and counts every figure (ratios are
two of those sums) and, as aggregates filtered to their rows, the weighted sums (each weight joined once per report)
and the units achieving (each unit's own target joined once per report); one more gives the minimum, median and
maximum of the figures that do not add up (an ordered aggregate, which would cost the main GROUP BY its hashing);
one reads the units' own targets. Counts of units achieving for the forms SQL cannot judge (range, change, grade,
qualitative) are computed in Python from their values and targets (two more queries), and on SQLite the
distributions from their values (in place of the percentile query)."""

import os
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    Max,
    Min,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils import timezone

from reports.achievement import Status, achievement
from reports.models import Report, ReportStatus, ReportValue
from reports.services import campaign_figures
from targets.effective import effective_target, effective_target_sql
from targets.models import Aggregation, Figure, FigureForm, Target
from units.models import Unit
from units.text import search_key

COUNTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
PLACES = Decimal("0.01")


@dataclass
class Cell:
    """One figure rolled up for one unit."""

    figure_id: int
    value: Decimal | None = None
    reported: int = 0  # reporting units with a value for this figure
    expected: int = 0  # reporting units
    minimum: Decimal | None = None
    median: Decimal | None = None
    maximum: Decimal | None = None
    achieved: int | None = None  # count rule: units achieving
    target: Decimal | None = None  # the unit's own target: registered, else assigned
    problem: str = ""  # why no value (a weight or numerator that is not in the campaign)
    status: str = Status.NO_DATA
    percent: Decimal | None = None


@dataclass
class Rollup:
    unit: Unit
    period_id: int
    expected: int
    cells: dict[int, Cell] = field(default_factory=dict)


def reporting_units(campaign, under: str = "") -> list[tuple[int, str]]:
    """(id, path) of the participating units with no participating unit below them; with ``under`` (a tree path),
    only those in that subtree, read from it alone: the cost follows the subtree, not the campaign."""
    participations = campaign.participations.all()
    if under:
        participations = participations.filter(unit__path__startswith=under)
    rows = sorted(participations.values_list("unit_id", "unit__path"), key=lambda r: r[1])
    leaves = []
    for i, (unit_id, path) in enumerate(rows):
        following = rows[i + 1][1] if i + 1 < len(rows) else ""
        if not following.startswith(path):
            leaves.append((unit_id, path))
    return leaves


@dataclass(frozen=True)
class Reporting:
    """Who reports under some units: one depth (the usual case: every participant a commune), else the ids."""

    depth: int | None
    ids: list[int] | None
    expected: dict[int, int]  # unit id -> reporting units under it


def reporting_under(campaign, units: list) -> Reporting:
    """The reporting units under each of ``units``. One query counts the participants by depth, and under each unit:
    when they all sit at one depth (the usual case) that is the answer; otherwise a second one lists them."""
    under = _common_path([u.path for u in units])
    participations = campaign.participations.all()
    if under:  # only the subtree asked about: the participants elsewhere change nothing under these units
        participations = participations.filter(unit__path__startswith=under)
    lengths = {len(u.path) for u in units}
    expected = {u.pk: 0 for u in units}
    depths = set()
    if len(units) > 1 and len(lengths) == 1:  # a drill-down: count by the path prefix, the others in one group
        by_prefix = {u.path: u.pk for u in units}
        prefix = Substr("unit__path", 1, next(iter(lengths)))
        rows = (
            participations.annotate(under=Case(When(In(prefix, list(by_prefix)), then=prefix), default=Value("")))
            .values("unit__depth", "under")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            depths.add(row["unit__depth"])
            if row["under"] in by_prefix:
                expected[by_prefix[row["under"]]] += row["n"]
    else:
        counts = {f"n{i}": Count("pk", filter=Q(unit__path__startswith=u.path)) for i, u in enumerate(units)}
        for row in participations.values("unit__depth").annotate(**counts):
            depths.add(row["unit__depth"])
            for i, u in enumerate(units):
                expected[u.pk] += row[f"n{i}"]
    if len(depths) == 1:
        return Reporting(depth=depths.pop(), ids=None, expected=expected)
    if not depths:
        return Reporting(depth=None, ids=[], expected=expected)
    leaves = reporting_units(campaign, under)
    expected = {u.pk: sum(1 for _uid, path in leaves if path.startswith(u.path)) for u in units}
    return Reporting(depth=None, ids=[uid for uid, _path in leaves], expected=expected)


def _common_path(paths: list[str]) -> str:
    """The path of the lowest unit above (or equal to) every one of ``paths``: "" for the whole country."""
    if not paths:
        return ""
    common = os.path.commonprefix(paths)
    return common[: len(common) - len(common) % Unit.steplen]


def _by_name(figures: list[Figure]) -> dict[str, Figure]:
    return {search_key(f.name): f for f in figures}


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(PLACES, rounding=ROUND_HALF_UP)


class Median(Aggregate):
    """The median, in the database where it can (PostgreSQL's percentile_cont)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DecimalField(max_digits=24, decimal_places=4)


def _grouped(queryset, aggregates: dict, *, units) -> dict[tuple[int, int], dict]:
    """{(unit id, figure id): aggregates} for the rows under each of ``units`` (one query: grouped by the path
    prefix when the units are of one depth; one query per unit otherwise)."""
    lengths = {len(u.path) for u in units}
    out = {}
    if len(units) == 1:  # the rows are already the unit's: group by figure alone, as a hand-written query would
        (unit,) = units
        for row in queryset.values("figure_id").annotate(**aggregates):
            out[(unit.pk, row["figure_id"])] = row
        return out
    if len(lengths) == 1:
        by_prefix = {u.path: u.pk for u in units}
        rows = (
            queryset.annotate(prefix=Substr("report__unit__path", 1, next(iter(lengths))))
            .values("prefix", "figure_id")
            .annotate(**aggregates)
        )
        for row in rows:
            if row["prefix"] in by_prefix:
                out[(by_prefix[row["prefix"]], row["figure_id"])] = row
        return out
    for u in units:
        for row in queryset.filter(report__unit__path__startswith=u.path).values("figure_id").annotate(**aggregates):
            out[(u.pk, row["figure_id"])] = row
    return out


SQL_COUNTABLE = {FigureForm.AT_LEAST, FigureForm.PLANNED, FigureForm.OUT_OF, FigureForm.STATUS}


def _achieved_condition(figure: Figure, target: str) -> Q:
    """The rows where a unit achieved the figure, in SQL: the value against the unit's registered, else assigned,
    else the figure's own target (``target`` names the relation to the unit's own Target), in the figure's
    direction."""
    if figure.form == FigureForm.STATUS:
        return Q(flag=True)
    target = effective_target_sql(target, figure)
    if figure.direction == "down" and figure.form != FigureForm.OUT_OF:
        return Q(value__lte=target)
    return Q(value__gte=target)


@dataclass
class _Plan:
    """What one call works out once from the campaign's figures: each figure's weight, numerator and denominator
    (looked up by name), and which figures need more than a sum."""

    weight: dict[int, Figure | None]
    numerator: dict[int, Figure | None]
    weighted: list[Figure]  # weighted averages whose weight is in the campaign
    counted: list[Figure]  # counts of units achieving that SQL judges
    judged_in_python: list[Figure]  # counts of units achieving that it cannot
    spread: list[Figure]  # distributions (minimum, median, maximum)
    columns: dict[int, dict[str, str]] = field(default_factory=dict)  # figure id -> {name in the cell: column}

    @classmethod
    def of(cls, figures: list[Figure]) -> "_Plan":
        by_name = _by_name(figures)
        plan = cls(
            weight={f.pk: _part(by_name, f.weight_name) for f in figures},
            numerator={f.pk: _part(by_name, f.numerator_name) for f in figures},
            weighted=[],
            counted=[],
            judged_in_python=[],
            spread=[],
        )
        for f in figures:
            if f.aggregation == Aggregation.WEIGHTED_AVERAGE and plan.weight[f.pk] is not None:
                plan.weighted.append(f)
            elif f.aggregation == Aggregation.COUNT_ACHIEVED:
                (plan.counted if f.form in SQL_COUNTABLE else plan.judged_in_python).append(f)
            elif f.aggregation == Aggregation.NONE:
                plan.spread.append(f)
        return plan


def _of(figures: list[Figure]) -> Q:
    """The rows of these figures."""
    return Q(figure_id=figures[0].pk) if len(figures) == 1 else Q(figure_id__in=[f.pk for f in figures])


def _folded(base, plan: _Plan, aggregates: dict) -> tuple:
    """The main GROUP BY widened to the weighted averages and the counts of units achieving, as aggregates filtered
    to those figures' rows: each weight (and each counted figure's target) is joined once per report, not per row,
    so the query keeps the plan of a plain GROUP BY. Returns the queryset and the aggregates."""
    weights: dict[int, list[Figure]] = defaultdict(list)
    for f in plan.weighted:
        weights[plan.weight[f.pk].pk].append(f)
    for i, (weight_id, figures) in enumerate(weights.items()):
        alias = f"w{i}"
        base = base.annotate(
            **{alias: FilteredRelation("report__values", condition=Q(report__values__figure_id=weight_id))}
        )
        both = _of(figures) & Q(value__isnull=False, **{f"{alias}__value__isnull": False})
        aggregates[f"{alias}_top"] = Sum(F("value") * F(f"{alias}__value"), filter=both, output_field=DecimalField())
        aggregates[f"{alias}_bottom"] = Sum(f"{alias}__value", filter=both)
        aggregates[f"{alias}_pairs"] = Count("pk", filter=both)
        for f in figures:
            plan.columns[f.pk] = {"top": f"{alias}_top", "bottom": f"{alias}_bottom", "pairs": f"{alias}_pairs"}
    if plan.counted:
        aggregates["judged"] = Count("pk", filter=_of(plan.counted) & (Q(value__isnull=False) | Q(flag__isnull=False)))
    for f in plan.counted:
        alias = f"t{f.pk}"
        if f.form != FigureForm.STATUS:
            base = base.annotate(
                **{alias: FilteredRelation("report__unit__targets", condition=Q(report__unit__targets__figure=f))}
            )
        aggregates[f"achieved_{f.pk}"] = Count("pk", filter=Q(figure_id=f.pk) & _achieved_condition(f, alias))
        plan.columns[f.pk] = {"achieved": f"achieved_{f.pk}", "judged": "judged"}
    return base, aggregates


def _spread(base, units, plan: _Plan) -> dict[tuple[int, int], dict]:
    """The minimum, median and maximum of every distribution figure: one query over their rows (an ordered
    aggregate, which would cost the main GROUP BY its hashing, so apart)."""
    rows = base.filter(_of(plan.spread), value__isnull=False)
    if connection.vendor == "postgresql":
        return _grouped(rows, {"median": Median("value"), "lo": Min("value"), "hi": Max("value")}, units=units)
    return _spread_in_python(rows, units)


def rollup(
    *, period, units: list, statuses=COUNTED, with_status: bool = True, figures: list | None = None
) -> dict[int, Rollup]:
    """Roll-ups of the period for several units at once (a unit, or a unit's children for a drill-down). A fixed
    number of queries, whatever the number of units and of figures: who reports, one GROUP BY for every figure, one
    for the distributions, and the units' own targets. Returns {unit id: Rollup}."""
    campaign = period.campaign
    figures = campaign_figures(campaign) if figures is None else figures
    if not units:
        return {}
    reporting = reporting_under(campaign, units)
    result = {u.pk: Rollup(unit=u, period_id=period.pk, expected=reporting.expected[u.pk]) for u in units}
    if not any(reporting.expected.values()):
        return result

    condition = Q()
    for u in units:
        condition |= Q(report__unit__path__startswith=u.path)
    if reporting.depth is not None:
        condition &= Q(report__unit__depth=reporting.depth)
    else:
        condition &= Q(report__unit_id__in=reporting.ids)
    base = ReportValue.objects.filter(condition, report__period=period, report__status__in=statuses)

    # One GROUP BY, with the plan of a hand-written one, sums and counts every figure (and last year's values where a
    # figure is measured against them), and with filtered aggregates the weighted sums and the units achieving.
    plan = _Plan.of(figures)
    forms = {f.form for f in figures}
    aggregates = {"total": Sum("value"), "n": Count("value")}
    if FigureForm.CHANGE in forms:
        aggregates["previous"] = Sum("previous")
    if forms & {FigureForm.STATUS, FigureForm.GRADE, FigureForm.QUALITATIVE}:
        aggregates["flags"] = Count("flag")
    sums = _grouped(*_folded(base, plan, aggregates), units=units)
    special: dict[tuple[int, int], dict] = defaultdict(dict)
    for key, row in sums.items():
        special[key] = {name: row[column] for name, column in plan.columns.get(key[1], {}).items()}
    if plan.spread:
        for key, row in _spread(base, units, plan).items():
            special[key].update(row)
    if plan.judged_in_python:
        for key, row in _count_in_python(base, plan.judged_in_python, units).items():
            special[key].update(row)

    own_targets = {}
    if with_status:
        own_targets = {
            (t.figure_id, t.unit_id): t
            for t in Target.objects.filter(figure_id__in=[f.pk for f in figures], unit_id__in=[u.pk for u in units])
        }
    nothing = {}
    for u in units:
        roll = result[u.pk]
        for f in figures:
            cell = Cell(figure_id=f.pk, expected=roll.expected)
            s = sums.get((u.pk, f.pk), nothing)
            x = special.get((u.pk, f.pk), nothing)
            target = own_targets.get((f.pk, u.pk))
            if target is not None:
                cell.target = effective_target(target)[0]
            cell.reported = s.get("n", 0) or s.get("flags", 0)
            if f.aggregation == Aggregation.SUM:
                cell.value = s.get("total") if cell.reported else None
            elif f.aggregation == Aggregation.WEIGHTED_AVERAGE:
                if plan.weight[f.pk] is None:
                    cell.problem = "weight"
                cell.reported = x.get("pairs") or 0
                cell.value = _round(x["top"] / x["bottom"]) if x.get("bottom") else None
            elif f.aggregation == Aggregation.RATIO:
                numerator, denominator = plan.numerator[f.pk], plan.weight[f.pk]
                if numerator is None or denominator is None:
                    cell.problem = "ratio"
                else:
                    top = sums.get((u.pk, numerator.pk), nothing).get("total")
                    bottom = sums.get((u.pk, denominator.pk), nothing).get("total")
                    cell.reported = sums.get((u.pk, numerator.pk), nothing).get("n", 0)
                    if top is not None and bottom:
                        factor = Decimal(100) if f.unit_of_measure.strip() == "%" else Decimal(1)
                        cell.value = _round(top / bottom * factor)
            elif f.aggregation == Aggregation.COUNT_ACHIEVED:
                cell.reported, cell.achieved = x.get("judged") or 0, x.get("achieved") or 0
                cell.value = Decimal(cell.achieved) if cell.reported else None
            else:
                cell.minimum, cell.maximum = x.get("lo"), x.get("hi")
                cell.median = _round(Decimal(x["median"])) if x.get("median") is not None else None
            if with_status and cell.value is not None and f.aggregation != Aggregation.COUNT_ACHIEVED:
                # A change figure that adds up is judged on the sums of this year's and last year's values.
                previous = s.get("previous") if f.aggregation == Aggregation.SUM else None
                judged = achievement(figure=f, target=target, actual=cell.value, previous=previous)
                cell.status, cell.percent = judged.status, judged.percent
            roll.cells[f.pk] = cell
    return result


def _part(by_name, name):
    return by_name.get(search_key(name)) if name else None


def _prefix_of(units):
    """A function from a report unit's path to the unit of ``units`` above it."""
    paths = sorted(((u.path, u.pk) for u in units), key=lambda p: -len(p[0]))
    return lambda path: next((pk for prefix, pk in paths if path.startswith(prefix)), None)


def _spread_in_python(queryset, units) -> dict:
    """The minimum, median and maximum where the database has no percentile function (SQLite), from the values: each
    value counts for every one of ``units`` above it, as in SQL."""
    paths = [(u.path, u.pk) for u in units]
    values = defaultdict(list)
    for figure_id, value, path in queryset.values_list("figure_id", "value", "report__unit__path"):
        for prefix, pk in paths:
            if path.startswith(prefix):
                values[(pk, figure_id)].append(value)
    return {key: {"lo": min(v), "median": statistics.median(sorted(v)), "hi": max(v)} for key, v in values.items()}


def _count_in_python(queryset, figures, units) -> dict:
    """Units achieving the figures whose form SQL cannot judge (range, change, grade, qualitative…): their values in
    one query, the reporting units' targets for them in another."""
    owner = _prefix_of(units)
    by_pk = {f.pk: f for f in figures}
    rows = list(
        queryset.filter(figure_id__in=list(by_pk)).values(
            "figure_id", "value", "previous", "flag", "grade", "verdict", "report__unit_id", "report__unit__path"
        )
    )
    targets = {
        (t.figure_id, t.unit_id): t
        for t in Target.objects.filter(figure_id__in=list(by_pk), unit_id__in={r["report__unit_id"] for r in rows})
    }
    out = defaultdict(lambda: {"achieved": 0, "judged": 0})
    for row in rows:
        figure = by_pk[row["figure_id"]]
        key = (owner(row["report__unit__path"]), figure.pk)
        judged = achievement(
            figure=figure,
            target=targets.get((figure.pk, row["report__unit_id"])),
            actual=row["value"],
            flag=row["flag"],
            grade=row["grade"] or "",
            verdict=row["verdict"],
            previous=row["previous"],
        )
        if judged.status != Status.NO_DATA:
            out[key]["judged"] += 1
        if judged.status in (Status.ACHIEVED, Status.EXCEEDED):
            out[key]["achieved"] += 1
    return dict(out)


@dataclass(frozen=True)
class Country:
    """The whole country: above every province (the tree has no root unit)."""

    pk: int = 0
    path: str = ""
    name: str = "Cả nước"


def rollup_unit(*, period, unit=None, statuses=COUNTED, figures=None) -> Rollup:
    """One unit's roll-up; without a unit, the whole country's."""
    unit = unit or Country()
    with_status = not isinstance(unit, Country)
    return rollup(period=period, units=[unit], statuses=statuses, with_status=with_status, figures=figures)[unit.pk]


def rollup_children(*, period, unit, statuses=COUNTED, figures=None, children=None) -> list[Rollup]:
    """The drill-down: each child of ``unit`` with reporting units below it (or reporting itself), rolled up; with
    ``children`` (a page of them), only those."""
    children = list(Unit.objects.get_children(unit).order_by("path") if children is None else children)
    rolled = rollup(period=period, units=children, statuses=statuses, figures=figures)
    return [rolled[c.pk] for c in children if rolled[c.pk].expected]


@dataclass(frozen=True)
class Progress:
    unit_id: int
    unit_name: str
    path: str
    status: str  # a ReportStatus, or "" when the unit has not started its report
    submitted_at: object
    late: bool
    values: int

    @property
    def status_label(self) -> str:
        return ReportStatus(self.status).label if self.status else ""


def completeness(*, period, unit) -> list[Progress]:
    """Each reporting unit under ``unit``: where its report stands and whether it came (or is) late. Two queries."""
    leaves = reporting_units(period.campaign, unit.path)
    ids = [uid for uid, _path in leaves]
    reports = {r.unit_id: r for r in Report.objects.filter(period=period, unit_id__in=ids).annotate(n=Count("values"))}
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    today = timezone.localdate()
    out = []
    for uid, path in leaves:
        report = reports.get(uid)
        submitted = report.submitted_at if report else None
        if submitted is not None:
            late = timezone.localtime(submitted).date() > period.due_on
        else:
            late = today > period.due_on
        out.append(
            Progress(
                unit_id=uid,
                unit_name=names.get(uid, ""),
                path=path,
                status=report.status if report else "",
                submitted_at=submitted,
                late=late,
                values=report.n if report else 0,
            )
        )
    return out


def rollup_unit_for(*, user, campaign):
    """The unit whose roll-up a user opens from a campaign: its issuing unit when the user sees it as their own,
    else the user's own unit under it."""
    issuing = campaign.issuing_unit
    if Unit.objects.restrict(user).filter(pk=issuing.pk).exists():
        return issuing
    return next((m.unit for m in user.memberships_list if m.unit.path.startswith(issuing.path)), None)
