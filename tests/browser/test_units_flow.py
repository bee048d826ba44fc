"""In Debian's Chromium: log in, browse the hierarchy, add a village, and meet a 404 at a sibling commune."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot
from units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str, password: str = "Mat-khau-123"):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    # The log-in page's own URL ends in "/" too: wait for the start page itself.
    expect(page.get_by_role("heading", name=re.compile("^Xin chào"))).to_be_visible()


def test_province_reviewer_browses_lang_son_to_cao_lau(page, tree, people):
    from accounts.models import Membership, Role

    Membership.objects.create(user=people.reviewer, unit=tree.lang_son, role=Role.REVIEWER)
    log_in(page, people.reviewer.username)
    page.get_by_role("link", name="Đơn vị", exact=True).first.click()
    page.get_by_role("link", name="Tỉnh Lạng Sơn").click()
    page.get_by_role("link", name="Huyện Cao Lộc").click()
    page.get_by_role("link", name="Xã Cao Lâu").click()
    expect(page.get_by_role("heading", name="Xã Cao Lâu")).to_be_visible()
    crumbs = page.get_by_label("Vị trí trong hệ thống đơn vị").inner_text()
    assert "Tỉnh Lạng Sơn" in crumbs and "Huyện Cao Lộc" in crumbs
    screenshot(page, "units-cao-lau")


def test_commune_officer_adds_a_village_and_cannot_open_the_sibling(page, tree, people):
    log_in(page, people.officer.username)
    page.get_by_role("link", name="Xã Cao Lâu").first.click()
    page.get_by_role("link", name="Thêm thôn, tổ dân phố hoặc cơ quan").click()
    page.get_by_label("Loại hình").select_option("thôn")
    page.get_by_label("Tên đầy đủ").fill("Thôn Bản Slằng")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm Thôn Bản Slằng thuộc Xã Cao Lâu.")).to_be_visible()
    expect(page.get_by_role("link", name="Thôn Bản Slằng")).to_be_visible()
    assert Unit.objects.filter(name="Thôn Bản Slằng", path__startswith=tree.cao_lau.path).count() == 1

    # The same name again, typed in decomposed Unicode: refused with a message, nothing added.
    page.goto(f"/units/{tree.cao_lau.pk}/add/")
    page.get_by_label("Tên đầy đủ").fill("Tho\u0302n Ba\u0309n Sla\u0306\u0300ng")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Xã Cao Lâu đã có đơn vị tên “Thôn Bản Slằng”.")).to_be_visible()
    screenshot(page, "units-add-village-duplicate")

    response = page.goto(f"/units/{tree.thach_dan.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy")).to_be_visible()
    screenshot(page, "units-sibling-404")


def test_district_reviewer_sees_both_communes_and_finds_without_diacritics(page, tree, people):
    log_in(page, people.reviewer.username)
    page.goto(f"/units/{tree.cao_loc.pk}/")
    expect(page.get_by_role("link", name="Xã Cao Lâu")).to_be_visible()
    expect(page.get_by_role("link", name="Xã Thạch Đạn")).to_be_visible()
    page.get_by_placeholder("Tìm đơn vị, ví dụ: cao lau").first.fill("thach dan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/units/search/**")
    expect(page.get_by_role("link", name="Xã Thạch Đạn")).to_be_visible()
    screenshot(page, "units-search")
