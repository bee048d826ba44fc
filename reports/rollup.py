"""Roll-up: a campaign's figures for any unit and period, added up from the reports of the units below it by each
figure's rule, computed from the database when asked (no nightly batch).

- sum: Σ value — never for a percentage or rate (targets.rules.rollup_aggregation), which is averaged instead
- average: Σ value / the units that gave it (a rate marked to sum, or a weighted average or ratio whose parts are
  not in the campaign, flagged)
- weighted (``weight_name`` names the weight figure): Σ value × weight / Σ weight, over the units that gave both
- ratio (``numerator_name`` / ``weight_name``): Σ numerator / Σ denominator, × 100 when the figure is in %
- count: the number of units whose own figure is achieved (vượt or đạt), out of the units that reported it
- none: the figure does not add up: minimum, median and maximum instead

Each unit's cell is judged by the one rule (reports.achievement, targets.effective): a lower unit's against its own
target, or the campaign's where that applies to every unit; an issuer's total judges only the issuing unit, a lower
unit without its own target being "không giao chỉ tiêu". A range target stays a range (Cell.target, target_high).
A cell with values that cannot be judged keeps its value and says why (Cell.judged): "chưa có số liệu" only when
no unit reported.

Only the reporting units count: the participating units with no participating unit below them, so a district that
reports for itself and its communes is not counted twice. Only submitted and approved reports count, unless told.

Everything is computed by the database, grouped by the path prefix of the units asked for (a unit, or all of a
unit's children for the drill-down, in the same query), reading only the subtree asked for (its path prefix, so the
cost follows the subtree, not the campaign), in a fixed number of queries whatever the number of units (of one
depth) and of figures: one counts the reporting units; one GROUP BY sums and counts every figure (ratios are two of
those sums) and, as aggregates filtered to their rows, the weighted sums (each weight joined once per report) and
the units achieving a kept status; one more gives the minimum, median and maximum of the figures that do not add up
(an ordered aggregate, which would cost the main GROUP BY its hashing) and, in the same statement (UNION ALL), the
rows of the counts of units achieving every other form, judged in Python against the targets each report froze
(reports.frozen; its entry read in SQL) or, where it froze none, the unit's live target; one reads the units' own
targets. On SQLite the distributions are computed from their values, read with those rows.

What depends only on a figure is worked out once per figure, not per cell: its rule, its target for a unit without
one of its own, and whether such a unit is judged at all (reports.achievement.unassigned: an issuer's total is "không
giao chỉ tiêu" below the issuer, whose Achievement is composed only when read, Cell.judged).

The statements are SQL text built from the campaign's figures, as a hand-written query would be: building them
through the ORM cost several times the statements themselves for a district or a commune. benchmarks/rollup.py
compares them with hand-written SQL at every level."""

import json
import os
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache

from django.db import connection
from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext

from campaigns.models import Participation
from reports.achievement import Achievement, Status, achievement, not_assigned, unassigned
from reports.frozen import FROZEN_STATUSES, figure_key, frozen_figure, frozen_target
from reports.models import Report, ReportStatus, ReportValue
from reports.services import campaign_figures_queryset
from targets.effective import effective_target_sql, judging_target
from targets.models import Aggregation, Figure, FigureForm, Target
from targets.rules import rollup_aggregation
from units.models import Unit
from units.text import search_key

COUNTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
PLACES = Decimal("0.01")


