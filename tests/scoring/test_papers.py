"""The printed papers of cluster scoring (issue #16): a member's self-scoring report and the cluster's scoring minutes
with the score table as their appendix — drafted from the sheet, edited with a version check and clear refusals,
printed in the Nghị định 30 layout (the checks of tests/documents/test_rendering.py), issued with a number from the
issuer's register, and scoped."""

import datetime
import io
from types import SimpleNamespace

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents import issuing
from documents.models import DocumentJob, IssuedDocument, Register
from documents.rendering import html_to_pdf
from documents.services import RENDERERS
from scoring import papers, services
from scoring.models import ScoringMinutes, SelfScoringReport, StageKind
from scoring.printing import render_minutes_html, render_self_report_html
from tests.documents import test_rendering as nd30
from tests.scoring.factories import campaign_for, cluster_with, period_for
from tests.scoring.paper_factories import scored_sheet
from units import vn
from units.models import ClusterMember, MemberRole
from units.versioning import VersionConflict

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def world(tree, people):
    return scored_sheet(tree, people)


def _minutes_ready(minutes, people):
    """The minutes with what issuing needs (a secretary); returns them fresh."""
    return papers.minutes_update(
        minutes=minutes,
        user=people.officer,
        expected_version=minutes.version,
        secretary_name="Lộc Thị Hạnh",
        secretary_position="Công chức Văn phòng - Thống kê xã Cao Lâu",
    )


def _pdf(html):
    return pdfplumber.open(io.BytesIO(html_to_pdf(html)))


def check_annex_first_page(page, title, reference):
    """Nghị định 30, Phụ lục I, III.1: 'Phụ lục' 14 pt bold; the title in capitals, bold; the reference line in
    italics; all centred; nothing in the top margin."""
    assert not [c for c in nd30.ink(page.chars) if c["bottom"] < nd30.TOP - 1], "the appendix's page 1 unnumbered"
    lines = [line for line in nd30.lines(page) if nd30.norm(line["text"])]
    heading, title_line = lines[0], lines[1]
    assert nd30.norm(heading["text"]) == "Phụ lục"
    assert all(nd30.is_bold(c) for c in nd30.ink(heading["chars"])) and nd30.size_in(heading["chars"], 14, 14)
    assert nd30.norm(title_line["text"]) == title
    assert all(nd30.is_bold(c) for c in nd30.ink(title_line["chars"])) and nd30.size_in(title_line["chars"], 13, 14)
    italic = [line for line in lines[2:] if all(nd30.is_italic(c) for c in nd30.ink(line["chars"]))]
    assert nd30.norm(" ".join(line["text"] for line in italic)) == reference
    for line in (heading, title_line, *italic):
        assert abs((line["x0"] + line["x1"]) / 2 - nd30.TEXT_CENTRE) <= 3, line["text"]


def _footer_page(pdf, text):
    return next(i for i, page in enumerate(pdf.pages) if text in page.extract_text())


# ------------------------------------------------------------------ drafts


def test_the_self_report_is_drafted_from_the_self_score(tree, people, world):
    report = papers.self_report_draft(sheet=world.sheet, unit=tree.cao_lau, user=people.officer)
    assert (report.unit, report.status, report.number, report.year) == (tree.cao_lau, "draft", None, 2024)
    assert (report.parent_body, report.issuing_body, report.place) == (
        "UBND HUYỆN CAO LỘC",
        "ỦY BAN NHÂN DÂN XÃ CAO LÂU",
        "Cao Lâu",
    )
    assert report.signature_lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert report.signer_name == people.leader.get_full_name()  # the commune's leader signs
    assert report.title == "Kết quả tự chấm điểm thi đua năm 2024 của Xã Cao Lâu, Cụm thi đua số 1 huyện Cao Lộc"
    # a second request opens the same draft
    assert papers.self_report_draft(sheet=world.sheet, unit=tree.cao_lau, user=people.officer).pk == report.pk

    html = render_self_report_html(report=report)
    # self-score: 1.1 = 12 (cap 1,2), 1.2 = 5, 1.3 = 5 → the group capped at 20; 2. = 9; bonus 2; penalty 0
    assert "Tổng điểm tự chấm: 31 điểm (điểm các tiêu chí: 29/30; điểm thưởng: 2; điểm trừ: 0)." in html
    assert "- 1. Phát triển kinh tế: 20/20 điểm." in html and "- 2. Công tác chỉ đạo: 9/10 điểm." in html
    assert "- 4. Điểm trừ vi phạm: trừ 0 điểm (tối đa 5 điểm)." in html
    assert "Ban hành kế hoạch đúng hạn; Tệp kiểm chứng: bien-ban.pdf" in html  # the comment and the evidence


