"""Fifty people saving one target grid at the same moment, against the real app server in a subprocess: how many
server errors, how many saves won, how many were told someone saved first, and what a save costs while they all
wait their turn, as a ratio to ``/healthz/`` (one ``SELECT 1``) fired the same way against the same server.

Each database gets a throw-away copy, migrated, with a small tree (Tỉnh Lạng Sơn › Huyện Cao Lộc › Xã Cao Lâu,
Xã Thạch Đạn), the district's campaign assigning Xã Cao Lâu a target, and Xã Cao Lâu's officer, all made by the
app's own services and the tests' factories (``--prepare``, run in a child process with the copy's DATABASE_URL):

- SQLite (always): a file in a temporary folder (its DATABASE_URL carrying the options the settings give the
  embedded default: WAL, IMMEDIATE transactions, 30 s busy timeout), served by ``manage.py runserver --noreload``
  (a thread per request; its listen backlog raised from 10 to ``--backlog``, 256, as tests/conftest.py does);
- PostgreSQL (when DATABASE_URL points at one): a database ``bench_parallel_saves_<pid>`` on that server, created
  and dropped here, served by gunicorn with 3 sync workers.

Both servers run ``config.settings.local`` with DEBUG off (production's settings want HTTPS and collected static
files). After a warm-up, ``--parallel`` requests (default 50) wait at a barrier and are sent at once, one connection
each: first GETs of ``/healthz/``, then POSTs of the same grid, every one built from the same page (the same
version), each with its own value. A winner is a 302; a conflict a 409 saying "trong khi bạn đang …"; "no answer"
a connection refused or reset; the latencies are each request's, from sending to the last byte. The two
measurements run one after the other in one run, so the ratio is free of the machine's speed, not of its load.

    .venv/bin/python benchmarks/parallel_saves.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua .venv/bin/python benchmarks/parallel_saves.py
"""

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

CONFLICT_WORDS = "trong khi bạn đang"  # "while you were …": in the grid's conflict message
# What config/settings/base.py gives the embedded SQLite file when DATABASE_URL is unset (`make run`): WAL, a
# request's transaction taking the write lock when it begins, 30 s of waiting for it. The settings apply them only to
# that default, not to a sqlite:// DATABASE_URL, so the throw-away file's URL carries them (--bare-sqlite-url: not).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": "30",
}
START_TIMEOUT = 60  # seconds for a server to answer /healthz/
# runserver keeps 10 connections waiting to be accepted (gunicorn 2,048): of 50 opened at once, some wait for the
# client's SYN to be sent again (1 s, 3 s) or are reset. Raised as tests/conftest.py does for the live server, so the
# figures are the application's, not the development server's socket's (--backlog 10: as it comes).
RUNSERVER = (
    "import sys; from django.core.servers.basehttp import WSGIServer; "
    "WSGIServer.request_queue_size = int(sys.argv[1]); "
    "import manage; sys.argv = ['manage.py', *sys.argv[2:]]; manage.main()"
)


# ------------------------------------------------------------------ the throw-away data (in the child process)


def prepare() -> None:
    """Migrate the database DATABASE_URL names, build the tree, campaign and officer, and print what the requests
    need as JSON: the grid's path, the figure, the version the page shows, and a logged-in session."""
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from accounts.models import Role
    from targets import services as target_services
    from targets.models import Figure, Target
    from tests.campaigns.factories import make_campaign
    from tests.factories import member, unit
    from units.models import UnitKind, UnitType

    call_command("migrate", verbosity=0)
    lang_son = unit(code="20", kind=UnitKind.PROVINCE, unit_type=UnitType.TINH, short_name="Lạng Sơn")
    cao_loc = unit(lang_son, code="183", kind=UnitKind.DISTRICT, unit_type=UnitType.HUYEN, short_name="Cao Lộc")
    cao_lau = unit(cao_loc, code="06196", short_name="Cao Lâu")
    thach_dan = unit(cao_loc, code="06199", short_name="Thạch Đạn")
    cao_loc.refresh_from_db()
    officer = member(cao_lau, Role.OFFICER, username="canbo.caolau")
    campaign = make_campaign(cao_loc, title="Chỉ thị của huyện", participants=[cao_lau, thach_dan])
    figure = Figure.objects.filter(indicator__section__campaign=campaign).order_by("indicator__position").first()
    target_services.targets_assign_save(
        campaign=campaign, user=None, cells=[target_services.CellInput(figure.pk, cao_lau.pk, Decimal(600))]
    )
    client = Client()
    client.force_login(officer)
    print(
        json.dumps(
            {
                "path": reverse("target_grid", kwargs={"pk": campaign.pk, "unit_pk": cao_lau.pk}),
                "figure": figure.pk,
                "version": Target.objects.get(figure=figure, unit=cao_lau).version,
                "session": client.cookies["sessionid"].value,
            }
        )
    )


# ------------------------------------------------------------------ the requests (in this process)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Reply:
    status: int
    body: str
    seconds: float


class Browser:
    """One logged-in user's cookies; a connection per request, as tests/test_load.py does."""

    def __init__(self, base: str, session: str):
        self.base = base
        self.csrf = secrets.token_hex(16)  # an unmasked 32-character secret: Django accepts it as cookie and token
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(self, path: str, data: dict | None = None) -> Reply:
        body = None if data is None else urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1:<port>, the server started here)
            self.base + path,
            data=body,
            headers={"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"},
            method="GET" if body is None else "POST",
        )
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        except OSError as error:  # refused, reset: no answer at all
            status, text = 0, f"{type(error).__name__}: {error}"
        return Reply(status, text, time.perf_counter() - start)


