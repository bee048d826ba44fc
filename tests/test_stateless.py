"""Web processes keep no state of their own when REDIS_URL is set: the cache and the sessions live in Redis, so a
session opened on one process is read by any other; with STORAGE_BACKEND=s3 the files live in a bucket."""

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
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from storages.backends.s3 import S3Storage

from config.settings.storage import storages_from_env
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


# ------------------------------------------------------------------ stored files (config/settings/storage.py)

S3_ENV = {
    "STORAGE_BACKEND": "s3",
    "AWS_STORAGE_BUCKET_NAME": "thidua-files",
    "AWS_S3_ENDPOINT_URL": "http://minio:9000",
    "AWS_ACCESS_KEY_ID": "thidua",
    "AWS_SECRET_ACCESS_KEY": "secret-of-the-test",
    "AWS_S3_REGION_NAME": "ap-southeast-1",
    "AWS_S3_ADDRESSING_STYLE": "path",
}


@pytest.mark.parametrize("env", [{}, {"STORAGE_BACKEND": "local"}, {"STORAGE_BACKEND": ""}])
def test_without_storage_backend_files_go_to_the_local_disk(env):
    assert storages_from_env(env)["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_name_alone_does_not_choose_s3():
    """One rule: STORAGE_BACKEND chooses; AWS_* variables left in an environment change nothing by themselves."""
    assert storages_from_env({"AWS_STORAGE_BUCKET_NAME": "x"})["default"]["BACKEND"].endswith("FileSystemStorage")


def test_storage_backend_s3_gives_a_private_bucket_with_signed_urls_from_the_environment():
    default = storages_from_env(S3_ENV)["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "thidua-files",
        "http://minio:9000",
        "ap-southeast-1",
    )
    assert (options["access_key"], options["secret_key"]) == ("thidua", "secret-of-the-test")
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["file_overwrite"] is False and options["addressing_style"] == "path"
    # Unset optional values are None, so boto3 finds credentials and the region itself.
    bare = storages_from_env({"STORAGE_BACKEND": "S3", "AWS_STORAGE_BUCKET_NAME": "b"})["default"]["OPTIONS"]
    assert bare["endpoint_url"] is bare["access_key"] is bare["secret_key"] is bare["region_name"] is None


@pytest.mark.parametrize(
    ("env", "message"),
    [({"STORAGE_BACKEND": "s3"}, "AWS_STORAGE_BUCKET_NAME"), ({"STORAGE_BACKEND": "ftp"}, "one of local, s3")],
)
def test_a_wrong_storage_setting_stops_the_start(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        storages_from_env(env)


def test_the_s3_options_build_django_storages_backend_and_its_urls_are_signed():
    """Built offline, as Django builds it from STORAGES (no request is sent: no S3 server here). A URL it gives
    carries a signature and an expiry, so a file is never readable by its address alone."""
    storage = S3Storage(**storages_from_env(S3_ENV)["default"]["OPTIONS"])
    url = storage.url("documents/2026/12/01-PD-UBND.pdf")
    assert url.startswith("http://minio:9000/thidua-files/documents/2026/12/01-PD-UBND.pdf?")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url
    assert storage.default_acl == "private" and storage.file_overwrite is False
    with pytest.raises(NotImplementedError):
        storage.path("x")  # what every stored-file access in the code avoids (tests/storage.py)


def test_the_settings_take_their_storage_from_the_environment():
    probe = (
        "import json, django; from django.conf import settings; django.setup(); print(json.dumps(settings.STORAGES))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "STORAGE_BACKEND" and not k.startswith("AWS_")}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "localhost",
            **S3_ENV,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    storages = json.loads(out.stdout.strip().splitlines()[-1])
    assert storages["default"] == storages_from_env(S3_ENV)["default"]
    assert storages["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
