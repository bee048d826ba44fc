"""In Debian's Chromium: the everyday loop on a phone (390 px wide) and the refusal that points at its cell (1366 px).

At 390 px the commune officer starts from the task list, opens the report due, enters it and sends it; the report
page, the target grid and the reviewer's page never scroll sideways (one card per figure), nor at 360 px. At 1366 px
a report sent without the previous year's value of a change figure is refused on that cell: highlighted, scrolled
into view, focused, its message beside it; the target grid does the same with a target below the one assigned."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from reports.models import Report, ReportStatus
from targets import services as target_services
from targets.models import Direction, FigureForm
from tests.browser.test_report_loop import _campaign_with_two_figures
from tests.browser.test_units_flow import log_in
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
NO_SIDEWAYS_SCROLL = "document.scrollingElement.scrollWidth <= window.innerWidth"


def _context_page(browser, live_server, viewport):
    return browser.new_context(locale="vi-VN", viewport=viewport, base_url=live_server.url).new_page()


def test_a_commune_officer_enters_and_sends_a_report_on_a_phone(page, browser, live_server, tree, people):
    campaign, period, food, water = _campaign_with_two_figures(tree)
    report_url = f"/reports/period/{period.pk}/unit/{tree.cao_lau.pk}/"
    page.set_viewport_size(PHONE)

    log_in(page, people.officer.username)
    task = page.locator("#tasks [data-task=due]")
    expect(task.locator("[data-role=count]")).to_have_text("1")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(page, "phone-01-tasks")
    task.click()
    page.locator(f"#my-reports a[href='{report_url}']").click()
    value = page.locator(f"[name=value_{food.pk}]")
    value.fill("1.200")
    box = value.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # within reach, not off-screen
    page.locator(f"[name=value_{water.pk}]").fill("90")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(page, "phone-02-report-entry")
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator("#report-state .bi-hourglass-split")).to_be_visible()
    assert Report.objects.get(period=period, unit=tree.cao_lau).status == ReportStatus.SUBMITTED
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    page.goto(f"/campaigns/{campaign.pk}/targets/{tree.cao_lau.pk}/")
    registered = page.get_by_label(f"Đăng ký: {food.name}")
    expect(registered).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    box = registered.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, "phone-03-target-grid")
    page.set_viewport_size({"width": 360, "height": 780})  # the narrowest phones in use
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.goto(report_url)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    reviewer = _context_page(browser, live_server, PHONE)
    log_in(reviewer, people.reviewer.username)
    reviewer.goto(report_url)
    expect(reviewer.locator(f"[name=return_{water.pk}]")).to_be_visible()
    assert reviewer.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(reviewer, "phone-04-review")


def test_a_refused_cell_is_highlighted_scrolled_to_and_focused(page, browser, live_server, tree, people):
    campaign, period, food, water = _campaign_with_two_figures(tree)
    water.name, water.form, water.direction = "Tỷ lệ hộ nghèo", FigureForm.CHANGE, Direction.DOWN
    water.value = Decimal(1)
    water.save()
    page.set_viewport_size(DESKTOP)
    log_in(page, people.officer.username)
    page.locator("#bell-button").click()  # the bell, swapped in by htmx, has the same counts as the task page
    expect(page.locator("#bell [data-task=due]")).to_contain_text("1")
    page.goto(f"/reports/period/{period.pk}/unit/{tree.cao_lau.pk}/")
    page.locator(f"[name=value_{food.pk}]").fill("1.200")
    page.locator(f"[name=value_{water.pk}]").fill("2,3")  # this year's rate, not last year's
    page.locator("button[name=action][value=submit]").click()
    previous = page.locator(f"[name=previous_{water.pk}]")
    expect(previous).to_have_class(lambda_class("is-invalid"))
    expect(previous).to_be_focused()
    expect(previous).to_be_in_viewport()
    expect(page.locator(f"#figure-{water.pk} .invalid-feedback")).to_have_text(
        "Nhập số liệu năm trước: mức tăng, giảm được tính so với số này. Hoặc nêu lý do chưa có."
    )
    expect(page.locator(f"[name=value_{water.pk}]")).not_to_have_class(lambda_class("is-invalid"))
    expect(page.locator("#problems")).to_contain_text("Tỷ lệ hộ nghèo (thiếu số liệu năm trước)")
    screenshot(page, "refusal-report-cell")

    target_services.targets_assign_save(
        campaign=campaign,
        user=people.reviewer,
        cells=[target_services.CellInput(food.pk, tree.cao_lau.pk, Decimal("1105"))],
    )
    page.goto(f"/campaigns/{campaign.pk}/targets/{tree.cao_lau.pk}/")
    page.get_by_label(f"Đăng ký: {food.name}").fill("1.000")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    refused = page.get_by_label(f"Đăng ký: {food.name}")
    expect(refused).to_have_class(lambda_class("is-invalid"))
    expect(refused).to_be_focused()
    expect(refused.locator("xpath=following-sibling::div[contains(@class, 'invalid-feedback')]")).to_contain_text(
        "thấp hơn chỉ tiêu được giao 1.105"
    )
    screenshot(page, "refusal-target-cell")


def lambda_class(name: str):
    import re

    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")