def test_a_self_report_needs_a_member_and_an_opened_self_score(tree, people):
    world = scored_sheet(tree, people)
    with pytest.raises(ValidationError) as error:
        papers.self_report_draft(sheet=world.sheet, unit=tree.hoang_viet, user=people.superuser)
    assert "không phải là thành viên" in str(error.value) or "Hoàng Việt" in str(error.value)
    cluster = cluster_with(tree.cao_loc, [tree.cao_lau], name="Cụm mới")
    campaign, _figures = campaign_for(cluster, [tree.cao_lau])
    sheet = services.sheet_create(
        cluster=cluster, campaign=campaign, period=period_for(campaign), title="Bảng mới", user=people.reviewer
    )
    with pytest.raises(ValidationError) as error:
        papers.self_report_draft(sheet=sheet, unit=tree.cao_lau, user=people.officer)
    assert "chưa mở" in str(error.value)
    with pytest.raises(ValidationError) as error:
        papers.minutes_draft(sheet=sheet, user=people.officer)
    assert "chưa có giai đoạn nào" in str(error.value)
    assert not SelfScoringReport.objects.exists() and not ScoringMinutes.objects.exists()


def test_the_minutes_are_drafted_for_the_leader_unit_from_the_latest_closed_stage(tree, people, world):
    minutes = papers.minutes_draft(sheet=world.sheet, user=people.officer)
    assert minutes.unit == tree.cao_lau  # the cluster leader's unit (cụm trưởng) issues them
    assert (minutes.stage, minutes.held_on, minutes.copies) == (StageKind.CLUSTER, TODAY, 3)
    assert (minutes.parent_body, minutes.issuing_body) == ("UBND HUYỆN CAO LỘC", "CỤM THI ĐUA SỐ 1 HUYỆN CAO LỘC")
    assert minutes.signature_lines == ["CHỦ TRÌ"] and minutes.signer_name == people.leader.get_full_name()
    assert minutes.attendee_lines == [
        "Đại diện Ủy ban nhân dân huyện Cao Lộc - khách mời",
        "Đại diện lãnh đạo Ủy ban nhân dân xã Cao Lâu - đơn vị thành viên",
        "Đại diện lãnh đạo Ủy ban nhân dân xã Thạch Đạn - đơn vị thành viên",
    ]
    html = render_minutes_html(minutes=minutes)
    # the cluster check: Thạch Đạn's 2. checked down from 7 to 6 → 13,14 + 6 + 0 - 1
    assert "1. Xã Cao Lâu: 31 điểm, xếp thứ 1." in html and "2. Xã Thạch Đạn: 18,14 điểm, xếp thứ 2." in html
    assert "Biên bản được lập thành 03 bản" in html
    assert f"vào lúc 08 giờ 00 phút, {vn.long_date(TODAY)}, tại Hội trường Ủy ban nhân dân xã Cao Lâu" in html


# ------------------------------------------------------------------ edits and bad input


def test_minutes_edits_are_checked(tree, people, world):
    minutes = papers.minutes_draft(sheet=world.sheet, user=people.officer)
    with pytest.raises(ValidationError) as error:
        papers.minutes_update(
            minutes=minutes,
            user=people.officer,
            expected_version=1,
            opened_at=datetime.time(14, 0),
            closed_at=datetime.time(9, 30),
        )
    assert error.value.message_dict["closed_at"] == ["Cuộc họp không thể kết thúc (09:30) trước khi bắt đầu (14:00)."]
    with pytest.raises(ValidationError) as error:
        papers.minutes_update(minutes=minutes, user=people.officer, expected_version=1, stage=StageKind.FINAL)
    assert "chưa mở" in error.value.message_dict["stage"][0]
    with pytest.raises(ValidationError) as error:
        papers.minutes_update(minutes=minutes, user=people.officer, expected_version=1, copies=0)
    assert "copies" in error.value.message_dict
    minutes = papers.minutes_update(minutes=minutes, user=people.officer, expected_version=1, copies=5)
    assert minutes.version == 2 and "lập thành 05 bản" in render_minutes_html(minutes=minutes)
    with pytest.raises(VersionConflict):
        papers.minutes_update(minutes=minutes, user=people.officer, expected_version=1, copies=4)


