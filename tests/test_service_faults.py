"""The real services failing under a running app: PostgreSQL restarted (every connection of the app cut, as a
restart does) while gunicorn keeps its workers and their persistent connections. The next requests succeed without
restarting the app. (The broker's and the worker's faults are in tests/documents/test_faults.py.)"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import ROOT, _database_url, _required

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def app_server(tmp_path):
    """gunicorn with one sync worker, so that every request reuses the one persistent connection (CONN_MAX_AGE)."""
    if connection.vendor != "postgresql":
        message = "a database restart needs PostgreSQL (DATABASE_URL)"
        if _required("REQUIRE_WORKER"):
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "600",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(base + "/healthz/")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text()[-3000:])
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _cut_every_other_connection() -> int:
    """What a restart does to the app: every server process of this database ends, except the test's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_the_app_reconnects_after_postgresql_restarts(app_server, people):
    client = Client()
    client.force_login(people.officer)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    assert _get(app_server + "/", cookie)[0] == 200  # the worker now holds a connection
    assert _cut_every_other_connection() >= 1
    for path in ("/healthz/", "/"):
        status, body = _get(app_server + path, cookie)
        assert status == 200, body[-2000:]
    assert "Xã Cao Lâu" in body
