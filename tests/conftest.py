"""Shared fixtures: a small real-named unit tree, users with roles, a real Celery worker, a real browser."""

import os
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer

from accounts.models import Role
from config.celery_app import app as celery_app
from tests.factories import member, unit
from units.models import UnitKind, UnitType

ROOT = Path(__file__).resolve().parent.parent

# The live server's listen backlog: Django's development server keeps 10 connections waiting, gunicorn (production)
# 2,048. The load tests open 50 at once; they are about the application, not the development server's socket.
WSGIServer.request_queue_size = 256
ARTIFACTS = ROOT / "test-artifacts"


def _required(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def memory_storage(settings):
    """Stored files in memory instead of on disk, with no ``path()``, as on S3 (tests/storage.py): code that reached
    a stored file by a path on disk instead of the storage API fails under it. Afterwards nothing may have been
    written under MEDIA_ROOT either."""
    from django.core.files.storage import default_storage

    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.storage.PathlessMemoryStorage"}}
    with pytest.raises(NotImplementedError):
        default_storage.path("x")
    yield default_storage
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*")), "a file was written to disk"


@pytest.fixture(autouse=True)
def _catalogues(request):
    """The rows data migrations create (the document types, the award catalogue): a transactional test's flush
    removes them, so every database test gets them back first."""
    marker = request.node.get_closest_marker("django_db")
    wanted = {"db", "transactional_db", "celery_worker", "live_server"} & set(request.fixturenames)
    if marker is None and not wanted:
        return
    transactional = (marker is not None and marker.kwargs.get("transaction")) or wanted - {"db"}
    request.getfixturevalue("transactional_db" if transactional else "db")
    catalogues_ensure()


def catalogues_ensure():
    """One query when the rows are there (a test's rollback keeps them; only a transactional test's flush empties
    the tables), the full idempotent ensure when they are not."""
    from awards.catalogue import catalogue_ensure
    from awards.models import AwardRule
    from campaigns.doctypes import DOCUMENT_TYPES, document_types_ensure
    from campaigns.models import DocumentType

    if DocumentType.objects.count() < len(DOCUMENT_TYPES):
        document_types_ensure(DocumentType)
    if not AwardRule.objects.exists():
        catalogue_ensure()


@contextmanager
def shared_rows(django_db_blocker, media_root: Path):
    """Rows built once for a whole module, rolled back after its last test. Each test's own transaction (the `db`
    fixture) is a savepoint inside this one, so what a test writes is undone and the shared rows stay as built.
    Files go to `media_root`, which the module's tests must read too (override `_media_root`)."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media_root)), transaction.atomic():
        catalogues_ensure()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _eager_celery_unless_worker(request):
    """Tasks run in the test's own process, except in tests that ask for a real worker."""
    if "celery_worker" in request.fixturenames:
        yield
        return
    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = old


@pytest.fixture
def tree(db):
    return build_tree()


def build_tree():
    """Lạng Sơn › Cao Lộc › {Cao Lâu › Thôn Khòn Khuyên, Thạch Đạn}, Lạng Sơn › Văn Lãng › Hoàng Việt,
    and Bắc Giang › Hiệp Hòa › Hương Lâm: the codes are the real ones of the 2025-01 edition."""
    lang_son = unit(code="20", kind=UnitKind.PROVINCE, unit_type=UnitType.TINH, short_name="Lạng Sơn")
    cao_loc = unit(lang_son, code="183", kind=UnitKind.DISTRICT, unit_type=UnitType.HUYEN, short_name="Cao Lộc")
    cao_lau = unit(cao_loc, code="06196", short_name="Cao Lâu")
    thach_dan = unit(cao_loc, code="06199", short_name="Thạch Đạn")
    village = unit(
        cao_lau,
        code="06196.01",
        kind=UnitKind.VILLAGE,
        unit_type=UnitType.THON,
        short_name="Khòn Khuyên",
        official=False,
    )
    van_lang = unit(lang_son, code="182", kind=UnitKind.DISTRICT, unit_type=UnitType.HUYEN, short_name="Văn Lãng")
    hoang_viet = unit(van_lang, code="06157", short_name="Hoàng Việt")
    bac_giang = unit(code="24", kind=UnitKind.PROVINCE, unit_type=UnitType.TINH, short_name="Bắc Giang")
    hiep_hoa = unit(bac_giang, code="223", kind=UnitKind.DISTRICT, unit_type=UnitType.HUYEN, short_name="Hiệp Hòa")
    huong_lam = unit(hiep_hoa, code="07876", short_name="Hương Lâm")
    for node in (lang_son, cao_loc, cao_lau, van_lang, bac_giang, hiep_hoa):
        node.refresh_from_db()
    return SimpleNamespace(
        lang_son=lang_son,
        cao_loc=cao_loc,
        cao_lau=cao_lau,
        thach_dan=thach_dan,
        village=village,
        van_lang=van_lang,
        hoang_viet=hoang_viet,
        bac_giang=bac_giang,
        hiep_hoa=hiep_hoa,
        huong_lam=huong_lam,
    )


@pytest.fixture
def people(tree):
    return build_people(tree)


def build_people(tree):
    from django.contrib.auth import get_user_model

    return SimpleNamespace(
        officer=member(tree.cao_lau, Role.OFFICER, username="canbo.caolau"),
        leader=member(tree.cao_lau, Role.LEADER, username="lanhdao.caolau"),
        clerk=member(tree.cao_lau, Role.CLERK, username="vanthu.caolau"),
        sibling_officer=member(tree.thach_dan, Role.OFFICER, username="canbo.thachdan"),
        reviewer=member(tree.cao_loc, Role.REVIEWER, username="noivu.caoloc"),
        council=member(tree.cao_loc, Role.COUNCIL, username="hoidong.caoloc"),
        province_admin=member(tree.lang_son, Role.ADMIN, username="quantri.langson"),
        other_reviewer=member(tree.hiep_hoa, Role.REVIEWER, username="noivu.hiephoa"),
        superuser=get_user_model().objects.create_superuser("admin", "admin@example.vn", "Mat-khau-123"),
    )


# ------------------------------------------------------------------ a real Celery worker


def _database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("a separate worker process needs PostgreSQL")
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """Starts `celery -A config worker` in its own process on a queue of its own, pointed at the test database
    through Redis. Skipped without a broker and PostgreSQL, unless REQUIRE_WORKER is set (CI), where it fails."""
    broker = settings.CELERY_BROKER_URL
    if settings.CELERY_TASK_ALWAYS_EAGER or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        message = "a real worker needs CELERY_BROKER_URL (Redis) and DATABASE_URL (PostgreSQL)"
        if _required("REQUIRE_WORKER"):
            pytest.fail(message)
        pytest.skip(message)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_MEDIA_ROOT": settings.MEDIA_ROOT,
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    old_queue, old_eager = celery_app.conf.task_default_queue, celery_app.conf.task_always_eager
    celery_app.conf.task_default_queue, celery_app.conf.task_always_eager = queue, False
    try:
        deadline = time.monotonic() + 60
        while "ready." not in (tmp_path / "worker.log").read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Celery worker did not start:\n" + (tmp_path / "worker.log").read_text()[-3000:])
            time.sleep(0.2)
        yield SimpleNamespace(process=process, queue=queue, mail_dir=mail_dir, log=tmp_path / "worker.log")
    finally:
        celery_app.conf.task_default_queue, celery_app.conf.task_always_eager = old_queue, old_eager
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


# ------------------------------------------------------------------ a real browser


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; Playwright never downloads a browser of its own here."""
    path = chromium_path()
    if path is None:
        if _required("REQUIRE_BROWSER"):
            pytest.fail("Chromium is missing: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


# Reports every Content-Security-Policy violation of every frame to the test (Playwright's init scripts are not
# subject to the page's policy). Chromium also logs each refusal on the console; both are collected.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation([e.effectiveDirective, e.blockedURI || "inline", e.documentURI, e.sourceFile || "",
    e.lineNumber || 0, (e.sample || "").slice(0, 80)].join(" | "));
});
"""


@pytest.fixture
def page(browser, live_server):
    """A page of a new browser context; the test fails at teardown if any page broke the Content-Security-Policy
    (an inline script or style, an on…= handler, eval, a resource from elsewhere)."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    violations = []

    def reported(text):
        violations.append(text)

    def logged(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    context.expose_function("__cspViolation", reported)
    context.add_init_script(_CSP_LISTENER)
    pg = context.new_page()
    pg.on("console", logged)
    in_flight = set()

    def started(request):  # Playwright takes a Python function, not a bound built-in such as set.add
        in_flight.add(request)

    def ended(request):
        in_flight.discard(request)

    pg.on("request", started)
    pg.on("requestfinished", ended)
    pg.on("requestfailed", ended)
    pg.set_default_timeout(15_000)
    yield pg
    # A request still being answered (the bell htmx loads after each page) would hold its rows while the test's
    # database is flushed: PostgreSQL then detects a deadlock and the next test finds the rows still there.
    for _ in range(100):
        if not in_flight or pg.is_closed():
            break
        pg.wait_for_timeout(50)
    from playwright.sync_api import Error as PlaywrightError

    for other in browser.contexts:  # the contexts the test opened itself (a reviewer's, a sibling's) too
        for open_page in other.pages:
            try:
                open_page.wait_for_load_state("networkidle", timeout=5_000)
            except PlaywrightError:
                pass
        if other is not context:
            other.close()
    context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)), pytrace=False)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