def test_the_edit_page_answers_bad_input_in_vietnamese_and_keeps_the_draft(client, tree, people, world):
    minutes = papers.minutes_draft(sheet=world.sheet, user=people.officer)
    url = reverse("scoring_minutes_edit", kwargs={"pk": minutes.pk})
    client.force_login(people.officer)
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in papers.MINUTES_FIELDS}
    data.update(version=1, held_on="31/02/2026", opened_at="25:00", copies="0", attendees="")
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nhập một ngày hợp lệ" in page and "Nhập một thời gian hợp lệ" in page
    assert "Đảm bảo giá trị này lớn hơn hoặc bằng với 1" in page and "Trường này là bắt buộc" in page
    data.update(held_on="04/12/2026", opened_at="14:00", closed_at="09:30", copies="2", attendees="Ông A - khách")
    response = client.post(url, data)
    assert response.status_code == 400 and "Cuộc họp không thể kết thúc (09:30) trước khi bắt đầu (14:00)." in (
        response.content.decode()
    )
    minutes.refresh_from_db()
    assert (minutes.version, minutes.copies, minutes.held_on) == (1, 3, TODAY)  # nothing saved
    data.update(closed_at="16:30")
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("scoringminutes_detail", args=[minutes.pk])
    minutes.refresh_from_db()
    assert (minutes.version, minutes.copies, minutes.held_on, minutes.attendees) == (
        2,
        2,
        datetime.date(2026, 12, 4),
        "Ông A - khách",
    )


# ------------------------------------------------------------------ printing: Nghị định 30


def test_the_self_report_prints_in_the_decree_30_format(tree, people, world, monkeypatch):
    report = papers.self_report_draft(sheet=world.sheet, unit=tree.cao_lau, user=people.officer)
    report = papers.self_report_update(
        report=report,
        user=people.officer,
        expected_version=1,
        assessment="Xã hoàn thành tốt các chỉ tiêu.\n\nCòn chậm ở thôn Nà Làng.",
        proposals="Đề nghị Cụm xem xét.",
    )
    monkeypatch.setitem(nd30.DATE_LINES, "self", "Cao Lâu, ngày tháng năm 2024")
    monkeypatch.setitem(nd30.NUMBER_LINES, "self", "Số: /BC-UBND")
    monkeypatch.setattr(nd30, "campaign_document", lambda campaign: SimpleNamespace(recipients=report.recipient_lines))
    printed = SimpleNamespace(
        doc_type=SimpleNamespace(title="BÁO CÁO"),
        signature_lines=report.signature_lines,
        signer_name=report.signer_name,
    )
    with _pdf(render_self_report_html(report=report)) as pdf:
        footer = _footer_page(pdf, "Nơi nhận:")
        annex_pages = pdf.pages[footer + 1 :]
        assert len(annex_pages) == 1
        nd30.check_page_geometry(pdf, ["", *map(str, range(2, footer + 2)), ""])
        nd30.check_header(pdf.pages[0], "self")
        nd30.check_body_and_footer(pdf, printed, footer)
        check_annex_first_page(
            annex_pages[0],
            "BẢNG TỰ CHẤM ĐIỂM THI ĐUA",
            "(Kèm theo Báo cáo số …/BC-UBND ngày … tháng … năm 2024 của Ủy ban nhân dân xã Cao Lâu)",
        )
        body = nd30.norm(" ".join(page.extract_text() for page in pdf.pages[: footer + 1]))
        annex = nd30.norm(annex_pages[0].extract_text())
    for text in (
        "I. KẾT QUẢ TỰ CHẤM ĐIỂM Tổng điểm tự chấm: 31 điểm",
        "(Chi tiết tại Phụ lục kèm theo) II. TỰ ĐÁNH GIÁ Xã hoàn thành tốt các chỉ tiêu.",
        "III. KIẾN NGHỊ, ĐỀ XUẤT Đề nghị Cụm xem xét./.",
    ):
        assert text in body, text
    assert "STT Tiêu chí" in annex and "1.1 Sản lượng lương thực 10 12" in annex and "Tổng cộng 30 31" in annex


