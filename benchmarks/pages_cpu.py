"""What the heavy pages cost inside one process, as a ratio to ``/healthz/``: Django's test Client, no server, no
concurrency — the CPU (and queries) of one GET, which is what ``http_pages.py`` multiplies under load.

In a throw-away database (``_scratch``; SQLite by default, PostgreSQL when ``DATABASE_URL`` says so) the data of
``http_pages.py --size province`` is built (the 2025-01 edition; one campaign over the communes of the first
province, Thành phố Hà Nội, × ``--indicators`` figures × 4 periods; the last period submitted; a reviewer at every
province), and each participating unit is assigned a target for every figure (a range for one figure in five), a
third of them registered too, so that the assignment grid's cells carry values as in real use.

Then, for each page, one GET that is not counted (warm-up), and ``--repeat`` GETs (default 20) one after another,
each checked to answer 200. Printed per page: the median and the lowest ms per GET (wall clock), the median CPU ms
of this process per GET (``time.process_time``: on SQLite the queries' work too, on PostgreSQL not the server's;
less disturbed than the wall clock by other work on the machine), the HTML's size, and

    ratio pages.<page> X    the page's median / the median of /healthz/ measured in the same run
    size pages.<page> KIB

    .venv/bin/python benchmarks/pages_cpu.py
    .venv/bin/python benchmarks/pages_cpu.py --repeat 50 --only assignment_grid
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua .venv/bin/python benchmarks/pages_cpu.py
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from benchmarks._scratch import scratch_database  # noqa: E402
from benchmarks.http_pages import USERNAME, build  # noqa: E402
from campaigns.models import Campaign, Participation  # noqa: E402
from targets.models import Figure, Target  # noqa: E402

PAGES = ("healthz", "assignment_grid", "entry_grid", "review_queue")
BATCH = 2000


def assign_targets() -> int:
    """A target for every participating unit × figure of the load campaign (the only campaign)."""
    campaign = Campaign.objects.get()
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    units = list(Participation.objects.filter(campaign=campaign).values_list("unit_id", flat=True))
    rows = []
    for u, unit_id in enumerate(units):
        for f, figure in enumerate(figures):
            low = Decimal(100 + (u * 7 + f * 13) % 900) / 10
            high = low + 5 if f % 5 == 0 else None
            registered = low + 1 if (u + f) % 3 == 0 else None
            rows.append(
                Target(
                    figure=figure, unit_id=unit_id, assigned_value=low, assigned_high=high, registered_value=registered
                )
            )
    Target.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def time_page(client: Client, path: str, repeat: int) -> tuple[list[float], list[float], int]:
    response = client.get(path)  # warm-up: template loading, caches
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code} instead of 200: the page would not be measured")
    size = len(response.content)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} instead of 200")
    return times, cpu, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="GETs per page after the warm-up (default 20)")
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--only", nargs="*", default=[], help="measure only these pages (and healthz)")
    args = parser.parse_args()
    unknown = set(args.only) - set(PAGES)
    if unknown:
        parser.error(f"no page {', '.join(sorted(unknown))}; the pages: {', '.join(PAGES)}")
    with scratch_database("pages"):
        data = build(size="province", indicators=args.indicators, periods=4)
        targets = assign_targets()
        print(f"{data.summary}; {targets:,} targets assigned", flush=True)
        client = Client()
        client.force_login(User.objects.get(username=USERNAME))
        pages = {k: data.pages[k] for k in PAGES if k == "healthz" or not args.only or k in args.only}
        results = {name: time_page(client, path, args.repeat) for name, path in pages.items()}
        connection.close()
    base = statistics.median(results["healthz"][0])
    print(f"{'page':<16} {'KiB':>8} {'median ms':>10} {'min ms':>8} {'CPU ms':>8} {'ratio':>7}")
    for name, (times, cpu, size) in results.items():
        median = statistics.median(times)
        print(
            f"{name:<16} {size / 1024:>8.1f} {median * 1000:>10.1f} {min(times) * 1000:>8.1f} "
            f"{statistics.median(cpu) * 1000:>8.1f} {median / base:>7.1f}"
        )
    for name, (times, _cpu, size) in results.items():
        if name != "healthz":
            print(f"ratio pages.{name} {statistics.median(times) / base:.2f}")
            print(f"size pages.{name} {size / 1024:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
