from celery import shared_task
from django.db import InterfaceError, OperationalError

from documents import services

TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, autoretry_for=TRANSIENT, retry_backoff=2, max_retries=5
)
def render_document(self, job_id: str):
    """Render one document job. acks_late + reject_on_worker_lost: a worker killed mid-render leaves the message
    to be delivered again; the job's content-addressed result makes the second run finish the same job once."""
    try:
        job = services.document_job_run(job_id=job_id)
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:  # autoretry_for gives up after this try: the job must say so
            services.document_job_fail(job_id=job_id, error=str(exc))
        raise
    except Exception as exc:
        services.document_job_fail(job_id=job_id, error=str(exc))
        raise
    return job.status if job else None