@dataclass(slots=True)
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
    target: Decimal | None = None  # the unit's target as judged: its own (registered, else assigned), else the
    target_high: Decimal | None = None  # campaign's where it applies to the unit; with the upper end of a range
    problem: str = ""  # why no value (a weight or numerator that is not in the campaign)
    status: str = Status.NO_DATA
    percent: Decimal | None = None
    aggregation: str = ""  # the rule it was added up by (targets.rules.rollup_aggregation)
    judgement: Achievement | None = None  # what achievement() said, read as ``judged``
    figure: Figure | None = field(default=None, repr=False, compare=False)  # for a cell "không giao chỉ tiêu"

    @property
    def judged(self) -> Achievement | None:
        """The judgement, whose explanation says which rule judged it. A unit without a target of its own for an
        issuer's total (most cells of a drill-down) is "không giao chỉ tiêu" by the figure alone: its Achievement is
        composed only when read."""
        if self.judgement is None and self.figure is not None:
            return not_assigned(self.figure, self.value)
        return self.judgement

    @property
    def aggregation_label(self) -> str:
        return str(Aggregation(self.aggregation).label) if self.aggregation else ""

    @property
    def per_unit(self) -> bool:
        """A figure that does not add up, reported: shown as its spread and judged per unit (the drill-down)."""
        return self.aggregation == Aggregation.NONE and self.reported > 0

    @property
    def unjudged(self) -> bool:
        """Units reported but the cell could not be judged (the explanation says why)."""
        return self.status == Status.NO_DATA and self.reported > 0 and not self.per_unit


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
    return _leaves(participations.values_list("unit_id", "unit__path"))


def _leaves(rows) -> list[tuple]:
    """The rows (unit id, path, …) of units with no other row below them, in tree order."""
    rows = sorted(rows, key=lambda r: r[1])
    return [
        row for row, following in zip(rows, rows[1:] + [(None, "")], strict=True) if not following[1].startswith(row[1])
    ]


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
    where, params = "p.campaign_id = %s", [campaign.pk]
    if under:  # only the subtree asked about: the participants elsewhere change nothing under these units
        where += " AND u.path LIKE %s"
        params.append(under + "%")
    participants = f"FROM {P} p JOIN {U} u ON u.id = p.unit_id WHERE {where}"
    lengths = {len(u.path) for u in units}
    expected = {u.pk: 0 for u in units}
    depths = set()
    if len(units) > 1 and len(lengths) == 1:  # a drill-down: count by the path prefix
        by_prefix = {u.path: u.pk for u in units}
        prefix = f"SUBSTR(u.path, 1, {next(iter(lengths))})"
        for depth, under_unit, n in _fetch(f"SELECT u.depth, {prefix}, COUNT(*) {participants} GROUP BY 1, 2", params):
            depths.add(depth)
            if under_unit in by_prefix:
                expected[by_prefix[under_unit]] += n
    else:
        counts = ", ".join(_filtered("COUNT", "*", "u.path LIKE %s") for _u in units)
        sql = f"SELECT u.depth, {counts} {participants} GROUP BY u.depth"
        for depth, *ns in _fetch(sql, [u.path + "%" for u in units] + params):
            depths.add(depth)
            for u, n in zip(units, ns, strict=True):
                expected[u.pk] += n
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


# ---------------------------------------------------------------- the statements
# The roll-up's statements are SQL text built from the plan, as a person who knows the campaign's figures would write
# them: building them through the ORM cost several times the statements themselves for a district or a commune. On
# SQLite the numbers come back as floats and INTEGERs, made Decimals here as Django's converters would make them.

RV, R, U, T, P = (m._meta.db_table for m in (ReportValue, Report, Unit, Target, Participation))
_FROM = f"FROM {RV} rv JOIN {R} r ON r.id = rv.report_id JOIN {U} u ON u.id = r.unit_id"
_DECIMAL = Context(prec=15).create_decimal_from_float
_STORED = Decimal("0.0001")  # the places of every stored figure and target


def _number(value) -> Decimal | None:
    """A computed number: PostgreSQL's numerics are Decimals already; SQLite's become Decimals of 15 digits."""
    if value is None or isinstance(value, Decimal):
        return value
    return _DECIMAL(value)


def _stored(value) -> Decimal | None:
    """A stored number (four places), the same from either database."""
    if value is None or isinstance(value, Decimal):
        return value
    return _DECIMAL(value).quantize(_STORED)


