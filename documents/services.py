"""Render jobs: created in a request, run by a Celery worker, content-addressed so a document is rendered once.

A job takes ids only. Running a job twice (a worker killed after rendering, a message delivered again) finds the
job done or the PDF already stored under the hash of its HTML, so the work completes exactly once."""

import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from documents.models import DocumentJob, JobStatus, RenderedDocument

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


def _campaign_html(campaign) -> str:
    from documents.rendering import render_campaign_html

    return render_campaign_html(campaign=campaign)


def reference_filename(reference: str, suffix: str = ".pdf") -> str:
    """An ASCII name every browser and mail client keeps: '109/PĐ-UBND' -> '109-PD-UBND.pdf'."""
    from units.text import search_key

    return search_key(reference.replace("/", "-")).upper().replace(" ", "-") + suffix


def _campaign_filename(campaign) -> str:
    if not campaign.number:
        return f"du-thao-{campaign.pk}.pdf"
    return reference_filename(campaign.reference)


def _campaign_url(campaign) -> str:
    from django.urls import reverse

    return reverse("campaign_detail", kwargs={"pk": campaign.pk})


def _summary_html(summary) -> str:
    from documents.rendering import render_summary_html

    return render_summary_html(summary=summary)


def _summary_filename(summary) -> str:
    return reference_filename(summary.reference) if summary.number else f"bao-cao-du-thao-{summary.pk}.pdf"


def _summary_url(summary) -> str:
    from django.urls import reverse

    return reverse("summaryreport_detail", kwargs={"pk": summary.pk})


def _minutes_html(session) -> str:
    from nominations.printing import render_minutes_html

    return render_minutes_html(session=session)


def _minutes_filename(session) -> str:
    return f"bien-ban-hoi-dong-{session.pk}.pdf"


def _minutes_url(session) -> str:
    from django.urls import reverse

    return reverse("session_detail", kwargs={"pk": session.pk})


def _decision_html(decision) -> str:
    from awards.printing import render_decision_html

    return render_decision_html(decision=decision)


def _decision_filename(decision) -> str:
    return reference_filename(decision.reference) if decision.number else f"quyet-dinh-du-thao-{decision.pk}.pdf"


def _decision_url(decision) -> str:
    from django.urls import reverse

    return reverse("decision_detail", kwargs={"pk": decision.pk})


def _certificates_html(decision) -> str:
    from awards.printing import render_certificates_html

    return render_certificates_html(decision=decision)


def _certificates_filename(decision) -> str:
    from awards.printing import certificates_filename

    return certificates_filename(decision)


def _certificates_pdf(decision, progress) -> bytes:
    from awards.printing import certificates_pdf

    return certificates_pdf(decision=decision, progress=progress)


def _issued_filename(issued) -> str:
    return reference_filename(issued.reference)


def _issued_url(issued) -> str:
    """The page of what was issued (a campaign, later a report or a decision)."""
    from django.urls import reverse

    return reverse(f"{issued.content_type.model}_detail", kwargs={"pk": issued.object_id})


def _issued_finish(issued, pdf: bytes) -> bytes:
    from documents.issuing import issued_sign

    return issued_sign(issued, pdf)


def _issued_stored(issued, document) -> None:
    from documents.issuing import issued_stored

    issued_stored(issued, document)


RENDERERS = {
    "campaign": Renderer(
        model="campaigns.Campaign", html=_campaign_html, filename=_campaign_filename, url=_campaign_url
    ),
    "summary": Renderer(
        model="summaries.SummaryReport", html=_summary_html, filename=_summary_filename, url=_summary_url
    ),
    "minutes": Renderer(
        model="nominations.CouncilSession", html=_minutes_html, filename=_minutes_filename, url=_minutes_url
    ),
    "decision": Renderer(model="awards.Decision", html=_decision_html, filename=_decision_filename, url=_decision_url),
    # Every recipient's certificate of an issued decision, one landscape page each, rendered in chunks.
    "certificates": Renderer(
        model="awards.Decision",
        html=_certificates_html,
        filename=_certificates_filename,
        url=_decision_url,
        pdf=_certificates_pdf,
    ),
    # An issued document prints from the HTML frozen at issue, then is signed with the unit's certificate.
    "issued": Renderer(
        model="documents.IssuedDocument",
        html=lambda issued: issued.html,
        filename=_issued_filename,
        url=_issued_url,
        finish=_issued_finish,
        stored=_issued_stored,
    ),
}


def renderer_model(kind: str):
    from django.apps import apps

    return apps.get_model(RENDERERS[kind].model)


def _enqueue(job_id) -> None:
    from documents.tasks import render_document

    try:
        render_document.delay(str(job_id))
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
    from documents.issuing import issued_for

    issued = issued_for(subject).order_by("-pk").first()
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
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def document_job_run(*, job_id) -> DocumentJob | None:
    """Render the job's document, or find it already rendered. Idempotent."""
    from documents.rendering import html_to_pdf

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
            pdf = html_to_pdf(html)
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


def document_job_fail(*, job_id, error: str) -> None:
    DocumentJob.objects.filter(pk=job_id).exclude(status=JobStatus.DONE).update(
        status=JobStatus.FAILED, error=_(ERR_RENDER) % {"error": error}
    )
