"""Summary reports (BÁO CÁO sơ kết / tổng kết): drafted from the roll-up and the units' reports, edited with a version
check, issued from the register the campaigns use, printed in the Nghị định 30 layout, and scoped."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from documents import issuing
from documents.models import DocumentJob, IssuedDocument, Register
from documents.rendering import html_to_pdf
from reports import services as report_services
from reports.models import PeriodKind, Report, ReportStatus, ReportValue
from summaries import services
from summaries.models import SummaryKind, SummaryReport, SummaryStatus
from summaries.printing import render_summary_html
from summaries.selectors import summary_annex
from targets.models import Figure
from tests.campaigns.factories import make_campaign
from tests.documents import test_rendering as nd30
from tests.factories import member
from units import vn
from units.versioning import VersionConflict

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _district(tree, indicators=3):
    """Huyện Cao Lộc's Chỉ thị over Cao Lâu and Thạch Đạn, a six-month period, both communes' reports sent:
    'Chỉ tiêu số 1' (target 1.105 tấn a year: 552,5 for six months) exceeded, 'Chỉ tiêu số 2' (1.106: 553) missed,
    the others without data."""
    campaign = make_campaign(
        tree.cao_loc,
        title="Về việc phát động phong trào thi đua năm 2024",
        participants=[tree.cao_lau, tree.thach_dan],
        indicators=indicators,
    )
    period = report_services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=datetime.date(2024, 7, 10),
    )
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("indicator__position"))
    values = {tree.cao_lau: (700, 200), tree.thach_dan: (600, 100)}
    narratives = {
        tree.cao_lau: "Sản lượng lúa tăng mạnh nhờ giống mới. Các thôn đều tham gia.",
        tree.thach_dan: "Hoàn thành kênh mương nội đồng. Còn chậm ở thôn Nà Làng.",
    }
    for unit, (first, second) in values.items():
        report = Report.objects.create(
            period=period,
            unit=unit,
            status=ReportStatus.SUBMITTED,
            submitted_at=timezone.now(),
            results=narratives[unit],
            shortcomings="Thiếu vốn đối ứng. Cần hỗ trợ thêm.",
        )
        ReportValue.objects.create(report=report, figure=figures[0], value=Decimal(first))
        ReportValue.objects.create(report=report, figure=figures[1], value=Decimal(second))
    return campaign, period


@pytest.fixture
def district(tree, people):
    return _district(tree)


def test_the_draft_is_written_from_the_roll_up_and_the_reports(tree, people, district):
    campaign, period = district
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    assert summary.kind == SummaryKind.SO_KET and summary.status == SummaryStatus.DRAFT and summary.number is None
    assert summary.title == "Sơ kết 6 tháng đầu năm 2024 phát động phong trào thi đua năm 2024"
    assert (summary.parent_body, summary.issuing_body, summary.place) == (
        "UBND TỈNH LẠNG SƠN",
        "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC",
        "Cao Lộc",
    )
    assert summary.signature_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and summary.signer_name == "Vũ Văn Thái"
    assert "2/2 đơn vị đã gửi báo cáo 6 tháng đầu năm 2024" in summary.results
    assert "trong 3 chỉ tiêu, có 1 chỉ tiêu vượt, 0 chỉ tiêu đạt, 1 chỉ tiêu không đạt và 1 chỉ tiêu chưa có" in (
        summary.results
    )
    # six months of an additive figure are judged against half the year's target
    assert (
        "- Chỉ tiêu số 1: 1.300 tấn, bằng 235,3% chỉ tiêu của kỳ (tính bằng 50% chỉ tiêu cả năm) (vượt)."
        in summary.results
    )
    assert "- Chỉ tiêu số 2: 300 tấn, bằng 54,2% chỉ tiêu của kỳ" in summary.results
    assert "(không đạt)" in summary.results
    # the first sentence of each commune's narrative, never the rest
    assert "- Xã Cao Lâu: Sản lượng lúa tăng mạnh nhờ giống mới." in summary.results
    assert "Các thôn đều tham gia" not in summary.results
    # the sentence both communes wrote, once, with them
    assert summary.shortcomings == "- Thiếu vốn đối ứng (Xã Cao Lâu, Xã Thạch Đạn)."
    assert "Thực hiện Phát động số 109/PĐ-UBND ngày 24 tháng 01 năm 2024 của Ủy ban nhân dân huyện Cao Lộc" in (
        summary.introduction
    )

    rows = summary_annex(period=period, unit=tree.cao_loc)
    assert [(r.position, r.name, r.unit_of_measure, r.target, r.result, r.percent, r.status_text) for r in rows] == [
        (1, "Chỉ tiêu số 1", "tấn", "552,5 (cả năm 1.105)", "1.300", "235,3", "vượt"),
        (2, "Chỉ tiêu số 2", "tấn", "553 (cả năm 1.106)", "300", "54,2", "không đạt"),
        (3, "Chỉ tiêu số 3", "tấn", "1.107 (cả năm)", "", "", "chưa có số liệu"),
    ]


def test_a_year_period_gives_a_tong_ket(tree, people, district):
    campaign, _period = district
    year = report_services.period_add(
        campaign=campaign,
        kind=PeriodKind.YEAR,
        label="năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        due_on=datetime.date(2025, 1, 10),
    )
    summary = services.summary_draft(period=year, unit=tree.cao_loc, user=people.reviewer)
    assert summary.kind == SummaryKind.TONG_KET and summary.title.startswith("Tổng kết năm 2024 ")
    assert "0/2 đơn vị đã gửi báo cáo" in summary.results


def test_only_the_campaigns_issuer_drafts_its_summary(tree, people, district):
    _campaign, period = district
    with pytest.raises(ValidationError):
        services.summary_draft(period=period, unit=tree.cao_lau, user=people.officer)
    assert not SummaryReport.objects.exists()


def test_an_update_from_a_stale_form_changes_nothing(tree, people, district):
    _campaign, period = district
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    saved = services.summary_update(summary=summary, user=people.reviewer, expected_version=1, lessons="Bài học 1.")
    assert (saved.version, saved.lessons) == (2, "Bài học 1.")
    with pytest.raises(VersionConflict) as error:
        services.summary_update(summary=summary, user=people.reviewer, expected_version=1, lessons="Cũ")
    summary.refresh_from_db()
    saved_at = timezone.localtime(summary.updated).strftime("%H:%M %d/%m/%Y")
    assert error.value.messages == [
        f"Không lưu được: một người khác đã lưu báo cáo sơ kết, tổng kết này lúc {saved_at}, sau khi bạn mở trang "
        "này. Hãy tải lại trang để xem những gì họ đã lưu, rồi thực hiện lại thay đổi của bạn."
    ]
    assert (summary.version, summary.lessons) == (2, "Bài học 1.")


def test_the_edit_page_keeps_the_typed_text_of_a_stale_form(client, tree, people, district):
    _campaign, period = district
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    services.summary_update(summary=summary, user=people.reviewer, expected_version=1, tasks="Của người khác.")
    client.force_login(people.reviewer)
    url = reverse("summary_edit", kwargs={"pk": summary.pk})
    data = {name: getattr(summary, name) for name in services.EDIT_FIELDS}
    data.update(version=1, tasks="Văn bản tôi vừa gõ.")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Văn bản tôi vừa gõ." in response.content.decode()
    summary.refresh_from_db()
    assert summary.tasks == "Của người khác."
    data["version"] = 2
    assert client.post(url, data).status_code == 302
    summary.refresh_from_db()
    assert (summary.tasks, summary.version) == ("Văn bản tôi vừa gõ.", 3)


# ------------------------------------------------------------------ issuing


def test_a_campaign_then_a_summary_take_consecutive_numbers_of_one_register(tree, people, district):
    _campaign, period = district
    issuing.register_open(unit=tree.cao_loc, year=YEAR, user=people.superuser, last_number=0)
    draft = make_campaign(tree.cao_loc, title="Kế hoạch", status="draft", number=None, year=YEAR)
    campaign_issued, _job = issuing.campaign_issue(
        campaign=draft, user=people.superuser, expected_version=draft.version
    )
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    issued, job = services.summary_issue(summary=summary, user=people.superuser, expected_version=summary.version)
    assert (campaign_issued.number, issued.number) == (1, 2)
    summary.refresh_from_db()
    assert (summary.status, summary.number, summary.issued_on, summary.version) == (
        SummaryStatus.ISSUED,
        2,
        timezone.localdate(),
        2,
    )
    assert issued.reference == "02/BC-UBND" and issued.doc_type == "Báo cáo" and issued.subject == summary
    assert issued.signer_title == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" and issued.snapshot["number"] == 2
    assert "Số: 02/BC-UBND" in issued.html and "Mã tra cứu" in issued.html
    reference = (
        f"(Kèm theo Báo cáo số 02/BC-UBND {vn.long_date(timezone.localdate())} của Ủy ban nhân dân huyện Cao Lộc)"
    )
    assert reference in issued.html and len(issued.snapshot["annex"]) == 3
    assert job.kind == "issued"
    from documents.services import RENDERERS

    assert RENDERERS["issued"].url(issued) == reverse("summaryreport_detail", kwargs={"pk": summary.pk})
    with pytest.raises(ValidationError):
        services.summary_update(summary=summary, user=people.reviewer, expected_version=2, lessons="x")


@pytest.mark.parametrize("missing", ["register", "signer"])
def test_issuing_without_a_register_or_a_signer_changes_nothing(tree, people, district, missing):
    _campaign, period = district
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    if missing == "signer":
        issuing.register_open(unit=tree.cao_loc, year=YEAR, user=people.superuser)
        SummaryReport.objects.filter(pk=summary.pk).update(signer_name="")
    with pytest.raises(ValidationError) as error:
        services.summary_issue(summary=summary, user=people.superuser, expected_version=summary.version)
    assert ("chưa mở sổ đăng ký văn bản đi" if missing == "register" else "chưa có người ký") in str(error.value)
    summary.refresh_from_db()
    assert (summary.status, summary.number, summary.issued_on, summary.version) == (SummaryStatus.DRAFT, None, None, 1)
    assert not IssuedDocument.objects.exists() and not DocumentJob.objects.exists()
    assert all(r.last_number == 0 for r in Register.objects.all())


def test_the_issue_page(client, tree, people, district):
    _campaign, period = district
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    issuing.register_open(unit=tree.cao_loc, year=YEAR, user=people.superuser)
    clerk = member(tree.cao_loc, Role.CLERK, username="vanthu.caoloc")
    url = reverse("summary_issue", kwargs={"pk": summary.pk})
    client.force_login(people.reviewer)
    assert client.get(url).status_code == 403
    client.force_login(clerk)
    page = client.get(url)
    assert page.status_code == 200 and "01" in page.content.decode()
    response = client.post(url, {"version": summary.version, "signer": ""})
    job = DocumentJob.objects.get(kind="issued")
    assert response.status_code == 302 and response["Location"] == reverse("document_job", kwargs={"job_id": job.pk})
    summary.refresh_from_db()
    assert summary.reference == "01/BC-UBND"
    assert client.get(url).status_code == 404  # issued already


def test_a_new_draft_version_of_an_issued_report(client, tree, people, district):
    _campaign, period = district
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    with pytest.raises(ValidationError):
        services.summary_revise(summary=summary, user=people.reviewer)  # a draft is edited, not revised
    issuing.register_open(unit=tree.cao_loc, year=YEAR, user=people.superuser, last_number=0)
    issued, _job = services.summary_issue(summary=summary, user=people.superuser, expected_version=summary.version)
    summary.refresh_from_db()
    frozen = {f.attname: getattr(summary, f.attname) for f in SummaryReport._meta.concrete_fields}
    url = reverse("summary_revise", kwargs={"pk": summary.pk})

    for subject in ("officer", "sibling_officer", "other_reviewer"):
        client.force_login(getattr(people, subject))
        assert client.post(url).status_code == 404, subject
    client.force_login(people.council)
    assert client.post(url).status_code == 403
    assert not SummaryReport.objects.filter(previous_version=summary).exists()

    client.force_login(people.reviewer)
    assert client.get(url).status_code == 405
    response = client.post(url)
    draft = SummaryReport.objects.get(previous_version=summary)
    assert response.status_code == 302 and response["Location"] == reverse("summaryreport_detail", args=[draft.pk])
    assert (draft.status, draft.number, draft.issued_on, draft.version) == (SummaryStatus.DRAFT, None, None, 1)
    assert (draft.period, draft.unit, draft.created_by) == (period, tree.cao_loc, people.reviewer)
    assert all(getattr(draft, name) == getattr(summary, name) for name in services.EDIT_FIELDS)
    assert client.post(url).status_code == 302 and summary.later_versions.count() == 1  # one draft version at a time

    # the issued report and its issued version never change; the draft is edited like any draft
    services.summary_update(summary=draft, user=people.reviewer, expected_version=1, lessons="Bài học mới.")
    summary.refresh_from_db()
    assert {f.attname: getattr(summary, f.attname) for f in SummaryReport._meta.concrete_fields} == frozen
    assert IssuedDocument.objects.get().pk == issued.pk and "Bài học mới." not in issued.html
    assert client.get(reverse("summary_edit", kwargs={"pk": draft.pk})).status_code == 200
    assert client.get(reverse("summary_edit", kwargs={"pk": summary.pk})).status_code == 404

    # each page links to the other; the draft is revised by editing it, not by a new version
    issued_page = client.get(reverse("summaryreport_detail", kwargs={"pk": summary.pk})).content.decode()
    assert reverse("summaryreport_detail", kwargs={"pk": draft.pk}) in issued_page and url not in issued_page
    draft_page = client.get(reverse("summaryreport_detail", kwargs={"pk": draft.pk})).content.decode()
    assert reverse("summaryreport_detail", kwargs={"pk": summary.pk}) in draft_page
    assert reverse("summary_revise", kwargs={"pk": draft.pk}) not in draft_page
    assert client.post(reverse("summary_revise", kwargs={"pk": draft.pk})).status_code == 302
    assert SummaryReport.objects.count() == 2


def test_the_revise_button_is_shown_to_editors_of_an_issued_report(client, tree, people, district):
    _campaign, period = district
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    issuing.register_open(unit=tree.cao_loc, year=YEAR, user=people.superuser, last_number=0)
    services.summary_issue(summary=summary, user=people.superuser, expected_version=summary.version)
    url = reverse("summary_revise", kwargs={"pk": summary.pk})
    detail = reverse("summaryreport_detail", kwargs={"pk": summary.pk})
    for subject, shown in (("reviewer", True), ("province_admin", True), ("council", False)):
        client.force_login(getattr(people, subject))
        assert (url in client.get(detail).content.decode()) is shown, subject


# ------------------------------------------------------------------ printing


def test_the_pdf_is_in_the_decree_30_format(tree, people, monkeypatch):
    _campaign, period = _district(tree, indicators=40)
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    services.summary_update(
        summary=summary,
        user=people.reviewer,
        expected_version=1,
        lessons="Phải bám sát cơ sở.",
        tasks="Tiếp tục triển khai.",
        proposals="Đề nghị UBND tỉnh hỗ trợ kinh phí.",
    )
    summary.refresh_from_db()
    monkeypatch.setitem(nd30.DATE_LINES, "summary", "Cao Lộc, ngày tháng năm 2024")
    monkeypatch.setitem(nd30.NUMBER_LINES, "summary", "Số: /BC-UBND")
    recipients = summary.recipient_lines
    monkeypatch.setattr(nd30, "campaign_document", lambda campaign: SimpleNamespace(recipients=recipients))
    printed = SimpleNamespace(
        doc_type=SimpleNamespace(title="BÁO CÁO"),
        signature_lines=summary.signature_lines,
        signer_name=summary.signer_name,
    )
    with pdfplumber.open(io.BytesIO(html_to_pdf(render_summary_html(summary=summary)))) as pdf:
        # the signature block ends the report; the appendix follows on pages of its own, numbered from 1 again
        footer = next(i for i, page in enumerate(pdf.pages) if "Nơi nhận:" in page.extract_text())
        body_pages, annex_pages = pdf.pages[: footer + 1], pdf.pages[footer + 1 :]
        assert len(body_pages) >= 2 and len(annex_pages) >= 2
        numbers = ["", *map(str, range(2, footer + 2)), "", *map(str, range(2, len(annex_pages) + 1))]
        nd30.check_page_geometry(pdf, numbers)  # A4, margins, Liberation Serif; page 1 of each part unnumbered
        nd30.check_header(pdf.pages[0], "summary")  # quốc hiệu on one line, tiêu ngữ and its rule, số, date
        nd30.check_body_and_footer(pdf, printed, footer)  # type, body 13–14 pt, Nơi nhận 12 pt, signature
        body = nd30.norm(" ".join(page.extract_text() for page in body_pages))
        check_annex_first_page(
            annex_pages[0],
            "(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm 2024 của Ủy ban nhân dân huyện Cao Lộc)",
        )
        for page in annex_pages:  # the table's header row on every page of the appendix
            head = [nd30.norm(line["text"]) for line in nd30.lines(page) if line["text"].startswith("STT")]
            assert head and "Đánh giá" in head[0], page.page_number
        annex = nd30.norm(" ".join(page.extract_text() for page in annex_pages))
    for heading in (
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "(Chi tiết tại Phụ lục kèm theo) II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. BÀI HỌC KINH NGHIỆM",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
        "Đề nghị UBND tỉnh hỗ trợ kinh phí./.",
    ):
        assert heading in body, heading
    assert "STT" not in body and "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" not in body  # no table before the signature
    assert annex.startswith("Phụ lục KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU (Kèm theo Báo cáo số")
    assert "1 Chỉ tiêu số 1 tấn 552,5" in annex and "1.300 235,3 vượt" in annex and "40 Chỉ tiêu số 40" in annex


def check_annex_first_page(page, reference):
    """Nghị định 30, Phụ lục I, III.1: 'Phụ lục' 14 pt bold, centred; the title in capitals, bold; the reference
    line in italics, centred; nothing in the top margin."""
    assert not [c for c in nd30.ink(page.chars) if c["bottom"] < nd30.TOP - 1], "the appendix's page 1 unnumbered"
    lines = [line for line in nd30.lines(page) if nd30.norm(line["text"])]
    heading, title = lines[0], lines[1]
    assert nd30.norm(heading["text"]) == "Phụ lục"
    assert all(nd30.is_bold(c) for c in nd30.ink(heading["chars"])) and nd30.size_in(heading["chars"], 14, 14)
    assert nd30.norm(title["text"]) == "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"
    assert all(nd30.is_bold(c) for c in nd30.ink(title["chars"])) and nd30.size_in(title["chars"], 13, 14)
    italic = [line for line in lines[2:] if all(nd30.is_italic(c) for c in nd30.ink(line["chars"]))]
    assert nd30.norm(" ".join(line["text"] for line in italic)) == reference
    assert all(nd30.size_in(line["chars"], 13, 14) for line in italic)
    for line in (heading, title, *italic):
        assert abs((line["x0"] + line["x1"]) / 2 - nd30.TEXT_CENTRE) <= 3, line["text"]


def test_markup_typed_into_a_field_is_printed_as_text(tree, people, district):
    _campaign, period = district
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    summary = services.summary_update(
        summary=summary,
        user=people.reviewer,
        expected_version=1,
        lessons='<script>alert(1)</script><img src="http://example.com/x.png"> **đậm**',
    )
    html = render_summary_html(summary=summary)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<strong>đậm</strong>" in html
    assert '<img src="http://example.com' not in html
    with pdfplumber.open(io.BytesIO(html_to_pdf(html))) as pdf:
        assert "<script>alert(1)</script>" in nd30.body_text(pdf)


def test_printing_a_draft_makes_a_summary_job(client, tree, people, district):
    _campaign, period = district
    summary = services.summary_draft(period=period, unit=tree.cao_loc, user=people.reviewer)
    client.force_login(people.reviewer)
    response = client.post(reverse("summary_pdf", kwargs={"pk": summary.pk}))
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and job.kind == "summary" and job.object_id == summary.pk
    assert client.get(reverse("document_job", kwargs={"job_id": job.pk})).status_code == 200


# ------------------------------------------------------------------ pages and scope


def test_pages_scope_and_roles(client, tree, people, district):
    _campaign, period = district
    client.force_login(people.reviewer)
    response = client.post(reverse("summary_period", kwargs={"period_pk": period.pk}))
    summary = SummaryReport.objects.get()
    assert response["Location"] == reverse("summaryreport_detail", kwargs={"pk": summary.pk})
    pages = [reverse(name, kwargs={"pk": summary.pk}) for name in ("summaryreport_detail", "summary_preview")]
    pages += [reverse("summary_edit", kwargs={"pk": summary.pk}), reverse("summary_list")]
    pages += [reverse("summary_period", kwargs={"period_pk": period.pk})]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200 and b"INVALID[" not in response.content, url
    client.force_login(people.superuser)
    response = client.get(reverse("summary_issue", kwargs={"pk": summary.pk}))
    assert response.status_code == 200 and b"INVALID[" not in response.content
    for subject in ("sibling_officer", "officer", "other_reviewer"):
        client.force_login(getattr(people, subject))
        for name in ("summaryreport_detail", "summary_preview", "summary_edit", "summary_issue"):
            assert client.get(reverse(name, kwargs={"pk": summary.pk})).status_code == 404, (subject, name)
        assert client.post(reverse("summary_pdf", kwargs={"pk": summary.pk})).status_code == 404
    client.force_login(people.sibling_officer)
    assert client.post(reverse("summary_period", kwargs={"period_pk": period.pk})).status_code == 404
    client.force_login(people.council)
    assert client.get(reverse("summary_edit", kwargs={"pk": summary.pk})).status_code == 403
    assert client.post(reverse("summary_period", kwargs={"period_pk": period.pk})).status_code == 403
    assert SummaryReport.objects.count() == 1
