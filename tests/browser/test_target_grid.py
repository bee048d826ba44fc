"""In Debian's Chromium: a commune registers its targets against what the district assigned."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from targets import services
from targets.models import Figure, Target
from tests.browser.test_units_flow import log_in
from tests.campaigns.factories import make_campaign
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])
def test_commune_registers_targets_and_the_district_sees_them(page, browser, live_server, tree, people, width):
    """On a desktop and on a phone (390 px: one card per figure): a target below the assigned one is refused."""
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
    campaign = make_campaign(
        tree.cao_loc, title="Chỉ thị thi đua năm 2024", participants=[tree.cao_lau, tree.thach_dan]
    )
    first, second = Figure.objects.filter(indicator__section__campaign=campaign).order_by("indicator__position")
    services.targets_assign_save(
        campaign=campaign,
        user=people.reviewer,
        cells=[
            services.CellInput(first.pk, tree.cao_lau.pk, Decimal("1105")),
            services.CellInput(second.pk, tree.cao_lau.pk, Decimal("31000")),
        ],
    )
    grid = f"/campaigns/{campaign.pk}/targets/{tree.cao_lau.pk}/"

    log_in(page, people.officer.username)
    page.goto(grid)
    expect(page.get_by_text("1.105", exact=True).first).to_be_visible()
    page.get_by_label(f"Đăng ký: {first.name}").fill("1.200")
    page.get_by_label(f"Đăng ký: {second.name}").fill("30.500")
    expect(page.get_by_label(f"Đăng ký: {second.name}")).to_have_value("30.500")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    expect(page.get_by_text("thấp hơn chỉ tiêu được giao 31.000")).to_be_visible()
    screenshot(page, "targets-below-assigned")
    assert Target.objects.get(figure=first, unit=tree.cao_lau).registered_value is None  # nothing saved in part

    page.get_by_label(f"Đăng ký: {second.name}").fill("31.500")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    expect(page.get_by_text("Đã lưu chỉ tiêu của Xã Cao Lâu.")).to_be_visible()
    assert Target.objects.get(figure=second, unit=tree.cao_lau).registered_value == Decimal(31500)

    reviewer = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    log_in(reviewer, people.reviewer.username)
    reviewer.goto(grid)
    assert reviewer.get_by_label(f"Đăng ký: {first.name}").input_value() == "1.200"
    assert reviewer.get_by_label(f"Đăng ký: {second.name}").input_value() == "31.500"
    screenshot(reviewer, "targets-district-view")

    sibling = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    log_in(sibling, people.sibling_officer.username)
    assert sibling.goto(grid).status == 404
