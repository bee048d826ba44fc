"""Issuing (documents.issuing): the register's numbers, the checks made before anything changes, the frozen version,
the signed PDF with its seal, signature and QR code, the new draft version, and the public verification page."""

import io
import threading

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from campaigns.models import Campaign, CampaignStatus
from campaigns.services import campaign_revise, campaign_update
from documents import issuing, pki
from documents.demo import demo_load_signing, seal_png, signature_png
from documents.models import DocumentJob, IssuedDocument, JobStatus, Register
from documents.signing import png_read, trust_roots, unit_certificate_save
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def signing(tree, people, settings, tmp_path):
    """Cao Lâu with the demo CA's certificate, a seal, a register for this year; its leader with a signature."""
    settings.DEMO_CA_DIR = tmp_path / "demo-ca"
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load_signing(units=[tree.cao_lau], leaders=[people.leader])
    return tree.cao_lau


def _draft(unit, title="Kế hoạch thi đua năm 2026", **kwargs):
    return make_campaign(unit, title=title, status="draft", number=None, year=YEAR, **kwargs)


def _issue(campaign, people, signer="leader", capture=None):
    campaign.refresh_from_db()
    return issuing.campaign_issue(
        campaign=campaign,
        user=people.clerk,
        expected_version=campaign.version,
        signer=getattr(people, signer) if signer else None,
    )


# ------------------------------------------------------------------ registers


def test_a_register_starts_after_the_highest_number_in_the_system(tree, people):
    make_campaign(tree.cao_lau, number=7, year=YEAR).__class__.objects.filter(issuing_unit=tree.cao_lau).update(
        issued_on=timezone.localdate()
    )
    register = issuing.register_open(unit=tree.cao_lau, year=YEAR, user=people.clerk)
    assert register.last_number == 7
    with pytest.raises(ValidationError) as error:
        issuing.register_open(unit=tree.cao_lau, year=YEAR, user=people.clerk)
    assert "đã được mở" in str(error.value)


def test_a_register_cannot_start_below_a_number_already_used(tree, people):
    make_campaign(tree.cao_lau, number=12, year=YEAR).__class__.objects.filter(issuing_unit=tree.cao_lau).update(
        issued_on=timezone.localdate()
    )
    with pytest.raises(ValidationError) as error:
        issuing.register_open(unit=tree.cao_lau, year=YEAR, user=people.clerk, last_number=3)
    assert "12" in str(error.value)
    assert not Register.objects.exists()
    register = issuing.register_open(unit=tree.cao_lau, year=YEAR, user=people.clerk, last_number=40)
    assert register.last_number == 40


# ------------------------------------------------------------------ refusals before anything changes


def test_issuing_without_a_register_changes_nothing(tree, people):
    draft = _draft(tree.cao_lau)
    with pytest.raises(ValidationError) as error:
        _issue(draft, people)
    assert "chưa mở sổ đăng ký văn bản đi" in str(error.value)
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.issued_on) == (CampaignStatus.DRAFT, None, None)
    assert not IssuedDocument.objects.exists() and not DocumentJob.objects.exists()


def test_issuing_without_a_signer_changes_nothing(signing, tree, people):
    draft = _draft(tree.cao_lau)
    Campaign.objects.filter(pk=draft.pk).update(signer_name="")
    with pytest.raises(ValidationError) as error:
        _issue(draft, people)
    assert "chưa có người ký" in str(error.value)
    assert Register.objects.get(unit=tree.cao_lau, year=YEAR).last_number == 0
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.DRAFT and draft.number is None


def test_a_signer_must_lead_the_unit(signing, tree, people):
    draft = _draft(tree.cao_lau)
    with pytest.raises(ValidationError) as error:
        _issue(draft, people, signer="officer")
    assert "không phải lãnh đạo" in str(error.value)
    assert Register.objects.get(unit=tree.cao_lau, year=YEAR).last_number == 0


@pytest.mark.parametrize("signer", ["superuser", "reviewer"])
def test_no_superuser_and_no_leader_of_a_unit_above_signs_for_the_unit(signing, tree, people, signer):
    if signer == "reviewer":  # Huyện Cao Lộc's leader: a district's leader does not sign a commune's documents
        from accounts.models import Role
        from tests.factories import member

        people.reviewer = member(tree.cao_loc, Role.LEADER, username="lanhdao.caoloc")
    draft = _draft(tree.cao_lau)
    with pytest.raises(ValidationError) as error:
        _issue(draft, people, signer=signer)
    assert "không phải lãnh đạo" in str(error.value)
    assert Register.objects.get(unit=tree.cao_lau, year=YEAR).last_number == 0
    assert list(issuing.signers_for(unit=tree.cao_lau)) == [people.leader]


