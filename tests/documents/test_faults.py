"""The document engine's faults: the broker down or silent, a worker killed in the middle of a render, a render that
fails. Each ends in a state the job page explains in Vietnamese, and Retry (or the broker's redelivery) finishes
the job once: one stored PDF per source, whatever ran twice.

The broker tests need no broker: they point the Celery app at an address where none is. The worker tests start
real workers (Redis and PostgreSQL, like the ``celery_worker`` fixture) and kill them with SIGKILL."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError
from django.urls import reverse

from campaigns.serialization import campaign_import
from config.celery_app import app as celery_app
from documents import rendering, services
from documents.models import DocumentJob, JobStatus, RenderedDocument
from documents.tasks import render_document
from tests.campaigns.factories import campaign_data, make_campaign
from tests.conftest import ROOT, _database_url, _required

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: the connection is refused at once
WAITING = "Đang chờ xử lý"  # JobStatus.QUEUED
QUEUE_DID_NOT_ANSWER = "hàng đợi không phản hồi"  # services.ERR_QUEUE
FAILED = "Không thành công"  # JobStatus.FAILED
RENDER_FAILED = "Không tạo được văn bản"  # services.ERR_RENDER
RETRY = "Thử lại"
DOWNLOAD = "Tải PDF"


def job_page(client, job) -> str:
    response = client.get(reverse("document_job", kwargs={"job_id": job.pk}))
    assert response.status_code == 200
    return response.content.decode()


def post(client, url, capture) -> tuple:
    """POST as the browser does; the on-commit callbacks (the enqueue) run as they would after the request."""
    start = time.monotonic()
    with capture(execute=True):
        response = client.post(url)
    return response, time.monotonic() - start


def new_job(campaign) -> DocumentJob:
    """A job as the print button makes it, without enqueueing it."""
    return DocumentJob.objects.create(
        content_type=ContentType.objects.get_for_model(campaign), object_id=campaign.pk, kind="campaign"
    )


def job_of(response) -> DocumentJob:
    assert response.status_code == 302, response.status_code
    return DocumentJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def _drop_broker_connections() -> None:
    """The app keeps its connection and producer pools: forget them so that the next publish takes the pools of the
    new URL. Not closed: kombu shares them by URL and options, and hands them back when the old URL returns."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker(url: str, **transport_options):
    """Tasks go to the broker at url (not run eagerly) within the block. Celery reads CELERY_BROKER_URL from the
    environment before its configuration, so the variable is set too."""
    conf = celery_app.conf
    old = conf.broker_url, conf.task_always_eager, conf.broker_transport_options
    _drop_broker_connections()
    conf.broker_url, conf.task_always_eager = url, False
    conf.broker_transport_options = {**old[2], **transport_options}
    try:
        with mock.patch.dict(os.environ, {"CELERY_BROKER_URL": url}):
            assert conf.broker_write_url == url
            yield
    finally:
        _drop_broker_connections()
        conf.broker_url, conf.task_always_eager, conf.broker_transport_options = old


# ------------------------------------------------------------------ the broker is down


