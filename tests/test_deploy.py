"""Production settings: Django's deployment checks pass, and a missing secret key stops the start.

Each test runs Python in a subprocess, so the settings module is imported fresh, from a clean
environment (no DJANGO_* variable or DATABASE_URL inherited from the developer's shell or CI).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
# Long and varied enough for Django's security.W009; not a real key.
FAKE_SECRET_KEY = "deploy-test-8Yq3vT1xZk9Lm2Pw7Rb5Nc4Hd6Jf0Gs-uAeIoUyTrEwQ"


def clean_environment(**extra):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "CELERY_BROKER_URL"}
    }
    env.update(extra)
    return env


def run_python(args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.smoke
def test_production_settings_pass_check_deploy():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING", "--settings=config.settings.production"],
        clean_environment(DJANGO_SECRET_KEY=FAKE_SECRET_KEY, DJANGO_ALLOWED_HOSTS="thidua.example.vn"),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output


@pytest.mark.smoke
def test_production_settings_refuse_to_start_without_secret_key():
    result = run_python(
        ["-c", "import django; django.setup()"],
        clean_environment(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DJANGO_ALLOWED_HOSTS="thidua.example.vn",
        ),
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "DJANGO_SECRET_KEY" in output, output
