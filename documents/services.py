"""Render jobs: created in a request, run by a Celery worker, content-addressed so a document is rendered once.

A job takes ids only. Running a job twice (a worker killed after rendering, a message delivered again) finds the
job done or the PDF already stored under the hash of its HTML, so the work completes exactly once."""

import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pyhanko.pdf_utils.reader import PdfFileReader

from config.celery_app import enqueue
from documents import rendering
from documents.models import DocumentJob, IssuedDocument, JobStatus, RenderedDocument
from units.text import search_key

logger = logging.getLogger(__name__)

ERR_QUEUE = gettext_noop(
    "The request could not be handed to the rendering service (the queue did not answer). It is kept: press Retry."
)
ERR_RENDER = gettext_noop("The document could not be rendered: %(error)s")
ERR_ATTEMPTS = gettext_noop(
    "The rendering stopped %(count)s times before it finished (the worker was stopped or ran out of memory). "
    "Press Retry to try again."
)
# A message comes back after a worker dies mid-render (acks_late, reject_on_worker_lost); a document that kills its
# worker every time would come back for ever. After this many starts (above the task's 1 + 5 retries on transient
# errors) the job fails and waits for Retry, which starts the count again.
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Renderer:
    model: str  # "app_label.ModelName" of the subject
    html: Callable  # (subject) -> str
    filename: Callable  # (subject) -> str
    url: Callable  # (subject) -> the subject's page
    finish: Callable | None = None  # (subject, pdf) -> pdf, e.g. sign it; run before the PDF is stored
    stored: Callable | None = None  # (subject, RenderedDocument) -> None; run in the transaction that marks it done
    # (subject, progress) -> pdf: renders the subject itself instead of html_to_pdf(html) (the HTML still names the
    # stored result), calling progress(share done, 0–1) along the way: e.g. the certificates, in chunks.
    pdf: Callable | None = None


def reference_filename(reference: str, suffix: str = ".pdf") -> str:
    """An ASCII name every browser and mail client keeps: '109/PĐ-UBND' -> '109-PD-UBND.pdf'."""
    return search_key(reference.replace("/", "-")).upper().replace(" ", "-") + suffix


# What each kind of document is rendered from, filled by the apps that own the subjects (each in its printing
# module, imported by its AppConfig.ready()): the engine knows no subject.
RENDERERS: dict[str, Renderer] = {}


def renderer_register(kind: str, renderer: Renderer) -> None:
    if RENDERERS.get(kind, renderer) != renderer:
        raise ValueError(f"two renderers for the kind {kind!r}")
    RENDERERS[kind] = renderer


def renderer_model(kind: str):
    return apps.get_model(RENDERERS[kind].model)


def _enqueue(job_id) -> None:
    try:
        enqueue("documents.tasks.render_document", str(job_id))
    except Exception as exc:  # noqa: BLE001 - a broker that is down must not turn into a server error
        logger.warning("could not enqueue render job %s: %s", job_id, exc)
        DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(error=_(ERR_QUEUE))


def document_job_create(*, subject, kind: str, user) -> DocumentJob:
    """A queued job for the subject; the worker gets it once the request's transaction has committed."""
    job = DocumentJob.objects.create(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, kind=kind, created_by=user
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def document_job_for(*, subject, kind: str, user) -> DocumentJob:
    """The subject's latest job that is done or under way; a new one when there is none or the last one failed."""
    job = (
        DocumentJob.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, kind=kind
        )
        .order_by("-created")
        .first()
    )
    if job is None or job.status == JobStatus.FAILED:
        job = document_job_create(subject=subject, kind=kind, user=user)
    return job


def document_job_print(*, subject, kind: str, user) -> DocumentJob:
    """What a Print button starts: an issued document's frozen, signed copy (its latest issue), else a render of
    the draft as it stands."""
    issued = IssuedDocument.objects.of(subject).order_by("-pk").first()
    if issued is not None:
        return document_job_for(subject=issued, kind="issued", user=user)
    return document_job_create(subject=subject, kind=kind, user=user)


def document_job_retry(*, job: DocumentJob) -> DocumentJob:
    if job.status in (JobStatus.QUEUED, JobStatus.FAILED):
        DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, error="", progress=0, attempts=0)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _pdf_pages(pdf: bytes) -> int:
    """The page count of the page tree's root (WeasyPrint writes the page objects into compressed object streams,
    where no regular expression sees them)."""
    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def document_job_run(*, job_id) -> DocumentJob | None:
    """Render the job's document, or find it already rendered. Idempotent."""
    job = DocumentJob.objects.filter(pk=job_id).first()
    if job is None or job.status == JobStatus.DONE:
        return job
    if job.attempts >= MAX_ATTEMPTS:
        DocumentJob.objects.filter(pk=job.pk).exclude(status=JobStatus.DONE).update(
            status=JobStatus.FAILED, error=_(ERR_ATTEMPTS) % {"count": job.attempts}
        )
        job.refresh_from_db()
        return job
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=10, attempts=job.attempts + 1, error=""
    )
    renderer = RENDERERS[job.kind]
    subject = renderer_model(job.kind).objects.get(pk=job.object_id)
    html = renderer.html(subject)
    source_sha = hashlib.sha256(html.encode("utf-8")).hexdigest()
    DocumentJob.objects.filter(pk=job.pk).update(progress=30)
    document = RenderedDocument.objects.filter(source_sha256=source_sha).first()
    if document is None:
        if renderer.pdf is not None:

            def progress(share: float) -> None:
                DocumentJob.objects.filter(pk=job.pk).update(progress=30 + int(40 * min(max(share, 0), 1)))

            pdf = renderer.pdf(subject, progress)
        else:
            pdf = rendering.html_to_pdf(html)  # looked up at each call (tests replace it)
        DocumentJob.objects.filter(pk=job.pk).update(progress=70)
        if renderer.finish is not None:
            pdf = renderer.finish(subject, pdf)
        DocumentJob.objects.filter(pk=job.pk).update(progress=90)
        sha = hashlib.sha256(pdf).hexdigest()
        document = RenderedDocument(source_sha256=source_sha, sha256=sha, pages=_pdf_pages(pdf))
        try:
            with transaction.atomic():
                document.file.save(renderer.filename(subject), ContentFile(pdf), save=True)
        except IntegrityError:  # another worker stored the same document meanwhile
            document.file.delete(save=False)  # the file this run wrote; the one stored first has another name
            document = RenderedDocument.objects.get(source_sha256=source_sha)
    with transaction.atomic():
        if renderer.stored is not None:
            renderer.stored(subject, document)
        DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, progress=100, result=document)
    job.refresh_from_db()
    return job


def document_job_render(*, subject, kind: str, user=None) -> DocumentJob:
    """A job recorded like a page's and run here and now by document_job_run, with no queue and no worker (the
    command line): the same HTML gives the same stored PDF as the pages'. A render error fails the job, as the task
    does, and is raised."""
    job = DocumentJob.objects.create(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, kind=kind, created_by=user
    )
    try:
        return document_job_run(job_id=job.pk)
    except Exception as exc:
        document_job_fail(job_id=job.pk, error=str(exc))
        raise


def document_job_fail(*, job_id, error: str) -> None:
    DocumentJob.objects.filter(pk=job_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED, error=_(ERR_RENDER) % {"error": error}
    )
