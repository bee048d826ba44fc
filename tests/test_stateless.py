"""Web processes keep no state of their own when REDIS_URL is set: the cache and the sessions live in Redis, so a
session opened on one process is read by any other."""

import json
import os
import subprocess
import sys
import uuid

import pytest
import redis
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cache import KEY_PREFIX
from django.core.cache import caches
from django.test import override_settings

from tests.conftest import ROOT, _required

PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps([settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION'), "
    "settings.SESSION_ENGINE]))"
)


def _settings_with(env: dict) -> list:
    clean = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_redis_url_puts_cache_and_sessions_in_redis_and_without_it_nothing_is_needed():
    assert _settings_with({"REDIS_URL": "redis://127.0.0.1:6379/5"}) == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/5",
        "django.contrib.sessions.backends.cache",
    ]
    backend, _location, engine = _settings_with({})
    assert backend.endswith("LocMemCache") and engine == "django.contrib.sessions.backends.db"


def _redis_url() -> str:
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith("redis://"):
        if _required("REQUIRE_WORKER"):
            pytest.fail("CI gives a Redis broker (CELERY_BROKER_URL)")
        pytest.skip("needs Redis: set CELERY_BROKER_URL=redis://…")
    return broker.rsplit("/", 1)[0] + "/7"  # a database of its own, apart from the broker's


@pytest.mark.django_db
def test_a_session_opened_here_is_in_redis_for_any_other_process(client, people):
    url = _redis_url()
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    with override_settings(CACHES={"default": redis_cache}, SESSION_ENGINE="django.contrib.sessions.backends.cache"):
        try:
            client.force_login(people.officer)
            key = client.session.session_key
            assert client.get("/").status_code == 200
            # Read back through a raw Redis connection, as another web process would: not this process's memory.
            raw = redis.Redis.from_url(url)
            stored = [name for name in raw.keys(f"{prefix}:*") if KEY_PREFIX.encode() in name and key.encode() in name]
            assert stored, "the session is not in Redis"
            assert caches["default"].get(KEY_PREFIX + key)[SESSION_KEY] == str(people.officer.pk)
        finally:
            caches["default"].clear()
