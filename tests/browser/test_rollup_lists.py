"""A district reviewer, on the roll-up of a district with 60 communes, finds one commune's progress by typing its name
without diacritics and keeps only the late ones: the list narrows in place (htmx), paging works, the counters stay
over every commune."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports import services
from reports.models import PeriodKind, Report, ReportStatus
from tests.browser.test_units_flow import log_in
from tests.campaigns.factories import make_campaign
from tests.conftest import screenshot
from tests.factories import unit

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_reviewer_finds_a_commune_s_progress_among_many(page, tree, people):
    communes = [unit(tree.cao_loc, code=f"P{i:05d}", short_name=f"Phú Mỹ {i}") for i in range(60)]
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.thach_dan, *communes])
    period = services.period_add(
        campaign=campaign,
        kind=PeriodKind.HALF,
        label="6 tháng đầu năm 2024",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=timezone.localdate(),
    )
    late = timezone.now() + datetime.timedelta(days=3)
    Report.objects.create(period=period, unit=tree.thach_dan, status=ReportStatus.SUBMITTED, submitted_at=late)
    log_in(page, "noivu.caoloc")
    page.goto(f"/reports/period/{period.pk}/rollup/{tree.cao_loc.pk}/")
    rows = page.locator("#progress-rows")
    expect(rows).to_contain_text("61 đơn vị · trang 1/2")
    expect(page.locator("#rollup-submitted")).to_have_text("1/61")
    rows.get_by_role("link", name="Trang sau").click()
    expect(rows).to_contain_text("trang 2/2")
    page.get_by_label("Tìm đơn vị báo cáo").fill("thach dan")
    expect(rows).to_contain_text("1 trên 61 đơn vị phù hợp")
    expect(rows.get_by_role("link", name="Xã Thạch Đạn")).to_be_visible()
    page.get_by_label("Tìm đơn vị báo cáo").fill("")
    page.locator("#progress-status").select_option("late")
    expect(rows).to_contain_text("1 trên 61 đơn vị phù hợp")
    expect(rows).not_to_contain_text("Phú Mỹ")
    expect(page.locator("#rollup-submitted")).to_have_text("1/61")
    screenshot(page, "rollup-progress-late")