def test_the_minutes_print_in_the_decree_30_format_with_the_score_table(tree, people, world, monkeypatch):
    minutes = _minutes_ready(papers.minutes_draft(sheet=world.sheet, user=people.officer), people)
    monkeypatch.setitem(nd30.DATE_LINES, "minutes", "Cao Lâu, ngày tháng năm 2024")
    monkeypatch.setitem(nd30.NUMBER_LINES, "minutes", "Số: /BB-CTĐ")
    with _pdf(render_minutes_html(minutes=minutes)) as pdf:
        footer = _footer_page(pdf, "THƯ KÝ")
        annex_pages = pdf.pages[footer + 1 :]
        nd30.check_page_geometry(pdf, ["", *map(str, range(2, footer + 2)), ""])
        nd30.check_header(pdf.pages[0], "minutes")
        first, last = pdf.pages[0], pdf.pages[footer]
        doc_type = nd30.find_line(first, "BIÊN BẢN")
        assert all(nd30.is_bold(c) for c in nd30.ink(doc_type["chars"])) and nd30.size_in(doc_type["chars"], 14, 14)
        assert abs((doc_type["x0"] + doc_type["x1"]) / 2 - nd30.TEXT_CENTRE) <= 2, "type centred"
        # the body, from the type to the signatures, at 13–14 pt
        secretary = nd30.find_line(last, "THƯ KÝ", (0, 0, nd30.TEXT_CENTRE, nd30.A4[1]))
        for page in pdf.pages[: footer + 1]:
            for c in nd30.ink(page.chars):
                below_type = page.page_number > 1 or c["top"] >= doc_type["top"]
                above_footer = page.page_number < last.page_number or c["top"] < secretary["top"] - 1
                if below_type and above_footer and c["bottom"] > nd30.TOP - 1:
                    assert 13 - 0.1 <= c["size"] <= 14 + 0.1, (page.page_number, c["text"], c["size"])
        # the secretary left, the chair right, on one line, bold; their names below, with room to sign
        chair = nd30.find_line(last, "CHỦ TRÌ", (nd30.TEXT_CENTRE, 0, nd30.A4[0], nd30.A4[1]))
        assert abs(chair["top"] - secretary["top"]) <= 2
        for title, name in ((secretary, minutes.secretary_name), (chair, minutes.signer_name)):
            assert all(nd30.is_bold(c) for c in nd30.ink(title["chars"])) and nd30.size_in(title["chars"], 13, 14)
            line = nd30.find_line(last, name, (title["x0"] - 60, title["bottom"], title["x1"] + 60, nd30.A4[1]))
            assert all(nd30.is_bold(c) for c in nd30.ink(line["chars"]))
            assert line["top"] - title["bottom"] >= 20 * nd30.MM, "room for the signature"
        check_annex_first_page(
            annex_pages[0],
            "BẢNG TỔNG HỢP ĐIỂM",
            "(Kèm theo Biên bản số …/BB-CTĐ ngày … tháng … năm 2024 của Cụm thi đua số 1 huyện Cao Lộc)",
        )
        body = nd30.norm(" ".join(page.extract_text() for page in pdf.pages[: footer + 1]))
        annex = nd30.norm(annex_pages[0].extract_text())
    for text in (
        "I. THÀNH PHẦN THAM DỰ 1. Chủ trì:",
        "2. Thư ký: Lộc Thị Hạnh, Công chức Văn phòng - Thống kê xã Cao Lâu.",
        "- Đại diện lãnh đạo Ủy ban nhân dân xã Thạch Đạn - đơn vị thành viên.",
        "II. NỘI DUNG",
        "Kết quả chấm điểm kiểm tra của Cụm",
        "III. KẾT LUẬN",
        "Cuộc họp kết thúc vào lúc 11 giờ 00 phút cùng ngày. Biên bản được lập thành 03 bản",
    ):
        assert text in body, text
    # units × the top-level criteria, bonus, penalty, total, rank
    assert "Xã Cao Lâu 20 9 2 0 31 1" in annex and "Xã Thạch Đạn 13,14 6 0 -1 18,14 2" in annex


# ------------------------------------------------------------------ issuing


def test_the_self_report_is_issued_from_the_members_register(tree, people, world):
    report = papers.self_report_draft(sheet=world.sheet, unit=tree.cao_lau, user=people.officer)
    issuing.register_open(unit=tree.cao_lau, year=YEAR, user=people.superuser, last_number=4)
    issued, job = papers.self_report_issue(
        report=report, user=people.clerk, expected_version=report.version, signer=people.leader
    )
    report.refresh_from_db()
    assert (report.status, report.number, report.issued_on, report.reference) == ("issued", 5, TODAY, "05/BC-UBND")
    assert issued.doc_type == "Báo cáo" and issued.subject == report and issued.unit == tree.cao_lau
    assert "Số: 05/BC-UBND" in issued.html and "Mã tra cứu" in issued.html and issued.code in issued.html
    assert f"(Kèm theo Báo cáo số 05/BC-UBND {vn.long_date(TODAY)} của Ủy ban nhân dân xã Cao Lâu)" in issued.html
    assert issued.snapshot["total"].startswith("Tổng điểm tự chấm: 31 điểm") and len(issued.snapshot["rows"]) == 7
    assert job.kind == "issued" and RENDERERS["issued"].url(issued) == reverse(
        "selfscoringreport_detail", args=[report.pk]
    )
    with pytest.raises(ValidationError):
        papers.self_report_update(report=report, user=people.officer, expected_version=report.version, proposals="x")


