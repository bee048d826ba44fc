"""Tests: fast hashing, mail kept in memory, media in a temporary folder (see tests/conftest.py)."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-key-not-for-production")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
TEMPLATES[0]["OPTIONS"]["debug"] = True  # noqa: F405
# Tests see problems in templates instead of an empty string.
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID[%s]"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as `make run` uses, not SQLite's in-memory default: a live server's threads then hold connections of
    # their own and really contend for the write lock (tests/test_load.py). pytest-xdist adds each worker's suffix.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405

# The API's throttle counts in the cache across tests, whose rolled-back rows reuse ids: only the test of throttling
# itself (tests/api/test_api_auth.py) sets a low rate.
REST_FRAMEWORK = {  # noqa: F405
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"api_token": env("API_THROTTLE_RATE", default="100000/hour")},
}