def test_signed_on_paper_the_pdf_carries_no_seal(signing, tree, people, django_capture_on_commit_callbacks):
    """The unit has a seal image, but nobody's signature is printed: a seal over an empty signature box is what a
    forger would make, so the seal is left off too."""
    draft = _draft(tree.cao_lau)
    with django_capture_on_commit_callbacks(execute=True):
        issued, _job = _issue(draft, people, signer=None)
    issued.refresh_from_db()
    with pdfplumber.open(issued.document.file.path) as document:
        assert not document.pages[-1].images


def test_issuing_from_a_stale_page_changes_nothing(signing, tree, people):
    draft = _draft(tree.cao_lau)
    with pytest.raises(ValidationError) as error:
        issuing.campaign_issue(campaign=draft, user=people.clerk, expected_version=draft.version - 1)
    assert error.value.code == "conflict"
    assert error.value.messages[0].startswith("Không lưu được: một người khác đã lưu phong trào thi đua này lúc ")
    assert Register.objects.get(unit=tree.cao_lau, year=YEAR).last_number == 0


def test_a_failure_while_issuing_leaves_no_gap(signing, tree, people, monkeypatch):
    first, second = _draft(tree.cao_lau, title="Thứ nhất"), _draft(tree.cao_lau, title="Thứ hai")

    def broken(**kwargs):
        raise RuntimeError("the template broke")

    monkeypatch.setattr("documents.rendering.render_campaign_html", broken)
    with pytest.raises(RuntimeError):
        _issue(first, people)
    monkeypatch.undo()
    assert Register.objects.get(unit=tree.cao_lau, year=YEAR).last_number == 0
    issued, _job = _issue(second, people)
    assert issued.number == 1


# ------------------------------------------------------------------ the issued, signed document


def test_issue_numbers_dates_freezes_and_signs(signing, tree, people, django_capture_on_commit_callbacks):
    draft = _draft(tree.cao_lau)
    with django_capture_on_commit_callbacks(execute=True):
        issued, job = _issue(draft, people)
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.issued_on) == (CampaignStatus.ISSUED, 1, timezone.localdate())
    assert issued.reference == "01/PĐ-UBND" and issued.code in issued.html
    assert issued.snapshot["campaign"]["title"] == draft.title
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    issued.refresh_from_db()
    pdf = issued.document.file.open("rb").read()
    result = pki.pdf_verify(pdf=pdf, trust_roots_pem=trust_roots())
    assert result.signed and result.intact and result.valid and result.trusted and result.covers_whole_file
    assert result.signer_common_name == "ỦY BAN NHÂN DÂN XÃ CAO LÂU"
    assert issued.signed_at is not None and issued.certificate_subject == "ỦY BAN NHÂN DÂN XÃ CAO LÂU"
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        last = document.pages[-1]
        text = last.extract_text()
        assert "Số: 01/PĐ-UBND" in document.pages[0].extract_text()
        assert f"Mã tra cứu: {issued.code}" in text and issued.code in text
        assert len(last.images) == 2  # the signature and the seal (the QR code is vector)
        signature, seal = sorted(last.images, key=lambda i: i["width"], reverse=True)
        # The seal at real size (35 mm), over the left third of the signature box, at its height.
        assert abs(seal["width"] - 35 * 72 / 25.4) < 1
        assert signature["x0"] - seal["x0"] == pytest.approx(35 * 72 / 25.4 - 15 * 72 / 25.4, abs=1)
        assert seal["x1"] > signature["x0"]
        assert abs((seal["top"] + seal["bottom"]) / 2 - (signature["top"] + signature["bottom"]) / 2) < 1