def test_issuing_the_minutes_needs_a_secretary_and_then_takes_the_next_number(tree, people, world):
    minutes = papers.minutes_draft(sheet=world.sheet, user=people.officer)
    issuing.register_open(unit=tree.cao_lau, year=YEAR, user=people.superuser)
    with pytest.raises(ValidationError) as error:
        papers.minutes_issue(minutes=minutes, user=people.clerk, expected_version=minutes.version)
    assert "chưa có thư ký" in str(error.value)
    minutes.refresh_from_db()
    assert (minutes.status, minutes.number, minutes.version) == ("draft", None, 1)
    assert Register.objects.get(unit=tree.cao_lau).last_number == 0 and not IssuedDocument.objects.exists()
    assert not DocumentJob.objects.exists()

    minutes = _minutes_ready(minutes, people)
    issued, _job = papers.minutes_issue(
        minutes=minutes, user=people.clerk, expected_version=minutes.version, signer=people.leader
    )
    minutes.refresh_from_db()
    assert (minutes.status, minutes.reference, issued.doc_type) == ("issued", "01/BB-CTĐ", "Biên bản")
    assert "Số: 01/BB-CTĐ" in issued.html and "BẢNG TỔNG HỢP ĐIỂM" in issued.html
    assert [row["total"] for row in issued.snapshot["results"]] == ["31", "18,14"]
    assert RENDERERS["issued"].url(issued) == reverse("scoringminutes_detail", args=[minutes.pk])
    # the issued copy is frozen: a later score does not change it, a new draft can be started
    assert papers.minutes_draft(sheet=world.sheet, user=people.officer).pk != minutes.pk
    with _pdf(issued.html) as pdf:
        footer = _footer_page(pdf, "THƯ KÝ")
        nd30.check_page_geometry(pdf, ["", *map(str, range(2, footer + 2)), ""])
        assert "Mã tra cứu: " + issued.code in nd30.norm(pdf.pages[footer].extract_text())


# ------------------------------------------------------------------ pages and scope


def test_pages_scope_and_roles(client, tree, people, world):
    client.force_login(people.officer)
    papers_url = reverse("scoring_papers", kwargs={"pk": world.sheet.pk})
    page = client.get(papers_url)
    assert page.status_code == 200
    draft_report = reverse("scoring_report_draft", kwargs={"pk": world.sheet.pk, "unit_pk": tree.cao_lau.pk})
    assert draft_report in page.content.decode()
    response = client.post(draft_report)
    report = SelfScoringReport.objects.get()
    assert response["Location"] == reverse("selfscoringreport_detail", args=[report.pk])
    response = client.post(reverse("scoring_minutes_draft", kwargs={"pk": world.sheet.pk}))
    minutes = ScoringMinutes.objects.get()
    assert response["Location"] == reverse("scoringminutes_detail", args=[minutes.pk])

    pages = [reverse("selfscoringreport_detail", args=[report.pk]), reverse("scoringminutes_detail", args=[minutes.pk])]
    pages += [
        reverse("scoring_report_preview", args=[report.pk]),
        reverse("scoring_minutes_preview", args=[minutes.pk]),
    ]
    edits = [reverse("scoring_report_edit", args=[report.pk]), reverse("scoring_minutes_edit", args=[minutes.pk])]
    for user in (people.officer, people.reviewer):  # the member (the leader unit) and the organiser
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200 and b"INVALID[" not in response.content, (user, url)
        for url in edits:  # edited by the issuing unit's people only
            assert client.get(url).status_code == (200 if user == people.officer else 403), (user, url)
    client.force_login(people.reviewer)
    assert client.get(reverse("scoring_report_issue", args=[report.pk])).status_code == 403  # a clerk issues
    assert (
        client.post(
            reverse("scoring_report_draft", kwargs={"pk": world.sheet.pk, "unit_pk": tree.cao_lau.pk})
        ).status_code
        == 403  # the organiser does not write a member's report
    )
    client.force_login(people.clerk)
    assert client.get(reverse("scoring_minutes_issue", args=[minutes.pk])).status_code == 200
    client.force_login(people.sibling_officer)  # a member sees its own report, not the other's nor the minutes
    for url in [*pages, *edits]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("scoring_report_pdf", args=[report.pk])).status_code == 404
    client.force_login(people.other_reviewer)
    for url in [*pages, *edits, papers_url]:
        assert client.get(url).status_code == 404, url
    client.force_login(people.officer)
    response = client.post(reverse("scoring_report_pdf", args=[report.pk]))
    job = DocumentJob.objects.get(kind="scoring_report")
    assert response["Location"] == reverse("document_job", kwargs={"job_id": job.pk}) and job.object_id == report.pk


