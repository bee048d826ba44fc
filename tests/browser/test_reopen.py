"""In Debian's Chromium, on a desktop and on a phone: a commune's entry has closed (its due date and grace days have
passed); the district reviewer reopens it for that commune with a date and a reason; the commune then enters and
sends its report."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports import services
from reports.models import PeriodKind, Report, ReportStatus
from targets.models import Figure
from tests.browser.test_units_flow import log_in
from tests.campaigns.factories import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Xã bị mất điện ba ngày cuối kỳ"


@pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])
def test_a_reviewer_reopens_a_closed_period_and_the_commune_sends(page, browser, live_server, tree, people, width):
    size = {"width": width, "height": 900 if width > 500 else 844}
    page.set_viewport_size(size)
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị thi đua", participants=[tree.cao_lau, tree.thach_dan])
    figures = list(Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk"))
    due = timezone.localdate() - datetime.timedelta(days=10)
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng",
        starts_on=due - datetime.timedelta(days=60),
        ends_on=due,
        due_on=due,
        grace_days=2,
    )
    report_url = f"/reports/period/{period.pk}/unit/{tree.cao_lau.pk}/"

    log_in(page, people.officer.username)
    page.goto(report_url)
    expect(page.get_by_text("đã khóa nhập").first).to_be_visible()
    expect(page.locator("input[name^=value_]")).to_have_count(0)

    reviewer = browser.new_context(locale="vi-VN", viewport=size, base_url=live_server.url).new_page()
    log_in(reviewer, people.reviewer.username)
    reviewer.goto(f"/reports/campaign/{campaign.pk}/periods/?period={period.pk}")
    row = reviewer.locator("tr", has_text="Xã Cao Lâu")
    row.get_by_text("Mở lại cho đơn vị nhập").click()
    until = (timezone.localdate() + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    row.get_by_label("Mở đến ngày: Xã Cao Lâu").fill(until)
    row.get_by_label("Lý do: Xã Cao Lâu").fill(REASON)
    row.get_by_role("button", name="Mở lại", exact=True).click()
    expect(reviewer.get_by_text(f"Đã mở lại kỳ 6 tháng cho Xã Cao Lâu đến ngày {until}.")).to_be_visible()

    page.reload()
    for index, figure in enumerate(figures):
        page.locator(f"[name=value_{figure.pk}]").fill(str(10 + index))
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator("#report-state .bi-hourglass-split")).to_be_visible()
    assert Report.objects.get(period=period, unit=tree.cao_lau).status == ReportStatus.SUBMITTED
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
