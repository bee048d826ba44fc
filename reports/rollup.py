"""Roll-up: a campaign's figures for any unit and period, added up from the reports of the units below it by each
figure's rule, computed from the database when asked (no nightly batch).

- sum: Σ value
- weighted (``weight_name`` names the weight figure): Σ value × weight / Σ weight, over the units that gave both
- ratio (``numerator_name`` / ``weight_name``): Σ numerator / Σ denominator, × 100 when the figure is in %
- count: the number of units whose own figure is achieved (vượt or đạt), out of the units that reported it
- none: the figure does not add up: minimum, median and maximum instead

Only the reporting units count: the participating units with no participating unit below them, so a district that
reports for itself and its communes is not counted twice. Only submitted and approved reports count, unless told.

Everything is computed by the database, grouped by the path prefix of the units asked for (a unit, or all of a unit's
children for the drill-down, in the same query): one GROUP BY for every figure's sum and count (ratios are two of
those sums), and one more, on that figure's rows only, per weighted average, per count of units achieving and per
distribution (minimum, median, maximum). The
number of queries depends on the campaign's figures, never on the number of units. Counts of units achieving for the
forms SQL cannot judge (range, change, grade, qualitative) and medians on SQLite are computed in Python."""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    Max,
    Min,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from reports.achievement import Status, achievement
from reports.models import Report, ReportStatus, ReportValue
from reports.services import campaign_figures
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
    problem: str = ""  # why no value (a weight or numerator that is not in the campaign)
    status: str = Status.NO_DATA
    percent: Decimal | None = None


@dataclass
class Rollup:
    unit: Unit
    period_id: int
    expected: int
    cells: dict[int, Cell] = field(default_factory=dict)


def reporting_units(campaign) -> list[tuple[int, str]]:
    """(id, path) of the participating units with no participating unit below them."""
    rows = sorted(campaign.participations.values_list("unit_id", "unit__path"), key=lambda r: r[1])
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
    """The reporting units under each of ``units``, counted in the database when all participants sit at one depth
    (two small queries, whatever their number); otherwise from the list of participants."""
    spread = campaign.participations.aggregate(lo=Min("unit__depth"), hi=Max("unit__depth"))
    if spread["lo"] is not None and spread["lo"] == spread["hi"]:
        participations = campaign.participations.all()
        lengths = {len(u.path) for u in units}
        expected = {u.pk: 0 for u in units}
        if len(lengths) == 1:
            by_prefix = {u.path: u.pk for u in units}
            rows = (
                participations.annotate(prefix=Substr("unit__path", 1, next(iter(lengths))))
                .values("prefix")
                .annotate(n=Count("pk"))
            )
            for row in rows:
                if row["prefix"] in by_prefix:
                    expected[by_prefix[row["prefix"]]] = row["n"]
        else:
            for u in units:
                expected[u.pk] = participations.filter(unit__path__startswith=u.path).count()
        return Reporting(depth=spread["lo"], ids=None, expected=expected)
    leaves = reporting_units(campaign)
    expected = {u.pk: sum(1 for _uid, path in leaves if path.startswith(u.path)) for u in units}
    return Reporting(depth=None, ids=[uid for uid, _path in leaves], expected=expected)


def _by_name(figures: list[Figure]) -> dict[str, Figure]:
    return {search_key(f.name): f for f in figures}


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(PLACES, rounding=ROUND_HALF_UP)