def _filtered(function: str, expression: str, condition: str) -> str:
    """An aggregate over the rows matching ``condition``: FILTER where the database has it, else CASE."""
    if connection.features.supports_aggregate_filter_clause:
        return f"{function}({expression}) FILTER (WHERE {condition})"
    return f"{function}(CASE WHEN {condition} THEN {'1' if expression == '*' else expression} END)"


def _in(column: str, figures: list[Figure]) -> str:
    """The rows of these figures (their ids are integers from the database, written into the statement)."""
    if len(figures) == 1:
        return f"{column} = {int(figures[0].pk)}"
    return f"{column} IN ({', '.join(str(int(f.pk)) for f in figures)})"


@cache
def _figures_statement(vendor: str) -> str:
    """The statement of reports.services.campaign_figures without the indicators, compiled once per database (the
    campaign's id its one parameter): the ORM compiled it again on every roll-up."""
    query = campaign_figures_queryset(0).select_related(None).query
    sql, params = query.sql_with_params()
    if list(params) != [0]:  # the campaign's id must be its one parameter
        raise RuntimeError(f"unexpected parameters {params!r} in the figures' statement")
    return sql


def _campaign_figures(campaign) -> list[Figure]:
    """The campaign's figures in document order, as the roll-up judges by them (their indicators are not read)."""
    return list(Figure.objects.raw(_figures_statement(connection.vendor), [campaign.pk]))


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass(frozen=True)
class _Scope:
    """The reported values counted under some units of one path length: the WHERE with its parameters, and how a row
    finds its unit (by the path prefix, grouped, when there are several)."""

    where: str
    params: list
    length: int | None  # the units' path length when grouped by prefix; None for one unit
    by_prefix: dict[str, int]

    @classmethod
    def of(cls, *, period, statuses, units: list, reporting: Reporting) -> "_Scope":
        paths = [u.path for u in units]
        under = _common_path(paths) if len(units) > 1 else paths[0]
        where = ["r.period_id = %s", f"r.status IN ({', '.join(['%s'] * len(statuses))})"]
        params = [period.pk, *statuses]
        if under:
            where.append("u.path LIKE %s")
            params.append(under + "%")
        if reporting.depth is not None:
            where.append("u.depth = %s")
            params.append(reporting.depth)
        elif reporting.ids:
            where.append(f"r.unit_id IN ({', '.join(['%s'] * len(reporting.ids))})")
            params.extend(reporting.ids)
        else:
            where.append("1 = 0")
        length = len(paths[0]) if len(units) > 1 else None
        return cls(" AND ".join(where), params, length, {u.path: u.pk for u in units})

    def select(self, columns: str, *, joins: str = "", where: str = "", group: bool = True) -> str:
        prefix = f"SUBSTR(u.path, 1, {self.length}), " if self.length else ""
        sql = f"SELECT {prefix}{columns} {_FROM} {joins} WHERE {self.where} {where}"
        return sql + (f" GROUP BY {prefix}rv.figure_id" if group else "")

    def rows(self, sql: str, params: list) -> list[tuple[int, tuple]]:
        """(unit id, the rest of the row) for each row of ``sql``, leaving out rows under no unit asked for."""
        if not self.length:
            (pk,) = self.by_prefix.values()
            return [(pk, row) for row in _fetch(sql, params)]
        out = []
        for row in _fetch(sql, params):
            pk = self.by_prefix.get(row[0])
            if pk is not None:
                out.append((pk, row[1:]))
        return out


SQL_COUNTABLE = {FigureForm.AT_LEAST, FigureForm.PLANNED, FigureForm.OUT_OF, FigureForm.STATUS}


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
                # Against each report's frozen targets (reports.frozen), which SQL does not read: only a kept status,
                # which has no target, is counted in SQL.
                in_sql = f.form == FigureForm.STATUS
                (plan.counted if in_sql else plan.judged_in_python).append(f)
            elif f.aggregation == Aggregation.NONE:
                plan.spread.append(f)
        return plan


