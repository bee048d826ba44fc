"""What the roll-up costs, against hand-written SQL over the same rows.

In a throw-away database: the 2025-01 edition is loaded, then ``generate_load`` builds one campaign over its communes
(default: all 10,051) × 40 indicators × 4 periods, every report approved. Then, for the country and for one province
(the first in tree order) and one period:

- roll-up: ``reports.rollup.rollup_unit`` — every figure by its rule (sums, weighted averages, ratios, counts of
  communes achieving, distributions), with the count of reporting units and, for a unit, the status of each figure
  against the unit's own target, as the pages ask for it (reading the campaign's figures included);
- same figures: hand-written SQL computing what the roll-up returns, as a person who knows this campaign's figures
  would write it: one GROUP BY with the sums and counts and, as filtered aggregates, the weighted sums (the weight
  joined per report) and the communes achieving (against each one's own target, else the figure's); one query for
  the minimum, median and maximum of the distributions (on SQLite their values, the median taken in Python); the
  number of participating communes under the unit; the unit's own targets. This is the fair comparison;
- lean GROUP BY: the one ``SELECT figure_id, SUM(value), COUNT(value) … GROUP BY figure_id`` over the same report rows
  (the same joins and filters). It computes only the sums and counts, so it is a floor, not the same work.

Each figure is the median of ``--repeat`` runs (default 5), the three measured in turn; the ratios are the roll-up's
overhead. The goal is within 2× on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua .venv/bin/python benchmarks/rollup.py
    .venv/bin/python benchmarks/rollup.py --communes 2000      # SQLite, a smaller load
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from benchmarks._scratch import scratch_database  # noqa: E402
from reports.load import load_generate  # noqa: E402
from reports.models import ReportStatus  # noqa: E402
from reports.rollup import completeness, rollup_children, rollup_unit  # noqa: E402
from targets.models import Aggregation, Figure  # noqa: E402
from units.loading import units_load_edition  # noqa: E402
from units.models import Edition, Unit, UnitKind  # noqa: E402

ROWS = """
FROM reports_reportvalue rv
JOIN reports_report r ON r.id = rv.report_id
JOIN units_unit u ON u.id = r.unit_id
{joins}
WHERE r.period_id = %s AND r.status IN (%s, %s) AND u.path LIKE %s {where}
"""
LEAN = "SELECT rv.figure_id, SUM(rv.value), COUNT(rv.value)" + ROWS.format(joins="", where="") + "GROUP BY rv.figure_id"


def median_of(repeat: int, function) -> float:
    return statistics.median(timed(function) for _ in range(repeat))


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _ids(figures) -> str:
    return ", ".join(str(f.pk) for f in figures) or "NULL"


class HandWritten:
    """The hand-written SQL for one load: its statements, built once from the campaign's figures (the load's counts
    of communes achieving are all "at least" figures)."""

    def __init__(self, load):
        figures = list(Figure.objects.filter(indicator__section__campaign=load.campaign))
        by_name = {f.name: f for f in figures}
        rule = defaultdict(list)
        for f in figures:
            rule[f.aggregation].append(f)
        self.campaign_id = load.campaign.pk
        columns, joins = ["rv.figure_id", "SUM(rv.value)", "COUNT(rv.value)"], []
        weights = defaultdict(list)
        for f in rule[Aggregation.WEIGHTED_AVERAGE]:
            weights[by_name[f.weight_name].pk].append(f)
        for i, (weight_id, weighted) in enumerate(weights.items()):
            joins.append(
                f"LEFT JOIN reports_reportvalue w{i} ON w{i}.report_id = r.id AND w{i}.figure_id = {weight_id}"
            )
            both = f"rv.figure_id IN ({_ids(weighted)}) AND rv.value IS NOT NULL AND w{i}.value IS NOT NULL"
            columns += [
                f"SUM(rv.value * w{i}.value) FILTER (WHERE {both})",
                f"SUM(w{i}.value) FILTER (WHERE {both})",
                f"COUNT(*) FILTER (WHERE {both})",
            ]
        # each commune's own target for a counted figure, joined once per report; else the figure's own value
        for i, f in enumerate(rule[Aggregation.COUNT_ACHIEVED]):
            joins.append(f"LEFT JOIN targets_target t{i} ON t{i}.unit_id = r.unit_id AND t{i}.figure_id = {f.pk}")
            target = (
                f"COALESCE(t{i}.registered_value, t{i}.assigned_value, {f.value if f.value is not None else 'NULL'})"
            )
            columns.append(f"COUNT(*) FILTER (WHERE rv.figure_id = {f.pk} AND rv.value >= {target})")
        self.figures = f"SELECT {', '.join(columns)}" + ROWS.format(joins="\n".join(joins), where="")
        self.figures += "GROUP BY rv.figure_id"
        spread = f"AND rv.figure_id IN ({_ids(rule[Aggregation.NONE])}) AND rv.value IS NOT NULL"
        if connection.vendor == "postgresql":
            self.spread = "SELECT rv.figure_id, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY rv.value), "
            self.spread += (
                "MIN(rv.value), MAX(rv.value)" + ROWS.format(joins="", where=spread) + "GROUP BY rv.figure_id"
            )
        else:
            self.spread = "SELECT rv.figure_id, rv.value" + ROWS.format(joins="", where=spread)
        self.reporting = """
            SELECT COUNT(*) FROM campaigns_participation p JOIN units_unit u ON u.id = p.unit_id
            WHERE p.campaign_id = %s AND u.path LIKE %s"""
        self.targets = """
            SELECT figure_id, assigned_value, assigned_high, registered_value, registered_high
            FROM targets_target WHERE unit_id = %s"""

    def run(self, period_id: int, unit) -> None:
        rows = [period_id, ReportStatus.SUBMITTED, ReportStatus.APPROVED, (unit.path if unit else "") + "%"]
        with connection.cursor() as cursor:
            cursor.execute(self.figures, rows)
            cursor.fetchall()
            cursor.execute(self.spread, rows)
            if connection.vendor != "postgresql":
                values = defaultdict(list)
                for figure_id, value in cursor.fetchall():
                    values[figure_id].append(value)
                self.spread_in_python = {k: (min(v), statistics.median(v), max(v)) for k, v in values.items()}
            else:
                cursor.fetchall()
            cursor.execute(self.reporting, [self.campaign_id, rows[-1]])
            cursor.fetchall()
            if unit is not None:
                cursor.execute(self.targets, [unit.pk])
                cursor.fetchall()

    def run_children(self, period_id: int, parent) -> None:
        """The same figures for every child of ``parent`` at once, grouped by the children's path prefix: the
        children read first (their ids and names), as the drill-down must find them too."""
        rows = [period_id, ReportStatus.SUBMITTED, ReportStatus.APPROVED, parent.path + "%"]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, path, name FROM units_unit WHERE path LIKE %s AND depth = %s ORDER BY path",
                [parent.path + "%", parent.depth + 1],
            )
            children = cursor.fetchall()
            length = len(children[0][1])
            under = f"SUBSTR(u.path, 1, {length})"
            figures = self.figures.replace("SELECT rv.figure_id,", f"SELECT {under}, rv.figure_id,", 1)
            figures = figures.replace("GROUP BY rv.figure_id", "GROUP BY 1, 2")
            cursor.execute(figures, rows)
            cursor.fetchall()
            if connection.vendor == "postgresql":
                spread = self.spread.replace("SELECT rv.figure_id,", f"SELECT {under}, rv.figure_id,", 1)
                cursor.execute(spread.replace("GROUP BY rv.figure_id", "GROUP BY 1, 2"), rows)
                cursor.fetchall()
            else:
                cursor.execute(self.spread.replace("SELECT rv.figure_id,", f"SELECT {under}, rv.figure_id,", 1), rows)
                values = defaultdict(list)
                for prefix, figure_id, value in cursor.fetchall():
                    values[prefix, figure_id].append(value)
                self.spread_in_python = {k: (min(v), statistics.median(v), max(v)) for k, v in values.items()}
            reporting = self.reporting.replace("SELECT COUNT(*)", f"SELECT {under}, COUNT(*)") + " GROUP BY 1"
            cursor.execute(reporting, [self.campaign_id, rows[-1]])
            cursor.fetchall()
            marks = ", ".join(["%s"] * len(children))
            cursor.execute(
                self.targets.replace("WHERE unit_id = %s", f"WHERE unit_id IN ({marks})"), [c[0] for c in children]
            )
            cursor.fetchall()

    def run_completeness(self, period_id: int, unit) -> None:
        """Each reporting commune under the unit with its report's status, time and number of values."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT p.unit_id, u.path, u.name, r.status, r.submitted_at, COUNT(rv.id)
                FROM campaigns_participation p JOIN units_unit u ON u.id = p.unit_id
                LEFT JOIN reports_report r ON r.unit_id = p.unit_id AND r.period_id = %s
                LEFT JOIN reports_reportvalue rv ON rv.report_id = r.id
                WHERE p.campaign_id = %s AND u.path LIKE %s
                GROUP BY p.unit_id, u.path, u.name, r.status, r.submitted_at""",
                [period_id, self.campaign_id, unit.path + "%"],
            )
            cursor.fetchall()


def lean_sql(period_id: int, path: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(LEAN, [period_id, ReportStatus.SUBMITTED, ReportStatus.APPROVED, path + "%"])
        return cursor.fetchall()


def measure(period, unit, hand: HandWritten, repeat: int) -> tuple[float, float, float, int]:
    path = unit.path if unit else ""
    rollups, same, lean = [], [], []
    for _ in range(repeat):
        lean.append(timed(lambda: lean_sql(period.pk, path)))
        same.append(timed(lambda: hand.run(period.pk, unit)))
        rollups.append(timed(lambda: rollup_unit(period=period, unit=unit)))
    rows = lean_sql(period.pk, path)
    median = statistics.median
    return median(rollups), median(same), median(lean), sum(r[2] for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=20000, help="at most this many communes (default: all)")
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with scratch_database("rollup"):
        start = time.perf_counter()
        units_load_edition(edition=Edition.E2025_01)
        load = load_generate(communes=args.communes, indicators=args.indicators, periods=args.periods)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        print(
            f"{connection.vendor}: {load.communes:,} communes × {load.figures} figures × {len(load.periods)} periods "
            f"= {load.values:,} reported values, built in {time.perf_counter() - start:.0f} s; median of {args.repeat}"
        )
        period = load.periods[-1]
        province = Unit.objects.filter(edition=Edition.E2025_01, kind=UnitKind.PROVINCE).order_by("path").first()
        district = Unit.objects.filter(path__startswith=province.path, kind=UnitKind.DISTRICT).order_by("path").first()
        commune = Unit.objects.filter(path__startswith=district.path, kind=UnitKind.COMMUNE).order_by("path").first()
        hand = HandWritten(load)
        ratios, floors = {}, []
        for level, unit in (("country", None), ("province", province), ("district", district), ("commune", commune)):
            rolled, same, lean, values = measure(period, unit, hand, args.repeat)
            ratios[level] = rolled / same
            floors.append(rolled / lean)
            print(
                f"{level} ({unit.name if unit else 'cả nước'}): {values:,} values — roll-up {rolled * 1000:.1f} ms; "
                f"hand-written SQL, same figures {same * 1000:.1f} ms; lean GROUP BY {lean * 1000:.1f} ms "
                f"(ratio {rolled / lean:.2f}×)"
            )
        for level, parent in (("children_of_province", province), ("children_of_district", district)):
            children = Unit.objects.get_children(parent).count()
            rolled = median_of(args.repeat, lambda p=parent: rollup_children(period=period, unit=p))
            same = median_of(args.repeat, lambda p=parent: hand.run_children(period.pk, p))
            ratios[level] = rolled / same
            print(f"{level} ({children} units): roll-up {rolled * 1000:.1f} ms; hand-written {same * 1000:.1f} ms")
        rolled = median_of(args.repeat, lambda: completeness(period=period, unit=province))
        same = median_of(args.repeat, lambda: hand.run_completeness(period.pk, province))
        ratios["completeness"] = rolled / same
        print(f"completeness ({province.name}): {rolled * 1000:.1f} ms; hand-written {same * 1000:.1f} ms")
        for level, ratio in ratios.items():
            print(f"ratio rollup.{level} {ratio:.2f}")
        print(
            f"summary: roll-up / hand-written SQL of the same figures = {max(ratios.values()):.2f}× at worst (goal: "
            f"within 2× on PostgreSQL); roll-up / lean GROUP BY = {max(floors):.2f}× at worst"
        )


if __name__ == "__main__":
    main()
