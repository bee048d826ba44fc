"""In Debian's Chromium: the review loop of a report. The commune fills and sends its report; the district reviewer
returns it with a reason on one figure; the commune sees the reason, corrects the figure and sends it again; the
reviewer sees the difference (old → new) and approves; the figures are locked, and the district's roll-up shows the
new values at once.

Locators use the form's field names and the buttons' values, so the test reads the same whatever the wording."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports import services
from reports.models import PeriodKind, Report, ReportStatus
from targets.models import Figure, Indicator
from tests.browser.test_units_flow import log_in
from tests.campaigns.factories import make_campaign
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Tỷ lệ hộ dùng nước sạch chưa khớp số liệu của Trung tâm Nước sạch huyện."


def _campaign_with_two_figures(tree):
    campaign = make_campaign(
        tree.cao_loc,
        title="Phát động phong trào thi đua thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2024",
        participants=[tree.cao_lau, tree.thach_dan],
    )
    food, water = Figure.objects.filter(indicator__section__campaign=campaign).order_by("pk")
    Indicator.objects.filter(pk=food.indicator_id).update(
        label="1.", sentence="Tổng sản lượng lương thực có hạt đạt **1.105 tấn** trở lên."
    )
    Indicator.objects.filter(pk=water.indicator_id).update(
        label="2.", sentence="Tỷ lệ hộ dân sử dụng nước sạch, hợp vệ sinh đạt **90%** trở lên."
    )
    food.name, food.value = "Sản lượng lương thực có hạt", Decimal(1105)
    water.name, water.value, water.unit_of_measure = "Tỷ lệ hộ dân sử dụng nước sạch", Decimal(90), "%"
    food.save()
    water.save()
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=max(timezone.localdate(), datetime.date(2024, 6, 30)),
    )
    return campaign, period, food, water


def _send(page):
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator("#report-state .bi-hourglass-split")).to_be_visible()  # sent, waiting for review


@pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])
def test_report_is_sent_returned_corrected_approved_and_locked(page, browser, live_server, tree, people, width):
    """The same loop on a desktop and on a phone (390 px: the report and review pages as one card per figure)."""
    height = 900 if width > 500 else 844
    page.set_viewport_size({"width": width, "height": height})
    campaign, period, food, water = _campaign_with_two_figures(tree)
    report_url = f"/reports/period/{period.pk}/unit/{tree.cao_lau.pk}/"

    # The commune officer finds the report among "my reports", fills it and sends it.
    log_in(page, people.officer.username)
    page.goto("/reports/")
    page.locator(f"#my-reports a[href='{report_url}']").click()
    page.locator(f"[name=value_{food.pk}]").fill("1.200")
    page.locator(f"[name=value_{water.pk}]").fill("90.5")  # an English decimal dot: refused, what was typed kept
    page.locator("button[name=action][value=save]").click()
    expect(page.locator(f"#figure-{water.pk} .invalid-feedback")).to_contain_text("90,5")
    expect(page.locator(f"[name=value_{food.pk}]")).to_have_value("1.200")
    screenshot(page, "report-00-bad-number")
    assert not Report.objects.filter(period=period, unit=tree.cao_lau, values__isnull=False).exists()
    page.locator(f"[name=value_{water.pk}]").fill("90")
    page.locator(f"[name=note_{food.pk}]").fill("Vụ xuân thắng lợi")
    page.locator("[name=results]").fill("Các chỉ tiêu chủ yếu đạt và vượt kế hoạch 6 tháng.")
    page.locator("[name=shortcomings]").fill("Tiến độ cấp nước sạch ở thôn vùng cao còn chậm do địa hình phức tạp.")
    screenshot(page, "report-01-officer-fills")
    _send(page)
    assert Report.objects.get(period=period, unit=tree.cao_lau).status == ReportStatus.SUBMITTED
    expect(page.locator(f"[name=value_{food.pk}]")).to_have_count(0)

    # The district reviewer finds it in the queue and returns one figure with a reason.
    reviewer = browser.new_context(
        locale="vi-VN", viewport={"width": width, "height": height}, base_url=live_server.url
    ).new_page()
    log_in(reviewer, people.reviewer.username)
    reviewer.goto("/reports/")
    screenshot(reviewer, "report-02-review-queue")
    reviewer.locator(f"#to-review a[href='{report_url}']").click()
    reviewer.locator(f"[name=return_{water.pk}]").fill(REASON)
    screenshot(reviewer, "report-03-reviewer-returns")
    reviewer.locator("button[name=action][value=return]").click()
    expect(reviewer.locator("#report-state")).to_be_visible()
    assert Report.objects.get(period=period, unit=tree.cao_lau).status == ReportStatus.RETURNED

    # The officer sees the reason next to the figure, corrects it and sends again.
    page.goto("/reports/")
    expect(page.locator("#my-reports tr.table-warning")).to_contain_text(REASON[:20])
    screenshot(page, "report-04-my-reports-returned")
    page.goto(report_url)
    expect(page.locator(f"#figure-{water.pk} [data-role=return-reason]")).to_contain_text(REASON)
    expect(page.locator(f"[name=value_{water.pk}]")).to_have_value("90")
    screenshot(page, "report-05-officer-sees-reason")
    page.locator(f"[name=value_{water.pk}]").fill("87,5")
    page.locator(f"[name=note_{water.pk}]").fill("Theo số liệu của Trung tâm Nước sạch ngày 05/7/2024")
    _send(page)

    # The reviewer sees what changed since the last submission, old → new, and approves.
    reviewer.goto(report_url)
    change = reviewer.locator(f"#figure-{water.pk} [data-role=change]").first
    expect(change.locator(".change-old")).to_have_text("90%")
    expect(change.locator(".change-new")).to_have_text("87,5%")
    expect(reviewer.locator(f"#figure-{food.pk} [data-role=change]")).to_have_count(0)
    screenshot(reviewer, "report-06-reviewer-sees-change")
    reviewer.locator("button[name=action][value=approve]").click()
    expect(reviewer.locator("#report-state .bi-lock-fill")).to_be_visible()
    assert Report.objects.get(period=period, unit=tree.cao_lau).status == ReportStatus.APPROVED

    # The district's roll-up shows the approved values at once: Xã Cao Lâu's row and the district's figure.
    reviewer.goto(f"/reports/period/{period.pk}/rollup/{tree.cao_loc.pk}/")
    expect(reviewer.locator(f"#rollup-table tr[data-figure='{water.pk}'] .rollup-value")).to_contain_text("87,5")
    expect(reviewer.get_by_role("row", name=re.compile("^Xã Cao Lâu")).first).to_contain_text("87,5")
    screenshot(reviewer, "report-rollup-district")

    # Approved: locked for everyone, with who approved it and when.
    page.goto(report_url)
    expect(page.locator("#report-state .bi-lock-fill")).to_be_visible()
    expect(page.locator("#report-state")).to_contain_text(str(people.reviewer))
    expect(page.locator("input[name^=value_], input[name^=note_], button[name=action]")).to_have_count(0)
    expect(page.locator(f"#figure-{water.pk} [data-role=actual]")).to_have_text("87,5%")
    screenshot(page, "report-07-approved-locked")
    reviewer.goto(report_url)
    expect(reviewer.locator("input[name^=return_], button[name=action]")).to_have_count(0)
    reviewer.goto(f"/reports/campaign/{campaign.pk}/periods/")
    screenshot(reviewer, "report-08-periods")
