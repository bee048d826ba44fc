"""The document engine with a storage that has no path on disk (as S3; tests/storage.py): a printed PDF stored and
downloaded, the seal and signature images uploaded through the pages and printed into the issued copy, the issued
PDF signed, stored, downloaded and verified, and the command line's export: all through the storage API."""

import io

import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from documents import issuing, pki
from documents.demo import demo_load_signing, seal_png, signature_png
from documents.models import DocumentJob, IssuedDocument, JobStatus, RenderedDocument, SignatureImage, UnitSigning
from documents.signing import trust_roots
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _print(client, campaign, capture) -> DocumentJob:
    with capture(execute=True):
        response = client.post(reverse("campaign_pdf", kwargs={"pk": campaign.pk}))
    assert response.status_code == 302
    return DocumentJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_a_printed_pdf_is_stored_and_served_from_the_storage(
    client, memory_storage, tree, people, django_capture_on_commit_callbacks
):
    campaign = make_campaign(tree.cao_lau)
    client.force_login(people.officer)
    job = _print(client, campaign, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE, job.error
    stored = job.result.file.name
    assert stored.startswith("documents/") and memory_storage.exists(stored)
    download = client.get(reverse("document_download", kwargs={"job_id": job.pk}))
    pdf = b"".join(download.streaming_content)
    assert download.status_code == 200 and pdf.startswith(b"%PDF") and pdf == memory_storage.open(stored).read()
    assert download["Content-Disposition"] == 'attachment; filename="109-PD-UBND.pdf"'

    client.force_login(people.sibling_officer)
    assert client.get(reverse("document_download", kwargs={"job_id": job.pk})).status_code == 404
    client.force_login(people.officer)
    memory_storage.delete(stored)  # the storage lost it: 404, not a server error
    assert client.get(reverse("document_download", kwargs={"job_id": job.pk})).status_code == 404


def test_two_renders_of_one_name_keep_two_files(
    client, memory_storage, tree, people, django_capture_on_commit_callbacks
):
    """Same campaign, same filename, changed text: the second PDF gets a name of its own, the first stays."""
    campaign = make_campaign(tree.cao_lau)
    client.force_login(people.officer)
    first = _print(client, campaign, django_capture_on_commit_callbacks).result
    campaign.closing = "Thay đổi phần kết./."
    campaign.save()
    second = _print(client, campaign, django_capture_on_commit_callbacks).result
    assert RenderedDocument.objects.count() == 2 and first.file.name != second.file.name
    assert all(memory_storage.exists(d.file.name) for d in (first, second))


def _png(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_issued_signed_and_verified_through_the_storage(
    client, memory_storage, settings, tmp_path, tree, people, django_capture_on_commit_callbacks
):
    settings.DEMO_CA_DIR = tmp_path / "demo-ca"  # the demo CA's key: a file of its own, never a stored file
    demo_load_signing(units=[tree.cao_lau], leaders=[people.leader])  # certificate, register, first images
    # New images through the pages: stored, then read back from the storage to be shown and printed.
    client.force_login(people.province_admin)
    seal = seal_png(top="ỦY BAN NHÂN DÂN XÃ CAO LÂU", bottom="CAO LỘC")
    response = client.post(
        reverse("unit_seal", kwargs={"unit_pk": tree.cao_lau.pk}),
        {"seal": _png(seal, "dau.png"), "seal_diameter_mm": 35},
    )
    assert response.status_code == 302
    assert memory_storage.open(UnitSigning.objects.get(unit=tree.cao_lau).seal.name).read() == seal
    client.force_login(people.leader)
    signature = signature_png(name="Lãnh Đạo Cao Lâu")
    assert client.post(reverse("my_signature"), {"image": _png(signature, "chu-ky.png")}).status_code == 302
    assert memory_storage.open(SignatureImage.objects.get(user=people.leader).image.name).read() == signature
    page = client.get(reverse("my_signature"))
    assert page.status_code == 200 and b"data:image/png;base64," in page.content

    draft = make_campaign(tree.cao_lau, title="Kế hoạch thi đua", status="draft", number=None, year=YEAR)
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        issued, job = issuing.campaign_issue(
            campaign=draft, user=people.clerk, expected_version=draft.version, signer=people.leader
        )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    issued = IssuedDocument.objects.get(pk=issued.pk)
    assert issued.signed_at is not None  # read back from the stored PDF (issued_stored)

    client.force_login(people.officer)
    response = client.get(reverse("issued_pdf", kwargs={"pk": issued.pk}))
    pdf = b"".join(response.streaming_content)
    assert response.status_code == 200 and pdf == memory_storage.open(issued.document.file.name).read()
    result = pki.pdf_verify(pdf=pdf, trust_roots_pem=trust_roots())
    assert result.signed and result.intact and result.valid and result.trusted
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages[-1].images) == 2  # the uploaded signature and seal, read from the storage
    client.force_login(people.sibling_officer)
    assert client.get(reverse("issued_pdf", kwargs={"pk": issued.pk})).status_code == 404

    client.logout()  # the public verification page compares an upload with the stored document
    url = reverse("verify_code", args=[issued.code])
    page = client.post(url, {"file": SimpleUploadedFile("vb.pdf", pdf)}).content.decode()
    assert "Còn giá trị: đúng là văn bản đã ban hành" in page

    client.force_login(people.officer)
    memory_storage.delete(issued.document.file.name)
    assert client.get(reverse("issued_pdf", kwargs={"pk": issued.pk})).status_code == 404


def test_export_campaign_reads_the_pdf_from_the_storage(memory_storage, tree, tmp_path):
    campaign = make_campaign(tree.cao_lau)
    out = tmp_path / "out" / "phat-dong.pdf"
    out.parent.mkdir()
    call_command("export_campaign", str(campaign.pk), "--format", "pdf", "--out", str(out), stdout=io.StringIO())
    stored = DocumentJob.objects.get().result.file.name
    assert out.read_bytes() == memory_storage.open(stored).read() and out.read_bytes().startswith(b"%PDF")