def _achieved(figure: Figure, alias: str, params: list) -> str:
    """The rows where a unit achieved the figure: the value against its own effective target (``alias`` names the
    unit's Target joined), in the figure's direction."""
    if figure.form == FigureForm.STATUS:
        params.append(True)
        return "rv.flag = %s"
    target = effective_target_sql(alias, figure, params)
    if figure.direction == "down" and figure.form != FigureForm.OUT_OF:
        return f"rv.value <= {target}"
    return f"rv.value >= {target}"


def _sums(scope: _Scope, plan: _Plan, figures: list[Figure]) -> dict[tuple[int, int], dict]:
    """One GROUP BY, as a hand-written one: the sums and counts of every figure (and last year's values where a figure
    is measured against them) and, as aggregates filtered to their rows, the weighted sums (each weight joined once
    per report) and the units achieving (each unit's own target joined once per report)."""
    forms = {f.form for f in figures}
    columns = {"total": "SUM(rv.value)", "n": "COUNT(rv.value)"}
    decimals = {"total"}
    if FigureForm.CHANGE in forms:
        columns["previous"] = "SUM(rv.previous)"
        columns["n_previous"] = "COUNT(rv.previous)"
        decimals.add("previous")
    if forms & {FigureForm.STATUS, FigureForm.GRADE, FigureForm.QUALITATIVE}:
        columns["flags"] = "COUNT(rv.flag)"
    joins, params = [], []
    weights: dict[int, list[Figure]] = defaultdict(list)
    for f in plan.weighted:
        weights[plan.weight[f.pk].pk].append(f)
    for i, (weight_id, weighted) in enumerate(weights.items()):
        joins.append(f"LEFT JOIN {RV} w{i} ON w{i}.report_id = r.id AND w{i}.figure_id = {int(weight_id)}")
        both = f"{_in('rv.figure_id', weighted)} AND rv.value IS NOT NULL AND w{i}.value IS NOT NULL"
        columns[f"w{i}_top"] = _filtered("SUM", f"rv.value * w{i}.value", both)
        columns[f"w{i}_bottom"] = _filtered("SUM", f"w{i}.value", both)
        columns[f"w{i}_pairs"] = _filtered("COUNT", "*", both)
        decimals |= {f"w{i}_top", f"w{i}_bottom"}
        for f in weighted:
            plan.columns[f.pk] = {"top": f"w{i}_top", "bottom": f"w{i}_bottom", "pairs": f"w{i}_pairs"}
    if plan.counted:
        judged = f"{_in('rv.figure_id', plan.counted)} AND (rv.value IS NOT NULL OR rv.flag IS NOT NULL)"
        columns["judged"] = _filtered("COUNT", "*", judged)
    for f in plan.counted:
        alias = f"t{int(f.pk)}"
        if f.form != FigureForm.STATUS:
            joins.append(f"LEFT JOIN {T} {alias} ON {alias}.unit_id = r.unit_id AND {alias}.figure_id = {int(f.pk)}")
        condition = _achieved(f, alias, params)
        columns[f"achieved_{f.pk}"] = _filtered("COUNT", "*", f"rv.figure_id = {int(f.pk)} AND {condition}")
        plan.columns[f.pk] = {"achieved": f"achieved_{f.pk}", "judged": "judged"}
    sql = scope.select(f"rv.figure_id, {', '.join(columns.values())}", joins=" ".join(joins))
    names = list(columns)
    out = {}
    for pk, (figure_id, *values) in scope.rows(sql, params + scope.params):
        row = dict(zip(names, values, strict=True))
        for name in decimals:
            row[name] = _number(row[name])
        out[(pk, figure_id)] = row
    return out


@dataclass(frozen=True)
class _OwnTarget:
    registered_value: Decimal | None
    registered_high: Decimal | None
    assigned_value: Decimal | None
    assigned_high: Decimal | None


