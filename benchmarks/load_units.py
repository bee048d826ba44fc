"""What loading an official unit list costs, against the floor of a bare bulk insert of the same rows.

For each edition, in a throw-away test database (created here, destroyed at the end; the developer's database is
never touched):

- load: ``units_load_edition`` into an empty table: read and check the file, compute the tree paths, bulk insert;
- second load: the same file again, which finds every unit unchanged and writes nothing (what ``make run`` pays
  each time);
- bare bulk insert: the very rows the load wrote (paths and all, prepared before the clock starts), deleted and
  inserted again with ``Unit.objects.bulk_create`` and the loader's batch size.

The ratio load / bare bulk insert is the loader's overhead over the database's own insert cost. Each figure is the
median of ``--repeat`` runs (default 3).

    .venv/bin/python benchmarks/load_units.py                  # SQLite (DATABASE_URL unset), a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua .venv/bin/python benchmarks/load_units.py
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
from units.loading import BATCH_SIZE, EDITIONS, units_load_edition  # noqa: E402
from units.models import Unit  # noqa: E402

FIELDS = [f.attname for f in Unit._meta.concrete_fields if not f.primary_key]


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Unit._meta.db_table)}")  # noqa: S608 - our table name


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def measure(edition: str, repeat: int) -> dict[str, float]:
    loads, noops, bares = [], [], []
    for _ in range(repeat):
        clear()
        loads.append(timed(lambda: units_load_edition(edition=edition)))
        noops.append(timed(lambda: units_load_edition(edition=edition)))
        rows = list(Unit.objects.order_by("pk").values(*FIELDS))
        clear()
        units = [Unit(**row) for row in rows]
        bares.append(timed(lambda units=units: Unit.objects.bulk_create(units, batch_size=BATCH_SIZE)))
        assert Unit.objects.count() == len(rows)
    clear()
    return {
        "units": len(rows),
        "load": statistics.median(loads),
        "noop": statistics.median(noops),
        "bare": statistics.median(bares),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with scratch_database("load_units"):
        print(f"{connection.vendor}, batch size {BATCH_SIZE}, median of {args.repeat}")
        for edition in EDITIONS:
            m = measure(edition, args.repeat)
            print(
                f"{edition}: {m['units']:,} units: load {m['load']:.2f} s, bare bulk insert {m['bare']:.2f} s, "
                f"ratio {m['load'] / m['bare']:.2f}×; second load (no-op) {m['noop']:.2f} s"
            )


if __name__ == "__main__":
    main()