def test_the_clerk_issues_from_the_page(client, tree, people, world):
    report = papers.self_report_draft(sheet=world.sheet, unit=tree.cao_lau, user=people.officer)
    url = reverse("scoring_report_issue", args=[report.pk])
    client.force_login(people.clerk)
    response = client.post(url, {"version": report.version, "signer": ""})
    assert response.status_code == 400 and "chưa mở sổ đăng ký văn bản đi" in response.content.decode()
    issuing.register_open(unit=tree.cao_lau, year=YEAR, user=people.superuser)
    response = client.post(url, {"version": report.version, "signer": people.leader.pk})
    job = DocumentJob.objects.get(kind="issued")
    assert response.status_code == 302 and response["Location"] == reverse("document_job", kwargs={"job_id": job.pk})
    report.refresh_from_db()
    assert report.reference == "01/BC-UBND"
    assert client.get(url).status_code == 404  # issued already


def test_the_print_contexts_take_a_fixed_number_of_queries(tree, people, world):
    """Whatever the number of members: the board reads the criteria, the stages and the entries in one query each."""
    minutes = _minutes_ready(papers.minutes_draft(sheet=world.sheet, user=people.officer), people)
    report = papers.self_report_draft(sheet=world.sheet, unit=tree.cao_lau, user=people.officer)

    def counted():
        minutes.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            render_minutes_html(minutes=minutes)
            render_self_report_html(report=report)
        return len(queries)

    before = counted()
    for unit in (tree.van_lang, tree.hoang_viet, tree.huong_lam):
        ClusterMember.objects.create(cluster=world.cluster, unit=unit, role=MemberRole.MEMBER)
    assert counted() == before
    assert render_minutes_html(minutes=minutes).count("xếp thứ") == 5


# ------------------------------------------------------------------ a sheet without a cluster


def test_the_papers_of_a_sheet_without_a_cluster(tree, people):
    """A district scoring its communes directly: the communes' self reports and the district's own minutes, with no
    cluster named anywhere and the district's own header."""
    from tests.campaigns.factories import make_campaign
    from tests.scoring.factories import add, close_all_before

    campaign = make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.cao_lau, tree.thach_dan])
    sheet = services.sheet_create(
        organiser=tree.cao_loc, participants=[tree.cao_lau], campaign=campaign, title="Trực tiếp", user=people.reviewer
    )
    add(sheet, people.reviewer, "Công tác chỉ đạo", "direct", "10")
    close_all_before(sheet, StageKind.SELF, people.reviewer)
    report = papers.self_report_draft(sheet=sheet, unit=tree.cao_lau, user=people.officer)
    assert "Cụm" not in report.title + report.recipients and report.title.endswith(f"của {tree.cao_lau.name}")
    with pytest.raises(ValidationError, match="không thuộc các đơn vị được chấm điểm"):
        papers.self_report_draft(sheet=sheet, unit=tree.thach_dan, user=people.officer)
    services.stage_close(sheet=sheet, kind=StageKind.SELF, user=people.reviewer)
    minutes = papers.minutes_draft(sheet=sheet, user=people.reviewer)
    assert minutes.unit == tree.cao_loc and minutes.issuing_body == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
    assert minutes.attendee_lines == ["Đại diện lãnh đạo Ủy ban nhân dân xã Cao Lâu - đơn vị được chấm điểm"]
    assert "Cụm trưởng" not in minutes.chair_position
    html = render_minutes_html(minutes=minutes)
    assert "Xã Cao Lâu" in html and "Huyện Cao Lộc họp chấm điểm" in html