def race(send, payloads) -> list[Reply]:
    """Every payload sent at once: the threads wait at a barrier, then all send."""
    barrier = threading.Barrier(len(payloads))

    def one(payload):
        barrier.wait()
        return send(payload)

    with ThreadPoolExecutor(max_workers=len(payloads)) as pool:
        return list(pool.map(one, payloads))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# ------------------------------------------------------------------ the servers and the databases


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "CELERY_BROKER_URL"}  # tasks run eagerly
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        AXES_ENABLED="false",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def start_prepare(database_url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, __file__, "--prepare"],
        cwd=ROOT,
        env=server_env(database_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def prepared(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=300)
    if process.returncode != 0:
        sys.exit(f"preparing the database failed:\n{err[-3000:]}")
    return json.loads(out.strip().splitlines()[-1])


def start_server(kind: str, database_url: str, port: int, log, backlog: int) -> subprocess.Popen:
    if kind == "runserver":
        command = [sys.executable, "-c", RUNSERVER, str(backlog), "runserver", "--noreload", f"127.0.0.1:{port}"]
    else:
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", "3", "--worker-class", "sync", "--timeout", "120"]
    return subprocess.Popen(command, cwd=ROOT, env=server_env(database_url), stdout=log, stderr=subprocess.STDOUT)


def wait_for(process: subprocess.Popen, browser: Browser, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            if browser.request("/healthz/").status == 200:
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"the server did not start:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)


def postgres_admin(url: str):
    """A connection to the server's maintenance database, autocommit (CREATE and DROP DATABASE need it)."""
    import psycopg2

    parts = urllib.parse.urlsplit(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=urllib.parse.unquote(parts.username or ""),
        password=urllib.parse.unquote(parts.password or "") or None,
        host=parts.hostname or None,
        port=parts.port,
    )
    connection.autocommit = True
    return connection


# ------------------------------------------------------------------ one database


def measure(label: str, kind: str, database_url: str, data: dict, args, folder: Path) -> str:
    parallel = args.parallel
    port = free_port()
    log_path = folder / f"{kind}.log"
    with open(log_path, "w") as log:
        server = start_server(kind, database_url, port, log, args.backlog)
        try:
            browser = Browser(f"http://127.0.0.1:{port}", data["session"])
            wait_for(server, browser, log_path)
            for _ in range(6):  # every worker has opened its connection and loaded the grid's templates
                race(browser.request, ["/healthz/", data["path"], data["path"]])
            health = race(browser.request, ["/healthz/"] * parallel)
            figure = data["figure"]
            payloads = [{f"reg-{figure}": str(700 + i), f"ver-{figure}": str(data["version"])} for i in range(parallel)]
            saves = race(lambda payload: browser.request(data["path"], payload), payloads)
        finally:
            server.terminate()
            server.wait(timeout=30)
    errors = sum(1 for r in saves if r.status >= 500)
    unanswered = [r for r in saves + health if r.status == 0]
    winners = sum(1 for r in saves if r.status == 302)
    conflicts = sum(1 for r in saves if r.status == 409 and CONFLICT_WORDS in r.body)
    others = parallel - errors - winners - conflicts - sum(1 for r in saves if r.status == 0)
    times = [r.seconds * 1000 for r in saves]
    save_p50 = statistics.median(times)
    health_p50 = statistics.median(r.seconds * 1000 for r in health)
    line = (
        f"{label}: 5xx: {errors} of {parallel} ({errors / parallel:.1%}), winners {winners}, conflicts {conflicts}"
        + (f", other {others}" if others else "")
        + (f", no answer {len(unanswered)} ({unanswered[0].body})" if unanswered else "")
        + f", p50 {save_p50:.0f} ms, p95 {percentile(times, 0.95):.0f} ms, ratio p50 save / p50 /healthz/ "
        f"{save_p50 / health_p50:.1f}× (/healthz/ p50 {health_p50:.0f} ms)"
    )
    if errors:
        text = log_path.read_text()
        first = text.find("Traceback")
        line += f"\n  the server's first error ({log_path.name}):\n" + text[max(first, 0) :][:3000]
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parallel", type=int, default=50, help="requests sent at once (default 50)")
    parser.add_argument("--backlog", type=int, default=256, help="runserver's listen backlog (default 256)")
    parser.add_argument(
        "--bare-sqlite-url", action="store_true", help="the SQLite file's DATABASE_URL without the settings' options"
    )
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://", "pgsql://"))
    with tempfile.TemporaryDirectory(prefix="parallel-saves-") as tmp:
        folder = Path(tmp)
        sqlite_url = f"sqlite:///{folder / 'db.sqlite3'}"
        if not args.bare_sqlite_url:
            sqlite_url += "?" + urllib.parse.urlencode(SQLITE_OPTIONS, quote_via=urllib.parse.quote)
        runs = [("SQLite, runserver", "runserver", sqlite_url)]
        admin, name = None, f"bench_parallel_saves_{os.getpid()}"
        if postgres:
            admin = postgres_admin(url)
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                cursor.execute(f'CREATE DATABASE "{name}"')
            runs.append(
                (
                    "PostgreSQL, gunicorn 3 sync workers",
                    "gunicorn",
                    urllib.parse.urlsplit(url)._replace(path=f"/{name}").geturl(),
                )
            )
        try:
            start = time.perf_counter()
            preparing = [start_prepare(database_url) for _label, _kind, database_url in runs]  # migrations at once
            data = [prepared(process) for process in preparing]
            print(f"{len(runs)} database(s) migrated and filled in {time.perf_counter() - start:.0f} s")
            for (label, kind, database_url), prepared_data in zip(runs, data, strict=True):
                print(measure(label, kind, database_url, prepared_data, args, folder), flush=True)
        finally:
            if admin is not None:
                with admin.cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.close()


if __name__ == "__main__":
    main()