def _own_targets(figures: list[Figure], units: list) -> dict[tuple[int, int], _OwnTarget]:
    """The units' own targets for the figures: what the judgements read of them."""
    marks = ", ".join(["%s"] * len(units))
    sql = (
        f"SELECT figure_id, unit_id, registered_value, registered_high, assigned_value, assigned_high FROM {T} "  # noqa: S608 - our names, ids and marks
        f"WHERE {_in('figure_id', figures)} AND unit_id IN ({marks})"
    )
    return {
        (figure_id, unit_id): _OwnTarget(*(_stored(v) for v in values))
        for figure_id, unit_id, *values in _fetch(sql, [u.pk for u in units])
    }


def rollup(
    *, period, units: list, statuses=COUNTED, with_status: bool = True, figures: list | None = None
) -> dict[int, Rollup]:
    """Roll-ups of the period for several units at once (a unit, or a unit's children for a drill-down). A fixed
    number of queries, whatever the number of units and of figures: who reports, one GROUP BY for every figure, one
    for the distributions, and the units' own targets. Returns {unit id: Rollup}."""
    campaign = period.campaign
    figures = _campaign_figures(campaign) if figures is None else figures
    if not units:
        return {}
    reporting = reporting_under(campaign, units)
    result = {u.pk: Rollup(unit=u, period_id=period.pk, expected=reporting.expected[u.pk]) for u in units}
    if not any(reporting.expected.values()) or not figures:
        return result

    plan = _Plan.of(figures)
    statuses = [str(s) for s in statuses]
    # units of one path length in one statement, grouped by prefix; others (seldom asked) one statement each
    lengths = {len(u.path) for u in units}
    groups = [units] if len(lengths) == 1 else [[u] for u in units]
    sums: dict[tuple[int, int], dict] = {}
    special: dict[tuple[int, int], dict] = defaultdict(dict)
    for group in groups:
        scope = _Scope.of(period=period, statuses=statuses, units=group, reporting=reporting)
        sums.update(_sums(scope, plan, figures))
        if plan.spread or plan.judged_in_python:
            for key, row in _spread_and_counts(scope, plan, period).items():
                special[key].update(row)
    for key, row in sums.items():
        columns = plan.columns.get(key[1])
        if columns:  # a weighted average or a count of units achieving: its filtered aggregates
            special[key].update({name: row[column] for name, column in columns.items()})

    own_targets = _own_targets(figures, units) if with_status else {}
    # What each figure needs, worked out once rather than once per unit (a drill-down is units × figures cells).
    issuing_id = campaign.issuing_unit_id
    issuers = {u.pk == issuing_id for u in units} if with_status else set()  # the cases the cells below meet
    rules = []
    for f in figures:
        aggregation, problem = rollup_aggregation(f), ""
        if aggregation == Aggregation.WEIGHTED_AVERAGE and plan.weight[f.pk] is None:
            aggregation, problem = Aggregation.AVERAGE, "weight" if f.weight_name else ""
        elif aggregation == Aggregation.RATIO and _ratio_parts(plan, f) is None:
            aggregation, problem = Aggregation.AVERAGE, "ratio"  # no numerator and denominator: the units' average
        # a unit without a target of its own: its target, and whether it is judged at all, are the figure's
        no_target = {issuer: _cell_target(*judging_target(None, f, issuer=issuer)[:2]) for issuer in issuers}
        skip = {issuer: unassigned(f, issuer=issuer) for issuer in issuers}
        rules.append((f, f.pk, aggregation, problem, _ratio_parts(plan, f), f.aggregation != "count", no_target, skip))
    share = period.year_share  # a part of the year: its share of the year's targets (reports.achievement)
    nothing = {}
    for u in units:
        roll, upk = result[u.pk], u.pk
        issuer = upk == issuing_id
        for f, fid, aggregation, problem, ratio, judged_here, no_target, skip in rules:
            cell = Cell(figure_id=fid, expected=roll.expected, aggregation=aggregation, problem=problem)
            s = sums.get((upk, fid), nothing)
            x = special.get((upk, fid), nothing)
            target = own_targets.get((fid, upk))
            if with_status:
                if target is None:
                    cell.target, cell.target_high = no_target[issuer]
                else:
                    cell.target, cell.target_high = _cell_target(*judging_target(target, f, issuer=issuer)[:2])
            cell.reported = s.get("n", 0) or s.get("flags", 0)
            previous = None
            if aggregation == Aggregation.SUM:
                cell.value = s.get("total") if cell.reported else None
                previous = s.get("previous")
            elif aggregation == Aggregation.AVERAGE:  # a rate: never summed
                if cell.reported and s.get("total") is not None:
                    cell.value = _round(s["total"] / cell.reported)
                if s.get("n_previous"):
                    previous = _round(s["previous"] / s["n_previous"])
            elif aggregation == Aggregation.WEIGHTED_AVERAGE:
                cell.reported = x.get("pairs") or 0
                cell.value = _round(x["top"] / x["bottom"]) if x.get("bottom") else None
            elif aggregation == Aggregation.RATIO:
                if ratio is None:
                    cell.problem = "ratio"
                else:
                    numerator_id, denominator_id, factor = ratio
                    top = sums.get((upk, numerator_id), nothing)
                    bottom = sums.get((upk, denominator_id), nothing).get("total")
                    cell.reported = top.get("n", 0)
                    if top.get("total") is not None and bottom:
                        cell.value = _round(top["total"] / bottom * factor)
            elif aggregation == Aggregation.COUNT_ACHIEVED:
                cell.reported, cell.achieved = x.get("judged") or 0, x.get("achieved") or 0
                cell.value = Decimal(cell.achieved) if cell.reported else None
            else:
                cell.minimum, cell.maximum = x.get("lo"), x.get("hi")
                cell.median = _round(Decimal(x["median"])) if x.get("median") is not None else None
            if with_status and judged_here and cell.value is not None:
                if target is None and skip[issuer]:  # "không giao chỉ tiêu", as achievement() would say
                    cell.status, cell.figure = Status.NOT_ASSIGNED, f
                else:  # a change figure is judged on this year's and last year's values added up by the same rule
                    judged = achievement(
                        figure=f, target=target, actual=cell.value, previous=previous, issuer=issuer, share=share
                    )
                    cell.status, cell.percent, cell.judgement = judged.status, judged.percent, judged
            roll.cells[fid] = cell
    return result