def test_a_dead_broker_keeps_the_job_waiting_and_retry_finishes_it_once_the_broker_is_back(
    client, tree, people, django_capture_on_commit_callbacks
):
    campaign = make_campaign(tree.cao_lau)
    client.force_login(people.officer)
    with broker(DEAD_BROKER):
        response, elapsed = post(
            client, reverse("campaign_pdf", kwargs={"pk": campaign.pk}), django_capture_on_commit_callbacks
        )
        job = job_of(response)  # a redirect to the job page, never a 500
        assert elapsed < 5, f"the print button waited {elapsed:.1f} s for a dead broker"
        job.refresh_from_db()
        assert (job.status, job.attempts) == (JobStatus.QUEUED, 0) and job.error
        page = job_page(client, job)
        assert WAITING in page and QUEUE_DID_NOT_ANSWER in page and RETRY in page

        retry = reverse("document_job_retry", kwargs={"job_id": job.pk})
        response, elapsed = post(client, retry, django_capture_on_commit_callbacks)
        assert response.status_code == 302 and elapsed < 5
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED and job.error
        page = job_page(client, job)
        assert WAITING in page and QUEUE_DID_NOT_ANSWER in page and RETRY in page

    # The broker is back (here: tasks run in this process again).
    response, _elapsed = post(client, retry, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == (JobStatus.DONE, "", 1)
    page = job_page(client, job)
    assert DOWNLOAD in page and RETRY not in page and QUEUE_DID_NOT_ANSWER not in page
    assert RenderedDocument.objects.count() == 1


@contextmanager
def silent_server(lifetime: float):
    """A TCP server on 127.0.0.1 that accepts connections and never answers (a Redis that hangs, a proxy in front
    of a dead one). It closes everything after lifetime seconds, so that a client without timeouts is freed."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    stop = threading.Event()
    accepted = []

    def serve():
        end = time.monotonic() + lifetime
        while not stop.is_set() and time.monotonic() < end:
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                pass
        server.close()
        for connection in accepted:
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join()


def test_a_broker_that_never_answers_does_not_hold_the_print_button(
    client, tree, people, django_capture_on_commit_callbacks
):
    campaign = make_campaign(tree.cao_lau)
    client.force_login(people.officer)
    with silent_server(lifetime=30) as url, broker(url):
        response, elapsed = post(
            client, reverse("campaign_pdf", kwargs={"pk": campaign.pk}), django_capture_on_commit_callbacks
        )
    job = job_of(response)
    assert elapsed < 10, f"the print button waited {elapsed:.1f} s for a silent broker"
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.error
    assert QUEUE_DID_NOT_ANSWER in job_page(client, job)


# ------------------------------------------------------------------ a render that fails


def test_a_failed_render_says_why_and_retry_finishes_it_once_the_fault_is_gone(
    client, tree, people, django_capture_on_commit_callbacks
):
    campaign = make_campaign(tree.cao_lau)
    client.force_login(people.officer)
    with mock.patch.object(rendering, "html_to_pdf", side_effect=ValueError("phông chữ hỏng")):
        response, _elapsed = post(
            client, reverse("campaign_pdf", kwargs={"pk": campaign.pk}), django_capture_on_commit_callbacks
        )
    job = job_of(response)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert job.error == "Không tạo được văn bản: phông chữ hỏng"
    page = job_page(client, job)
    assert FAILED in page and RENDER_FAILED in page and "phông chữ hỏng" in page and RETRY in page
    assert DOWNLOAD not in page and RenderedDocument.objects.count() == 0

    response, _elapsed = post(
        client, reverse("document_job_retry", kwargs={"job_id": job.pk}), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == (JobStatus.DONE, "", 1)  # Retry starts the count of attempts again
    page = job_page(client, job)
    assert DOWNLOAD in page and RETRY not in page
    assert RenderedDocument.objects.count() == 1


def test_a_render_that_keeps_failing_on_a_transient_error_ends_failed_once_the_retries_are_spent(
    client, tree, people, django_capture_on_commit_callbacks
):
    """A database that stays away: the task retries (autoretry_for), then gives up; the job must not stay
    'running' for ever, where the page offers no Retry and document_job_retry refuses it."""
    campaign = make_campaign(tree.cao_lau)
    job = new_job(campaign)
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False  # run the retries here, one after the other, as a worker would
    try:
        with mock.patch.object(rendering, "html_to_pdf", side_effect=OperationalError("mất kết nối")) as html_to_pdf:
            result = render_document.apply(args=[str(job.pk)])
    finally:
        celery_app.conf.task_eager_propagates = propagates
    assert result.failed() and html_to_pdf.call_count == render_document.max_retries + 1
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == (JobStatus.FAILED, "Không tạo được văn bản: mất kết nối", 6)
    client.force_login(people.officer)
    page = job_page(client, job)
    assert FAILED in page and "mất kết nối" in page and RETRY in page

    retry = reverse("document_job_retry", kwargs={"job_id": job.pk})
    response, _elapsed = post(client, retry, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.DONE, "")


# ------------------------------------------------------------------ the same job delivered twice at once


def _run_again_during_the_render(job_id):
    """html_to_pdf that, while the first delivery renders, lets a second delivery of the same job run to the end
    (what a redelivered message does when the first worker was only slow)."""
    real = rendering.html_to_pdf

    def html_to_pdf(html):
        with mock.patch.object(rendering, "html_to_pdf", real):
            assert services.document_job_run(job_id=job_id).status == JobStatus.DONE
        return real(html)

    return html_to_pdf


def test_two_deliveries_of_one_job_store_one_document(tree):
    job = new_job(make_campaign(tree.cao_lau))
    with mock.patch.object(rendering, "html_to_pdf", _run_again_during_the_render(job.pk)):
        job = services.document_job_run(job_id=job.pk)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    document = RenderedDocument.objects.get()  # the first delivery found the second's PDF and kept it
    assert job.result == document and document.file.read().startswith(b"%PDF")


def test_two_deliveries_of_one_job_leave_one_file(tree):
    job = new_job(make_campaign(tree.cao_lau))
    with mock.patch.object(rendering, "html_to_pdf", _run_again_during_the_render(job.pk)):
        services.document_job_run(job_id=job.pk)
    files = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert [p.name for p in files] == [Path(RenderedDocument.objects.get().file.name).name]


# ------------------------------------------------------------------ a worker killed in the middle of a render

# A worker whose Redis transport redelivers unacknowledged messages after a few seconds instead of an hour, and
# looks for them every second. The settings give no way to say so, hence this launcher.
LAUNCH = """
import json, os, sys
from config.celery_app import app
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options, **json.loads(os.environ["TEST_BROKER_TRANSPORT_OPTIONS"])
}
app.worker_main(["worker", *sys.argv[1:]])
"""
VISIBILITY_TIMEOUT = 4
BODY = (
    "Các cơ quan, đơn vị tổ chức quán triệt, triển khai thực hiện nghiêm túc, hiệu quả nội dung phát động thi đua, "
    "gắn với nhiệm vụ chính trị của từng cơ quan, đơn vị. "
) * 5


def big_campaign(unit, *, sections: int = 300):
    """A document of about a hundred pages that takes WeasyPrint seconds: time to kill its worker in the middle."""
    data = campaign_data(unit)
    data["campaign"]["sections"] += [
        {
            "label": f"{i}.",
            "heading": f"NHIỆM VỤ SỐ {i}",
            "body": BODY,
            "role": "other",
            "field": "",
            "indicators": [],
            "children": [],
        }
        for i in range(3, sections + 3)
    ]
    return campaign_import(data=data)


class PrivateRedis:
    """A Redis server of the test's own (Debian's redis-server, the one CI runs), on a free port, that the test stops
    and starts again: the shared Redis of the other tests is never touched."""

    def __init__(self, directory: Path):
        self.directory = directory
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                if redis.Redis(port=self.port, socket_connect_timeout=0.5).ping():
                    return
            except redis.ConnectionError:
                pass
            assert self.process.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)

    def stop(self):
        """SIGTERM: Redis shuts down as on `systemctl stop redis` (nothing kept: --save "" as CI's)."""
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def broker_url(request, tmp_path):
    """The shared Redis, or (test marked ``private_redis``) a private one the test may stop and start."""
    if request.node.get_closest_marker("private_redis") is None:
        yield settings.CELERY_BROKER_URL
        return
    if shutil.which("redis-server") is None:
        if _required("REQUIRE_WORKER"):
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    private = PrivateRedis(tmp_path)
    private.start()
    request.node.private_redis = private
    try:
        yield private.url
    finally:
        if private.process.poll() is None:
            private.stop()


@pytest.fixture
def workers(transactional_db, tmp_path, broker_url):
    """Starts and kills real workers (`celery worker`, each its own process) on a queue and Redis key prefix of
    their own, pointed at the test database. Skipped without Redis and PostgreSQL unless REQUIRE_WORKER is set."""
    if settings.CELERY_TASK_ALWAYS_EAGER or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        message = "a real worker needs CELERY_BROKER_URL (Redis) and DATABASE_URL (PostgreSQL)"
        if _required("REQUIRE_WORKER"):
            pytest.fail(message)
        pytest.skip(message)
    tag = uuid.uuid4().hex[:8]
    queue = f"test-faults-{tag}"
    # A key prefix of our own: the short visibility timeout must not redeliver other workers' messages.
    transport_options = {"global_keyprefix": f"{queue}:"}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DJANGO_MEDIA_ROOT": settings.MEDIA_ROOT,
        "TEST_BROKER_TRANSPORT_OPTIONS": json.dumps(
            {
                **transport_options,
                "visibility_timeout": VISIBILITY_TIMEOUT,
                "unacked_restore_interval": 1,
                "unacked_restore_throttle": 1,
            }
        ),
    }
    started = []

    def start(*, pool: str = "solo"):
        log = tmp_path / f"worker-{len(started) + 1}.log"
        with open(log, "w") as out:
            process = subprocess.Popen(
                [sys.executable, "-c", LAUNCH, "-Q", queue, "-n", f"{queue}-{len(started) + 1}@%h"]
                + ["--pool", pool, "--concurrency", "1", "--without-gossip", "--without-mingle", "-l", "info"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        worker = SimpleNamespace(process=process, log=log)
        started.append(worker)
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Celery worker did not start:\n" + log.read_text()[-3000:])
            time.sleep(0.2)
        return worker

    def logs() -> str:
        return "\n".join(f"--- {w.log.name}\n{w.log.read_text()[-2500:]}" for w in started)

    with broker(broker_url, **transport_options):
        old_queue = celery_app.conf.task_default_queue
        celery_app.conf.task_default_queue = queue
        try:
            yield SimpleNamespace(start=start, logs=logs)
        finally:
            celery_app.conf.task_default_queue = old_queue
            for worker in started:
                if worker.process.poll() is None:
                    worker.process.terminate()
                    try:
                        worker.process.wait(timeout=20)
                    except subprocess.TimeoutExpired:
                        worker.process.kill()
                        worker.process.wait()
            client = redis.Redis.from_url(broker_url, socket_connect_timeout=2)
            try:
                for key in client.scan_iter(match=f"{transport_options['global_keyprefix']}*"):
                    client.delete(key)
            except redis.ConnectionError:
                pass  # a private Redis the test left stopped
            client.close()


def wait_for(predicate, what: str, workers, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}\n{workers.logs()}"
        time.sleep(0.05)


def print_big_campaign(client, people, tree) -> DocumentJob:
    campaign = big_campaign(tree.cao_lau)
    client.force_login(people.officer)
    return job_of(client.post(reverse("campaign_pdf", kwargs={"pk": campaign.pk})))


def in_the_render(job) -> bool:
    """Past the HTML, its hash and the look-up of a stored PDF (progress 30): inside WeasyPrint."""
    job.refresh_from_db()
    return job.status == JobStatus.RUNNING and job.progress == 30


def check_done_once(job, workers) -> None:
    wait_for(lambda: DocumentJob.objects.get(pk=job.pk).status == JobStatus.DONE, "the job to finish", workers)
    job.refresh_from_db()
    assert job.attempts == 2, workers.logs()
    assert job.result.file.read().startswith(b"%PDF")
    # Content-addressed: one stored document for the source, and none besides.
    assert RenderedDocument.objects.filter(source_sha256=job.result.source_sha256).count() == 1
    assert RenderedDocument.objects.count() == 1


@pytest.mark.worker
def test_a_worker_killed_in_the_middle_of_a_render_leaves_the_job_to_the_next_worker(client, tree, people, workers):
    """The whole worker dies (SIGKILL, solo pool): acks_late left the message unacknowledged in Redis, and the next
    worker gets it once the visibility timeout has passed."""
    first = workers.start()
    job = print_big_campaign(client, people, tree)
    wait_for(lambda: in_the_render(job), "the render to start", workers)
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=10)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result_id) == (JobStatus.RUNNING, 1, None)
    assert RenderedDocument.objects.count() == 0
    [task_id] = re.findall(r"render_document\[([0-9a-f-]+)\] received", first.log.read_text())

    second = workers.start()
    check_done_once(job, workers)
    # The very message the first worker took, not a new one.
    assert f"render_document[{task_id}] succeeded" in second.log.read_text()


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.worker
def test_a_pool_process_killed_in_the_middle_of_a_render_is_replaced_and_the_job_runs_again(
    client, tree, people, workers
):
    """Only the process running the task dies (prefork pool): reject_on_worker_lost sends the message back to the
    queue at once, and the worker's new pool process renders it."""
    worker = workers.start(pool="prefork")
    job = print_big_campaign(client, people, tree)
    wait_for(lambda: in_the_render(job), "the render to start", workers)
    [child] = _children(worker.process.pid)
    os.kill(child, signal.SIGKILL)
    check_done_once(job, workers)
    assert worker.process.poll() is None and "WorkerLostError" in worker.log.read_text()