def test_an_issued_version_never_changes_and_edits_go_to_a_new_draft(
    signing, tree, people, django_capture_on_commit_callbacks
):
    draft = _draft(tree.cao_lau)
    with django_capture_on_commit_callbacks(execute=True):
        issued, _job = _issue(draft, people)
    issued.refresh_from_db()
    html, sha = issued.html, issued.document.sha256
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        campaign_update(campaign=draft, user=people.officer, expected_version=draft.version, title="Đổi")
    revision = campaign_revise(campaign=draft, user=people.officer)
    assert revision.status == CampaignStatus.DRAFT and revision.number is None
    assert revision.previous_version == draft
    assert campaign_revise(campaign=draft, user=people.officer) == revision  # one draft version at a time
    campaign_update(campaign=revision, user=people.officer, expected_version=revision.version, title="Bản sửa đổi")
    issued.refresh_from_db()
    draft.refresh_from_db()
    assert (issued.html, issued.document.sha256, draft.title) == (html, sha, "Kế hoạch thi đua năm 2026")
    # The print button of the issued campaign gives the issued, signed copy.
    from django.test import Client

    client = Client()
    client.force_login(people.officer)
    response = client.post(reverse("campaign_pdf", args=[draft.pk]))
    job = DocumentJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert job.kind == "issued" and job.result.sha256 == sha


def test_without_certificate_or_images_the_pdf_is_issued_unsigned(tree, people, django_capture_on_commit_callbacks):
    issuing.register_open(unit=tree.cao_lau, year=YEAR, user=people.clerk)
    draft = _draft(tree.cao_lau)
    with django_capture_on_commit_callbacks(execute=True):
        issued, _job = _issue(draft, people, signer=None)
    issued.refresh_from_db()
    assert issued.document is not None and issued.signed_at is None
    with pdfplumber.open(issued.document.file.path) as document:
        assert not document.pages[-1].images


@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_at_the_same_moment_get_consecutive_numbers(tree, people, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    issuing.register_open(unit=tree.cao_lau, year=YEAR, user=people.clerk, last_number=108)
    drafts = [_draft(tree.cao_lau, title=f"Dự thảo {i}") for i in range(6)]
    barrier, numbers, errors = threading.Barrier(len(drafts)), [], []

    def issue(campaign):
        try:
            barrier.wait()
            issued, _job = issuing.campaign_issue(
                campaign=campaign, user=people.clerk, expected_version=campaign.version
            )
            numbers.append(issued.number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(numbers) == list(range(109, 115))
    assert Register.objects.get(unit=tree.cao_lau, year=YEAR).last_number == 114


# ------------------------------------------------------------------ the public verification page


def _issued_pdf(signing, tree, people, django_capture_on_commit_callbacks):
    draft = _draft(tree.cao_lau)
    with django_capture_on_commit_callbacks(execute=True):
        issued, _job = _issue(draft, people)
    issued.refresh_from_db()
    return issued, issued.document.file.open("rb").read()


def test_the_verification_page_shows_the_facts_without_login(
    client, signing, tree, people, django_capture_on_commit_callbacks
):
    issued, _pdf = _issued_pdf(signing, tree, people, django_capture_on_commit_callbacks)
    response = client.get(reverse("verify_start"), {"code": issued.code.lower().replace("-", " ")})
    assert response.status_code == 302 and response["Location"] == reverse("verify_code", args=[issued.code])
    page = client.get(response["Location"]).content.decode()
    for text in ("01/PĐ-UBND", "ỦY BAN NHÂN DÂN XÃ CAO LÂU", issued.signer_name, "(UTC+07:00)"):
        assert text in page
    assert timezone.localtime(issued.signed_at).strftime("%d/%m/%Y %H:%M:%S") in page
    assert client.get(reverse("verify_code", args=["ZZZZ-ZZZZ"])).status_code == 404


def test_the_issued_pdf_matches_and_one_changed_byte_does_not(
    client, signing, tree, people, django_capture_on_commit_callbacks
):
    issued, pdf = _issued_pdf(signing, tree, people, django_capture_on_commit_callbacks)
    url = reverse("verify_code", args=[issued.code])
    page = client.post(url, {"file": SimpleUploadedFile("vb.pdf", pdf)}).content.decode()
    assert "khớp với văn bản đã ban hành" in page and "hợp lệ" in page
    changed = bytearray(pdf)
    position = pdf.index(b"stream", len(pdf) // 4) + 20  # inside a content stream, within the signed range
    changed[position] ^= 0x01
    page = client.post(url, {"file": SimpleUploadedFile("vb.pdf", bytes(changed))}).content.decode()
    assert "KHÔNG khớp" in page
    assert "bị thay đổi" in page


def _verdict(page: str) -> str:
    start = page.index('id="verify-verdict">') + len('id="verify-verdict">')
    return page[start : page.index("</strong>", start)]


def test_the_verdict_comes_first_and_content_added_after_signing_is_not_valid(
    client, signing, tree, people, django_capture_on_commit_callbacks
):
    issued, pdf = _issued_pdf(signing, tree, people, django_capture_on_commit_callbacks)
    url = reverse("verify_code", args=[issued.code])
    page = client.post(url, {"file": SimpleUploadedFile("vb.pdf", pdf)}).content.decode()
    assert _verdict(page).startswith("Còn giá trị: đúng là văn bản đã ban hành")
    # An incremental update after the signature: the signed bytes are intact, the file says more than was signed.
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.root["/ThiDuaNote"] = generic.TextStringObject("sửa sau khi ký")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    appended = out.getvalue()
    page = client.post(url, {"file": SimpleUploadedFile("vb.pdf", appended)}).content.decode()
    assert _verdict(page) == "KHÔNG còn giá trị: có nội dung thêm vào sau khi ký."
    assert page.index('id="verify-verdict"') < page.index("Chữ ký số")  # the verdict first, then the details
    assert "Chữ ký số: hợp lệ" not in page


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"MZ\x90\x00 an executable", "không phải là PDF"), (b"", "rỗng")],
)
def test_the_verification_page_refuses_what_is_not_a_pdf(
    client, signing, tree, people, django_capture_on_commit_callbacks, content, message
):
    issued, _pdf = _issued_pdf(signing, tree, people, django_capture_on_commit_callbacks)
    response = client.post(reverse("verify_code", args=[issued.code]), {"file": SimpleUploadedFile("a.pdf", content)})
    assert response.status_code == 400
    assert message in response.content.decode()


