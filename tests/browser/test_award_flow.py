"""In Debian's Chromium, from nomination to printed decision: Xã Cao Lâu's officer nominates a person for Lao động
tiên tiến and reads the eligibility explained criterion by criterion; the council creates its session, records its
members and votes, and closes it; the district reviewer drafts the decision and names its signer; the commune's
clerk issues it (number, signature, seal); the signed decision PDF and the batch of certificates are rendered (by a
real worker in CI) and downloaded."""

import pdfplumber
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import AwardRecord, Decision, DecisionStatus
from documents.demo import demo_load_signing
from nominations.models import Nomination, NominationStatus
from people import services as register
from tests.browser.test_issue_flow import renders  # noqa: F401 - the fixture, by name
from tests.browser.test_units_flow import log_in
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, user):
    page.context.clear_cookies()  # the previous user leaves
    log_in(page, user.username)


def _download(page, tmp_path, name):
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF").click()
    path = tmp_path / name
    download.value.save_as(path)
    return path


def test_from_nomination_to_the_printed_decision(page, tree, people, renders, tmp_path, settings):  # noqa: F811
    settings.DEMO_CA_DIR = tmp_path / "demo-ca"
    demo_load_signing(units=[tree.cao_lau], leaders=[people.leader])  # with this year's register of Cao Lâu
    today = timezone.localdate()
    year = today.year - 1
    office = register.collective_create(unit=tree.cao_lau, name="Văn phòng HĐND và UBND xã Cao Lâu")
    person = register.person_create(
        unit=tree.cao_lau, full_name="Triệu Thị Hằng", position="Công chức Địa chính", collective=office
    )
    register.rating_set(subject=person, year=year, rating="good")

    # The officer nominates and reads why the nomination is eligible.
    _as(page, people.officer)
    page.goto(f"/nominations/unit/{tree.cao_lau.pk}/new/")
    page.get_by_label("Năm thành tích").select_option(str(year))
    page.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(label="Lao động tiên tiến")
    page.get_by_label("Cá nhân").select_option(label="Triệu Thị Hằng")
    page.get_by_role("button", name="Tạo và kiểm tra").click()
    expect(
        page.get_by_text(f"LĐTT: xếp loại năm {year}: hoàn thành tốt nhiệm vụ trở lên ✓ → đủ điều kiện")
    ).to_be_visible()
    screenshot(page, "award-nomination")
    page.get_by_role("button", name="Gửi Hội đồng").click()
    expect(page.get_by_text("Đã gửi đề nghị lên Hội đồng.")).to_be_visible()
    nomination = Nomination.objects.get(person=person)
    assert nomination.status == NominationStatus.SUBMITTED and nomination.eligible

    # The council: a session, three members, the votes, then closed.
    _as(page, people.council)
    page.goto(f"/nominations/council/{tree.cao_lau.pk}/sessions/new/")
    page.get_by_label("Năm thành tích").select_option(str(year))
    page.get_by_label("Tên phiên họp").fill(f"Phiên họp Hội đồng Thi đua - Khen thưởng xã Cao Lâu năm {year}")
    page.get_by_label("Ngày họp").fill(today.isoformat())
    page.get_by_label("Bắt đầu lúc").fill("08:00")  # the minutes print when the meeting opened and closed
    page.get_by_label("Kết thúc lúc").fill("10:30")
    page.get_by_role("button", name="Lưu").click()
    for name, role in (("Nông Văn Tuấn", "chair"), ("Nguyễn Thị Lan", "secretary"), ("Lương Thị Nga", "member")):
        page.get_by_placeholder("họ và tên").fill(name)
        adding = page.locator("form[action$='/members/']")
        adding.locator("select[name='role']").select_option(role)
        if role == "secretary":  # votes were counted: someone counted them
            adding.get_by_label("trong Ban kiểm phiếu").check()
        page.get_by_role("button", name="Thêm thành viên").click()
        expect(page.get_by_text(f"Đã thêm thành viên “{name}”.")).to_be_visible()
    row = page.get_by_role("row", name="Triệu Thị Hằng")
    row.get_by_label("Phiếu đồng ý").fill("3")
    row.get_by_role("button", name="Ghi").click()
    expect(page.get_by_text("3/3")).to_be_visible()
    screenshot(page, "award-council")
    page.get_by_role("button", name="Kết thúc phiên họp").click()
    expect(page.get_by_text("Đã kết thúc phiên họp; kết quả bỏ phiếu đã bị khóa.")).to_be_visible()

    # The district reviewer drafts the decision and names the signer.
    _as(page, people.reviewer)
    page.goto(f"/nominations/sessions/{nomination.ballot.session_id}/")
    page.get_by_role("button", name="Dự thảo quyết định").click()
    expect(page.get_by_text("Đã dự thảo quyết định từ kết quả bỏ phiếu của Hội đồng.")).to_be_visible()
    expect(page.get_by_role("cell", name="710.000")).to_be_visible()  # 0,3 × 2.340.000 rounded up to 10.000
    page.get_by_role("link", name="Sửa", exact=True).click()
    page.get_by_label("Chức vụ người ký").fill("CHỦ TỊCH")
    page.get_by_label("Họ tên người ký").fill(people.leader.get_full_name())
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu quyết định.")).to_be_visible()
    decision = Decision.objects.get()

    # The clerk issues it; the signed PDF downloads and reads as a QUYẾT ĐỊNH with its annex.
    _as(page, people.clerk)
    page.goto(f"/awards/decisions/{decision.pk}/")
    page.get_by_role("link", name="Ban hành", exact=True).click()
    page.get_by_label("Người ký").select_option(label=people.leader.get_full_name())
    page.get_by_role("button", name="Ban hành", exact=True).click()
    expect(page.get_by_text("Đã ban hành số 01/QĐ-UBND")).to_be_visible()
    expect(page.get_by_role("link", name="Tải PDF")).to_be_visible(timeout=60_000)
    pdf_path = _download(page, tmp_path, "quyet-dinh.pdf")
    assert b"/ByteRange" in pdf_path.read_bytes()  # signed
    with pdfplumber.open(pdf_path) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "QUYẾT ĐỊNH" in text and "Triệu Thị Hằng" in text and "710.000" in text
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED and decision.number == 1
    assert AwardRecord.objects.filter(person=person, award_type__code="ldtt", year=year, decision=decision).exists()

    # The preview frames the issued copy: its seal keeps the size and place printed in its style attribute, which
    # the preview's policy allows by hash (the page fixture fails the test on any violation).
    page.goto(f"/awards/decisions/{decision.pk}/")
    seal = page.frame_locator("iframe").locator("img.dau")
    expect(seal).to_have_css("position", "absolute")
    assert seal.evaluate("e => e.style.width").endswith("mm")

    # The certificates: one batch, a progress bar, then the PDF.
    page.goto(f"/awards/decisions/{decision.pk}/")
    page.get_by_role("button", name="In giấy khen, giấy chứng nhận").click()
    expect(page.get_by_role("link", name="Tải PDF")).to_be_visible(timeout=60_000)
    screenshot(page, "award-certificates-job")
    certificates = _download(page, tmp_path, "giay-khen.pdf")
    with pdfplumber.open(certificates) as pdf:
        assert len(pdf.pages) == 1
        page_text = pdf.pages[0].extract_text()
        assert pdf.pages[0].width > pdf.pages[0].height  # landscape
    assert "Triệu Thị Hằng" in page_text and "01/QĐ-UBND" in page_text
