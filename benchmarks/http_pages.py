"""What the heavy pages cost over HTTP, as a ratio to ``/healthz/`` (one ``SELECT 1``) under the same load in the
same run: the app server as deployed, 20 people at once.

In a throw-away database (``_scratch``; on PostgreSQL ``bench_http_<pid>``, created and dropped here): the 2025-01
edition is loaded, then ``generate_load`` builds one campaign over its communes × 40 indicators × 4 periods, every
report approved (``--size country``, the default: all 10,051 communes; ``--size province``: the communes of the first
province in tree order, Thành phố Hà Nội, for a quick run). The last period's reports are then marked submitted, so
that the review queue holds them (the roll-up counts submitted and approved reports alike). The login user is a
reviewer at every province (the tree has no root unit to hold a national role at): they see the whole country,
reach the campaign's assignment grid (``target.assign``) and review every commune's report (``report.review``).

gunicorn then serves that database with the production settings (``config.settings.production``, as the Dockerfile
and docker-compose run it: 3 sync workers; ``--timeout`` raised so that a slow page is measured, not killed) on
127.0.0.1, with a random secret key, ``DJANGO_ALLOWED_HOSTS=127.0.0.1`` and ``DJANGO_SECURE_SSL_REDIRECT=False``
(plain HTTP here, no TLS proxy in front); sessions in Redis when ``--redis-url`` (default: ``REDIS_URL``) is given,
as in production, else in the database. The static files are collected first, as the image's build does.

The client (aiohttp) logs in through the login form (CSRF token and session cookie; the cookies are marked Secure
and sent back by hand, as a browser behind the TLS proxy would), then for each page: ``--concurrency`` requests at
once (default 3, one per worker) to warm up and check the answer, which must be 200 — a 302 to the log-in page or a
404 would measure the wrong thing, so the run stops there — then ``--concurrency`` connections (default 20) each
sending one request after another for ``--duration`` seconds (default 10; requests under way at the end are waited
for). A latency is one request's, from sending to its last byte, queueing in the server's backlog included. For each
page: requests/s, p50, p95, the status codes, and

    ratio http.<page> X     p95 of the page / p95 of /healthz/ (measured first, the same way)
    size http.<page> KIB    the page's HTML (decompressed)

Any non-200 answer or failed request during a run is listed and the benchmark exits 1. The server is stopped and
the database dropped however the run ends (an error, Ctrl-C, SIGTERM). Traffic goes to 127.0.0.1 only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python benchmarks/http_pages.py --size province

Not ``benchmarks/http.py``: a script's folder comes first in ``sys.path``, so a module of that name would stand in
for the standard library's ``http`` in every benchmark here (Django imports ``http.cookies``).
"""

import argparse
import asyncio
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import aiohttp  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Membership, Role, User  # noqa: E402
from benchmarks._scratch import database_url, scratch_database  # noqa: E402
from reports.load import load_generate  # noqa: E402
from reports.models import Report, ReportStatus  # noqa: E402
from units.loading import units_load_edition  # noqa: E402
from units.models import Edition, Unit, UnitKind  # noqa: E402

HOST = "127.0.0.1"
START_TIMEOUT = 90  # seconds for gunicorn to answer /healthz/
USERNAME = "bench-national"
PASSWORD = secrets.token_urlsafe(16)
PAGES = (
    "healthz",
    "campaign",
    "assignment_grid",
    "entry_grid",
    "review_queue",
    "rollup_country",
    "rollup_province",
    "rollup_district",
    "unit_province",
)


class Broken(Exception):
    """The measurement cannot be trusted (a page not answering 200, a server that does not start)."""


# ------------------------------------------------------------------ the data


@dataclass
class Data:
    pages: dict[str, str]  # name → path, /healthz/ first
    summary: str