# ------------------------------------------------------------------ images and certificates


def _png(mode="RGBA", color=(0, 0, 255, 0), fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, (40, 20), color).save(buffer, fmt)
    return SimpleUploadedFile("a.png", buffer.getvalue())


def test_images_must_be_transparent_pngs():
    assert png_read(SimpleUploadedFile("seal.png", seal_png(top="ỦY BAN NHÂN DÂN XÃ A", bottom="B")))
    assert png_read(SimpleUploadedFile("sig.png", signature_png(name="Nguyễn Văn A")))
    with pytest.raises(ValidationError, match="nền trong suốt"):
        png_read(_png("RGB", (0, 0, 255)))
    with pytest.raises(ValidationError, match="nền trong suốt"):
        png_read(_png("RGBA", (0, 0, 255, 255)))  # an alpha channel, but opaque everywhere
    with pytest.raises(ValidationError, match="PNG"):
        png_read(_png("RGB", (0, 0, 255), "JPEG"))
    with pytest.raises(ValidationError, match="PNG"):
        png_read(SimpleUploadedFile("virus.png", b"MZ\x90\x00" * 50))


def test_a_certificate_is_kept_only_with_its_right_password(tree, people):
    ca_cert, ca_key = pki.ca_create(common_name="CA thử")
    data, password = pki.certificate_issue(
        ca_cert_pem=ca_cert,
        ca_key_pem=ca_key,
        common_name="UBND XÃ CAO LÂU",
        organisation="UBND",
        locality="Cao Lâu",
        province="Lạng Sơn",
    )
    with pytest.raises(ValidationError):
        unit_certificate_save(unit=tree.cao_lau, data=data, password="sai mật khẩu", user=people.province_admin)
    record = unit_certificate_save(unit=tree.cao_lau, data=data, password=password, user=people.province_admin)
    assert password not in record.password_token and pki.secret_open(record.password_token) == password


def test_the_issue_page_lists_what_is_missing(client, tree, people):
    draft = _draft(tree.cao_lau)
    client.force_login(people.clerk)
    page = client.get(reverse("campaign_issue", args=[draft.pk])).content.decode()
    assert f"Sổ đăng ký văn bản đi {YEAR}: chưa mở" in page
    response = client.post(reverse("campaign_issue", args=[draft.pk]), {"version": draft.version, "signer": ""})
    assert response.status_code == 400
    assert "chưa mở sổ đăng ký văn bản đi" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CampaignStatus.DRAFT