class Median(Aggregate):
    """The median, in the database where it can (PostgreSQL's percentile_cont)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DecimalField(max_digits=24, decimal_places=4)


def _grouped(queryset, units, **aggregates) -> dict[tuple[int, int], dict]:
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


def _achieved_condition(figure: Figure) -> Q:
    """The rows where a unit achieved the figure, in SQL: the value against the unit's registered, else assigned,
    else the figure's own target (the ``t`` relation), in the figure's direction."""
    if figure.form == FigureForm.STATUS:
        return Q(flag=True)
    target = Coalesce("t__registered_value", "t__assigned_value", Value(figure.value), output_field=DecimalField())
    if figure.direction == "down" and figure.form != FigureForm.OUT_OF:
        return Q(value__lte=target)
    return Q(value__gte=target)


def rollup(
    *, period, units: list, statuses=COUNTED, with_status: bool = True, figures: list | None = None
) -> dict[int, Rollup]:
    """Roll-ups of the period for several units at once (a unit, or a unit's children for a drill-down). The
    number of queries depends on the number of figures that are not plain sums, never on the number of units.
    Returns {unit id: Rollup}."""
    campaign = period.campaign
    figures = campaign_figures(campaign) if figures is None else figures
    by_name = _by_name(figures)
    if not units:
        return {}
    reporting = reporting_under(campaign, units)
    result = {u.pk: Rollup(unit=u, period_id=period.pk, expected=reporting.expected[u.pk]) for u in units}
    if not any(reporting.expected.values()):
        return result

    base = ReportValue.objects.filter(report__period=period, report__status__in=statuses)
    if reporting.depth is not None:
        base = base.filter(report__unit__depth=reporting.depth)
    else:
        base = base.filter(report__unit_id__in=reporting.ids)
    condition = Q()
    for u in units:
        condition |= Q(report__unit__path__startswith=u.path)
    base = base.filter(condition)

    # One GROUP BY, as lean as a hand-written one, sums and counts every figure (and last year's values where a
    # figure is measured against them). Each figure that is not a plain sum then has a query of its own, restricted
    # to its rows through the (figure, report) index: the weighted sums (the weight from the same report), the
    # counts of units achieving, the minimum, median and maximum.
    postgres = connection.vendor == "postgresql"
    forms = {f.form for f in figures}
    aggregates = {"total": Sum("value"), "n": Count("value")}
    if FigureForm.CHANGE in forms:
        aggregates["previous"] = Sum("previous")
    if forms & {FigureForm.STATUS, FigureForm.GRADE, FigureForm.QUALITATIVE}:
        aggregates["flags"] = Count("flag")
    sums = _grouped(base, units, **aggregates)
    special: dict[tuple[int, int], dict] = {}
    for f in figures:
        rows = {}
        mine = base.filter(figure=f)
        if f.aggregation == Aggregation.WEIGHTED_AVERAGE:
            weight = _part(by_name, f.weight_name)
            if weight is None:
                continue
            rows = _grouped(
                mine.annotate(w=FilteredRelation("report__values", condition=Q(report__values__figure=weight))).filter(
                    value__isnull=False, w__value__isnull=False
                ),
                units,
                top=Sum(F("value") * F("w__value"), output_field=DecimalField()),
                bottom=Sum("w__value"),
                pairs=Count("value"),
            )
        elif f.aggregation == Aggregation.COUNT_ACHIEVED and f.form in SQL_COUNTABLE:
            rows = _grouped(
                mine.annotate(
                    t=FilteredRelation("figure__targets", condition=Q(figure__targets__unit=F("report__unit")))
                ),
                units,
                achieved=Count("pk", filter=_achieved_condition(f)),
                judged=Count("pk", filter=Q(value__isnull=False) | Q(flag__isnull=False)),
            )
        elif f.aggregation == Aggregation.COUNT_ACHIEVED:
            rows = _count_in_python(mine, f, units)
        elif f.aggregation == Aggregation.NONE:
            extremes = {"lo": Min("value"), "hi": Max("value")}
            if postgres:
                rows = _grouped(mine.filter(value__isnull=False), units, median=Median("value"), **extremes)
            else:
                rows = _grouped(mine.filter(value__isnull=False), units, **extremes)
                for key, row in _median_in_python(mine.filter(value__isnull=False), units).items():
                    rows.setdefault(key, {}).update(row)
        for key, row in rows.items():
            special[key] = row

    own_targets = {}
    if with_status:
        own_targets = {
            (t.figure_id, t.unit_id): t
            for t in Target.objects.filter(figure__in=figures, unit_id__in=[u.pk for u in units])
        }
    for u in units:
        roll = result[u.pk]
        for f in figures:
            cell = Cell(figure_id=f.pk, expected=roll.expected)
            s = sums.get((u.pk, f.pk)) or {}
            x = special.get((u.pk, f.pk)) or {}
            cell.reported = s.get("n", 0) or s.get("flags", 0)
            if f.aggregation == Aggregation.SUM:
                cell.value = s.get("total") if cell.reported else None
            elif f.aggregation == Aggregation.WEIGHTED_AVERAGE:
                if _part(by_name, f.weight_name) is None:
                    cell.problem = "weight"
                cell.reported = x.get("pairs", 0)
                cell.value = _round(x["top"] / x["bottom"]) if x.get("bottom") else None
            elif f.aggregation == Aggregation.RATIO:
                numerator, denominator = _part(by_name, f.numerator_name), _part(by_name, f.weight_name)
                if numerator is None or denominator is None:
                    cell.problem = "ratio"
                else:
                    top = (sums.get((u.pk, numerator.pk)) or {}).get("total")
                    bottom = (sums.get((u.pk, denominator.pk)) or {}).get("total")
                    cell.reported = (sums.get((u.pk, numerator.pk)) or {}).get("n", 0)
                    if top is not None and bottom:
                        factor = Decimal(100) if f.unit_of_measure.strip() == "%" else Decimal(1)
                        cell.value = _round(top / bottom * factor)
            elif f.aggregation == Aggregation.COUNT_ACHIEVED:
                cell.reported, cell.achieved = x.get("judged", 0), x.get("achieved", 0)
                cell.value = Decimal(cell.achieved) if cell.reported else None
            else:
                cell.minimum, cell.maximum = x.get("lo"), x.get("hi")
                cell.median = _round(Decimal(x["median"])) if x.get("median") is not None else None
            if with_status and cell.value is not None and f.aggregation != Aggregation.COUNT_ACHIEVED:
                # A change figure that adds up is judged on the sums of this year's and last year's values.
                previous = s.get("previous") if f.aggregation == Aggregation.SUM else None
                judged = achievement(
                    figure=f, target=own_targets.get((f.pk, u.pk)), actual=cell.value, previous=previous
                )
                cell.status, cell.percent = judged.status, judged.percent
            roll.cells[f.pk] = cell
    return result


def _part(by_name, name):
    return by_name.get(search_key(name)) if name else None


def _prefix_of(units):
    """A function from a report unit's path to the unit of ``units`` above it."""
    paths = sorted(((u.path, u.pk) for u in units), key=lambda p: -len(p[0]))
    return lambda path: next((pk for prefix, pk in paths if path.startswith(prefix)), None)


def _median_in_python(queryset, units) -> dict:
    """The median where the database has no percentile function (SQLite): the values of one figure."""
    owner = _prefix_of(units)
    values = defaultdict(list)
    for figure_id, value, path in queryset.values_list("figure_id", "value", "report__unit__path"):
        values[(owner(path), figure_id)].append(value)
    return {key: {"median": statistics.median(sorted(v))} for key, v in values.items() if key[0] is not None}


def _count_in_python(queryset, figure, units) -> dict:
    """Units achieving a figure whose form SQL cannot judge (range, change, grade, qualitative…)."""
    owner = _prefix_of(units)
    rows = list(
        queryset.values("value", "previous", "flag", "grade", "verdict", "report__unit_id", "report__unit__path")
    )
    targets = {
        t.unit_id: t for t in Target.objects.filter(figure=figure, unit_id__in={r["report__unit_id"] for r in rows})
    }
    out = defaultdict(lambda: {"achieved": 0, "judged": 0})
    for row in rows:
        key = (owner(row["report__unit__path"]), figure.pk)
        judged = achievement(
            figure=figure,
            target=targets.get(row["report__unit_id"]),
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


def rollup_children(*, period, unit, statuses=COUNTED, figures=None) -> list[Rollup]:
    """The drill-down: each child of ``unit`` with reporting units below it (or reporting itself), rolled up."""
    children = list(Unit.objects.get_children(unit).order_by("path"))
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
    leaves = [(uid, path) for uid, path in reporting_units(period.campaign) if path.startswith(unit.path)]
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