def build(*, size: str, indicators: int, periods: int) -> Data:
    start = time.perf_counter()
    units_load_edition(edition=Edition.E2025_01)
    province = Unit.objects.filter(edition=Edition.E2025_01, kind=UnitKind.PROVINCE).order_by("path").first()
    communes = Unit.objects.filter(edition=Edition.E2025_01, kind=UnitKind.COMMUNE)
    if size == "province":
        communes = communes.filter(path__startswith=province.path)
    load = load_generate(communes=communes.count(), indicators=indicators, periods=periods)
    period = load.periods[-1]
    Report.objects.filter(period=period).update(status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
    user = User.objects.create_user(USERNAME, password=PASSWORD, full_name="Chuyên viên thi đua (đo tải)")
    Membership.objects.bulk_create(
        Membership(user=user, unit=p, role=Role.REVIEWER)
        for p in Unit.objects.filter(edition=Edition.E2025_01, kind=UnitKind.PROVINCE)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    district = Unit.objects.filter(path__startswith=province.path, kind=UnitKind.DISTRICT).order_by("path").first()
    commune = Unit.objects.filter(path__startswith=district.path, kind=UnitKind.COMMUNE).order_by("path").first()
    campaign = load.campaign.pk
    pages = {
        "healthz": reverse("healthz"),
        "campaign": reverse("campaign_detail", args=[campaign]),
        "assignment_grid": reverse("assignment_grid", args=[campaign]),
        "entry_grid": reverse("report_detail", args=[period.pk, commune.pk]),
        "review_queue": reverse("report_list"),
        "rollup_country": reverse("report_rollup", args=[period.pk, 0]),  # unit 0: the whole country
        "rollup_province": reverse("report_rollup", args=[period.pk, province.pk]),
        "rollup_district": reverse("report_rollup", args=[period.pk, district.pk]),
        "unit_province": reverse("unit_detail", args=[province.pk]),
    }
    assert tuple(pages) == PAGES
    if size == "province":  # one province has no country above it (reports.rollup.sees_country)
        del pages["rollup_country"]
    summary = (
        f"{connection.vendor}: {load.communes:,} communes × {load.figures} figures × {len(load.periods)} periods = "
        f"{load.values:,} reported values ({period.label} submitted), built in {time.perf_counter() - start:.0f} s; "
        f"province {province.name}, district {district.name}, commune {commune.name}"
    )
    return Data(pages=pages, summary=summary)


# ------------------------------------------------------------------ the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_environment(*, media: Path, redis_url: str) -> dict[str, str]:
    """Production settings with what they require and nothing of the caller's DJANGO_* or broker."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in {"CELERY_BROKER_URL"}}
    env.pop("REDIS_URL", None)
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_MEDIA_ROOT": str(media),
        "DATABASE_URL": database_url(),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


class Server:
    """gunicorn in a session of its own (a Ctrl-C reaches only this process, which stops it), its logs in a file."""

    def __init__(self, *, env: dict[str, str], workers: int, timeout: int, logs: Path):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.log_path = logs / "gunicorn.log"
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{HOST}:{self.port}"]
        command += ["--workers", str(workers), "--worker-class", "sync", "--timeout", str(timeout)]
        command += ["--access-logfile", str(logs / "access.log"), "--error-logfile", str(self.log_path)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # gunicorn's graceful stop: workers finish their request
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


async def wait_until_up(server: Server, session: aiohttp.ClientSession) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise Broken(f"gunicorn exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            async with session.get(server.base + "/healthz/", allow_redirects=False) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.5)
    raise Broken(f"gunicorn did not answer /healthz/ with 200 in {START_TIMEOUT} s:\n{server.log_tail()}")


# ------------------------------------------------------------------ the client


def keep_cookies(cookies: dict[str, str], response: aiohttp.ClientResponse) -> None:
    jar = SimpleCookie()
    for header in response.headers.getall("Set-Cookie", []):
        jar.load(header)
    cookies.update({name: morsel.value for name, morsel in jar.items()})


def cookie_header(cookies: dict[str, str]) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}


async def log_in(session: aiohttp.ClientSession, base: str) -> dict[str, str]:
    """The login form as a browser posts it; the headers that carry the session afterwards."""
    cookies: dict[str, str] = {}
    login = base + reverse("login")
    async with session.get(login, allow_redirects=False) as response:
        html = await response.text()
        keep_cookies(cookies, response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if response.status != 200 or token is None:
        raise Broken(f"the login page answered {response.status} without a CSRF token")
    form = {"csrfmiddlewaretoken": token.group(1), "username": USERNAME, "password": PASSWORD}
    async with session.post(login, data=form, headers=cookie_header(cookies), allow_redirects=False) as response:
        body = await response.text()
        keep_cookies(cookies, response)
    if response.status != 302 or "sessionid" not in cookies:
        raise Broken(f"logging in answered {response.status}, not a 302 with a session cookie:\n{body[:1500]}")
    return cookie_header(cookies)


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)
    elapsed: float = 0.0

    def quantile(self, q: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[round(q * 100) - 1]

    @property
    def broken(self) -> list[str]:
        bad = [f"{n} × {status}" for status, n in sorted(self.statuses.items()) if status != 200]
        return bad + [f"{n} × {error}" for error, n in self.failures.most_common()]


async def get(session, url, headers, timeout) -> tuple[int, bytes, str]:
    async with session.get(url, headers=headers, allow_redirects=False, timeout=timeout) as response:
        return response.status, await response.read(), response.headers.get("Location", "")


async def warm_up(session, url, headers, *, concurrency, timeout) -> int:
    """``concurrency`` requests at once; every one must answer 200. The page's size in bytes."""
    answers = await asyncio.gather(*(get(session, url, headers, timeout) for _ in range(concurrency)))
    for status, _body, location in answers:
        if status != 200:
            where = f" → {location}" if location else ""
            raise Broken(f"{url} answered {status}{where} instead of 200: the page would not be measured")
    return len(answers[0][1])


async def drive(session, url, headers, *, concurrency, duration, timeout) -> Run:
    """``concurrency`` connections, each sending a request as soon as its previous one ended, for ``duration``."""
    run = Run()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + duration

    async def connection_loop():
        while loop.time() < deadline:
            start = time.perf_counter()
            try:
                status, _body, _location = await get(session, url, headers, timeout)
            except (TimeoutError, aiohttp.ClientError) as error:
                run.failures[type(error).__name__] += 1
                continue
            run.latencies.append(time.perf_counter() - start)
            run.statuses[status] += 1

    start = time.perf_counter()
    await asyncio.gather(*(connection_loop() for _ in range(concurrency)))
    run.elapsed = time.perf_counter() - start
    return run


async def measure(server: Server, pages: dict[str, str], args) -> tuple[dict[str, Run], dict[str, int]]:
    timeout = aiohttp.ClientTimeout(total=args.request_timeout)
    connector = aiohttp.TCPConnector(limit=args.concurrency)
    # Cookies are kept by hand: the production cookies are Secure, which a jar never sends over plain HTTP.
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as session:
        await wait_until_up(server, session)
        headers = await log_in(session, server.base)
        runs, sizes = {}, {}
        for name, path in pages.items():
            url = server.base + path
            sizes[name] = await warm_up(session, url, headers, concurrency=args.warmup, timeout=timeout)
            runs[name] = await drive(
                session, url, headers, concurrency=args.concurrency, duration=args.duration, timeout=timeout
            )
            run = runs[name]
            p95 = run.quantile(0.95) * 1000
            print(f"  {name}: {len(run.latencies)} requests in {run.elapsed:.1f} s, p95 {p95:.0f} ms", flush=True)
        return runs, sizes


# ------------------------------------------------------------------ the report


def report(pages: dict[str, str], runs: dict[str, Run], sizes: dict[str, int]) -> bool:
    base = runs["healthz"].quantile(0.95)
    header = f"{'page':<16} {'KiB':>8} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>7}  statuses"
    print(header)
    print("-" * len(header))
    for name in pages:
        run = runs[name]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(run.statuses.items()))
        statuses += "".join(f", {e}: {n}" for e, n in run.failures.items())
        print(
            f"{name:<16} {sizes[name] / 1024:>8.1f} {len(run.latencies):>8} {len(run.latencies) / run.elapsed:>7.1f} "
            f"{run.quantile(0.5) * 1000:>8.0f} {run.quantile(0.95) * 1000:>8.0f} {run.quantile(0.95) / base:>7.1f}  "
            f"{statuses}"
        )
    for name in pages:
        if name != "healthz":
            print(f"ratio http.{name} {runs[name].quantile(0.95) / base:.2f}")
            print(f"size http.{name} {sizes[name] / 1024:.1f}")
    broken = {name: run.broken for name, run in runs.items() if run.broken}
    for name, what in broken.items():
        print(f"FAILED http.{name} ({pages[name]}): {', '.join(what)} — not the page's cost", file=sys.stderr)
    return not broken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("country", "province"), default="country")
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=20, help="connections at once (default 20)")
    parser.add_argument("--duration", type=float, default=10, help="seconds of requests per page (default 10)")
    parser.add_argument("--warmup", type=int, default=3, help="requests at once before each page's run (default 3)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3, as deployed)")
    parser.add_argument("--timeout", type=int, default=300, help="gunicorn's worker timeout, seconds (default 300)")
    parser.add_argument("--request-timeout", type=float, default=300, help="the client's, seconds (default 300)")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""), help="sessions (default: REDIS_URL)")
    parser.add_argument("--only", nargs="*", default=[], help="measure only these pages (and healthz)")
    parser.add_argument("--skip", nargs="*", default=[], help="leave these pages out")
    args = parser.parse_args()
    unknown = set(args.only + args.skip) - set(PAGES)
    if unknown:
        parser.error(f"no page {', '.join(sorted(unknown))}; the pages: {', '.join(PAGES)}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwinds like Ctrl-C: server stopped, database dropped
    with scratch_database("http") as media, tempfile.TemporaryDirectory() as logs:
        data = build(size=args.size, indicators=args.indicators, periods=args.periods)
        print(data.summary, flush=True)
        pages = {
            k: v
            for k, v in data.pages.items()
            if k == "healthz" or ((not args.only or k in args.only) and k not in args.skip)
        }
        env = server_environment(media=media, redis_url=args.redis_url)
        subprocess.run(  # the manifest the production static storage reads
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        server = Server(env=env, workers=args.workers, timeout=args.timeout, logs=Path(logs))
        try:
            print(
                f"gunicorn {server.base}: {args.workers} sync workers, production settings, sessions in "
                f"{'Redis' if args.redis_url else 'the database'}; {args.concurrency} connections × "
                f"{args.duration:g} s a page",
                flush=True,
            )
            runs, sizes = asyncio.run(measure(server, pages, args))
        except Broken as error:
            print(f"FAILED: {error}", file=sys.stderr)
            return 1
        finally:
            server.stop()
        connection.close()
    return 0 if report(pages, runs, sizes) else 1


if __name__ == "__main__":
    sys.exit(main())
