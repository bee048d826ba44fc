"""A district reviewer finds one commune among a campaign's participants by typing its name without diacritics:
the list narrows in place (htmx), and paging works."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_units_flow import log_in
from tests.campaigns.factories import make_campaign
from tests.conftest import screenshot
from tests.factories import unit

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_reviewer_finds_a_commune_among_many(page, tree, people):
    communes = [unit(tree.cao_loc, code=f"P{i:05d}", short_name=f"Phú Mỹ {i}") for i in range(60)]
    campaign = make_campaign(tree.cao_loc, title="Chỉ thị của huyện", participants=[tree.thach_dan, *communes])
    log_in(page, "noivu.caoloc")
    page.goto(f"/campaigns/{campaign.pk}/")
    rows = page.locator("#participants-rows")
    expect(rows).to_contain_text("61 đơn vị · trang 1/2")
    page.get_by_role("link", name="Trang sau").click()
    expect(rows).to_contain_text("trang 2/2")
    page.get_by_label("Tìm đơn vị tham gia").fill("thach dan")
    expect(rows).to_contain_text("1 trên 61 đơn vị phù hợp")
    expect(rows.get_by_role("link", name="Xã Thạch Đạn")).to_be_visible()
    expect(rows).not_to_contain_text("Phú Mỹ")
    screenshot(page, "campaign-participants-search")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "campaign-participants-search-390")
