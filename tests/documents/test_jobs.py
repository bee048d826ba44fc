"""Render jobs: started from the campaign page, run by Celery (eagerly here, by a real worker in CI), stored once."""

import time
from unittest import mock

import pytest
from django.urls import reverse

from documents import rendering
from documents.models import DocumentJob, JobStatus, RenderedDocument
from documents.services import document_job_render
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db


def _start(client, campaign, capture):
    with capture(execute=True):
        response = client.post(reverse("campaign_pdf", kwargs={"pk": campaign.pk}))
    assert response.status_code == 302
    return DocumentJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_print_renders_once_and_serves_the_pdf(client, tree, people, django_capture_on_commit_callbacks):
    campaign = make_campaign(tree.cao_lau)
    client.force_login(people.officer)
    job = _start(client, campaign, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.progress == 100
    page = client.get(reverse("document_job", kwargs={"job_id": job.pk})).content.decode()
    assert "Tải PDF" in page and job.result.sha256 in page
    download = client.get(reverse("document_download", kwargs={"job_id": job.pk}))
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF") and download["Content-Disposition"] == 'attachment; filename="109-PD-UBND.pdf"'

    again = _start(client, campaign, django_capture_on_commit_callbacks)
    assert again.result_id == job.result_id and RenderedDocument.objects.count() == 1  # unchanged: the stored file
    campaign.closing = "Thay đổi phần kết./."
    campaign.save()
    changed = _start(client, campaign, django_capture_on_commit_callbacks)
    assert changed.result_id != job.result_id and RenderedDocument.objects.count() == 2


def test_jobs_of_a_sibling_are_404(client, tree, people, django_capture_on_commit_callbacks):
    campaign = make_campaign(tree.cao_lau)
    client.force_login(people.officer)
    job = _start(client, campaign, django_capture_on_commit_callbacks)
    client.force_login(people.sibling_officer)
    for name in ("document_job", "document_download"):
        assert client.get(reverse(name, kwargs={"job_id": job.pk})).status_code == 404
    assert client.post(reverse("campaign_pdf", kwargs={"pk": campaign.pk})).status_code == 404


def test_a_job_rendered_in_the_caller_is_recorded_and_fails_as_the_task_does(tree):
    """document_job_render (export_campaign): no queue; a render error marks the job failed with the error and is
    raised, as the task would, and nothing is stored."""
    campaign = make_campaign(tree.cao_lau)
    with mock.patch.object(rendering, "html_to_pdf", side_effect=ValueError("phông chữ hỏng")):
        with pytest.raises(ValueError, match="phông chữ hỏng"):
            document_job_render(subject=campaign, kind="campaign")
    job = DocumentJob.objects.get()
    assert (job.kind, job.object_id, job.status, job.created_by) == ("campaign", campaign.pk, JobStatus.FAILED, None)
    assert "phông chữ hỏng" in job.error and not RenderedDocument.objects.exists()


@pytest.mark.worker
def test_a_real_worker_renders_through_redis(client, tree, people, celery_worker):
    campaign = make_campaign(tree.cao_lau)
    client.force_login(people.officer)
    response = client.post(reverse("campaign_pdf", kwargs={"pk": campaign.pk}))
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    deadline = time.monotonic() + 90
    while DocumentJob.objects.get(pk=job_id).status != "done":
        assert time.monotonic() < deadline, celery_worker.log.read_text()[-3000:]
        time.sleep(0.3)
    job = DocumentJob.objects.get(pk=job_id)
    assert job.result.file.read().startswith(b"%PDF")
    assert "documents.tasks.render_document" in celery_worker.log.read_text()
