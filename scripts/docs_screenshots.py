"""Screenshots for the Vietnamese user guide (docs/huong-dan-su-dung.md), taken in Debian's Chromium.

Run against a server with the demo data (`make run` in another terminal):
    .venv/bin/python scripts/docs_screenshots.py [--base http://127.0.0.1:8000]
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "img"
PASSWORD = "ThiDua@2024"  # noqa: S105 - the demo logins' published password


def log_in(page, base, username):
    page.context.clear_cookies()  # whoever was logged in before
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Xin chào", exact=False).wait_for()


def shot(page, name):
    page.screenshot(path=str(OUT / f"{name}.png"))


PHONE = {"width": 390, "height": 844}


def open_issue_page(page):
    """From a campaign page to its issue page with a signer chosen: the draft itself, or a new version of an issued
    one (made now, or by an earlier run)."""
    new_version = page.get_by_role("button", name="Soạn phiên bản mới")
    if new_version.count():
        new_version.click()
    elif page.get_by_role("link", name="Mở bản dự thảo phiên bản mới").count():
        page.get_by_role("link", name="Mở bản dự thảo phiên bản mới").click()
    page.get_by_role("link", name="Ban hành", exact=True).click()
    page.get_by_label("Người ký").select_option(index=1)


def follow(page, base, locator):
    """Open a link's address (on a phone a sticky table header can lie over the link's box)."""
    page.goto(base + locator.first.get_attribute("href"))


def phone_shots(browser, base):
    """The everyday loop on a phone (390 px): Xã Ba Sơn's tasks, its report of the year 2026 and its target grid,
    one card per figure; the Sở Nội vụ reviewer's review page."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in(page, base, "canbo.bason")
    shot(page, "28-viec-can-lam-dien-thoai")
    page.goto(f"{base}/reports/")
    follow(page, base, page.get_by_role("link", name="Năm 2026"))
    page.locator(".figure-row").first.scroll_into_view_if_needed()
    shot(page, "29-nhap-bao-cao-dien-thoai")
    page.goto(f"{base}/campaigns/?year=2026")
    follow(page, base, page.locator("tr", has_text="18/KH-UBND").get_by_role("link"))
    follow(page, base, page.locator("main").get_by_role("link", name="Xã Ba Sơn", exact=True))
    page.get_by_label("Đăng ký: Diện tích trồng rừng mới").scroll_into_view_if_needed()
    shot(page, "30-dang-ky-chi-tieu-dien-thoai")
    log_in(page, base, "sonoivu.langson")
    page.goto(f"{base}/reports/")
    follow(page, base, page.locator("#to-review a.btn"))
    page.locator(".figure-row").first.scroll_into_view_if_needed()
    shot(page, "31-tham-dinh-dien-thoai")
    context.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    base = parser.parse_args().base
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1200, "height": 720}, locale="vi-VN")

        page.goto(f"{base}/accounts/login/")
        shot(page, "01-dang-nhap")

        log_in(page, base, "noivu.caoloc")
        shot(page, "02-trang-dau")
        page.get_by_role("link", name="Huyện Cao Lộc").first.click()
        shot(page, "03-don-vi-huyen")
        page.goto(f"{base}/units/search/?q=thach+dan")
        shot(page, "04-tim-don-vi")
        page.goto(f"{base}/clusters/")
        page.get_by_role("link", name="Cụm thi đua số 1 huyện Cao Lộc").click()
        shot(page, "06-cum-thi-dua")
        page.get_by_role("link", name="Sửa").click()
        shot(page, "07-sua-cum")

        context = browser.new_context(viewport={"width": 1200, "height": 720}, locale="vi-VN")
        page = context.new_page()
        log_in(page, base, "canbo.caolau")
        page.locator("main").get_by_role("link", name="Xã Cao Lâu").first.click()
        page.get_by_role("link", name="Thêm thôn, tổ dân phố hoặc cơ quan").click()
        page.get_by_label("Tên đầy đủ").fill("Thôn Khòn Khuyên")
        shot(page, "05-them-thon")
        page.goto(f"{base}/accounts/password/change/")
        shot(page, "08-doi-mat-khau")

        # Campaigns: the list, a seed read as a document, the district's assignment grid, the commune's grid.
        page.goto(f"{base}/campaigns/?year=2024")
        shot(page, "09-danh-sach-phong-trao")
        page.get_by_role("link", name="Thi đua thực hiện thắng lợi mục tiêu").first.click()
        shot(page, "10-van-ban-phong-trao")
        page.goto(f"{base}/campaigns/?level=district&year=2024")
        page.locator("tbody a").first.click()
        page.get_by_role("link", name="Xã Cao Lâu", exact=True).click()
        page.get_by_label("Đăng ký: Diện tích trồng rừng mới").fill("55")
        shot(page, "12-dang-ky-chi-tieu")

        context = browser.new_context(viewport={"width": 1200, "height": 720}, locale="vi-VN")
        page = context.new_page()
        log_in(page, base, "noivu.caoloc")
        page.goto(f"{base}/campaigns/?level=district&year=2024")
        page.locator("tbody a").first.click()
        page.get_by_role("link", name="Giao chỉ tiêu").click()
        shot(page, "11-giao-chi-tieu")

        context = browser.new_context(viewport={"width": 1200, "height": 720}, locale="vi-VN")
        page = context.new_page()
        log_in(page, base, "canbo.caolau")
        page.goto(f"{base}/units/")
        page.locator("main").get_by_role("link", name="Xã Cao Lâu").first.click()
        page.goto(f"{base}/campaigns/new/?unit=" + page.url.rstrip("/").rsplit("/", 1)[-1])
        shot(page, "13-soan-phong-trao")
        context.close()

        # Issuing: Xã Ba Sơn's clerk issues the commune's own plan of 2026 (a demo draft; a later run issues a new
        # version of it).
        context = browser.new_context(viewport={"width": 1200, "height": 820}, locale="vi-VN")
        page = context.new_page()
        log_in(page, base, "vanthu.bason")
        page.goto(f"{base}/campaigns/?year=2026")
        page.locator("tr", has_text="Xã Ba Sơn").get_by_role("link").first.click()
        page.get_by_role("link", name="Sổ văn bản và ký số").click()
        shot(page, "15-so-van-ban-ky-so")
        page.go_back()
        open_issue_page(page)
        shot(page, "14-ban-hanh")
        page.get_by_role("button", name="Ban hành", exact=True).click()
        page.get_by_role("link", name="Tải PDF").wait_for(timeout=60_000)
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải PDF").click()
        pdf = OUT / "tmp-issued.pdf"
        download.value.save_as(pdf)
        page.locator("main p.text-muted a").click()  # the job page links to the campaign
        code = page.locator("a[href^='/tra-cuu/'] code").first.inner_text()
        public = browser.new_page(viewport={"width": 1200, "height": 720}, locale="vi-VN")
        public.goto(f"{base}/tra-cuu/{code}/")
        public.get_by_label("Tệp PDF bạn nhận được").set_input_files(str(pdf))
        public.get_by_role("button", name="Kiểm tra", exact=True).click()
        public.get_by_text("Tệp khớp với văn bản đã ban hành", exact=False).wait_for()
        shot(public, "16-tra-cuu")
        pdf.unlink()
        context.close()

        # A commune merged on 1/7/2025 issues nothing today: Xã Cao Lâu's clerk is told its successor.
        context = browser.new_context(viewport={"width": 1200, "height": 820}, locale="vi-VN")
        page = context.new_page()
        log_in(page, base, "vanthu.caolau")
        page.goto(f"{base}/campaigns/?year=2024")
        page.locator("tr", has_text="109/PĐ-UBND").get_by_role("link").first.click()
        open_issue_page(page)
        page.get_by_role("button", name="Ban hành", exact=True).click()
        page.get_by_text("Xã Ba Sơn", exact=False).first.wait_for()
        shot(page, "32-don-vi-da-sap-nhap")
        context.close()

        # The present: the province's plan of 2026 as Xã Ba Sơn sees it.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        log_in(page, base, "canbo.bason")
        page.goto(f"{base}/campaigns/?year=2026")
        page.locator("tr", has_text="18/KH-UBND").get_by_role("link").first.click()
        shot(page, "33-ke-hoach-2026")
        context.close()

        # Reports: the commune's report, the district reviewer's roll-up, the cluster's scoring grid.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        log_in(page, base, "canbo.caolau")
        page.goto(f"{base}/reports/")
        shot(page, "17-bao-cao-cua-toi")
        page.get_by_role("link", name="Năm 2024").first.click()
        shot(page, "18-nhap-bao-cao")
        context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        log_in(page, base, "noivu.caoloc")
        page.goto(f"{base}/reports/")
        shot(page, "19-cho-tham-dinh")
        page.goto(f"{base}/campaigns/?year=2024")
        page.locator("tr", has_text="02/CT-UBND").get_by_role("link").first.click()
        page.get_by_role("link", name="Tổng hợp").first.click()
        page.wait_for_timeout(500)
        shot(page, "20-tong-hop")
        page.goto(f"{base}/scoring/")
        page.get_by_role("link", name="Bảng chấm điểm thi đua năm 2024").first.click()
        page.get_by_role("link", name="Tự chấm").first.click()
        shot(page, "21-cham-diem-cum")
        page.goto(f"{base}/summaries/")
        page.locator("main table a").first.click()
        page.frame_locator("iframe").locator("h1").first.wait_for()
        page.wait_for_timeout(2000)  # the preview's bundled fonts
        shot(page, "22-bao-cao-so-ket")

        phone_shots(browser, base)

        page.goto(f"{base}/awards/catalogue/")
        shot(page, "23-danh-muc-khen-thuong")
        log_in(page, base, "canbo.bason")  # Xã Cao Lâu's people followed it into Xã Ba Sơn
        page.goto(f"{base}/people/?q=Triệu")
        page.get_by_role("link", name="Triệu Thị Hằng").first.click()
        shot(page, "24-ho-so-ca-nhan")
        log_in(page, base, "canbo.caolau")  # the 2024 nominations stay Xã Cao Lâu's
        page.goto(f"{base}/nominations/")
        page.get_by_role("row").filter(has_text="CSTĐ tỉnh").get_by_role("link", name="Vi Văn Định").click()
        shot(page, "25-de-nghi-khen-thuong")
        log_in(page, base, "hoidong.caolau")
        page.goto(f"{base}/nominations/")
        page.get_by_role("link", name="Hội đồng Thi đua - Khen thưởng").first.click()
        page.get_by_role("link", name="Phiên họp Hội đồng Thi đua - Khen thưởng xã Cao Lâu").first.click()
        shot(page, "26-phien-hop-hoi-dong")
        log_in(page, base, "vanthu.bason")
        page.goto(f"{base}/awards/decisions/")
        page.locator("main table a").first.click()
        shot(page, "27-quyet-dinh-khen-thuong")
        page.goto(f"{base}/nominations/papers/")
        shot(page, "36-bien-ban-hoi-dong")
        log_in(page, base, "canbo.bason")
        page.goto(f"{base}/scoring/")
        page.locator("main table a").first.click()
        page.get_by_role("link", name="Văn bản in").click()
        shot(page, "35-van-ban-cham-diem")
        page.goto(f"{base}/")
        unit = page.locator("main a[href^='/units/']").first.get_attribute("href").strip("/").split("/")[-1]
        page.goto(f"{base}/campaigns/import/?unit={unit}")
        plan = Path(__file__).resolve().parent.parent / "tests/campaigns/importing/data/ke-hoach-tinh-bac-ninh.txt"
        page.set_input_files("input[type=file]", str(plan))
        page.get_by_role("button", name="Đọc văn bản").click()
        page.wait_for_timeout(500)
        shot(page, "34-nhap-tu-van-ban")
        browser.close()


if __name__ == "__main__":
    main()