def _cell_target(low, high) -> tuple[Decimal | None, Decimal | None]:
    """A cell's target and the upper end of its range (None unless it is a range)."""
    return _stored(low), _stored(high) if high is not None and high != low else None


def _ratio_parts(plan: _Plan, figure: Figure) -> tuple[int, int, Decimal] | None:
    """A ratio's numerator and denominator ids and its factor (× 100 for a figure in %); None when either part is
    not in the campaign."""
    numerator, denominator = plan.numerator[figure.pk], plan.weight[figure.pk]
    if numerator is None or denominator is None:
        return None
    return numerator.pk, denominator.pk, Decimal(100) if figure.unit_of_measure.strip() == "%" else Decimal(1)


def _part(by_name, name):
    return by_name.get(search_key(name)) if name else None


def _frozen_entry_sql() -> str:
    """The entry the row's report froze for the row's figure, as JSON text; NULL when it froze none."""
    if connection.vendor == "postgresql":
        return "r.frozen_targets -> CAST(rv.figure_id AS TEXT)"
    return "json_extract(r.frozen_targets, '$.\"' || rv.figure_id || '\"')"


_ROW_COLUMNS = (
    "rv.figure_id, rv.value, rv.previous, rv.flag, rv.grade, rv.verdict, r.unit_id, r.status, {entry}, "
    "t.registered_value, t.registered_high, t.assigned_value, t.assigned_high"
)
_ROW_WIDTH = 13  # the columns above


