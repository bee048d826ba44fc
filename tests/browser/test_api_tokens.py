"""In Debian's Chromium: an officer creates a personal API token on the account menu's page, the token answers the
API, the officer revokes it; the API's documentation page (Swagger UI from local static files) renders its routes
under the site's Content-Security-Policy (the page fixture fails on any violation)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_units_flow import log_in
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_creates_uses_and_revokes_a_token(page, tree, people):
    log_in(page, people.officer.username)
    page.locator("#user-menu").click()
    page.get_by_role("link", name="Mã API").click()
    page.get_by_label("Tên").fill("Bảng điều khiển của huyện")
    page.get_by_role("button", name="Tạo mã").click()
    notice = page.locator("#new-token")
    expect(notice).to_contain_text("chỉ hiện một lần")
    token = notice.locator("code").first.inner_text().strip()
    assert token.startswith("td_")
    screenshot(page, "api-token-created")

    answer = page.request.get("/api/v1/units/", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200 and answer.json()["count"] == 2

    page.get_by_role("button", name="Thu hồi").click()
    expect(page.get_by_text("Đã thu hồi mã “Bảng điều khiển của huyện”")).to_be_visible()
    refused = page.request.get("/api/v1/units/", headers={"Authorization": f"Bearer {token}"})
    assert refused.status == 401 and "không hợp lệ" in refused.json()["message"]


def test_the_documentation_page_renders_without_breaking_the_policy(page, tree, people):
    log_in(page, people.officer.username)
    page.goto("/api/v1/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.get_by_text("/api/v1/periods/{period_pk}/reports/{unit_pk}/save/")).to_be_visible()
    screenshot(page, "api-docs")
