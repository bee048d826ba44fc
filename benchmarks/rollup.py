"""What the roll-up costs, against a hand-written SQL GROUP BY over the same rows.

In a throw-away database: the 2025-01 edition is loaded, then ``generate_load`` builds one campaign over its communes
(default: all 10,051) × 40 indicators × 4 periods, every report approved. Then, for the country and for one province
(the first in tree order) and one period:

- roll-up: ``reports.rollup.rollup_unit`` — every figure by its rule (sums, weighted averages, ratios, counts of
  communes achieving, distributions), with the count of reporting units, as the pages ask for it;
- SQL: one hand-written ``SELECT figure_id, SUM(value), COUNT(value) … GROUP BY figure_id`` over the same report rows
  (the same joins and filters), the floor any roll-up has to pay.

Each figure is the median of ``--repeat`` runs (default 5); the ratio roll-up / SQL is the roll-up's own overhead.
The goal is within 2× on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua .venv/bin/python benchmarks/rollup.py
    .venv/bin/python benchmarks/rollup.py --communes 2000      # SQLite, a smaller load
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from benchmarks._scratch import scratch_database  # noqa: E402
from reports.load import load_generate  # noqa: E402
from reports.models import ReportStatus  # noqa: E402
from reports.rollup import rollup_unit  # noqa: E402
from units.loading import units_load_edition  # noqa: E402
from units.models import Edition, Unit, UnitKind  # noqa: E402

SQL = """
SELECT rv.figure_id, SUM(rv.value), COUNT(rv.value)
FROM reports_reportvalue rv
JOIN reports_report r ON r.id = rv.report_id
JOIN units_unit u ON u.id = r.unit_id
WHERE r.period_id = %s AND r.status IN (%s, %s) AND u.path LIKE %s
GROUP BY rv.figure_id
"""


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def hand_sql(period_id: int, path: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(SQL, [period_id, ReportStatus.SUBMITTED, ReportStatus.APPROVED, path + "%"])
        return cursor.fetchall()


def measure(period, unit, repeat: int) -> tuple[float, float, int]:
    path = unit.path if unit else ""
    rollups, sqls = [], []
    for _ in range(repeat):
        sqls.append(timed(lambda: hand_sql(period.pk, path)))
        rollups.append(timed(lambda: rollup_unit(period=period, unit=unit)))
    rows = hand_sql(period.pk, path)
    return statistics.median(rollups), statistics.median(sqls), sum(r[2] for r in rows)


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
        ratios = []
        for label, unit in (("country", None), (province.name, province)):
            rolled, sql, values = measure(period, unit, args.repeat)
            ratios.append(rolled / sql)
            print(
                f"{label}: {values:,} values — roll-up {rolled * 1000:.0f} ms, hand-written SQL GROUP BY "
                f"{sql * 1000:.0f} ms, ratio {rolled / sql:.2f}×"
            )
        print(f"summary: roll-up / SQL = {max(ratios):.2f}× at worst (goal: within 2× on PostgreSQL)")


if __name__ == "__main__":
    main()