def _spread_and_counts(scope: _Scope, plan: _Plan, period) -> dict[tuple[int, int], dict]:
    """In one statement, what the main GROUP BY does not give: the minimum, median and maximum of every distribution
    figure (an ordered aggregate, which would cost the GROUP BY its hashing), and the rows of the counts of units
    achieving that reports.achievement judges in Python (every form but a kept status: each reported value with its
    report's status, the entry its report froze for the figure (reports.frozen) and the unit's live target, which
    judges only a report that froze none). On PostgreSQL the two are one UNION ALL; on SQLite, which has no
    percentile, the distributions are computed from their values, read with the others' rows."""
    rows = _ROW_COLUMNS.format(entry=_frozen_entry_sql())
    joins = f"LEFT JOIN {T} t ON t.unit_id = r.unit_id AND t.figure_id = rv.figure_id"
    counted = _in("rv.figure_id", plan.judged_in_python) if plan.judged_in_python else ""
    spread = f"{_in('rv.figure_id', plan.spread)} AND rv.value IS NOT NULL" if plan.spread else ""
    statements = []
    if connection.vendor == "postgresql":
        if counted:
            statements.append(
                scope.select(f"{rows}, NULL, NULL, NULL", joins=joins, where=f"AND {counted}", group=False)
            )
        if spread:
            nulls = ", ".join(["NULL"] * (_ROW_WIDTH - 1))
            median = "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY rv.value), MIN(rv.value), MAX(rv.value)"
            statements.append(scope.select(f"rv.figure_id, {nulls}, {median}", where=f"AND {spread}"))
    else:
        either = " OR ".join(f"({condition})" for condition in (counted, spread) if condition)
        statements.append(scope.select(rows, joins=joins, where=f"AND ({either})", group=False))
    sql = " UNION ALL ".join(statements)
    spread_ids = {f.pk for f in plan.spread}
    judge = _Judge(period, plan.judged_in_python)
    out: dict[tuple[int, int], dict] = {}
    values = defaultdict(list)
    for pk, row in scope.rows(sql, scope.params * len(statements)):
        figure_id = row[0]
        if figure_id not in spread_ids:
            judge.count(out, (pk, figure_id), row)
        elif len(row) > _ROW_WIDTH:  # PostgreSQL's percentile
            median, lo, hi = row[_ROW_WIDTH:]
            out[pk, figure_id] = {"median": median, "lo": lo, "hi": hi}
        else:
            values[pk, figure_id].append(_stored(row[1]))
    for key, v in values.items():
        out[key] = {"lo": min(v), "median": statistics.median(sorted(v)), "hi": max(v)}
    return out


class _Judge:
    """Counts units achieving from their rows (_ROW_COLUMNS), each judged as its report's page judges it."""

    def __init__(self, period, figures: list[Figure]):
        self.by_pk = {f.pk: f for f in figures}
        self.issuing_id = period.campaign.issuing_unit_id
        self.share = period.year_share
        self.frozen_statuses = {str(s) for s in FROZEN_STATUSES}
        self.as_frozen = {}  # (figure id, what an entry says of the figure) -> the figure as frozen: one per figure

    def count(self, out: dict, key: tuple[int, int], row: tuple) -> None:
        figure_id, value, previous, flag, grade, verdict, unit_id, status, entry, *target = row[:_ROW_WIDTH]
        figure = self.by_pk[figure_id]
        if isinstance(entry, str | bytes):
            entry = json.loads(entry)
        if isinstance(entry, dict) and status in self.frozen_statuses:
            frozen_key = (figure_id, figure_key(entry))
            figure = self.as_frozen.get(frozen_key) or self.as_frozen.setdefault(
                frozen_key, frozen_figure(figure, entry)
            )
            against = frozen_target(entry)
        elif any(v is not None for v in target):
            against = _OwnTarget(*(_stored(v) for v in target))
        else:
            against = None
        judged = achievement(
            figure=figure,
            target=against,
            issuer=unit_id == self.issuing_id,
            actual=_stored(value),
            flag=None if flag is None else bool(flag),
            grade=grade or "",
            verdict=None if verdict is None else bool(verdict),
            previous=_stored(previous),
            share=self.share,
        )
        if judged.status != Status.NO_DATA:
            counts = out.setdefault(key, {"achieved": 0, "judged": 0})
            counts["judged"] += 1
            if judged.status in (Status.ACHIEVED, Status.EXCEEDED):
                counts["achieved"] += 1


