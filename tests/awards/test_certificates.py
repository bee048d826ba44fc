"""Certificates of an issued decision (awards.printing): one A4 landscape page per recipient in one PDF, rendered by
the job in chunks with the progress going up to 100; a draft gets a message instead."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from awards import printing
from awards.models import DecisionStatus
from documents import rendering
from documents.models import DocumentJob, JobStatus
from documents.rendering import html_to_pdf, pdf_merge
from tests.awards.factories import draft, issue

pytestmark = pytest.mark.django_db

LANDSCAPE = (297 * 72 / 25.4, 210 * 72 / 25.4)


def test_the_certificates_job_prints_a_landscape_page_per_recipient(
    client,
    people,
    council,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    decision = draft(council, people)
    issue(decision, people)
    monkeypatch.setattr(printing, "CERTIFICATE_CHUNK", 1)  # a chunk a page: the progress moves after each
    seen = []
    render = printing.certificates_pdf

    def spy(*, decision, progress=None, chunk=None):
        def watched(share):
            progress(share)
            seen.append(DocumentJob.objects.get(kind="certificates").progress)

        return render(decision=decision, progress=watched, chunk=chunk)

    monkeypatch.setattr(printing, "certificates_pdf", spy)
    client.force_login(people.clerk)
    with django_capture_on_commit_callbacks(execute=True):  # the worker (eager here) gets it after the commit
        response = client.post(reverse("decision_certificates", kwargs={"pk": decision.pk}))
    job = DocumentJob.objects.get(kind="certificates")
    assert response["Location"] == reverse("document_job", kwargs={"job_id": job.pk})
    assert job.status == JobStatus.DONE and job.progress == 100 and job.object_id == decision.pk
    assert seen == sorted(seen) and len(seen) == 4 and seen[0] < seen[-1] <= 100
    page = client.get(reverse("document_job", kwargs={"job_id": job.pk}))
    assert page.status_code == 200 and b'data-progress="100"' in page.content
    download = client.get(reverse("document_download", kwargs={"job_id": job.pk}))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert "giay-khen-01-QD-UBND.pdf" in download["Content-Disposition"]
    pdf_bytes = b"".join(download.streaming_content)
    names = [e.name for e in decision.entries.order_by("position", "pk")]
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) == len(names) == 4 == job.result.pages
        for page, name in zip(pdf.pages, names, strict=True):
            assert abs(page.width - LANDSCAPE[0]) <= 1 and abs(page.height - LANDSCAPE[1]) <= 1
            text = " ".join((page.extract_text() or "").split())
            assert name in text, (page.page_number, text)
            assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
            assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CAO LÂU" in text and "Tặng" in text and "Hoàng Văn Nam" in text
            assert "Đã có thành tích xuất sắc" in text and "Quyết định số 01/QĐ-UBND ngày" in text
        headings = [" ".join(p.extract_text().split()) for p in pdf.pages]
    assert "CHIẾN SĨ THI ĐUA CƠ SỞ" in headings[0] and "LAO ĐỘNG TIÊN TIẾN" in headings[-1]
    # Asking again gives the job already done.
    client.post(reverse("decision_certificates", kwargs={"pk": decision.pk}))
    assert DocumentJob.objects.filter(kind="certificates").count() == 1


def test_a_draft_prints_no_certificates(client, people, council):  # noqa: F811
    decision = draft(council, people)
    assert decision.status == DecisionStatus.DRAFT
    client.force_login(people.reviewer)
    response = client.post(reverse("decision_certificates", kwargs={"pk": decision.pk}), follow=True)
    assert response.redirect_chain[-1][0] == reverse("decision_detail", kwargs={"pk": decision.pk})
    assert not DocumentJob.objects.filter(kind="certificates").exists()
    assert "Hãy ban hành quyết định trước" in response.content.decode()


def test_chunks_are_joined_in_order():
    parts = [html_to_pdf(f"<html><body><p>Trang {i}</p></body></html>") for i in range(3)]
    with pdfplumber.open(io.BytesIO(pdf_merge(parts))) as pdf:
        assert [p.extract_text().strip() for p in pdf.pages] == ["Trang 0", "Trang 1", "Trang 2"]


def test_the_certificates_render_through_the_one_weasyprint_entry_with_one_font_configuration(
    people, council, monkeypatch
):
    decision = draft(council, people)
    issue(decision, people)
    calls, shares = [], []
    real = rendering.html_to_pdf

    def spy(html, *, font_config=None):
        calls.append(font_config)
        return real(html, font_config=font_config)

    monkeypatch.setattr(rendering, "html_to_pdf", spy)
    pdf_bytes = printing.certificates_pdf(decision=decision, progress=shares.append, chunk=3)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) == decision.entries.count() == 4
    assert len(calls) == 2 and calls[0] is not None and calls[0] is calls[1]
    assert shares == [0.75, 1.0]


def test_each_certificate_carries_its_golden_book_number_the_signature_and_the_seal(
    people, council, settings, tmp_path
):
    from awards import services
    from documents.demo import demo_load_signing

    settings.DEMO_CA_DIR = tmp_path / "demo-ca"
    decision = draft(council, people)
    demo_load_signing(units=[decision.unit], leaders=[people.leader])  # seal, certificate, register, signature
    issued, _job = services.decision_issue(
        decision=decision, user=people.clerk, expected_version=decision.version, signer=people.leader
    )
    decision.refresh_from_db()
    html = printing.render_certificates_html(decision=decision)
    assert html.count('class="chu-ky-anh"') == html.count('class="dau"') == decision.entries.count() == 4
    pdf_bytes = printing.certificates_pdf(decision=decision, chunk=3)  # the second chunk goes on numbering from 4
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) == 4
        for index, page in enumerate(pdf.pages, 1):
            text = " ".join(page.extract_text().split())
            assert f"Số sổ vàng: {decision.number:02d}.{index:02d}" in text
            assert f"Quyết định số {decision.reference}" in text and f"Mã tra cứu: {issued.code}" in text
            assert len(page.images) >= 2, "the signature image and the seal"
            assert all(abs(x - y) <= 1 for x, y in zip((page.width, page.height), LANDSCAPE, strict=True))
            seal, signature = sorted(page.images, key=lambda image: image["x0"])[:2]
            assert seal["x0"] < signature["x0"] < seal["x1"], "the seal over the left third of the signature"