def test_a_document_that_keeps_killing_its_worker_fails_after_three_starts_and_retry_clears_it(tree):
    """reject_on_worker_lost brings the message back each time the worker dies; the job stops coming back after
    MAX_ATTEMPTS starts, says why, and Retry starts the count again."""
    job = new_job(make_campaign(tree.cao_lau))
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=services.MAX_ATTEMPTS)
    job = services.document_job_run(job_id=job.pk)
    assert job.status == JobStatus.FAILED and f"{services.MAX_ATTEMPTS} lần" in job.error
    assert not RenderedDocument.objects.exists()
    services.document_job_retry(job=job)
    job = services.document_job_run(job_id=job.pk)
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)


@pytest.mark.worker
@pytest.mark.private_redis
def test_redis_stopped_the_pages_keep_working_and_printing_completes_once_redis_is_back(
    client, request, tree, people, workers
):
    """The real thing, not an address where nothing listens: Redis stops under a running worker and app."""
    private = request.node.private_redis
    workers.start()
    campaign = make_campaign(tree.cao_lau)
    client.force_login(people.officer)
    private.stop()
    assert client.get(reverse("campaign_detail", kwargs={"pk": campaign.pk})).status_code == 200
    start = time.monotonic()
    job = job_of(client.post(reverse("campaign_pdf", kwargs={"pk": campaign.pk})))
    assert time.monotonic() - start < 5, "the print button waited for a stopped Redis"
    page = job_page(client, job)
    assert WAITING in page and QUEUE_DID_NOT_ANSWER in page and RETRY in page

    private.start()  # Redis is back, on the same port: the worker reconnects by itself
    _drop_broker_connections()
    response = client.post(reverse("document_job_retry", kwargs={"job_id": job.pk}))
    assert response.status_code == 302
    wait_for(lambda: DocumentJob.objects.get(pk=job.pk).status == JobStatus.DONE, "the job to finish", workers, 90)
    job.refresh_from_db()
    assert job.error == "" and job.result.file.read().startswith(b"%PDF")
    assert RenderedDocument.objects.count() == 1
    assert DOWNLOAD in job_page(client, job)