@dataclass(frozen=True)
class Country:
    """The whole country: above every province (the tree has no root unit)."""

    pk: int = 0
    path: str = ""
    depth: int = 0
    edition: str = ""  # the edition of the campaign's units, for the API's unit reference
    code: str = ""

    @property
    def id(self) -> int:
        return self.pk

    @property
    def name(self) -> str:
        return gettext("The whole country")


def rollup_unit(*, period, unit=None, statuses=COUNTED, figures=None) -> Rollup:
    """One unit's roll-up; without a unit, the whole country's."""
    unit = unit or Country()
    with_status = not isinstance(unit, Country)
    return rollup(period=period, units=[unit], statuses=statuses, with_status=with_status, figures=figures)[unit.pk]


def children_of(unit):
    """The units one step below ``unit``: the provinces (the roots of the tree) below the country."""
    if isinstance(unit, Country):
        return Unit.objects.get_root_nodes()
    return Unit.objects.get_children(unit)


def rollup_children(*, period, unit, statuses=COUNTED, figures=None, children=None) -> list[Rollup]:
    """The drill-down: each child of ``unit`` with reporting units below it (or reporting itself), rolled up; with
    ``children`` (a page of them), only those."""
    children = list(children_of(unit).order_by("path") if children is None else children)
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
    """Each reporting unit under ``unit``: where its report stands and whether it came (or is) late. Two queries:
    the participants under the unit, and their reports with the number of values in each."""
    leaves = _leaves(
        period.campaign.participations.filter(unit__path__startswith=unit.path).values_list(
            "unit_id", "unit__path", "unit__name"
        )
    )
    reports = {
        unit_id: (status, submitted, n)
        for unit_id, status, submitted, n in Report.objects.filter(period=period, unit__path__startswith=unit.path)
        .values_list("unit_id", "status", "submitted_at")
        .annotate(n=Count("values"))
    }
    today = timezone.localdate()
    out = []
    for uid, path, name in leaves:
        status, submitted, n = reports.get(uid, ("", None, 0))
        late = is_late(period, submitted, today)
        out.append(
            Progress(unit_id=uid, unit_name=name, path=path, status=status, submitted_at=submitted, late=late, values=n)
        )
    return out


def is_late(period, submitted_at, today) -> bool:
    """A report came late (sent after the due date, in local time) or is late (not sent and the due date passed)."""
    if submitted_at is not None:
        return timezone.localtime(submitted_at).date() > period.due_on
    return today > period.due_on


def sees_country(*, user, campaign) -> bool:
    """Whether the user may open the country's roll-up of a campaign: its participants lie in more than one
    province and the user sees every one of them (a national campaign and a reviewer of every province in it)."""
    participants = Participation.objects.filter(campaign=campaign)
    provinces = participants.annotate(prefix=Substr("unit__path", 1, Unit.steplen)).values("prefix").distinct()
    if provinces[:2].count() < 2:
        return False
    return not participants.exclude(unit__in=Unit.objects.restrict(user)).exists()


def country_of(campaign) -> Country:
    """The whole country, in the edition of the campaign's participants."""
    edition = Participation.objects.filter(campaign=campaign).values_list("unit__edition", flat=True).first()
    return Country(edition=edition or "")


def rollup_unit_for(*, user, campaign):
    """The unit whose roll-up a user opens from a campaign: the country for a campaign over several provinces that
    the user sees whole, its issuing unit when the user sees it as their own, else the user's own unit under it."""
    if sees_country(user=user, campaign=campaign):
        return country_of(campaign)
    issuing = campaign.issuing_unit
    if Unit.objects.restrict(user).filter(pk=issuing.pk).exists():
        return issuing
    return next((m.unit for m in user.memberships_list if m.unit.path.startswith(issuing.path)), None)
