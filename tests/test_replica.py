"""A read replica for the roll-up pages (config/routers.py): with DATABASE_REPLICA_URL the roll-up's GET requests read
from it and nothing else does; without it nothing changes."""

import json
import os
import sqlite3
import subprocess
import sys

from django.test import RequestFactory
from django.urls import reverse

from config.routers import ReplicaReadsMiddleware, ReplicaRouter, reading_replica, replica_reads
from tests.conftest import ROOT

PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.db import connections
from config.routers import replica_reads
from units.models import Unit
out = {"aliases": sorted(settings.DATABASES), "routers": settings.DATABASE_ROUTERS,
       "middleware": "config.routers.ReplicaReadsMiddleware" in settings.MIDDLEWARE,
       "mirror": settings.DATABASES.get("replica", {}).get("TEST", {}).get("MIRROR")}
if "replica" in settings.DATABASES:
    out["default_count"] = Unit.objects.count()
    with replica_reads():
        out["replica_count"] = Unit.objects.count()
        from django.db import router
        out["write_alias"] = router.db_for_write(Unit)
print(json.dumps(out))
"""


def _probe(env: dict) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URL")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _database(path, rows: int) -> str:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE units_unit (id integer primary key)")
        db.executemany("INSERT INTO units_unit (id) VALUES (?)", [(i,) for i in range(1, rows + 1)])
    return f"sqlite:///{path}"


def test_with_a_replica_the_reads_inside_replica_reads_reach_it_and_writes_stay_on_default(tmp_path):
    """Two databases that differ (1 unit on default, 3 on the 'replica'): a count inside replica_reads() is the
    replica's, outside it default's; writes always go to default."""
    env = {
        "DATABASE_URL": _database(tmp_path / "default.sqlite3", 1),
        "DATABASE_REPLICA_URL": _database(tmp_path / "replica.sqlite3", 3),
    }
    out = _probe(env)
    assert out["aliases"] == ["default", "replica"] and out["routers"] == ["config.routers.ReplicaRouter"]
    assert out["middleware"] and out["mirror"] == "default"
    assert (out["default_count"], out["replica_count"]) == (1, 3)
    assert out["write_alias"] == "default"


def test_without_a_replica_nothing_is_installed(tmp_path):
    out = _probe({"DATABASE_URL": _database(tmp_path / "default.sqlite3", 1)})
    assert out["aliases"] == ["default"] and out["routers"] == [] and not out["middleware"]


def test_the_router_reads_the_replica_only_inside_and_never_migrates_it(monkeypatch):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(None) is None  # no replica configured: default
    monkeypatch.setattr("config.routers._configured", lambda: True)
    assert router.db_for_read(None) is None
    with replica_reads():
        assert router.db_for_read(None) == "replica" and router.db_for_write(None) == "default"
    assert router.db_for_read(None) is None
    assert router.allow_migrate("replica", "units") is False and router.allow_migrate("default", "units") is True


def test_the_middleware_sends_only_the_rollups_gets_to_the_replica(monkeypatch):
    seen = []
    monkeypatch.setattr("config.routers._configured", lambda: True)
    middleware = ReplicaReadsMiddleware(lambda request: seen.append(reading_replica()))
    rollup = reverse("report_rollup", kwargs={"period_pk": 1, "unit_pk": 2})
    factory = RequestFactory()
    for request in (
        factory.get(rollup),
        factory.head(rollup),
        factory.post(rollup),
        factory.get(reverse("api_rollup", kwargs={"period_pk": 1, "unit_pk": 2})),
        factory.get("/"),
        factory.get("/no/such/page/"),
    ):
        middleware(request)
    assert seen == [True, True, False, True, False, False]
