"""The certificates of an issued decision, rendered in chunks and joined, with a storage that has no path on disk
(as S3; tests/storage.py): the joined PDF is stored and downloaded through the storage API."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from awards import printing
from documents.models import DocumentJob, JobStatus
from tests.awards.factories import draft, issue

pytestmark = pytest.mark.django_db


def test_the_certificates_pdf_through_the_storage(
    client, memory_storage, people, council, monkeypatch, django_capture_on_commit_callbacks
):
    decision = draft(council, people)
    issue(decision, people)
    monkeypatch.setattr(printing, "CERTIFICATE_CHUNK", 2)  # two chunks, joined
    client.force_login(people.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("decision_certificates", kwargs={"pk": decision.pk}))
    job = DocumentJob.objects.get(kind="certificates")
    assert job.status == JobStatus.DONE, job.error
    download = client.get(reverse("document_download", kwargs={"job_id": job.pk}))
    pdf = b"".join(download.streaming_content)
    assert download.status_code == 200 and pdf == memory_storage.open(job.result.file.name).read()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == decision.entries.count() == 4
    client.force_login(people.sibling_officer)
    assert client.get(reverse("document_download", kwargs={"job_id": job.pk})).status_code == 404
